import type { Redactor } from "../internal/redact.js";
import type { Authorizer } from "../internal/transport.js";
import { assertValid, check } from "../internal/validation.js";

/** A Recrubo key, or a function returning the current one (called for every request). */
export type ApiKey = string | (() => string | Promise<string>);

/** How the key is sent: `Authorization: Bearer <key>` (the vendor's guides), or the bare key (its samples). */
export type AuthScheme = "bearer" | "raw";

const keySchema = { type: "string", minLength: 1 } as const;

/** Sends the partner (or organization) key on every attempt. Recrubo keys do not expire, so a 401 is final. */
export function apiKeyAuthorizer(apiKey: ApiKey, scheme: AuthScheme, redactor: Redactor): Authorizer {
  assertValid(
    typeof apiKey === "function" ? [] : check(keySchema, apiKey, "apiKey"),
    check({ enum: ["bearer", "raw"] }, scheme, "authScheme"),
  );
  if (typeof apiKey === "string") redactor.add(apiKey);
  return {
    async authorization() {
      const key = typeof apiKey === "function" ? await apiKey() : apiKey;
      assertValid(check(keySchema, key, "apiKey"));
      redactor.add(key);
      return scheme === "bearer" ? `Bearer ${key}` : key;
    },
  };
}
