import { createRecruboClient } from "orgkit";

const recrubo = createRecruboClient({ apiKey: process.env.RECRUBO_PARTNER_KEY! });
const { data, meta } = await recrubo.organizations.list({ page: { size: 50 } });
console.log(`${meta.total} organizations:`, data.map((org) => org.attributes.name));
