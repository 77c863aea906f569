/** Blynk documents 2 MB as the most a request body may hold; Recrubo documents no limit and gets the same. */
export const bodyLimitBytes = 2 * 1024 * 1024;

/**
 * What the sandbox reads of a request. A fetch `Request` is one; so is the server's view of a Node
 * request, which may carry what `Request` refuses to hold (TRACE, a GET with a body), so that the
 * sandbox, not the constructor, answers it.
 */
export interface SandboxRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Headers;
  readonly body: ReadableStream<Uint8Array> | null;
  readonly signal: AbortSignal;
}

/** A request past the front door, its body read and decoded: what the services see. A `Request` is one too. */
export type AdmittedRequest = Pick<Request, "method" | "headers" | "text">;

/** Why the front door turned a request away; the service it was meant for words the answer. */
export class Refusal {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {}
}

const tooLarge = new Refusal(
  413,
  `The request body is larger than ${bodyLimitBytes} bytes (2 MB), the most the service accepts.`,
);
const notUtf8 = new Refusal(400, "The request body is not valid UTF-8.");

// RFC 9110's uri-host [":" port]: a bracketed IP literal or a registered name, which has no spaces,
// slashes or "@" (a Host such as "a/b" or "user@host" must not change what the request means).
const hostAndPort = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~%!$&'()*+,;=]+)(?::\d{0,5})?$/;

/**
 * The checks every route shares, made before any route sees the request: a URL, a well-formed
 * Host (when there is one: an in-process `Request` has none), no body on GET or HEAD, a body
 * within the limit and in UTF-8. The body is read here, once, chunk by chunk.
 */
export async function admit(request: SandboxRequest): Promise<{ request: AdmittedRequest; url: URL } | Refusal> {
  if (!URL.canParse(request.url)) return new Refusal(400, "The request target is not a valid URL.");
  const host = request.headers.get("host");
  if (host !== null && !hostAndPort.test(host))
    return new Refusal(400, `The Host header ${JSON.stringify(host)} is not a host and an optional port.`);
  if (request.body !== null && (request.method === "GET" || request.method === "HEAD"))
    return new Refusal(400, `A ${request.method} request must not have a body.`);
  // A declared length over the limit is refused before a byte is read.
  if (Number(request.headers.get("content-length")) > bodyLimitBytes) return tooLarge;
  const text = request.body === null ? "" : await readText(request.body);
  if (text instanceof Refusal) return text;
  return {
    request: { method: request.method, headers: request.headers, text: async () => text },
    url: new URL(request.url),
  };
}

/**
 * The body as text, read chunk by chunk. Past the limit, or at the first byte that is not UTF-8,
 * it stops and cancels the stream, so an oversized upload never costs more memory than the limit;
 * `fatal` refuses bad bytes rather than turning them into U+FFFD.
 */
async function readText(body: ReadableStream<Uint8Array>): Promise<string | Refusal> {
  const reader = body.getReader();
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let text = "";
  let size = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    size += chunk.value.byteLength;
    const decoded = size > bodyLimitBytes ? tooLarge : decode(decoder, chunk.value);
    if (decoded instanceof Refusal) return reader.cancel().then(() => decoded);
    text += decoded;
  }
  const rest = decode(decoder); // a sequence cut off at the end is not UTF-8 either
  return rest instanceof Refusal ? rest : text + rest;
}

function decode(decoder: TextDecoder, bytes?: Uint8Array): string | Refusal {
  try {
    return bytes === undefined ? decoder.decode() : decoder.decode(bytes, { stream: true });
  } catch {
    return notUtf8;
  }
}
