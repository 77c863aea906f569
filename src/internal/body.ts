// Reading an answer's body once: the transport reads it (all of a success, to check it against the
// spec; the start of an error), and openapi-fetch and callers of `raw` read it from there. Both APIs
// answer JSON or text only, so a body is read as text.

/** The text of the body's first `limit` bytes: the rest is not downloaded. */
export async function readPrefix(response: Response, limit: number): Promise<string> {
  if (response.body === null) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let size = 0;
  while (size < limit) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  if (size >= limit) await reader.cancel().catch(() => {}); // the connection may already be gone; the prefix is all we need
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return decoder.decode(bytes.subarray(0, limit));
}

// As Response.text() decodes: UTF-8, a leading BOM dropped, malformed bytes replaced.
const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** What the transport read of a response. */
interface Read {
  text: string;
  /** The JSON parsed from it while checking it, until the first `json()` takes it. */
  parsed: { value: unknown } | undefined;
}

const reads = new WeakMap<Response, Read>();

/** Whether the transport read this response (a middleware may answer with its own). */
export function wasRead(response: Response): boolean {
  return reads.has(response);
}

function readOf(response: Response): Read {
  const read = reads.get(response);
  if (!read) throw new TypeError("Illegal invocation: not a response orgkit read");
  return read;
}

/**
 * The class of a response whose body the transport read: its body methods answer from the text
 * read, as often as asked. Responses become one by taking its prototype (see `readFrom`), never by
 * construction. It is made on first use: naming `Response` when orgkit is imported would load
 * Node 20's fetch implementation then, tens of milliseconds of every cold start.
 */
function readResponse(): typeof Response {
  ReadResponse ??= class ReadResponse extends Response {
    override async text(): Promise<string> {
      return readOf(this).text;
    }

    override async json(): Promise<unknown> {
      return takeParsed(this);
    }

    override async arrayBuffer(): Promise<ArrayBuffer> {
      return encoder.encode(readOf(this).text).buffer;
    }

    override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
      return encoder.encode(readOf(this).text);
    }

    override async blob(): Promise<Blob> {
      return new Blob([readOf(this).text], { type: this.headers.get("content-type") ?? "" });
    }

    override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
      return nullBody.has(this.status) ? null : new Blob([readOf(this).text]).stream();
    }

    override get bodyUsed(): boolean {
      return false;
    }

    override clone(): Response {
      const { text } = readOf(this);
      return readFrom(new Response(nullBody.has(this.status) ? null : text, this), text, this.url);
    }
  };
  return ReadResponse;
}

let ReadResponse: typeof Response | undefined;

// Statuses whose response cannot have a body (fetch refuses to build one with).
const nullBody = new Set([101, 103, 204, 205, 304]);

/**
 * The JSON of a response the transport read: the value it parsed while checking it, the first
 * time (then it is let go), the text parsed again after that.
 */
export function takeParsed(response: Response): unknown {
  const read = readOf(response);
  const { parsed } = read;
  read.parsed = undefined;
  return parsed ? parsed.value : JSON.parse(read.text);
}

/**
 * The server's own response, made to answer its body methods from `text`, which the transport
 * has read: no second Response is built, and the body can be read again (by openapi-fetch, then by
 * a caller of `raw`). `parsed`, the JSON the transport already parsed from it, is what the first
 * `json()` returns, so a body is parsed once. The URL defaults to `url` where a custom fetch (the
 * sandbox's handler, say) left it empty.
 */
export function readFrom(response: Response, text: string, url: string, parsed?: { value: unknown }): Response {
  reads.set(response, { text, parsed });
  Object.setPrototypeOf(response, readResponse().prototype);
  if (!response.url) Object.defineProperty(response, "url", { value: url });
  return response;
}
