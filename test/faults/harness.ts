// The fault matrix's own pieces (clients, scripted fetches and the guard against unhandled
// rejections are in test/support/): answers that misbehave, a real loopback server that misbehaves
// on purpose, a clock whose backoff a test can abort, and the invariants every scenario checks (a
// typed error, every item exactly once).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { expect } from "vitest";
import { type Clock, OrgkitError } from "../../src/index.js";
import { untilAborted } from "../../src/internal/abortable.js";
import { systemClock } from "../../src/internal/clock.js";
import type { Fetch } from "../support/fetches.js";
import { rejection } from "../support/rejection.js";

export const recruboListPath = "/public/v2/management/organizations/";
export const blynkSearchPath = "/api/v1/organization/search";
export const blynkTokenPath = "/oauth2/token";

/**
 * A fake server's fetch that, like a real fetch, rejects at once with the signal's reason when the
 * request's signal is already aborted: such a request is never sent (the support fakes would
 * log it and then wait for an abort event that has already happened).
 */
export function asFetchDoes(fetch: Fetch): Fetch {
  return async (request) => {
    request.signal.throwIfAborted();
    return fetch(request);
  };
}

/** A JSON answer, with any status and headers. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

/** A body answered as is, with a content type. */
export function text(
  body: string,
  status = 200,
  contentType = "text/html; charset=utf-8",
  headers: Record<string, string> = {},
): Response {
  return new Response(body, { status, headers: { "content-type": contentType, ...headers } });
}

/** A connection reset as Node reports it through fetch. */
export function connectionReset(): TypeError {
  return new TypeError("fetch failed", { cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }) });
}

/**
 * A body of `totalBytes` produced on demand, counting what the reader pulled: a client that
 * stops reading early pulls little.
 */
export function hugeBody(totalBytes: number, fill = "x") {
  const chunk = new TextEncoder().encode(fill.repeat(64 * 1024));
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled >= totalBytes) return controller.close();
        const piece = chunk.subarray(0, Math.min(chunk.byteLength, totalBytes - pulled));
        pulled += piece.byteLength;
        controller.enqueue(piece);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => pulled };
}

/** A promise with its settle functions outside. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * A clock whose `sleep` waits until the test calls `wake()`, or rejects with the signal's reason
 * when it aborts: a retry backoff the test can abort in the middle of. Time limits run in real time.
 */
export class BlockingClock implements Clock {
  readonly sleeps: number[] = [];
  readonly schedule = systemClock.schedule;
  #asleep = deferred();
  #wake = deferred();
  constructor(public time = Date.parse("2026-11-23T10:00:00Z")) {}

  now(): number {
    return this.time;
  }

  /** Resolves once a sleep has started. */
  get asleep(): Promise<void> {
    return this.#asleep.promise;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.sleeps.push(ms);
    const wake = this.#wake;
    this.#asleep.resolve();
    await untilAborted(wake.promise, signal);
    this.time += ms;
  }

  wake(): void {
    this.#wake.resolve();
    this.#wake = deferred();
    this.#asleep = deferred();
  }
}

/** What a misbehaving loopback server does with one request. */
export type Misbehaviour = (request: IncomingMessage, response: ServerResponse) => void;

export interface LoopbackServer {
  url: string;
  /** Requests received, in order. */
  requests: Array<{ method: string; url: string }>;
  /** Resolves with the next request's response as soon as it arrives. */
  nextRequest(): Promise<ServerResponse>;
  close(): Promise<void>;
}

/**
 * A real node:http server on 127.0.0.1 that answers each request with the next of `behaviours`
 * (the last repeats). Closing it destroys every connection, stalled ones included.
 */
