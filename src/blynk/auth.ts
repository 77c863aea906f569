import type { Redactor } from "../internal/redact.js";
import type { Authorizer } from "../internal/transport.js";
import { assertValid, check } from "../internal/validation.js";

/** How a Blynk client authenticates. */
export type BlynkAuth =
  /** OAuth2 client credentials from the Blynk Console (Developer Zone, OAuth2); tokens are managed for you. */
  | { clientId: string; clientSecret: string }
  /** An access token you manage, or a function returning the current one (called for every request). */
  | { accessToken: string | (() => string | Promise<string>) };

const nonEmpty = { type: "string", minLength: 1 } as const;

/** Sends `Authorization: Bearer <token>` with a token the caller manages. */
export function accessTokenAuthorizer(accessToken: string | (() => string | Promise<string>), redactor: Redactor): Authorizer {
  assertValid(typeof accessToken === "function" ? [] : check(nonEmpty, accessToken, "auth.accessToken"));
  if (typeof accessToken === "string") redactor.add(accessToken);
  return {
    async authorization() {
      const token = typeof accessToken === "function" ? await accessToken() : accessToken;
      assertValid(check(nonEmpty, token, "auth.accessToken"));
      redactor.add(token);
      return `Bearer ${token}`;
    },
  };
}

/** HTTP Basic client authentication, for the token endpoint. */
export function clientCredentialsAuthorizer(clientId: string, clientSecret: string, redactor: Redactor): Authorizer {
  assertValid(check(nonEmpty, clientId, "auth.clientId"), check(nonEmpty, clientSecret, "auth.clientSecret"));
  // btoa takes Latin-1 only; encode as UTF-8 first so any id or secret works.
  const credentials = btoa(String.fromCharCode(...new TextEncoder().encode(`${clientId}:${clientSecret}`)));
  const authorization = `Basic ${credentials}`;
  redactor.add(clientSecret);
  redactor.add(credentials);
  return { authorization: async () => authorization };
}
