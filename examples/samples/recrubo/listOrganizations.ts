import { createRecruboClient } from "orgkit";

const recrubo = createRecruboClient({ apiKey: process.env.RECRUBO_PARTNER_KEY! });

const { data, meta } = await recrubo.organizations.list({ page: { number: 1, size: 50 }, sort: ["-createdAt"] });
console.log(`${meta.total} organizations; newest first: ${data.map((org) => org.attributes.name).join(", ")}`);

// Or every organization, page after page:
for await (const org of recrubo.organizations.items({ sort: ["name"] })) console.log(org.id, org.attributes.name);