export async function loopbackServer(...behaviours: Misbehaviour[]): Promise<LoopbackServer> {
  const requests: LoopbackServer["requests"] = [];
  const sockets = new Set<Socket>();
  let waiting = deferred<ServerResponse>();
  const server = createServer((request, response) => {
    requests.push({ method: request.method ?? "", url: request.url ?? "" });
    const behaviour = behaviours[Math.min(requests.length, behaviours.length) - 1];
    // A client that gives up makes writes fail; that is the point, not a server error.
    response.on("error", () => {});
    request.on("error", () => {});
    const arrived = waiting;
    waiting = deferred();
    arrived.resolve(response);
    behaviour?.(request, response);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    nextRequest: () => waiting.promise,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Destroys the connection without answering: a reset before any header. */
export const resetBeforeHeaders: Misbehaviour = (request) => request.socket.destroy();

/** Sends the headers and `part` of a longer body, then destroys the connection. */
export function resetMidBody(part: string, contentType = "application/json"): Misbehaviour {
  return (_, response) => {
    response.writeHead(200, { "content-type": contentType, "content-length": String(Buffer.byteLength(part) + 1000) });
    response.write(part, () => response.socket?.destroy());
  };
}

/** Sends the headers and `part` of the body, then nothing more, ever. */
export function stallMidBody(part: string): Misbehaviour {
  return (_, response) => {
    response.writeHead(200, {
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(part) + 1000),
    });
    response.write(part);
  };
}

/** Writes `raw` bytes straight to the socket, HTTP or not, then closes it. */
export function rawReply(raw: string): Misbehaviour {
  return (request) => request.socket.end(raw);
}

/** Never answers at all. */
export const neverAnswer: Misbehaviour = () => {};

/** Answers `body` as JSON. */
export function answerJson(body: unknown, status = 200): Misbehaviour {
  return (_, response) => {
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify(body));
  };
}

/** A loopback port nothing listens on: connecting to it is refused. */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/**
 * The error a call failed with, checked to be orgkit's typed `Expected` (never a bare
 * SyntaxError, TypeError or RangeError), with a message that prints.
 */
export async function typedFailure<T extends Error>(
  call: Promise<unknown>,
  Expected: abstract new (...args: never[]) => T,
): Promise<T> {
  const error = await rejection(call);
  if (!(error instanceof OrgkitError))
    throw new Error(`expected an OrgkitError, got ${describeError(error)}`, { cause: error });
  if (!(error instanceof Expected))
    throw new Error(`expected a ${Expected.name}, got ${describeError(error)}`, { cause: error });
  expect(typeof error.message).toBe("string");
  expect(typeof String(error)).toBe("string");
  return error;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
}

/** Every item of an iterable, stopping at its error: what was yielded before, and the error. */
export async function drain<T>(iterable: AsyncIterable<T>): Promise<{ items: T[]; error: unknown; failed: boolean }> {
  const items: T[] = [];
  try {
    for await (const item of iterable) items.push(item);
    return { items, error: undefined, failed: false };
  } catch (error) {
    return { items, error, failed: true };
  }
}

/**
 * Items lost (expected, never yielded) and duplicated (yielded more than once), and whether the
 * yielded order is the expected one.
 */
export function tally<Id>(yielded: readonly Id[], expected: readonly Id[]) {
  const counts = new Map<Id, number>();
  for (const id of yielded) counts.set(id, (counts.get(id) ?? 0) + 1);
  const lost = expected.filter((id) => !counts.has(id));
  const duplicated = [...counts].filter(([, count]) => count > 1).map(([id]) => id);
  return { lost, duplicated };
}

/** Asserts every expected id was yielded exactly once, in the expected order. */
export function expectEachOnceInOrder<Id>(yielded: readonly Id[], expected: readonly Id[]): void {
  const { lost, duplicated } = tally(yielded, expected);
  expect({ lost: lost.length, duplicated: duplicated.length }).toEqual({ lost: 0, duplicated: 0 });
  expect(yielded).toEqual(expected);
}

export const range = (from: number, to: number) =>
  Array.from({ length: Math.max(0, to - from + 1) }, (_, index) => from + index);
