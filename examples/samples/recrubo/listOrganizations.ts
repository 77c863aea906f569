import { createRecruboClient } from "orgkit";

const recrubo = createRecruboClient({
  apiKey: process.env.RECRUBO_PARTNER_KEY!,
});

const { data, meta } = await recrubo.organizations.list({
  page: { number: 1, size: 50 },
  sort: ["-createdAt"],
});
console.log(meta.total, data.map((org) => org.attributes.name));

// Or every organization, page after page:
for await (const org of recrubo.organizations.items()) {
  console.log(org.id, org.attributes.name);
}
