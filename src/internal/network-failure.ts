// How fetches reject when the network fails: a system error's code, on the error or its cause (undici keeps
// it in `cause`; nock, Node agents and Bun set it directly), for DNS, refused and dropped connections, TLS and
// responses that are not HTTP (llhttp's HPE_); else a TypeError in the engine's words (browsers, Deno,
// node-fetch). Another code (a corrupt gzip body, a bad argument) and anything else a fetch throws is not.
const networkCode =
  /^(E(?!RR_)[A-Z]+(_[A-Z]+)*|UND_ERR_\w+|HPE_\w+|ERR_(SOCKET|TLS|SSL|HTTP2)_\w+|ERR_STREAM_PREMATURE_CLOSE|\w*(CERT|SSL)\w*|ConnectionRefused|ConnectionClosed|FailedToOpenSocket)$/;
const networkMessage =
  /^(fetch failed|failed to fetch|load failed|networkerror when attempting to fetch resource|network error|terminated|error sending request|request to .* failed)/i;

/** Whether `error` is how a fetch reports that the network failed, rather than a bug or a bad body. */
export function isNetworkFailure(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  const code = codeOf(error) ?? codeOf(error.cause);
  if (code !== undefined) return networkCode.test(code);
  return error instanceof TypeError && networkMessage.test(error.message);
}

function codeOf(error: unknown): string | undefined {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === "string" ? code : undefined;
}

/** The failure in words: undici reports "fetch failed" and keeps the reason (ECONNREFUSED, ...) in `cause`. */
export function describeCause(error: Error): string {
  const { cause } = error;
  return cause instanceof Error ? `${error.message} (${codeOf(cause) ?? cause.message})` : error.message;
}

/** A browser fails a request refused by CORS as it fails a network error, saying why only in its console. */
export function corsHint(url: string): string {
  const page = (globalThis as { location?: { origin?: unknown } }).location?.origin;
  if (typeof page !== "string" || page === "null" || page === new URL(url).origin) return "";
  return `. In a browser this is also how a request refused by CORS fails: the API must allow the origin ${page}`;
}
