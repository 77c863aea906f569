import { createRecruboClient } from "orgkit";

const recrubo = createRecruboClient({
  apiKey: process.env.RECRUBO_PARTNER_KEY!,
});

const created = await recrubo.organizations.create({
  name: "Acme Recruiting",
});
// The organization's own API key: shown once, store it now.
console.log(created.id, created.attributes.token);
