import { vi } from "vitest";

// Fetches for clients to send through: one that records what it is sent, one answering from a
// script, one that never answers, one that must never be called.

/** What a custom fetch is given: the request, and the attempt's signal (its time limit and the caller's abort). */
export type Fetch = (request: Request, init?: { signal: AbortSignal }) => Promise<Response>;

/** A request as a fetch received it. */
export interface SentRequest {
  method: string;
  url: URL;
  headers: Headers;
  /** The body as text, `""` when there is none. */
  body: string;
  /** The status answered, once an answer came. */
  status?: number;
}

/**
 * A fetch in front of `target` that records every request, body included, before passing it on.
 * The target is the real fetch unless given, so that nock answers. `fetch` is a spy, for
 * `toHaveBeenCalled` and its `mock.calls` (the requests themselves); `lines()` gives each request
 * as `METHOD url`.
 */
export function recordingFetch(target: Fetch = (request) => globalThis.fetch(request)) {
  return recorder((request, init) => target(request, init));
}

/** One answer of a scripted fetch: a Response, or a function of the request (which may throw). */
export type Answer = Response | ((request: Request) => Response | Promise<Response>);

/**
 * A fetch that gives each request the next answer (the last one repeats), recording every request
 * as `recordingFetch` does. Sets the response's URL as a real fetch would.
 */
export function scripted(...answers: Answer[]) {
  if (answers.length === 0) throw new Error("scripted() needs at least one answer");
  return recorder(async (request, _init, index) => {
    // A Response can be read once: a repeated answer must be a function.
    const answer = answers[Math.min(index, answers.length - 1)]!;
    const response = typeof answer === "function" ? await answer(request) : answer;
    if (!response.url) Object.defineProperty(response, "url", { value: request.url });
    return response;
  });
}

function recorder(
  answer: (request: Request, init: { signal: AbortSignal } | undefined, index: number) => Promise<Response>,
) {
  const requests: SentRequest[] = [];
  const fetch = vi.fn(async (request: Request, init?: { signal: AbortSignal }): Promise<Response> => {
    const sent: SentRequest = { method: request.method, url: new URL(request.url), headers: request.headers, body: "" };
    const index = requests.push(sent) - 1;
    // Only a request with a body waits to be read, so that the answer to one without comes at once.
    if (request.body !== null) sent.body = await request.clone().text();
    const response = await answer(request, init, index);
    sent.status = response.status;
    return response;
  });
  return { fetch, requests, lines: () => requests.map(({ method, url }) => `${method} ${url.href}`) };
}

/** The one request a recording fetch was sent; fails the test when it was sent more or fewer. */
export function onlyRequest(requests: readonly SentRequest[]): SentRequest {
  const [request, ...others] = requests;
  if (!request || others.length > 0) throw new Error(`expected one request, got ${requests.length}`);
  return request;
}

/**
 * A fetch that never answers: each request waits until the attempt's signal aborts (its time limit
 * or the caller's abort), then rejects with the signal's reason, as fetch does. `onRequest` sees
 * each request as it arrives.
 */
export function hangingFetch(onRequest: (request: Request) => void = () => {}) {
  return vi.fn((request: Request, init?: { signal: AbortSignal }) => {
    const signal = init?.signal ?? request.signal;
    onRequest(request);
    return new Promise<Response>((_, reject) => {
      if (signal.aborted) reject(signal.reason);
      signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    });
  });
}

/** A fetch that must never be called: it records each call and rejects with an error that is no OrgkitError. */
export function forbiddenFetch() {
  const urls: string[] = [];
  const fetch = vi.fn(async (request: Request): Promise<Response> => {
    urls.push(`${request.method} ${request.url}`);
    throw new Error(`fetch was called: ${request.method} ${request.url}`);
  });
  return {
    fetch,
    urls,
    get calls() {
      return urls.length;
    },
  };
}
