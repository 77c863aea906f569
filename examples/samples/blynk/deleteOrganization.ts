import { createBlynkClient } from "orgkit";

const blynk = createBlynkClient({
  auth: {
    clientId: process.env.BLYNK_CLIENT_ID!,
    clientSecret: process.env.BLYNK_CLIENT_SECRET!,
  },
  baseUrl: "https://fra1.blynk.cloud",
});

await blynk.organizations.delete(43);
