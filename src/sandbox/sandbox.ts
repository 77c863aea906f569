import { reasons } from "../internal/api-error.js";
import type { Clock } from "../internal/clock.js";
import { BlynkSandbox, type BlynkSandboxOptions, blynkFailure } from "./blynk.js";
import { type Fault, Faults } from "./faults.js";
import { delay, type Reply, toResponse } from "./http.js";
import { SeededRandom } from "./random.js";
import { RecruboSandbox, type RecruboSandboxOptions, recruboFailure } from "./recrubo.js";

export interface SandboxOptions {
  /** Seed of the ids and tokens the sandbox makes up: the same seed and requests give the same data. @default 1 */
  seed?: number;
  recrubo?: RecruboSandboxOptions;
  blynk?: BlynkSandboxOptions;
  /** Delay before every answer, in milliseconds (also `faults.latencyMs`). @default 0 */
  latencyMs?: number;
  /** The sandbox's time, behind token expiry and rate-limit windows. @default Date */
  clock?: Pick<Clock, "now">;
}

/** Both services in memory, answering as the specs in openapi/ say. */
export interface Sandbox {
  /** A fetch-style handler: pass it as a client's `fetch` and no network is used at all. */
  fetch(request: Request): Promise<Response>;
  /** Answers a request; `null` means the connection dropped (a fault), for servers and interceptors. */
  answer(request: Request): Promise<Response | null>;
  /** Latency and failures for the next requests. */
  faults: Faults;
  /** Recrubo's state: its organizations and partner keys. */
  recrubo: RecruboSandbox;
  /** Blynk's state: its organizations and OAuth2 clients. */
  blynk: BlynkSandbox;
  /** Credentials the sandbox accepts, ready for the clients' options. */
  credentials: {
    recrubo: { apiKey: string };
    blynk: { clientId: string; clientSecret: string };
  };
}

/**
 * A stateful, in-memory Recrubo and Blynk, seeded with deterministic organizations.
 * @example
 * const sandbox = createSandbox();
 * const blynk = createBlynkClient({ auth: sandbox.credentials.blynk, fetch: sandbox.fetch });
 */
export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const random = new SeededRandom(options.seed ?? 1);
  const now = () => (options.clock ?? Date).now();
  const recrubo = new RecruboSandbox(options.recrubo ?? {}, random, now);
  const blynk = new BlynkSandbox(options.blynk ?? {}, random, now);
  const faults = new Faults();
  faults.latencyMs = options.latencyMs ?? 0;
  let requests = 0;

  async function answer(request: Request): Promise<Response | null> {
    const requestId = `sandbox-${String(++requests).padStart(6, "0")}`;
    if (faults.latencyMs > 0) await delay(faults.latencyMs, request.signal);
    const url = new URL(request.url);
    const api = url.pathname.startsWith("/public/v2/")
      ? { model: recrubo, mediaType: "application/vnd.api+json", failure: recruboFailure }
      : { model: blynk, mediaType: "application/json", failure: blynkFailure };
    const fault = faults.take();
    if (fault?.kind === "drop") return null;
    return toResponse(fault ? failure(fault, api.failure) : await handle(api.model, request, url, api.failure), api.mediaType, requestId);
  }

  return {
    answer,
    async fetch(request) {
      const response = await answer(request);
      // What fetch does when the server closes the connection without answering.
      if (!response) throw new TypeError("fetch failed", { cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }) });
      return response;
    },
    faults,
    recrubo,
    blynk,
    credentials: {
      recrubo: { apiKey: recrubo.partnerKeys[0] ?? "" },
      blynk: { clientId: blynk.clients[0]?.clientId ?? "", clientSecret: blynk.clients[0]?.clientSecret ?? "" },
    },
  };
}

type FailureReply = (status: number, title: string) => Reply;

function failure(fault: Exclude<Fault, { kind: "drop" }>, reply: FailureReply): Reply {
  const answer = reply(fault.status, reasons[fault.status] ?? "Error");
  return fault.retryAfterSeconds === undefined ? answer : { ...answer, headers: { "retry-after": String(fault.retryAfterSeconds) } };
}

// A bug in the sandbox answers 500 like a real server would, rather than crashing the caller.
async function handle(model: RecruboSandbox | BlynkSandbox, request: Request, url: URL, reply: FailureReply): Promise<Reply> {
  try {
    return await model.handle(request, url);
  } catch {
    return reply(500, reasons[500]!);
  }
}
