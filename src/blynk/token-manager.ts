import type { components } from "../../generated/blynk.js";
import { AuthenticationError } from "../errors.js";
import { untilAborted } from "../internal/abortable.js";
import type { Redactor } from "../internal/redact.js";
import { responseFields } from "../internal/response-error.js";
import { credentialIssues } from "../internal/secret.js";
import type { Settings } from "../internal/settings.js";
import type { Authorizer, Received } from "../internal/transport.js";

/** A token the endpoint issued, with the response it came in (for errors). */
export interface IssuedToken extends Pick<Received, "response" | "url"> {
  token: components["schemas"]["OAuth2Token"];
}

export type TokenGrant = { grant_type: "client_credentials" } | { grant_type: "refresh_token"; refresh_token: string };

export interface TokenManagerConfig {
  /** Calls the token endpoint; rejects with `AuthenticationError` when the grant is refused. */
  requestToken(grant: TokenGrant): Promise<IssuedToken>;
  settings: Pick<Settings, "clock" | "redactor" | "logger">;
}

/**
 * OAuth2 access tokens, cached until shortly before `expires_in` runs out and renewed with the single-use
 * refresh token if one was given (client credentials if it is refused). Concurrent callers share one request.
 */
export class TokenManager implements Authorizer {
  readonly #config: TokenManagerConfig;
  #token: { value: string; renewAt: number } | undefined;
  #refreshToken: string | undefined;
  #pending: Promise<string> | undefined;

  constructor(config: TokenManagerConfig) {
    this.#config = config;
  }

  async authorization(signal: AbortSignal | undefined): Promise<string> {
    return `Bearer ${await untilAborted(this.#accessToken(), signal)}`;
  }

  rejected(authorization: string): void {
    // Only the first caller to see a 401 for this token drops it; later ones already have a new one.
    if (this.#token && authorization === `Bearer ${this.#token.value}`) this.#token = undefined;
  }

  #accessToken(): Promise<string> {
    if (this.#token && this.#config.settings.clock.now() < this.#token.renewAt)
      return Promise.resolve(this.#token.value);
    this.#pending ??= this.#fetchToken().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #fetchToken(): Promise<string> {
    const { requestToken } = this.#config;
    const { clock, redactor, logger } = this.#config.settings;
    const refreshToken = this.#refreshToken;
    this.#refreshToken = undefined; // single use, whatever happens next
    const clientCredentials = { grant_type: "client_credentials" } as const;
    const issued = await (refreshToken === undefined
      ? requestToken(clientCredentials)
      : requestToken({ grant_type: "refresh_token", refresh_token: refreshToken }).catch((error: unknown) => {
          if (!(error instanceof AuthenticationError)) throw error;
          logger?.info("orgkit: the refresh token was refused; requesting a new token with the client credentials");
          return requestToken(clientCredentials);
        }));
    const { token } = issued;
    redactor.learn(token.access_token, "received");
    redactor.learn(token.refresh_token, "received");
    assertUsable(issued, redactor);
    // A refresh token that could not be sent back is no refresh token: client credentials will do.
    const usable = credentialIssues(token.refresh_token, "refresh_token").length === 0;
    this.#refreshToken = usable ? (token.refresh_token ?? undefined) : undefined;
    const lifetimeMs = token.expires_in * 1000;
    // Renewed ahead of expiry by a tenth of the token's life, at most a minute.
    this.#token = { value: token.access_token, renewAt: clock.now() + lifetimeMs - Math.min(60_000, lifetimeMs / 10) };
    logger?.info(`orgkit: obtained a Blynk access token valid for ${token.expires_in} s`);
    return token.access_token;
  }
}

/** Refuses an access token that cannot travel in a header (fetch would refuse it with an error quoting it). */
function assertUsable({ token, response, url }: IssuedToken, redactor: Redactor): void {
  const issues = credentialIssues(token.access_token, "access_token");
  if (issues.length === 0) return;
  const details = issues.map((issue) => ({ message: `${issue.field} ${issue.message}` }));
  const hint = "The token endpoint issued an access token orgkit cannot send; check that baseUrl is your Blynk server.";
  const fields = responseFields(redactor, { method: "POST", url, response }, undefined, hint);
  throw new AuthenticationError({
    ...fields,
    details,
    retryAfterMs: undefined,
    message: `POST ${fields.url}: the token endpoint responded with an unusable token: ${details[0]!.message}`,
  });
}
