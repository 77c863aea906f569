/**
 * The sandbox itself failed while answering a request: a bug in orgkit's sandbox, not an answer of
 * the API. In process (`sandbox.fetch`, nock, msw) the request rejects with it, so it surfaces
 * once, as itself, rather than as a 500 the client would take for a server fault and retry; over
 * HTTP the server answers `response` in its place. The sandbox's own error is the `cause`.
 */
export class SandboxBugError extends Error {
  override readonly name = "SandboxBugError";
  /**
   * A code, as Node's errors have: the client's check for a failed connection reads the code of a
   * rejection (or of its cause) first, and this one names no network failure.
   */
  readonly code = "ERR_ORGKIT_SANDBOX_BUG";
  /** What a server answers in its place: 500 in the API's error format, marked `x-orgkit-sandbox-bug: 1`. */
  readonly response: Response;

  constructor(method: string, url: URL, cause: unknown, response: Response) {
    // The path only: a query may hold a credential (Blynk's refresh token).
    const what = (cause instanceof Error ? cause.message : String(cause)).replace(/\.$/, "");
    super(
      `orgkit's sandbox failed to answer ${method} ${url.pathname}: ${what}. This is a bug in the sandbox, not an answer of the API.`,
      { cause },
    );
    this.response = response;
  }
}
