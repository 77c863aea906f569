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
  for (const secret of [clientId, clientSecret, credentials]) redactor.learn(secret, "option");
  return { authorization: async () => `Basic ${credentials}` };
}
