import { createRecruboClient } from "orgkit";

// An organization's own key: the `token` its creation returned.
const recrubo = createRecruboClient({
  apiKey: process.env.RECRUBO_ORGANIZATION_KEY!,
});

const updated = await recrubo.organization.update({
  name: "Acme Recruiting Europe",
});
console.log(updated.attributes.name);
