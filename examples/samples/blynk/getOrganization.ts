import { createBlynkClient } from "orgkit";

const blynk = createBlynkClient({
  auth: {
    clientId: process.env.BLYNK_CLIENT_ID!,
    clientSecret: process.env.BLYNK_CLIENT_SECRET!,
  },
  baseUrl: "https://fra1.blynk.cloud",
});

const org = await blynk.organizations.get(42);
console.log(org.name, org.parentOrganizationId);
