// `--dry-run`: the client builds and checks the request as it would for real, and its fetch keeps
// the request and throws instead of sending it. Validation runs first, as always; a Blynk client
// is given an access token of its own, so that no token request is made either.
import { REDACTED } from "./output.js";

/** The request a command would send. */
export interface DryRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** Thrown by the dry run's fetch in place of sending: private, so that nothing else can throw it. */
class Unsent extends Error {
  override name = "Unsent";
}

/**
 * A fetch that keeps the first request, its credentials masked, and throws instead of sending it;
 * `unsent(error)` gives that request when `error` is the throw's. The request is kept here rather
 * than on the error, which the client may copy to mask a secret in its stack.
 */
export function dryRun(secretNames: ReadonlySet<string>) {
  let kept: DryRequest | undefined;
  return {
    fetch: async (request: Request): Promise<Response> => {
      const text = await request.text();
      const headers: Record<string, string> = {};
      for (const [name, value] of request.headers)
        headers[name] = name === "authorization" ? value.replace(/^(\S+\s+)?.*$/, `$1${REDACTED}`) : value;
      kept ??= {
        method: request.method,
        url: request.url,
        headers,
        body: text ? maskBody(parse(text), secretNames) : null,
      };
      throw new Unsent("orgkit: dry run, nothing was sent");
    },
    unsent: (error: unknown): DryRequest | undefined => (error instanceof Unsent ? kept : undefined),
  };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The body with every member the specs mark as a secret masked (a webhook secret being sent). */
function maskBody(value: unknown, names: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((item) => maskBody(item, names));
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([name, member]) => [
      name,
      names.has(name) && typeof member === "string" ? REDACTED : maskBody(member, names),
    ]),
  );
}

/** The request as HTTP would carry it, for a terminal. */
export function requestText(request: DryRequest): string {
  const head = [
    `${request.method} ${request.url}`,
    ...Object.entries(request.headers).map(([name, value]) => `${name}: ${value}`),
  ];
  const body =
    request.body === null
      ? ""
      : `\n${typeof request.body === "string" ? request.body : JSON.stringify(request.body, null, 2)}\n`;
  return `${head.join("\n")}\n${body}`;
}
