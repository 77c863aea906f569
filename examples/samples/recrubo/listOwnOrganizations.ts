import { createRecruboClient } from "orgkit";

// An organization's own key: the `token` its creation returned.
const recrubo = createRecruboClient({
  apiKey: process.env.RECRUBO_ORGANIZATION_KEY!,
});

const own = await recrubo.organization.get();
console.log(own.id, own.attributes.name);
