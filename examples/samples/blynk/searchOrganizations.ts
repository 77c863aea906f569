import { createBlynkClient } from "orgkit";

const blynk = createBlynkClient({
  auth: {
    clientId: process.env.BLYNK_CLIENT_ID!,
    clientSecret: process.env.BLYNK_CLIENT_SECRET!,
  },
  baseUrl: "https://fra1.blynk.cloud",
});

const { content, totalElements } = await blynk.organizations.search({
  query: "acme",
  page: 0,
  size: 20,
  sortBy: "Name",
});
console.log(totalElements, content.map((org) => org.name));

// Or every match, page after page:
for await (const org of blynk.organizations.items({ query: "acme" })) {
  console.log(org.id, org.name);
}
