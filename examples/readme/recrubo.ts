// examples/readme/recrubo.ts
import { createRecruboClient } from "orgkit";

const recrubo = createRecruboClient({ apiKey: process.env.RECRUBO_PARTNER_KEY! });

const created = await recrubo.organizations.create({ name: "Test Org" });
const organizationKey = created.attributes.token; // its own API key: store it now, lists never show it

const { data, meta } = await recrubo.organizations.list({ page: { size: 50 }, sort: ["-createdAt", "name"] });
console.log(`${meta.total} organizations, first: ${data[0]?.attributes.name}`);

await recrubo.organizations.update(created.id, {
  webhookUrl: "https://hooks.example.com/recrubo",
  webhookSecret: process.env.RECRUBO_WEBHOOK_SECRET!, // the URL and the secret go together
});

// The organization's own key opens its own routes: read and update itself, never its token.
const own = createRecruboClient({ apiKey: organizationKey! });
const itself = await own.organization.get();
await own.organization.update({ name: "Test Org Renamed" }, { id: itself.id }); // without id, one GET first

const rotated = await recrubo.organizations.refreshToken(created.id); // the old key stops working
await recrubo.organizations.delete(created.id);
