/** What stands in for a secret wherever orgkit prints or keeps one. */
export const REDACTED = "[REDACTED]";

// Keys whose values are credentials in either API or in OAuth2: apiKey, clientSecret,
// access_token, refresh_token, webhookSecret, the Recrubo organization `token`, Authorization.
const SECRET_KEY = /secret|token|password|authorization|api[-_]?key/i;

/** How many recent secrets are remembered, and how deep a body or a `cause` chain is copied. */
const learnedLimit = 256;
const depthLimit = 32;
const shortestReceived = 8;

/**
 * Masks secrets in what ends up in errors and logs, by key (a field or query parameter named like a credential)
 * and by value (every secret given or received), so a server echoing a key back in an error does not leak it either.
 */
export class Redactor {
  // Private, so that util.inspect of a client or error never shows what is being hidden.
  readonly #credentials = new Set<string>();
  readonly #learned = new Set<string>();

  /**
   * Remembers a secret: an `"option"` for the client's life; one `"given"` for a request (a key from a function, a
   * webhook secret) or `"received"` (a token) only among the most recent, or a long-lived client would grow the set,
   * scanned for every masked string, without end. A received one must be long enough to be a secret, or a hostile
   * response of "a" would mask every "a" of later messages; what the caller gives is masked at any length.
   */
  learn(secret: unknown, from: "option" | "given" | "received"): void {
    if (typeof secret !== "string" || secret === "") return;
    if (from === "option") this.#credentials.add(secret);
    else if (from === "given" || secret.length >= shortestReceived) {
      this.#learned.delete(secret); // re-inserted as the most recent
      this.#learned.add(secret);
      if (this.#learned.size > learnedLimit) this.#learned.delete(this.#learned.values().next().value!);
    }
  }

  /** Learns every member of a body named like a credential (`webhookSecret`, `token`), however deep. */
  learnIn(value: unknown, from: "given" | "received", depth = 0): void {
    if (value === null || typeof value !== "object" || depth >= depthLimit) return;
    // for-in rather than Object.entries: every result is scanned, and an array per object would be garbage.
    for (const key in value) {
      const member: unknown = Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
      if (typeof member !== "string") this.learnIn(member, from, depth + 1);
      else if (SECRET_KEY.test(key)) this.learn(member, from);
    }
  }

  /** Masks every known secret in `text`; overlapping ones as one, so that none leaves a piece of another. */
  text(text: string): string {
    const spans: Array<[number, number]> = [];
    for (const secrets of [this.#credentials, this.#learned])
      for (const secret of secrets)
        for (let i = text.indexOf(secret); i >= 0; i = text.indexOf(secret, i + 1)) spans.push([i, i + secret.length]);
    if (spans.length === 0) return text;
    spans.sort((a, b) => a[0] - b[0]);
    let masked = "";
    let end = 0;
    for (const [from, to] of spans) {
      if (from >= end) masked += text.slice(end, from) + REDACTED;
      end = Math.max(end, to);
    }
    return masked + text.slice(end);
  }

  /** Masks the values of credential-like query parameters, then every known secret. */
  url(url: string): string {
    const queryStart = url.indexOf("?");
    if (queryStart < 0) return this.text(url);
    const query = url.slice(queryStart + 1).replace(/[^&]+/g, (pair) => {
      const name = pair.split("=", 1)[0]!;
      return SECRET_KEY.test(decoded(name)) ? `${name}=${REDACTED}` : pair;
    });
    return this.text(`${url.slice(0, queryStart)}?${query}`);
  }

  /**
   * An error with secrets masked in its message, stack and causes (some fetches put the whole URL in their messages):
   * a same-class copy, for `instanceof`; a `cause` chain is followed only so deep, lest a cycle exhaust the stack.
   */
  error(error: unknown, depth = 0): unknown {
    if (!(error instanceof Error)) return this.value(error, depth);
    const message = this.url(textOf(error.message));
    const stack = typeof error.stack === "string" ? this.url(error.stack) : undefined;
    const cause =
      error.cause === undefined ? undefined : depth < depthLimit ? this.error(error.cause, depth + 1) : REDACTED;
    // Nothing to mask: the error itself, so that callers can still recognise their own errors.
    if (message === error.message && stack === error.stack && cause === error.cause) return error;
    const copy = Object.create(Object.getPrototypeOf(error) as object) as Error & { code?: unknown };
    // Not enumerable, as on the error copied.
    for (const [key, value] of Object.entries({ message, stack, cause }))
      if (value !== undefined) Object.defineProperty(copy, key, { value, writable: true, configurable: true });
    if (Object.hasOwn(error, "name")) copy.name = textOf(error.name);
    const { code } = error as { code?: unknown };
    if (typeof code === "string" || typeof code === "number") copy.code = code;
    return copy;
  }

  /** A copy of a parsed body, secrets masked; parts nested deeper than any real document are cut, sparing the stack. */
  value(value: unknown, depth = 0): unknown {
    if (typeof value === "string") return this.text(value);
    if (value === null || typeof value !== "object") return value;
    if (depth >= depthLimit) return "[nested too deep]";
    if (Array.isArray(value)) return value.map((item) => this.value(item, depth + 1));
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        SECRET_KEY.test(key) && item !== null && item !== undefined ? REDACTED : this.value(item, depth + 1),
      ]),
    );
  }
}

function decoded(component: string): string {
  try {
    return decodeURIComponent(component);
  } catch {
    return component; // a malformed escape: judge the name as it stands
  }
}

const textOf = (value: unknown) => (typeof value === "string" ? value : "");
