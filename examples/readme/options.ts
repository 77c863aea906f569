// examples/readme/options.ts
import { createRecruboClient } from "orgkit";

const recrubo = createRecruboClient({
  apiKey: async () => (await fetchKeyFromVault()).value, // called for every request
  authScheme: "bearer", // or "raw" for the bare key
  baseUrl: "https://api-staging.recrubo.app",
  timeoutMs: 10_000, // per attempt
  retry: { maxRetries: 3, maxRetryAfterMs: 30_000, methods: ["GET", "PUT", "DELETE", "PATCH"] },
  logger: console, // one line per attempt; secrets masked
  userAgent: "acme-admin/2.1",
});

// Every method takes per-call options last.
const controller = new AbortController();
await recrubo.organizations.list({}, { signal: controller.signal, timeoutMs: 2_000, headers: { "x-trace-id": "abc" } });
// A call can amend the client's retries (or turn them off with `false`) and give itself a budget
// for all its attempts and the waits between them: past it, a TimeoutError.
await recrubo.organizations.list({}, { retry: { maxRetries: 5, maxDelayMs: 1_000 }, deadlineMs: 5_000 });

// The typed openapi-fetch client, for anything else in the spec: same auth, retries, timeouts.
const { data, error, response } = await recrubo.raw.GET("/public/v2/organizations");

declare function fetchKeyFromVault(): Promise<{ value: string }>;
