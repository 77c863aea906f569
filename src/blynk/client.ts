import type { Client } from "openapi-fetch";
import { facade } from "../../generated/blynk.facade.js";
import type { paths } from "../../generated/blynk.js";
import { commaSeparated, rateLimit, rules } from "../../generated/blynk.rules.js";
import type { BlynkOrganizations } from "../../generated/blynk.types.js";
import { createApi } from "../internal/api.js";
import { bindFacade, exchange } from "../internal/facade.js";
import { rawClient } from "../internal/raw.js";
import { pacerFor, resolveSettings, type Settings } from "../internal/settings.js";
import type { Authorizer } from "../internal/transport.js";
import { assertValid, check } from "../internal/validation.js";
import type { CommonOptions } from "../options.js";
import { accessTokenAuthorizer, type BlynkAuth, clientCredentialsAuthorizer } from "./auth.js";
import { blynkErrors, tokenEndpointErrors } from "./errors.js";
import { type IssuedToken, TokenManager } from "./token-manager.js";

export interface BlynkClientOptions extends CommonOptions {
  /** OAuth2 client credentials (tokens managed for you), or an access token. Never logged. */
  auth: BlynkAuth;
  /** Your Blynk server, such as https://fra1.blynk.cloud. @default "https://blynk.cloud" */
  baseUrl?: string;
}

export interface BlynkClient {
  organizations: BlynkOrganizations;
  /** The typed openapi-fetch client for every path of the spec, with the same auth, retries and timeouts. */
  raw: Client<paths, "application/json">;
}

const shared = { mediaType: "application/json", rules, commaSeparated } as const;

/** The token endpoint has no facade method: the client calls it itself. */
const tokenEndpoint = { operationId: "requestAccessToken", args: [] } as const;

/**
 * A client for Blynk Cloud's organizations API.
 * @example
 * const blynk = createBlynkClient({ auth: { clientId, clientSecret }, baseUrl: "https://fra1.blynk.cloud" });
 * const { content, totalElements } = await blynk.organizations.search({ query: "acme" });
 */
export function createBlynkClient(options: BlynkClientOptions): BlynkClient {
  assertValid(check({ type: "object" }, options.auth, "auth"));
  const settings = resolveSettings(options, "https://blynk.cloud");
  const api = createApi(settings, {
    ...shared,
    dialect: blynkErrors,
    authorizer: authorizerFor(options.auth, settings),
    pacer: pacerFor(options.rateLimit, rateLimit),
  });
  return { organizations: bindFacade<BlynkOrganizations>(api, facade.organizations), raw: rawClient(api) };
}

function authorizerFor(auth: BlynkAuth, settings: Settings): Authorizer {
  if (!("clientId" in auth)) return accessTokenAuthorizer(auth.accessToken, settings.redactor);
  const endpoint = createApi(settings, {
    ...shared,
    dialect: tokenEndpointErrors,
    authorizer: clientCredentialsAuthorizer(auth.clientId, auth.clientSecret, settings.redactor),
    // The rate limit counts the organization's API requests; a token request is not one of them.
    pacer: undefined,
    // A token request only ever issues another token, so it is retried like a GET.
    alsoRetried: "POST",
  });
  return new TokenManager({
    requestToken: async (grant) => {
      const parts = { path: {}, query: grant, body: undefined };
      const { response, url, body } = await exchange(endpoint, tokenEndpoint, parts, {});
      // The transport checked the body against the spec's shape of a token.
      return { token: body as IssuedToken["token"], response, url };
    },
    settings,
  });
}
