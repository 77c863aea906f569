import type { Redactor } from "../internal/redact.js";
import { secretReader } from "../internal/secret.js";
import type { Authorizer } from "../internal/transport.js";
import { assertValid, check } from "../internal/validation.js";
import type { Secret } from "../options.js";

/** A Recrubo key, or a function returning the current one (called for every request). */
export type ApiKey = Secret;

/** How the key is sent: `Authorization: Bearer <key>` (the vendor's guides), or the bare key (its samples). */
export type AuthScheme = "bearer" | "raw";

/** Sends the partner (or organization) key on every attempt. Recrubo keys do not expire, so a 401 is final. */
export function apiKeyAuthorizer(apiKey: ApiKey, scheme: AuthScheme, redactor: Redactor): Authorizer {
  assertValid(check({ enum: ["bearer", "raw"] }, scheme, "authScheme"));
  const key = secretReader(apiKey, "apiKey", redactor);
  return { authorization: async () => (scheme === "bearer" ? `Bearer ${await key()}` : key()) };
}
