import { createBlynkClient } from "orgkit";

const blynk = createBlynkClient({
  auth: {
    clientId: process.env.BLYNK_CLIENT_ID!,
    clientSecret: process.env.BLYNK_CLIENT_SECRET!,
  },
  baseUrl: "https://fra1.blynk.cloud",
});

const own = await blynk.organizations.profile();
console.log(own.id, own.name, own.tz);
