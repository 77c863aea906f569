import { systemClock } from "../internal/clock.js";
import { reasons } from "../internal/reasons.js";
import type { Clock } from "../options.js";
import { BlynkSandbox, type BlynkSandboxOptions, blynkError } from "./blynk.js";
import { SandboxBugError } from "./bug.js";
import { type CorsOption, isPreflight, preflightResponse, withCorsHeaders } from "./cors.js";
import { type Fault, Faults, requestedDelayMs } from "./faults.js";
import { admit, Refusal, type SandboxRequest } from "./front-door.js";
import { type Reply, toResponse } from "./http.js";
import { SeededRandom } from "./random.js";
import { RecruboSandbox, type RecruboSandboxOptions, recruboError } from "./recrubo.js";

export interface SandboxOptions {
  /** Seed of the ids and tokens the sandbox makes up: the same seed and requests give the same data. @default 1 */
  seed?: number;
  recrubo?: RecruboSandboxOptions;
  blynk?: BlynkSandboxOptions;
  /** Delay before every answer, in milliseconds (also `faults.latencyMs`). @default 0 */
  latencyMs?: number;
  /** The sandbox's time, behind token expiry and rate-limit windows. @default Date */
  clock?: Pick<Clock, "now">;
  /**
   * Answers CORS preflights and lets pages read the answers, for a client running in a browser:
   * `true` for any origin, or `{ origins }`. Preflights are answered at once, before latency and
   * faults, which stay for the requests the client itself sends.
   * @default false
   */
  cors?: CorsOption;
}

/** Both services in memory, answering as the specs in openapi/ say. */
export interface Sandbox {
  /** A fetch-style handler: pass it as a client's `fetch` and no network is used at all. */
  fetch(request: Request, init?: { signal?: AbortSignal }): Promise<Response>;
  /**
   * Answers a request; `null` means the connection dropped (a fault), for servers and interceptors.
   * Rejects when the request's body stream fails or its signal aborts, and with a
   * `SandboxBugError` when the sandbox itself fails.
   */
  answer(request: SandboxRequest): Promise<Response | null>;
  /** Every `SandboxBugError` so far, oldest first: a test can check it is empty after each run. */
  readonly bugs: readonly SandboxBugError[];
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
  const bugs: SandboxBugError[] = [];

  async function answer(request: SandboxRequest): Promise<Response | null> {
    const cors = options.cors ?? false;
    if (cors !== false && isPreflight(request)) return preflightResponse(cors, request);
    const requestId = `sandbox-${String(++requests).padStart(6, "0")}`;
    const delay = requestedDelayMs(request.headers);
    const latencyMs = faults.latencyMs + (delay instanceof Refusal ? 0 : delay);
    if (latencyMs > 0) await systemClock.sleep(latencyMs, request.signal);
    const api = isRecrubo(request.url)
      ? { model: recrubo, mediaType: "application/vnd.api+json", error: recruboError }
      : { model: blynk, mediaType: "application/json", error: blynkError };
    const respond = (reply: Reply): Response => {
      const response = toResponse(reply, api.mediaType, requestId);
      if (cors !== false) withCorsHeaders(cors, request, response);
      // HEAD is answered as GET, without the body.
      return request.method === "HEAD" ? new Response(null, response) : response;
    };

    if (delay instanceof Refusal) return respond(api.error(delay.status, delay.detail));
    const admitted = await admit(request);
    // Refused before a fault is taken: a malformed request never reaches the service.
    if (admitted instanceof Refusal) return respond(api.error(admitted.status, admitted.detail));
    const fault = faults.take();
    if (fault) return fault.kind === "drop" ? null : respond(failure(fault, api.error));
    try {
      return respond(await api.model.handle(admitted.request, admitted.url));
    } catch (cause) {
      // The service threw: a bug in the sandbox, not an answer of the API. The request rejects
      // with it, where a 500 would be retried by the client as a server fault and hide it.
      const bug = new SandboxBugError(
        request.method,
        admitted.url,
        cause,
        respond({ ...api.error(500, bugDetail), headers: { "x-orgkit-sandbox-bug": "1" } }),
      );
      bugs.push(bug);
      throw bug;
    }
  }

  return {
    answer,
    async fetch(request, init) {
      // As with fetch, a signal given beside the request is the one that cancels it.
      const { method, url, headers, body } = request;
      const response = await answer(init?.signal ? { method, url, headers, body, signal: init.signal } : request);
      // What fetch does when the server closes the connection without answering.
      if (!response)
        throw new TypeError("fetch failed", {
          cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }),
        });
      return response;
    },
    bugs,
    faults,
    recrubo,
    blynk,
    credentials: {
      recrubo: { apiKey: recrubo.partnerKeys[0] ?? "" },
      blynk: { clientId: blynk.clients[0]?.clientId ?? "", clientSecret: blynk.clients[0]?.clientSecret ?? "" },
    },
  };
}

const bugDetail = "The sandbox failed to answer: this is a bug in orgkit's sandbox, not an answer of the API.";

/** An error answer in the format of the API a request is for. */
type ErrorReply = (status: number, detail: string) => Reply;

/** Recrubo's paths start with /public/v2/; every other path, and a URL that does not parse, is Blynk's. */
function isRecrubo(url: string): boolean {
  return URL.canParse(url) && new URL(url).pathname.startsWith("/public/v2/");
}

function failure(fault: Exclude<Fault, { kind: "drop" }>, error: ErrorReply): Reply {
  const answer = error(fault.status, `Sandbox fault: ${reasons[fault.status] ?? "Error"}.`);
  return fault.retryAfterSeconds === undefined
    ? answer
    : { ...answer, headers: { "retry-after": String(fault.retryAfterSeconds) } };
}
