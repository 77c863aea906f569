// npm run soak — does the client stay correct and lean under a long, mixed, faulty load?
// 10,000 calls at concurrency 16 over every facade operation of both clients, against the sandbox
// on loopback, with about one call in ten meeting an injected fault (a 5xx, a 429, a dropped
// connection, a slow answer past a per-call timeout). Every call must end in a result or an
// OrgkitError; every create the client saw succeed must be in the sandbox exactly once, and nothing
// else; the heap after GC must stay flat. `--seed N` and `--calls N` change the run. Writes
// bench/results/soak.json and exits 1 when any of these fails.
import { mkdir, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { type CallOptions, createBlynkClient, createRecruboClient, type Logger, OrgkitError } from "../src/index.js";
import { startSandbox } from "../src/sandbox/index.js";
import { SeededRandom } from "../src/sandbox/random.js";

const concurrency = 16;
const faultRate = 0.1;
const heapEvery = 1000;
/** Samples left out of the verdict: JIT, connection pools and the ledgers filling up. */
const warmupSamples = 2;
/** How much the heap may grow between the first and the last samples after warm-up. */
const heapGrowthLimitMb = 1;
const resultsFile = "bench/results/soak.json";

const { seed, calls } = parseArguments();
if (typeof globalThis.gc !== "function")
  throw new Error("global.gc is missing: run with node --expose-gc (npm run soak does).");
const gc = globalThis.gc;

// --- What the client knows --------------------------------------------------------------------

/** An organization the soak expects to find in the sandbox at the end. */
interface Known<Id> {
  id: Id;
  /** The name it was created with: for the soak's own, a unique create key kept through renames. */
  key: string;
  /** Created by the soak, so the soak may delete it (seeded ones stay, as a baseline that must survive). */
  own: boolean;
  parent: Known<Id> | undefined;
  /** Sub-organizations whose create the client saw succeed and whose delete it has not seen. */
  children: number;
  /** Creates under it in flight: it must not be deleted meanwhile, or the outcome is a race. */
  creating: number;
  /** A delete of it is in flight. */
  deleting: boolean;
  /** Deletes of its sub-organizations in flight. */
  deletingChildren: number;
  /** Recrubo: the organization's own key, as its create or its latest token refresh returned it. */
  token: string | undefined;
}

/**
 * One API's organizations as the client saw them: the seeded ones, plus every create seen to
 * succeed, minus every delete seen to succeed. Operands are claimed here so that no two calls race
 * on the same organization's existence, which keeps the comparison with the sandbox exact.
 */
class Ledger<Id> {
  readonly #known = new Map<Id, Known<Id>>();
  /** Recently deleted ids, for calls that must answer 404 (bounded: the heap must stay flat). */
  readonly #gone: Id[] = [];
  createsSeen = 0;
  deletesSeen = 0;
  /** Creates that returned an id the client already knew. */
  duplicateIds = 0;
  /**
   * The calls whose create the client saw succeed, even if it deleted the organization since: a
   * second copy of one of them is a duplicate, not a stranger. One byte a call, allocated up front.
   */
  readonly #createSeen: Uint8Array;

  constructor(seeded: readonly { id: Id; name: string; parentId?: Id | undefined }[], calls: number) {
    this.#createSeen = new Uint8Array(calls);
    for (const { id, name, parentId } of seeded) {
      const parent = parentId === undefined || parentId === id ? undefined : this.#known.get(parentId);
      this.#add(id, name, false, parent);
    }
  }

  get(id: Id): Known<Id> | undefined {
    return this.#known.get(id);
  }

  sawCreate(call: number): boolean {
    return this.#createSeen[call] === 1;
  }

  ids(): Set<Id> {
    return new Set(this.#known.keys());
  }

  any(roll: number): Known<Id> | undefined {
    return pickWhere(this.#known.values(), roll, () => true);
  }

  /** One of the soak's own with nothing under it and nothing happening to it or its parent. */
  deletableLeaf(roll: number): Known<Id> | undefined {
    return pickWhere(
      this.#known.values(),
      roll,
      (org) => org.own && !org.deleting && org.children === 0 && org.creating === 0 && !org.parent?.deleting,
    );
  }

  /** One of the soak's own with a sub-organization that cannot disappear while it is held (see deletableLeaf). */
  parentWithChildren(roll: number): Known<Id> | undefined {
    return pickWhere(
      this.#known.values(),
      roll,
      (org) => org.own && !org.deleting && org.children > org.deletingChildren,
    );
  }

  /** One of the soak's own whose key the client holds, not being deleted. */
  withToken(roll: number): Known<Id> | undefined {
    return pickWhere(this.#known.values(), roll, (org) => org.own && org.token !== undefined && !org.deleting);
  }

  /** One of the soak's own to create under. */
  parentForCreate(roll: number): Known<Id> | undefined {
    return pickWhere(this.#known.values(), roll, (org) => org.own && !org.deleting);
  }

  gone(roll: number): Id | undefined {
    return this.#gone[Math.floor(roll * this.#gone.length)];
  }

  beginCreate(parent: Known<Id> | undefined): void {
    if (parent) parent.creating++;
  }

  endCreate(
    parent: Known<Id> | undefined,
    call: number,
    created?: { id: Id; key: string; token?: string | undefined },
  ): void {
    if (parent) parent.creating--;
    if (!created) return;
    this.createsSeen++;
    this.#createSeen[call] = 1;
    if (this.#known.has(created.id)) this.duplicateIds++;
    else this.#add(created.id, created.key, true, parent, created.token);
  }

  beginDelete(org: Known<Id>): void {
    org.deleting = true;
    if (org.parent) org.parent.deletingChildren++;
  }

  endDelete(org: Known<Id>, deleted: boolean): void {
    org.deleting = false;
    if (org.parent) org.parent.deletingChildren--;
    if (!deleted) return;
    this.deletesSeen++;
    this.#known.delete(org.id);
    if (org.parent) org.parent.children--;
    this.#gone.push(org.id);
    if (this.#gone.length > 64) this.#gone.shift();
  }

  #add(id: Id, key: string, own: boolean, parent: Known<Id> | undefined, token?: string): void {
    this.#known.set(id, {
      id,
      key,
      own,
      parent,
      children: 0,
      creating: 0,
      deleting: false,
      deletingChildren: 0,
      token,
    });
    if (parent) parent.children++;
  }
}

function pickWhere<T>(items: Iterable<T>, roll: number, wanted: (item: T) => boolean): T | undefined {
  const candidates = [...items].filter(wanted);
  return candidates[Math.floor(roll * candidates.length)];
}

// --- Outcomes ---------------------------------------------------------------------------------

/** A call that succeeded with a result that does not match the request: a wrong answer. */
class Mismatch extends Error {
  override name = "Mismatch";
}

function expect(condition: boolean, what: string): asserts condition {
  if (!condition) throw new Mismatch(what);
}

/** A call that must be refused (its error is then the outcome); a success is a wrong answer. */
async function mustFail(call: Promise<unknown>, what: string): Promise<void> {
  await call;
  throw new Mismatch(`${what} succeeded`);
}

/** What a call came to, besides a result or an OrgkitError. */
type Problem = "untyped" | "wrong";

interface Tally {
  calls: number;
  ok: number;
  typed: Record<string, number>;
  untyped: number;
  wrong: number;
}

const tallies = new Map<string, Tally>();
const firstProblems: { call: number; operation: string; kind: Problem; error: string }[] = [];

function record(call: number, operation: string, error: unknown): void {
  let tally = tallies.get(operation);
  if (!tally) {
    tally = { calls: 0, ok: 0, typed: {}, untyped: 0, wrong: 0 };
    tallies.set(operation, tally);
  }
  tally.calls++;
  let problem: Problem | undefined;
  if (error === undefined) {
    tally.ok++;
  } else if (error instanceof OrgkitError) {
    tally.typed[error.name] = (tally.typed[error.name] ?? 0) + 1;
  } else if (error instanceof Mismatch) {
    tally.wrong++;
    problem = "wrong";
  } else {
    tally.untyped++;
    problem = "untyped";
  }
  // The first few problems, whole, so that they can be reproduced: the stack says where.
  if (problem && firstProblems.length < 5) {
    firstProblems.push({
      call,
      operation,
      kind: problem,
      error: error instanceof Error ? (error.stack ?? String(error)) : String(error),
    });
  }
}

// --- The sandbox and the clients --------------------------------------------------------------

const server = await startSandbox({
  seed,
  // The soak injects its own 429s; the real limit of 10,000 a minute would otherwise be what it measures.
  // Tokens live 3 s, so that renewals (single-use refresh tokens, 401 and retry) happen under load.
  blynk: { rateLimitPerMinute: 10_000_000, tokenLifetimeSeconds: 3 },
});
const { sandbox } = server;
// Backoff of a few milliseconds: the soak is about outcomes, not about waiting.
const retry = { initialDelayMs: 1, maxDelayMs: 5 };
const logger = trafficCounter();
const recrubo = createRecruboClient({
  apiKey: sandbox.credentials.recrubo.apiKey,
  baseUrl: server.url,
  retry,
  logger,
}).organizations;
/** The organization-key facade for one of the soak's own organizations, by its key. */
const ownClient = (token: string) =>
  createRecruboClient({ apiKey: token, baseUrl: server.url, retry, logger }).organization;
const partnerAsOwn = createRecruboClient({
  apiKey: sandbox.credentials.recrubo.apiKey,
  baseUrl: server.url,
  retry,
  logger,
}).organization;
const blynk = createBlynkClient({ auth: sandbox.credentials.blynk, baseUrl: server.url, retry, logger }).organizations;

/** What the clients sent, counted from the structured fields of their per-attempt log lines. */
const traffic = { attempts: 0, retried: 0, unauthorized: 0, tokenRequests: 0 };

function trafficCounter(): Logger {
  const count = (_: string, fields?: Record<string, unknown>) => {
    if (fields?.["attempt"] === undefined) return; // not an attempt: a token manager's note
    traffic.attempts++;
    if (fields["retryInMs"] !== undefined) traffic.retried++;
    if (fields["status"] === 401) traffic.unauthorized++;
    if (String(fields["url"]).includes("/oauth2/token")) traffic.tokenRequests++;
  };
  return { debug: count, info: count, warn: count, error: count };
}

const recruboLedger = new Ledger(
  sandbox.recrubo.organizations().map(({ id, name }) => ({ id, name })),
  calls,
);
const blynkLedger = new Ledger(
  sandbox.blynk
    .organizations()
    .map(({ id, name, parentOrganizationId }) => ({ id, name, parentId: parentOrganizationId })),
  calls,
);
const rootId = 1;
/** Ids no organization has: for 404s before anything was deleted. */
const neverUsed = "00000000-0000-4000-8000-000000000000";
const neverUsedId = 2 ** 31 - 1;

// --- Operations ---------------------------------------------------------------------------------

/** The random numbers one call draws, all up front, so that the mix is the same on every run. */
interface Plan {
  index: number;
  a: number;
  b: number;
  /** What the call is counted as: a delete with nothing of its own to delete counts as the probe it runs instead. */
  as: string;
}

interface Operation {
  name: string;
  weight: number;
  /** Reads only: a per-call timeout may cut them off without leaving the outcome in doubt. */
  read: boolean;
  run(plan: Plan, call: CallOptions): Promise<void>;
}

/** A create's name, unique to the call, so that a create appearing twice shows. */
const createKey = (api: "r" | "b", index: number) => `soak ${api}${index}`;
/** The create key at the start of a name (renames keep it), and the call that made it. */
const createKeyPattern = /^soak [rb](\d+)/;

/** Deletes `org` with the ledger kept exact: claimed while in flight, removed only once seen done. */
async function deleteKnown<Id>(ledger: Ledger<Id>, org: Known<Id>, remove: (id: Id) => Promise<void>): Promise<void> {
  ledger.beginDelete(org);
  let deleted = false;
  try {
    await remove(org.id);
    deleted = true;
  } finally {
    ledger.endDelete(org, deleted);
  }
}

/** Runs the delete that must answer 404, counted as `as`. */
function goneProbe(plan: Plan, as: string, remove: () => Promise<void>): Promise<void> {
  plan.as = as;
  return mustFail(remove(), "delete of a deleted organization");
}

/** Runs the organization-key get with the partner key, which must be refused, counted as such. */
function ownKeyProbe(plan: Plan, call: CallOptions): Promise<void> {
  plan.as = "recrubo.organization.get (partner key)";
  return mustFail(partnerAsOwn.get(call), "organization.get with a partner key");
}

async function countOf(iterable: AsyncIterable<unknown>): Promise<number> {
  let count = 0;
  for await (const _ of iterable) count++;
  return count;
}

const recruboOperations: Operation[] = [
  {
    name: "recrubo.list",
    weight: 4,
    read: true,
    async run({ a }, call) {
      const number = 1 + Math.floor(a * 2);
      const list = await recrubo.list(
        { page: { number, size: 25 }, sort: a < 0.5 ? ["name"] : ["-createdAt", "name"] },
        call,
      );
      expect(
        list.meta.currentPage === number && list.data.length <= 25,
        `list page ${number} answered page ${list.meta.currentPage}`,
      );
    },
  },
  {
    name: "recrubo.get",
    weight: 6,
    read: true,
    async run({ a }, call) {
      const org = recruboLedger.any(a)!;
      const got = await recrubo.get(org.id, call);
      expect(got.id === org.id, `get ${org.id} answered ${got.id}`);
    },
  },
  {
    name: "recrubo.create",
    weight: 8,
    read: false,
    async run({ index, a }, call) {
      const name = createKey("r", index);
      const webhook =
        a < 0.3 ? { webhookUrl: "https://hooks.example.com/soak", webhookSecret: `soak-webhook-secret-${index}` } : {};
      recruboLedger.beginCreate(undefined);
      let created: { id: string; key: string; token: string | undefined } | undefined;
      try {
        const org = await recrubo.create({ name, ...webhook }, call);
        created = { id: org.id, key: name, token: org.attributes.token ?? undefined };
        expect(
          org.attributes.name === name && typeof org.attributes.token === "string",
          `create ${name} answered ${org.attributes.name}`,
        );
      } finally {
        recruboLedger.endCreate(undefined, index, created);
      }
    },
  },
  {
    name: "recrubo.update",
    weight: 5,
    read: false,
    async run({ index, a }, call) {
      const org = recruboLedger.any(a)!;
      const name = `${org.key} v${index}`;
      const updated = await recrubo.update(org.id, { name }, call);
      expect(
        updated.id === org.id && updated.attributes.name === name,
        `update ${org.id} answered ${updated.id} ${updated.attributes.name}`,
      );
    },
  },
  {
    name: "recrubo.delete",
    weight: 7,
    read: false,
    async run(plan, call) {
      const { a } = plan;
      const org = recruboLedger.deletableLeaf(a);
      // Nothing of the soak's own to delete yet: a delete that must answer 404 instead.
      if (!org)
        return goneProbe(plan, "recrubo.delete (gone)", () => recrubo.delete(recruboLedger.gone(a) ?? neverUsed, call));
      await deleteKnown(recruboLedger, org, (id) => recrubo.delete(id, call));
    },
  },
  {
    name: "recrubo.refreshToken",
    weight: 3,
    read: false,
    async run({ a }, call) {
      const org = recruboLedger.any(a)!;
      const refreshed = await recrubo.refreshToken(org.id, call);
      expect(
        refreshed.id === org.id && typeof refreshed.attributes.token === "string",
        `refreshToken ${org.id} answered ${refreshed.id}`,
      );
      // The old key stops working at once: the organization-key calls use the new one from now on.
      org.token = refreshed.attributes.token;
    },
  },
  {
    name: "recrubo.pages",
    weight: 1,
    read: true,
    async run(_, call) {
      const pages = await countOf(
        recrubo.pages({ page: { size: 10 }, sort: ["name"] }, { ...call, concurrency: 2, maxPages: 3 }),
      );
      expect(pages === 3, `pages with maxPages 3 gave ${pages}`); // the 30 seeded organizations fill 3 pages
    },
  },
  {
    name: "recrubo.items",
    weight: 1,
    read: true,
    async run(_, call) {
      const items = await countOf(
        recrubo.items({ page: { size: 20 }, sort: ["-createdAt"] }, { ...call, concurrency: 3, maxItems: 45 }),
      );
      expect(items >= 30 && items <= 45, `items with maxItems 45 gave ${items}`);
    },
  },
  {
    name: "recrubo.organization.get",
    weight: 2,
    read: true,
    async run(plan, call) {
      const org = recruboLedger.withToken(plan.a);
      // None of the soak's own yet: a partner key on the organization-key route, which must fail.
      if (!org?.token) return ownKeyProbe(plan, call);
      const got = await ownClient(org.token).get(call);
      expect(
        got.id === org.id && !("token" in got.attributes),
        `organization.get with the key of ${org.id} answered ${got.id}`,
      );
    },
  },
  {
    name: "recrubo.organization.update",
    weight: 2,
    read: false,
    async run(plan, call) {
      const { index, a, b } = plan;
      const org = recruboLedger.withToken(a);
      if (!org?.token) return ownKeyProbe(plan, call);
      const name = `${org.key} v${index}`;
      // Half with the id, half without: then the client reads it from the list first.
      const updated = await ownClient(org.token).update({ name }, b < 0.5 ? { ...call, id: org.id } : call);
      expect(
        updated.id === org.id && updated.attributes.name === name,
        `organization.update of ${org.id} answered ${updated.id} ${updated.attributes.name}`,
      );
    },
  },
  {
    name: "recrubo.delete (gone)",
    weight: 1,
    read: false,
    run: ({ a }, call) =>
      mustFail(recrubo.delete(recruboLedger.gone(a) ?? neverUsed, call), "delete of a deleted organization"),
  },
  {
    name: "recrubo.create (invalid)",
    weight: 0.5,
    read: false,
    run: (_, call) =>
      mustFail(recrubo.create({ name: "", webhookUrl: "ftp://nowhere" }, call), "create with invalid attributes"),
  },
];

const blynkOperations: Operation[] = [
  {
    name: "blynk.profile",
    weight: 3,
    read: true,
    async run(_, call) {
      const profile = await blynk.profile(call);
      expect(profile.id === rootId, `profile answered ${profile.id}`);
    },
  },
  {
    name: "blynk.get",
    weight: 6,
    read: true,
    async run({ a }, call) {
      const org = blynkLedger.any(a)!;
      const got = await blynk.get(org.id, call);
      expect(got.id === org.id, `get ${org.id} answered ${got.id}`);
    },
  },
  {
    name: "blynk.search",
    weight: 4,
    read: true,
    async run({ a }, call) {
      const page = await blynk.search(
        { query: a < 0.5 ? "soak" : "acme", sortBy: "Name", size: 20, page: Math.floor(a * 3) },
        call,
      );
      expect(page.content.length <= 20, `search with size 20 gave ${page.content.length}`);
    },
  },
  {
    name: "blynk.create",
    weight: 8,
    read: false,
    async run({ index, a, b }, call) {
      const name = createKey("b", index);
      // About a third go under one of the soak's own, so that the hierarchy rules come into play.
      const parent = a < 0.35 ? blynkLedger.parentForCreate(b) : undefined;
      const under = parent ?? blynkLedger.get(rootId)!;
      blynkLedger.beginCreate(under);
      let created: { id: number; key: string } | undefined;
      try {
        const type = b < 0.25 ? { type: "BRANCH" as const } : {};
        const org = await blynk.create(
          {
            name,
            tz: "Europe/Kyiv",
            unitSystem: b < 0.5 ? "METRIC" : "IMPERIAL",
            ...type,
            ...(parent ? { parentId: parent.id } : {}),
          },
          call,
        );
        created = { id: org.id, key: name };
        expect(
          org.name === name && org.parentOrganizationId === under.id,
          `create ${name} under ${under.id} answered ${org.name} under ${org.parentOrganizationId}`,
        );
      } finally {
        blynkLedger.endCreate(under, index, created);
      }
    },
  },
  {
    name: "blynk.update",
    weight: 5,
    read: false,
    async run({ index, a }, call) {
      const org = blynkLedger.any(a)!;
      // Without orgId the rename is of the credentials' own organization, the root: to the name it
      // has, which it keeps.
      const updated =
        org.id === rootId
          ? await blynk.update({ name: org.key }, call)
          : await blynk.update({ name: `${org.key} v${index}` }, { ...call, orgId: org.id });
      expect(updated.id === org.id, `update ${org.id} answered ${updated.id}`);
    },
  },
  {
    name: "blynk.delete",
    weight: 7,
    read: false,
    async run(plan, call) {
      const { a } = plan;
      const org = blynkLedger.deletableLeaf(a);
      if (!org)
        return goneProbe(plan, "blynk.delete (gone)", () => blynk.delete(blynkLedger.gone(a) ?? neverUsedId, call));
      await deleteKnown(blynkLedger, org, (id) => blynk.delete(id, call));
    },
  },
  {
    name: "blynk.pages",
    weight: 1,
    read: true,
    async run(_, call) {
      const pages = await countOf(
        blynk.pages({ query: "acme branch", size: 10 }, { ...call, concurrency: 2, maxPages: 3 }),
      );
      expect(pages === 3, `pages with maxPages 3 gave ${pages}`); // the 30 seeded branches fill 3 pages
    },
  },
  {
    name: "blynk.items",
    weight: 1,
    read: true,
    async run(_, call) {
      const items = await countOf(
        blynk.items({ query: "acme", sortBy: "Organization Id", size: 15 }, { ...call, concurrency: 3, maxItems: 40 }),
      );
      expect(items > 0 && items <= 40, `items with maxItems 40 gave ${items}`);
    },
  },
  {
    name: "blynk.delete (gone)",
    weight: 1,
    read: false,
    run: ({ a }, call) =>
      mustFail(blynk.delete(blynkLedger.gone(a) ?? neverUsedId, call), "delete of a deleted organization"),
  },
  {
    name: "blynk.delete (has children)",
    weight: 0.5,
    read: false,
    async run({ a }, call) {
      const org = blynkLedger.parentWithChildren(a);
      // Refused with 400 either way: the root cannot be deleted, nor can a parent.
      if (!org) return mustFail(blynk.delete(rootId, call), "delete of the root");
      await mustFail(
        deleteKnown(blynkLedger, org, (id) => blynk.delete(id, call)),
        `delete of ${org.id}, which has sub-organizations`,
      );
    },
  },
  {
    name: "blynk.create (invalid)",
    weight: 0.5,
    read: false,
    run: (_, call) =>
      mustFail(blynk.create({ name: "A/B", tz: "Mars/Olympus" }, call), "create with an invalid name and time zone"),
  },
];

const operations = [...recruboOperations, ...blynkOperations];

// --- Faults -----------------------------------------------------------------------------------

type FaultKind = "503" | "500" | "429" | "drop" | "slow";
const faultKinds: readonly { kind: FaultKind; weight: number }[] = [
  { kind: "503", weight: 3 },
  { kind: "500", weight: 2 },
  { kind: "429", weight: 2 },
  { kind: "drop", weight: 2 },
  { kind: "slow", weight: 1 },
];
const faultsInjected: Record<FaultKind, number> = { 503: 0, 500: 0, 429: 0, drop: 0, slow: 0 };
let slowCalls = 0;

/**
 * Queues `kind` in the sandbox, where whichever request arrives next takes it (that is fine: the
 * mix decides how often, not which call suffers). "slow" holds every answer 20 ms while the call is
 * in flight and, for a read, gives it a 5 ms timeout. Writes are not cut off: a timed-out create
 * may still have happened, which would leave the ledger in doubt. Returns the call's options and
 * what undoes the fault.
 */
function inject(kind: FaultKind | undefined, operation: Operation): { call: CallOptions; undo(): void } {
  const none = { call: {}, undo: () => {} };
  if (kind === undefined) return none;
  faultsInjected[kind]++;
  if (kind === "503" || kind === "500") sandbox.faults.failNext(1, Number(kind));
  if (kind === "429") sandbox.faults.failNext(1, 429, { retryAfterSeconds: 0 });
  if (kind === "drop") sandbox.faults.dropNext(1);
  if (kind !== "slow") return none;
  slowDown(+1);
  return { call: operation.read ? { timeoutMs: 5 } : {}, undo: () => slowDown(-1) };
}

/** Latency is one setting for the whole sandbox, so it stays on while any slow call is in flight. */
function slowDown(change: number): void {
  slowCalls += change;
  sandbox.faults.latencyMs = slowCalls > 0 ? 20 : 0;
}

// --- The run ----------------------------------------------------------------------------------

const random = new SeededRandom(seed);
/** Heap after GC every 1000 calls, with the time so far: a client that slows down as it ages shows too. */
const heapSeries: Sample[] = [];
const started = performance.now();
const cpuAtStart = process.cpuUsage();
let completed = 0;

/** One call: its plan is drawn before the first await, so in call order whatever the timing. */
async function runCall(index: number): Promise<void> {
  const operation = weighted(operations, random.next());
  const plan: Plan = { index, a: random.next(), b: random.next(), as: operation.name };
  const faultRoll = random.next();
  const faultKind = weighted(faultKinds, random.next()).kind;
  const { call, undo } = inject(faultRoll < faultRate ? faultKind : undefined, operation);
  try {
    await operation.run(plan, call);
    record(index, plan.as, undefined);
  } catch (error) {
    record(index, plan.as, error ?? new Error("rejected with nothing"));
  } finally {
    undo();
  }
  if (++completed % heapEvery === 0) heapSeries.push(sample(completed));
}

function weighted<T extends { weight: number }>(items: readonly T[], roll: number): T {
  let left = roll * items.reduce((sum, item) => sum + item.weight, 0);
  for (const item of items) {
    left -= item.weight;
    if (left < 0) return item;
  }
  return items[items.length - 1]!;
}

interface Sample {
  calls: number;
  /** Wall time so far; other processes on the machine stretch it. */
  elapsedMs: number;
  /** CPU time of this process (client and sandbox) so far: what grows if the work per call does. */
  cpuMs: number;
  heapMb: number;
}

function sample(callsDone: number): Sample {
  gc();
  const { user, system } = process.cpuUsage(cpuAtStart);
  return {
    calls: callsDone,
    elapsedMs: Math.round(performance.now() - started),
    cpuMs: Math.round((user + system) / 1000),
    heapMb: round(process.memoryUsage().heapUsed / 1024 / 1024, 2),
  };
}

console.log(
  `soak: ${calls.toLocaleString("en")} calls, concurrency ${concurrency}, seed ${seed}, ${faultRate * 100}% faults, Node ${process.version}`,
);
heapSeries.push(sample(0));
let next = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < calls) await runCall(next++);
  }),
);
const durationMs = Math.round(performance.now() - started);
sandbox.faults.reset(); // faults queued by the last calls and never taken
await server.close();

