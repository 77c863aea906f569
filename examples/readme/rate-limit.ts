// examples/readme/rate-limit.ts
import { createBlynkClient, RateLimiter } from "orgkit";

// Blynk's documented limit (10,000 requests a minute per organization) is paced by default: a
// large export or a burst of creates waits its turn instead of meeting a 429.
const blynk = createBlynkClient({ auth: { clientId: "my-client-id", clientSecret: "my-client-secret" } });
for await (const organization of blynk.organizations.items({ query: "acme" }, { concurrency: 8 })) console.log(organization.name);

// Two clients that spend the same organization's quota share one limiter.
const quota = new RateLimiter({ requests: 10_000, perMs: 60_000 });
const reports = createBlynkClient({ auth: { accessToken: "token-for-reports" }, rateLimit: quota });
const admin = createBlynkClient({ auth: { accessToken: "token-for-admin" }, rateLimit: quota });
await Promise.all([reports.organizations.profile(), admin.organizations.search({ query: "acme" })]);
