/** What stands in for a secret wherever orgkit prints or keeps one. */
export const REDACTED = "[REDACTED]";

// Keys whose values are credentials in either API or in OAuth2: apiKey, clientSecret,
// access_token, refresh_token, webhookSecret, the Recrubo organization `token`, Authorization.
const SECRET_KEY = /secret|token|password|authorization|api[-_]?key/i;

/**
 * Masks secrets in the text, URLs and bodies that end up in errors and logs. It masks by key (any
 * field or query parameter named like a credential) and by value (every secret the client was
 * given or received), so a server echoing a key back in an error message does not leak it either.
 */
export class Redactor {
  // Private, so that util.inspect of a client or error never shows what is being hidden.
  readonly #credentials = new Set<string>();
  readonly #learned = new Set<string>();

  /** Remembers a credential the client was configured with, for the client's whole life. */
  add(secret: string | undefined): void {
    if (isCredential(secret)) this.#credentials.add(secret);
  }

  /**
   * Remembers a secret seen in traffic (a token received, a webhook secret sent). Only the most
   * recent are kept: a long-lived client creating many organizations would otherwise grow this
   * set without end, and every masked string is scanned against it.
   */
  learn(secret: string | undefined): void {
    if (!isCredential(secret)) return;
    this.#learned.delete(secret); // re-inserted as the most recent
    this.#learned.add(secret);
    if (this.#learned.size > learnedLimit) this.#learned.delete(this.#learned.values().next().value!);
  }

  /** Masks every known secret value in `text`. */
  text(text: string): string {
    let masked = text;
    for (const secrets of [this.#credentials, this.#learned]) {
      for (const secret of secrets) masked = masked.replaceAll(secret, REDACTED);
    }
    return masked;
  }

  /** Masks the values of credential-like query parameters, then every known secret. */
  url(url: string): string {
    const queryStart = url.indexOf("?");
    if (queryStart < 0) return this.text(url);
    const query = url
      .slice(queryStart + 1)
      .split("&")
      .map((pair) => {
        const name = decodeURIComponent(pair.split("=", 1)[0]!);
        return SECRET_KEY.test(name) ? `${pair.split("=", 1)[0]}=${REDACTED}` : pair;
      })
      .join("&");
    return this.text(`${url.slice(0, queryStart)}?${query}`);
  }

  /**
   * A copy of an error (a fetch failure's cause, say) whose message and stack have secrets masked:
   * some fetch implementations put the whole URL, query included, in their messages.
   */
  error(error: unknown): unknown {
    if (!(error instanceof Error)) return typeof error === "string" ? this.text(error) : error;
    const copy = new Error(this.url(error.message), error.cause === undefined ? {} : { cause: this.error(error.cause) });
    copy.name = error.name;
    if (error.stack !== undefined) copy.stack = this.url(error.stack);
    if ("code" in error) Object.assign(copy, { code: error.code });
    return copy;
  }

  /** A copy of a parsed body with credential-like fields and known secrets masked. */
  value(value: unknown): unknown {
    if (typeof value === "string") return this.text(value);
    if (Array.isArray(value)) return value.map((item) => this.value(item));
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [
          key,
          SECRET_KEY.test(key) && item !== null && item !== undefined ? REDACTED : this.value(item),
        ]),
      );
    }
    return value;
  }
}

const learnedLimit = 256;

// Very short values would mask ordinary words; no real credential is that short.
function isCredential(secret: string | undefined): secret is string {
  return secret !== undefined && secret.length >= 8;
}
