import { createRecruboClient } from "orgkit";

const recrubo = createRecruboClient({ apiKey: process.env.RECRUBO_PARTNER_KEY! });

const org = await recrubo.organizations.refreshToken("0b9e7a3c-5d1f-4e2a-9c8b-7f6e5d4c3b2a");
// The old key stops working: hand the new one to the organization.
console.log(org.attributes.token);
