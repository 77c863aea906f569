// examples/readme/blynk.ts
import { createBlynkClient } from "orgkit";

const blynk = createBlynkClient({
  auth: { clientId: process.env.BLYNK_CLIENT_ID!, clientSecret: process.env.BLYNK_CLIENT_SECRET! },
  baseUrl: "https://fra1.blynk.cloud", // your region's host
});

const root = await blynk.organizations.profile(); // tokens are fetched, cached and renewed for you
const branch = await blynk.organizations.create({ name: "Acme Kyiv", parentId: root.id, type: "BRANCH", tz: "Europe/Kyiv" });
const { content, totalElements } = await blynk.organizations.search({ query: "acme", sortBy: "Name", size: 100 });
await blynk.organizations.update({ name: "Acme Kyiv Office" }, { orgId: branch.id }); // a rename: name is all it takes
await blynk.organizations.delete(branch.id); // refused while it has sub-organizations
