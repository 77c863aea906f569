import { createBlynkClient } from "orgkit";

const blynk = createBlynkClient({
  auth: {
    clientId: process.env.BLYNK_CLIENT_ID!,
    clientSecret: process.env.BLYNK_CLIENT_SECRET!,
  },
  baseUrl: "https://fra1.blynk.cloud",
});

const created = await blynk.organizations.create({
  name: "Acme Kyiv",
  tz: "Europe/Kyiv",
  unitSystem: "METRIC",
  parentId: 42,
});
console.log(created.id, created.parentOrganizationId);
