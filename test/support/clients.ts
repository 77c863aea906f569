import {
  type BlynkClientOptions,
  createBlynkClient,
  createRecruboClient,
  type RecruboClientOptions,
} from "../../src/index.js";
import type { Sandbox } from "../../src/sandbox/index.js";
import { FakeClock } from "./clock.js";
import { accessToken, partnerKey } from "./fixtures.js";

// The clients as users build them, with test defaults: the fixture credentials (or those of a
// `sandbox`, whose fetch is passed as `fetch`, as users pass it) and a FakeClock, so that a retry's
// backoff is recorded in `clock.sleeps` instead of waited for. Time limits run in real time on that
// clock; a test that decides when an attempt times out passes a `new FakeClock()` of its own and
// advances it. Everything else is the library's default (retries on): a test that wants none says
// `retry: false`.

/** A sandbox whose credentials the client takes, unless the options give others. */
interface Target {
  sandbox?: Sandbox;
}

function clockOf(options: { clock?: unknown }): FakeClock {
  return options.clock instanceof FakeClock ? options.clock : new FakeClock(undefined, { timeLimits: "real" });
}

/** A Recrubo client with the partner key. */
export function recruboClient(options: Partial<RecruboClientOptions> & Target = {}) {
  const { sandbox, ...given } = options;
  const clock = clockOf(given);
  const client = createRecruboClient({
    apiKey: sandbox?.credentials.recrubo.apiKey ?? partnerKey,
    clock,
    ...given,
  });
  return { client, clock };
}

/** A Blynk client with a fixed access token (pass `auth` for OAuth2), or a sandbox's client credentials. */
export function blynkClient(options: Partial<BlynkClientOptions> & Target = {}) {
  const { sandbox, ...given } = options;
  const clock = clockOf(given);
  const client = createBlynkClient({
    auth: sandbox?.credentials.blynk ?? { accessToken },
    clock,
    ...given,
  });
  return { client, clock };
}
