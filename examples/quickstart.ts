// orgkit's quick start: both clients, paging, errors. `npm start` runs it against the sandbox;
// point the variables at the real services to run it there.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import {
  AuthenticationError,
  collect,
  createBlynkClient,
  createRecruboClient,
  NotFoundError,
  type RecruboWebhookPayload,
  ValidationError,
  verifyRecruboWebhookFromNode,
} from "orgkit";

const env = (name: string): string => process.env[name] ?? fail(`Set ${name}.`);
function fail(message: string): never {
  throw new Error(message);
}

const blynk = createBlynkClient({
  auth: { clientId: env("BLYNK_CLIENT_ID"), clientSecret: env("BLYNK_CLIENT_SECRET") },
  baseUrl: env("BLYNK_BASE_URL"),
});
const recrubo = createRecruboClient({ apiKey: env("RECRUBO_API_KEY"), baseUrl: env("RECRUBO_BASE_URL") });

console.log("Blynk Cloud");
const root = await blynk.organizations.profile();
console.log(`  profile: #${root.id} ${root.name} (${root.tz})`);

const kyiv = await blynk.organizations.create({ name: "Acme Kyiv", tz: "Europe/Kyiv", unitSystem: "METRIC" });
const lab = await blynk.organizations.create({ name: "Acme Kyiv Lab", parentId: kyiv.id, phoneNumber: "+380441234567" });
console.log(`  created #${kyiv.id} ${kyiv.name} under #${kyiv.parentOrganizationId}, and #${lab.id} ${lab.name} under #${lab.parentOrganizationId}`);

const found = await blynk.organizations.search({ query: "kyiv", sortBy: "Name", sortOrder: "DESC" });
console.log(`  search "kyiv": ${found.totalElements} found: ${found.content.map((org) => org.name).join(", ")}`);

const branches = await collect(blynk.organizations.items({ query: "branch", size: 10 }, { concurrency: 3 }));
console.log(`  every "branch" organization, 10 a page, 3 pages at a time: ${branches.length} read`);

const renamed = await blynk.organizations.update({ name: "Acme Kyiv Research" }, { orgId: lab.id });
console.log(`  renamed #${renamed.id} to ${renamed.name}`);

try {
  await blynk.organizations.create({ name: "A/B", tz: "Mars/Olympus" });
} catch (error) {
  if (!(error instanceof ValidationError)) throw error;
  console.log(`  refused before sending: ${error.issues.map((issue) => `${issue.field} (${issue.rule})`).join(", ")}`);
}

await blynk.organizations.delete(lab.id);
await blynk.organizations.delete(kyiv.id);
try {
  await blynk.organizations.get(kyiv.id);
} catch (error) {
  if (!(error instanceof NotFoundError)) throw error;
  console.log(`  deleted both; reading #${kyiv.id} again: ${error.status} ${error.details[0]?.message}`);
}

console.log("\nRecrubo");
const created = await recrubo.organizations.create({ name: "Quickstart Org" });
console.log(`  created ${created.attributes.name} (${created.id}) with its own API key (${created.attributes.token?.length} characters; store it now)`);

let pages = 0;
for await (const page of recrubo.organizations.pages({ sort: ["-createdAt", "name"], page: { size: 10 } })) {
  pages++;
  if (page.meta.currentPage === 1) console.log(`  listed ${page.meta.total} organizations, newest first: ${page.data[0]?.attributes.name}, ...`);
}
console.log(`  read in ${pages} pages of 10`);

// A webhook receiver on this machine: the sandbox delivers to loopback URLs (the real service
// cannot reach them, so against it the wait below ends without an event).
const webhookSecret = "whsec_quickstart_1_long_and_random";
let deliver!: (payload: RecruboWebhookPayload) => void;
const delivered = new Promise<RecruboWebhookPayload>((resolve) => (deliver = resolve));
const receiver = createServer(async (message, reply) => {
  try {
    deliver(await verifyRecruboWebhookFromNode(message, webhookSecret));
    reply.writeHead(204).end();
  } catch {
    reply.writeHead(400).end();
  }
});
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const { port } = receiver.address() as AddressInfo;
const updated = await recrubo.organizations.update(created.id, { webhookUrl: `http://127.0.0.1:${port}/recrubo`, webhookSecret });
console.log(`  webhook set to ${updated.attributes.webhookUrl}`);
const event = await Promise.race([delivered, sleep(2_000, undefined, { ref: false })]);
receiver.close();
const { attributes } = event?.data ?? {};
console.log(attributes ? `  webhook received: ${attributes.event} of ${attributes.resource.id === created.id ? "this organization" : "another"}, fields ${attributes.fields?.join(", ")}; secret verified` : "  no webhook within 2 s");

// The key create returned opens the organization's own routes.
const own = createRecruboClient({ apiKey: created.attributes.token ?? fail("create returned no token"), baseUrl: env("RECRUBO_BASE_URL") });
const itself = await own.organization.get();
console.log(`  with its own key: ${itself.attributes.name}, webhook ${itself.attributes.webhookUrl} (own routes never show the token)`);

const refreshed = await recrubo.organizations.refreshToken(created.id);
try {
  await own.organization.get();
  console.log("  token regenerated, but the old key still works");
} catch (error) {
  if (!(error instanceof AuthenticationError)) throw error;
  console.log(`  token regenerated (${refreshed.attributes.token?.length} characters); the old key now gets ${error.status}`);
}

try {
  await recrubo.organizations.update(created.id, { webhookUrl: "https://hooks.example.com/other" });
} catch (error) {
  if (!(error instanceof ValidationError)) throw error;
  console.log(`  refused before sending: ${error.message}`);
}

await recrubo.organizations.delete(created.id);
try {
  await recrubo.organizations.get(created.id);
} catch (error) {
  if (!(error instanceof NotFoundError)) throw error;
  console.log(`  deleted; reading it again: ${error.message}`);
}
