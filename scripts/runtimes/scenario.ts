// The one scenario every runtime runs against a sandbox: the built client's main paths, each step
// checked, one line printed per step. It uses only what every runtime has (fetch, timers, Error),
// so the same module runs in Node, Bun, Deno, a browser page, a module worker and workerd.
import {
  type CommonOptions,
  createBlynkClient,
  createRecruboClient,
  NotFoundError,
  TimeoutError,
  ValidationError,
} from "orgkit";

export interface ScenarioInput {
  /** The sandbox's base URL, such as http://127.0.0.1:54321; each client's default with an in-memory `fetch`. */
  baseUrl?: string;
  recrubo: { apiKey: string };
  blynk: { clientId: string; clientSecret: string };
  /** Receives one line per step. */
  log: (line: string) => void;
  /** The client's fetch, such as an in-memory sandbox's; the runtime's own fetch otherwise. */
  fetch?: CommonOptions["fetch"];
}

/** The request header that makes the sandbox hold one answer back (orgkit/sandbox's `delayHeader`). */
const delayHeader = "x-orgkit-sandbox-delay-ms";
/** Organizations each sandbox service is seeded with by default. */
const seeded = 30;

/** What a runtime reports back: the lines of the steps that passed, and the failure that stopped it. */
export interface ScenarioOutcome {
  lines: string[];
  error?: string;
}

/** `runScenario`, its lines and failure collected rather than printed: for runtimes that report back in one message. */
export async function scenarioOutcome(input: Omit<ScenarioInput, "log">): Promise<ScenarioOutcome> {
  const lines: string[] = [];
  try {
    await runScenario({ ...input, log: (line) => lines.push(line) });
    return { lines };
  } catch (error) {
    return { lines, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/** Runs every step in order; throws on the first outcome that is not the expected one. */
export async function runScenario(input: ScenarioInput): Promise<void> {
  const { baseUrl, log } = input;
  const secrets = [input.recrubo.apiKey, input.blynk.clientSecret];
  const common = { ...(baseUrl === undefined ? {} : { baseUrl }), ...(input.fetch ? { fetch: input.fetch } : {}) };
  const recrubo = createRecruboClient({ ...common, apiKey: input.recrubo.apiKey });
  const blynk = createBlynkClient({ ...common, auth: input.blynk });

  const profile = await blynk.organizations.profile();
  expect(profile.id === 1, `the token's organization is the root, not ${profile.id}`);
  log(`ok oauth2 token: client credentials exchanged, profile is "${profile.name}"`);

  // A webhook URL, so that its check runs too: it needs URL.canParse, which Node 18.0 lacks.
  const created = await recrubo.organizations.create({
    name: "Runtime Matrix Org",
    webhookUrl: "https://hooks.example.com/orgkit",
    webhookSecret: "runtime-matrix-webhook-secret",
  });
  expect(
    typeof created.attributes.token === "string" && created.attributes.token !== "",
    "the new organization's token is returned",
  );
  const branch = await blynk.organizations.create({ name: "Acme Branch Runtime", parentId: profile.id });
  expect(branch.parentOrganizationId === profile.id, "the Blynk branch sits under the root");
  log(`ok create: Recrubo ${created.id}, Blynk ${branch.id}`);

  const size = 7;
  const pageSizes: number[] = [];
  const ids = new Set<number>();
  for await (const page of blynk.organizations.pages({ query: "acme branch", size })) {
    pageSizes.push(page.content.length);
    for (const organization of page.content) ids.add(organization.id);
  }
  const matching = seeded + 1; // the seeded branches and the one just created
  expect(
    ids.size === matching && ids.has(branch.id),
    `search found ${ids.size} distinct organizations, not ${matching}`,
  );
  expect(pageSizes.length === Math.ceil(matching / size), `search took ${pageSizes.length} pages of ${size}`);
  let listed = 0;
  for await (const organization of recrubo.organizations.items({ page: { size }, sort: ["-createdAt"] })) {
    if (listed++ === 0) expect(organization.id === created.id, "the newest organization comes first");
  }
  expect(listed === seeded + 1, `Recrubo listed ${listed} organizations, not ${seeded + 1}`);
  log(
    `ok search with paging: Blynk ${ids.size} in pages of [${pageSizes.join(", ")}], Recrubo ${listed} in pages of ${size}`,
  );

  const missing = "00000000-0000-4000-8000-000000000000";
  const notFound = await rejection(recrubo.organizations.get(missing));
  expect(
    notFound instanceof NotFoundError && notFound.status === 404,
    `a missing organization gives NotFoundError, not ${describe(notFound)}`,
  );
  expectNoSecret(notFound, secrets);
  log(`ok 404: ${notFound.name} ${notFound.status}`);

  const invalid = await rejection(blynk.organizations.create({ name: "A/B", tz: "Mars/Olympus" }));
  expect(
    invalid instanceof ValidationError,
    `arguments against the spec give ValidationError, not ${describe(invalid)}`,
  );
  const fields = invalid.issues.map((issue) => issue.field).sort();
  expect(fields.join() === "name,tz", `the issues name name and tz, not ${fields.join()}`);
  log(`ok validation error: ${fields.join(", ")} refused, nothing sent`);

  // One attempt, so that the time limit alone decides; the sandbox holds this answer back 5 s.
  const impatient = createRecruboClient({ ...common, apiKey: input.recrubo.apiKey, timeoutMs: 200, retry: false });
  const started = Date.now();
  const timedOut = await rejection(impatient.organizations.get(created.id, { headers: { [delayHeader]: "5000" } }));
  const elapsed = Date.now() - started;
  expect(
    timedOut instanceof TimeoutError && timedOut.timeoutMs === 200,
    `a slow answer gives TimeoutError, not ${describe(timedOut)}`,
  );
  expect(elapsed < 4000, `the call gave up after ${elapsed} ms, not at its 200 ms limit`);
  expectNoSecret(timedOut, secrets);
  log(`ok timeout: ${timedOut.name} after ${elapsed} ms (limit 200 ms, answer held 5000 ms)`);
}

function expect(condition: boolean, what: string): asserts condition {
  if (!condition) throw new Error(`Scenario failed: ${what}.`);
}

/** What `promise` rejected with; a resolution is a failure of the scenario. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`Scenario failed: the call rejected with a non-Error: ${String(error)}.`);
  }
  throw new Error("Scenario failed: the call succeeded where it should have failed.");
}

function describe(error: Error): string {
  return `${error.name}: ${error.message}`;
}

/** The credentials appear nowhere in an error's message or stack. */
function expectNoSecret(error: Error, secrets: readonly string[]): void {
  const text = `${error.message}\n${error.stack ?? ""}`;
  expect(!secrets.some((secret) => text.includes(secret)), `${error.name} shows a credential`);
}
