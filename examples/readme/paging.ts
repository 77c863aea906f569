// examples/readme/paging.ts
import { collect, createBlynkClient, createRecruboClient } from "orgkit";

const recrubo = createRecruboClient({ apiKey: process.env.RECRUBO_PARTNER_KEY! });
const blynk = createBlynkClient({ auth: { accessToken: process.env.BLYNK_ACCESS_TOKEN! } });

for await (const organization of recrubo.organizations.items({ sort: ["name"] })) {
  console.log(organization.id, organization.attributes.name);
}

// A large export: 4 pages in flight, still yielded in order, stopping at 10,000 items.
const controller = new AbortController();
for await (const page of blynk.organizations.pages({ query: "acme", size: 1000 }, { concurrency: 4, maxItems: 10_000, signal: controller.signal })) {
  console.log(`${page.content.length} of ${page.totalElements}`);
}

const firstFiveHundred = await collect(blynk.organizations.items({ query: "acme" }), { max: 500 });
