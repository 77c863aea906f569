import { createRecruboClient } from "orgkit";

// An organization's own key: the `token` its creation returned.
const recrubo = createRecruboClient({
  apiKey: process.env.RECRUBO_ORGANIZATION_KEY!,
});

// The facade reads the key's organization from the list route;
// the typed raw client reaches this one.
const { data, response } = await recrubo.raw.GET(
  "/public/v2/organizations/{id}",
  { params: { path: { id: "0b9e7a3c-5d1f-4e2a-9c8b-7f6e5d4c3b2a" } } },
);
console.log(response.status, data?.data.attributes.name);
