import { createRecruboClient } from "orgkit";

const recrubo = createRecruboClient({
  apiKey: process.env.RECRUBO_PARTNER_KEY!,
});

const id = "0b9e7a3c-5d1f-4e2a-9c8b-7f6e5d4c3b2a";
const org = await recrubo.organizations.get(id);
console.log(org.attributes.name, org.attributes.webhookUrl);
