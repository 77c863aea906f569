import { createBlynkClient } from "orgkit";

// With client credentials, orgkit requests the access token
// itself before the first call, renews it with the refresh
// token before it expires, and shares one token request among
// concurrent calls.
const blynk = createBlynkClient({
  auth: {
    clientId: process.env.BLYNK_CLIENT_ID!,
    clientSecret: process.env.BLYNK_CLIENT_SECRET!,
  },
  baseUrl: "https://fra1.blynk.cloud",
});
await blynk.organizations.profile(); // requests the token first
