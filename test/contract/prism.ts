import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { type SandboxServer, type SandboxServerOptions, startSandbox } from "../../src/sandbox/index.js";

// Spawned with node itself: killing an `npx` wrapper would leave Prism running on its port.
const prismCli = createRequire(import.meta.url).resolve("@stoplight/prism-cli/dist/index.js");

export const specOf = (api: "recrubo" | "blynk") =>
  new URL(`../../openapi/${api}/openapi.yaml`, import.meta.url).pathname;

export interface Prism {
  url: string;
  /** Everything Prism logged, for a failing test's message. */
  log(): string;
  stop(): Promise<void>;
}

/** Starts Prism (`mock` or `proxy`) on a free loopback port; resolves once it listens. */
export async function startPrism(args: string[]): Promise<Prism> {
  const child = spawn(process.execPath, [prismCli, ...args, "-h", "127.0.0.1", "-p", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  // Keep reading after start-up: Prism logs every request, and a full pipe would stall it.
  const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-200_000));
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Prism did not start within 60 s:\n${output}`)), 60_000);
    child.stdout.on("data", () => {
      const listening = /Prism is listening on (http:\/\/\S+)/.exec(output);
      if (listening?.[1]) {
        clearTimeout(timer);
        resolve(listening[1]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Prism exited with code ${code}:\n${output}`));
    });
  });
  return {
    url,
    log: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** One request and the answer that came back through Prism. */
export interface Exchange {
  request: string;
  status: number;
  /** What Prism found wrong with the request or the response (`sl-violations`), if anything. */
  violations: string | null;
  contentType: string | null;
}

/** A fetch that records every exchange, to assert afterwards that Prism found nothing to flag. */
export function recordingFetch() {
  const exchanges: Exchange[] = [];
  return {
    exchanges,
    async fetch(request: Request): Promise<Response> {
      const response = await globalThis.fetch(request);
      exchanges.push({
        request: `${request.method} ${request.url}`,
        status: response.status,
        violations: response.headers.get("sl-violations"),
        contentType: response.headers.get("content-type"),
      });
      return response;
    },
    /** Exchanges Prism flagged, or answered itself with a problem document. */
    flagged(): Exchange[] {
      return exchanges.filter(
        (exchange) => exchange.violations !== null || exchange.contentType?.includes("problem+json"),
      );
    },
  };
}

/**
 * Runs the file's tests through Prism: `prism proxy --errors` in front of a fresh sandbox (with
 * `sandbox` options), or `prism mock` of the spec. After each test, any exchange Prism flagged
 * fails it. Read `url` and `server` inside tests, once `beforeAll` has started them.
 */
export function throughPrism(api: "recrubo" | "blynk", mode: { proxy: SandboxServerOptions } | "mock") {
  let server: SandboxServer | undefined;
  let prism: Prism | undefined;
  const recorder = recordingFetch();
  const started = <T>(value: T | undefined): T => value ?? raise("Prism is not started yet: use it inside a test.");

  beforeAll(async () => {
    if (mode !== "mock") server = await startSandbox(mode.proxy);
    prism = await startPrism(server ? ["proxy", specOf(api), server.url, "--errors"] : ["mock", specOf(api)]);
  });
  afterAll(async () => {
    await prism?.stop();
    await server?.close();
  });
  afterEach(() => {
    expect(recorder.exchanges.length).toBeGreaterThan(0);
    expect(recorder.flagged(), prism?.log().slice(-4000)).toEqual([]);
    recorder.exchanges.length = 0;
  });

  return {
    recorder,
    get url() {
      return started(prism).url;
    },
    get server() {
      return started(server);
    },
  };
}

function raise(message: string): never {
  throw new Error(message);
}