// --- Reconciliation -----------------------------------------------------------------------------

interface Reconciliation<Id> {
  createsSeen: number;
  deletesSeen: number;
  /** Expected (seeded or seen created, not seen deleted) but not in the sandbox. */
  missing: Id[];
  /** In the sandbox but never seen by the client: a create reported failed that happened anyway. */
  unseen: Id[];
  lost: number;
  /** Extra copies of one intended create (one call's name), and creates that returned a known id. */
  duplicated: number;
}

function reconcile<Id>(ledger: Ledger<Id>, actual: readonly { id: Id; name: string }[]): Reconciliation<Id> {
  const expected = ledger.ids();
  const present = new Set(actual.map(({ id }) => id));
  const missing = [...expected].filter((id) => !present.has(id));
  const unseen: Id[] = [];
  let duplicated = ledger.duplicateIds;
  // An organization the client does not know is a duplicate when its create key was already
  // accounted for: by a create the client saw, or by another unknown one with the same key.
  const keysOfUnseen = new Set<string>();
  for (const { id, name } of actual) {
    if (expected.has(id)) continue;
    const [key, call] = createKeyPattern.exec(name) ?? [];
    if (key !== undefined && (ledger.sawCreate(Number(call)) || keysOfUnseen.has(key))) duplicated++;
    else unseen.push(id);
    if (key !== undefined) keysOfUnseen.add(key);
  }
  return {
    createsSeen: ledger.createsSeen,
    deletesSeen: ledger.deletesSeen,
    missing,
    unseen,
    lost: missing.length + unseen.length,
    duplicated,
  };
}

