import type { Redactor } from "../internal/redact.js";
import { basicSecret, basicUserId, credentialIssues, secretReader } from "../internal/secret.js";
import type { Authorizer } from "../internal/transport.js";
import { assertValid } from "../internal/validation.js";
import type { Secret } from "../options.js";

/** How a Blynk client authenticates. */
export type BlynkAuth =
  /** OAuth2 client credentials from the Blynk Console (Developer Zone, OAuth2); tokens are managed for you. */
  | { clientId: string; clientSecret: string }
  /** An access token you manage, or a function returning the current one (called for every request). */
  | { accessToken: Secret };

/** Sends `Authorization: Bearer <token>` with a token the caller manages. */
export function accessTokenAuthorizer(accessToken: Secret, redactor: Redactor): Authorizer {
  const token = secretReader(accessToken, "auth.accessToken", redactor);
  return { authorization: async () => `Bearer ${await token()}` };
}

/** HTTP Basic client authentication, for the token endpoint. */
export function clientCredentialsAuthorizer(clientId: string, clientSecret: string, redactor: Redactor): Authorizer {
  assertValid(
    credentialIssues(clientId, "auth.clientId", basicUserId),
    credentialIssues(clientSecret, "auth.clientSecret", basicSecret),
  );
  // btoa takes Latin-1 only; encode as UTF-8 first so any id or secret works.
  const credentials = btoa(String.fromCharCode(...new TextEncoder().encode(`${clientId}:${clientSecret}`)));
  redactor.learn(clientId, "option");
  redactor.learn(clientSecret, "option");
  redactor.learn(credentials, "option");
  return { authorization: async () => `Basic ${credentials}` };
}