const creates = {
  recrubo: reconcile(recruboLedger, sandbox.recrubo.organizations()),
  blynk: reconcile(blynkLedger, sandbox.blynk.organizations()),
};

// --- Heap verdict -------------------------------------------------------------------------------

/**
 * Flat when the median of the last three samples after warm-up is within the limit of the median
 * of the first three: medians, so one sample taken while many responses were in flight does not
 * decide. The slope is printed as well, to see a slow trend.
 */
function heapVerdict(series: readonly Sample[]) {
  const judged = series.filter(({ calls: at }) => at > warmupSamples * heapEvery);
  if (judged.length < 6)
    return {
      judged: false as const,
      reason: `too few samples after warm-up (${judged.length}, 6 needed): run at least ${(warmupSamples + 6) * heapEvery} calls`,
    };
  const first = median(judged.slice(0, 3).map(({ heapMb: mb }) => mb));
  const last = median(judged.slice(-3).map(({ heapMb: mb }) => mb));
  const growthMb = round(last - first, 2);
  return {
    judged: true as const,
    growthMb,
    limitMb: heapGrowthLimitMb,
    slopeKbPer1000Calls: round(slope(judged) * 1024 * heapEvery, 1),
    flat: growthMb < heapGrowthLimitMb,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** MB per call, by Theil-Sen (the median of the slopes between every two samples): one odd sample does not tilt it. */
function slope(series: readonly Sample[]): number {
  const slopes = series.flatMap((from, i) =>
    series.slice(i + 1).map((to) => (to.heapMb - from.heapMb) / (to.calls - from.calls)),
  );
  return median(slopes);
}

function round(value: number, digits: number): number {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}

// --- Report ---------------------------------------------------------------------------------------

// Keys sorted wherever they would otherwise follow the order of first occurrence, which timing
// decides: two runs of one seed then differ in the JSON only where their figures do.
const byKey = <T>(record: Iterable<[string, T]>): Record<string, T> =>
  Object.fromEntries([...record].sort(([x], [y]) => x.localeCompare(y)));
const byOperation = byKey(
  [...tallies].map(([name, tally]): [string, Tally] => [name, { ...tally, typed: byKey(Object.entries(tally.typed)) }]),
);
const totals = { ok: 0, typed: 0, untyped: 0, wrong: 0 };
const typedCounts = new Map<string, number>();
for (const tally of tallies.values()) {
  totals.ok += tally.ok;
  totals.untyped += tally.untyped;
  totals.wrong += tally.wrong;
  for (const [name, count] of Object.entries(tally.typed)) {
    totals.typed += count;
    typedCounts.set(name, (typedCounts.get(name) ?? 0) + count);
  }
}
const typedByClass = byKey(typedCounts);
const lost = creates.recrubo.lost + creates.blynk.lost;
const duplicated = creates.recrubo.duplicated + creates.blynk.duplicated;
const heap = heapVerdict(heapSeries);
const failures = [
  totals.untyped > 0 && `${totals.untyped} untyped failures`,
  totals.wrong > 0 && `${totals.wrong} wrong answers`,
  lost > 0 && `${lost} creates lost`,
  duplicated > 0 && `${duplicated} creates duplicated`,
  heap.judged && !heap.flat && `heap grew ${heap.growthMb} MB`,
].filter((failure): failure is string => typeof failure === "string");

console.log("\n| operation | calls | ok | typed failures | untyped | wrong |");
console.log("|---|---:|---:|---|---:|---:|");
for (const [name, tally] of Object.entries(byOperation)) {
  const typed = Object.entries(tally.typed)
    .map(([error, count]) => `${count} ${error}`)
    .join(", ");
  console.log(`| ${name} | ${tally.calls} | ${tally.ok} | ${typed} | ${tally.untyped} | ${tally.wrong} |`);
}
console.log(
  `\ntraffic: ${traffic.attempts} attempts, ${traffic.retried} retried, ${traffic.unauthorized} answered 401, ${traffic.tokenRequests} to the token endpoint`,
);
console.log(
  `faults injected: ${Object.entries(faultsInjected)
    .map(([kind, count]) => `${count} ${kind}`)
    .join(", ")}`,
);
console.log(
  `calls: ${totals.ok} ok, ${totals.typed} typed failures (${Object.entries(typedByClass)
    .map(([name, count]) => `${count} ${name}`)
    .join(", ")}), ${totals.untyped} untyped, ${totals.wrong} wrong answers`,
);
for (const [api, result] of Object.entries(creates)) {
  console.log(
    `${api}: ${result.createsSeen} creates and ${result.deletesSeen} deletes seen; lost ${result.lost} (missing ${result.missing.length}, unseen ${result.unseen.length}), duplicated ${result.duplicated}`,
  );
  if (result.lost > 0)
    console.log(
      `  missing: ${result.missing.slice(0, 10).join(", ")}\n  unseen: ${result.unseen.slice(0, 10).join(", ")}`,
    );
}
console.log(`heap after GC (MB): ${heapSeries.map(({ calls: at, heapMb: mb }) => `${at / 1000}k ${mb}`).join(", ")}`);
console.log(
  `seconds per 1000 calls, wall/CPU: ${heapSeries
    .slice(1)
    .map(
      (now, i) =>
        `${((now.elapsedMs - heapSeries[i]!.elapsedMs) / 1000).toFixed(1)}/${((now.cpuMs - heapSeries[i]!.cpuMs) / 1000).toFixed(1)}`,
    )
    .join(", ")}`,
);
console.log(
  heap.judged
    ? `heap ${heap.flat ? "flat" : "NOT flat"}: ${heap.growthMb} MB from calls ${(warmupSamples + 1) * heapEvery}-${(warmupSamples + 3) * heapEvery} to the last three samples (limit ${heap.limitMb} MB), slope ${heap.slopeKbPer1000Calls} KB per 1000 calls`
    : `heap not judged: ${heap.reason}`,
);
console.log(`duration: ${(durationMs / 1000).toFixed(1)} s`);
for (const problem of firstProblems)
  console.log(`\n${problem.kind} at call ${problem.call}, ${problem.operation}:\n${problem.error}`);

await mkdir("bench/results", { recursive: true });
await writeFile(
  resultsFile,
  `${JSON.stringify(
    {
      seed,
      calls,
      concurrency,
      faultRate,
      node: process.version,
      durationMs,
      totals,
      typedByClass,
      faultsInjected,
      traffic,
      byOperation,
      creates,
      heap: { everyCalls: heapEvery, warmupSamples, series: heapSeries, ...heap },
      problems: firstProblems,
      passed: failures.length === 0,
    },
    null,
    2,
  )}\n`,
);
console.log(`\nwritten to ${resultsFile}`);
if (failures.length > 0) {
  console.log(`FAILED: ${failures.join(", ")}`);
  process.exitCode = 1;
}

function parseArguments(): { seed: number; calls: number } {
  const { values } = parseArgs({
    options: { seed: { type: "string", default: "1" }, calls: { type: "string", default: "10000" } },
  });
  const integer = (text: string, flag: string, minimum: number) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < minimum)
      throw new Error(`${flag} must be an integer of at least ${minimum}, not ${text}`);
    return value;
  };
  return { seed: integer(values.seed, "--seed", 0), calls: integer(values.calls, "--calls", 1) };
}
