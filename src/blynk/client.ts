import type { Client } from "openapi-fetch";
import type { paths } from "../../generated/blynk.js";
import { commaSeparated, rateLimit, rules } from "../../generated/blynk.rules.js";
import { callOptionIssues, createCore } from "../internal/client-core.js";
import { systemClock } from "../internal/clock.js";
import { loggerFor } from "../internal/logging.js";
import { Redactor } from "../internal/redact.js";
import type { Authorizer } from "../internal/transport.js";
import { assertValid, check } from "../internal/validation.js";
import type { CallOptions, CommonOptions } from "../options.js";
import { paginateItems } from "../paging/items.js";
import { type PagingOptions, paginate } from "../paging/pager.js";
import { accessTokenAuthorizer, type BlynkAuth, clientCredentialsAuthorizer } from "./auth.js";
import { blynkErrors, tokenEndpointErrors } from "./errors.js";
import { type BlynkPagingParams, blynkPageSource } from "./paging.js";
import { TokenManager } from "./token-manager.js";
import type {
  BlynkOrganization,
  BlynkOrganizationCreate,
  BlynkOrganizationId,
  BlynkOrganizationPage,
  BlynkOrganizationUpdate,
  BlynkSearchParams,
} from "./types.js";

export interface BlynkClientOptions extends CommonOptions {
  /** OAuth2 client credentials (tokens managed for you), or an access token. Never logged. */
  auth: BlynkAuth;
  /** Your Blynk server, such as https://fra1.blynk.cloud. @default "https://blynk.cloud" */
  baseUrl?: string;
}

/** The organization hierarchy. */
export interface BlynkOrganizations {
  /** The organization the credentials belong to. @see getOrganizationProfile in openapi/blynk */
  profile(options?: CallOptions): Promise<BlynkOrganization>;
  /** One organization. @see getOrganization */
  get(orgId: BlynkOrganizationId, options?: CallOptions): Promise<BlynkOrganization>;
  /** One page of the organizations whose names match `query`. @see searchOrganizations */
  search(params: BlynkSearchParams, options?: CallOptions): Promise<BlynkOrganizationPage>;
  /** Creates an organization, under `parentId` or the credentials' own. @see createOrganization */
  create(organization: BlynkOrganizationCreate, options?: CallOptions): Promise<BlynkOrganization>;
  /** Renames `orgId`, or the credentials' own organization without it: `name` is the one field it changes. @see updateOrganization */
  update(
    organization: BlynkOrganizationUpdate,
    options?: CallOptions & { orgId?: BlynkOrganizationId },
  ): Promise<BlynkOrganization>;
  /** Deletes an organization that has no sub-organizations or devices. @see deleteOrganization */
  delete(orgId: BlynkOrganizationId, options?: CallOptions): Promise<void>;
  /**
   * Every matching organization, page after page, in order.
   * @example for await (const org of blynk.organizations.items({ query: "acme" }, { concurrency: 4 })) console.log(org.name);
   */
  items(params: BlynkPagingParams, options?: PagingOptions): AsyncIterable<BlynkOrganization>;
  /** Every page of search results (`{ content, totalElements }`), in order. */
  pages(params: BlynkPagingParams, options?: PagingOptions): AsyncIterable<BlynkOrganizationPage>;
}

export interface BlynkClient {
  organizations: BlynkOrganizations;
  /** The typed openapi-fetch client for every path of the spec, with the same auth, retries and timeouts. */
  raw: Client<paths, "application/json">;
}

const defaultBaseUrl = "https://blynk.cloud";
const member = "/api/v1/organization";

/**
 * A client for Blynk Cloud's organizations API.
 * @example
 * const blynk = createBlynkClient({ auth: { clientId, clientSecret }, baseUrl: "https://fra1.blynk.cloud" });
 * const { content, totalElements } = await blynk.organizations.search({ query: "acme" });
 */
export function createBlynkClient(options: BlynkClientOptions): BlynkClient {
  const redactor = new Redactor();
  const shared = { rules, commaSeparated, defaultBaseUrl, mediaType: "application/json", redactor } as const;
  assertValid(check({ type: "object" }, options.auth, "auth"));
  const authorizer = authorizerFor(options, shared);
  const core = createCore<paths, "application/json">({
    ...shared,
    options,
    authorizer,
    dialect: blynkErrors,
    rateLimit,
  });

  const organizations: BlynkOrganizations = {
    async profile(call) {
      return core.body("get", "/api/v1/organization/profile", core.init(call));
    },
    async get(orgId, call) {
      assertValid(check(rules.getOrganization.query.properties.orgId, orgId, "orgId"));
      return core.body("get", member, { params: { query: { orgId } }, ...core.init(call) });
    },
    async search(params, call) {
      assertValid(check(rules.searchOrganizations.query, params, ""));
      return core.body("get", "/api/v1/organization/search", { params: { query: params }, ...core.init(call) });
    },
    async create(organization, call) {
      assertValid(check(rules.createOrganization.body, organization, ""));
      return core.body("post", "/api/v1/organization/create", { body: organization, ...core.init(call) });
    },
    async update(organization, options) {
      assertValid(callOptionIssues(options ?? {})); // before spreading: a string would spread into {0: ...}
      const { orgId, ...call } = options ?? {};
      assertValid(
        orgId === undefined ? [] : check(rules.updateOrganization.query.properties.orgId, orgId, "orgId"),
        check(rules.updateOrganization.body, organization, ""),
      );
      const query = orgId === undefined ? {} : { orgId };
      return core.body("put", "/api/v1/organization/edit/name", {
        params: { query },
        body: organization,
        ...core.init(call),
      });
    },
    async delete(orgId, call) {
      assertValid(check(rules.deleteOrganization.query.properties.orgId, orgId, "orgId"));
      // Whatever a successful delete answers (204, or 200 with any JSON body: the transport refuses a success that is not JSON) means done.
      await core.done("delete", member, { params: { query: { orgId } }, parseAs: "text", ...core.init(call) });
    },
    items(params, options = {}) {
      return paginateItems(blynkPageSource(organizations.search, params), options);
    },
    pages(params, options = {}) {
      return paginate(blynkPageSource(organizations.search, params), options);
    },
  };
  return { organizations, raw: core.raw };
}

type Shared = Pick<
  Parameters<typeof createCore>[0],
  "rules" | "commaSeparated" | "defaultBaseUrl" | "mediaType" | "redactor"
>;

function authorizerFor(options: BlynkClientOptions, shared: Shared): Authorizer {
  const { auth } = options;
  if (!("clientId" in auth)) return accessTokenAuthorizer(auth.accessToken, shared.redactor);
  const tokenEndpoint = createCore<paths, "application/json">({
    ...shared,
    // The rate limit counts the organization's API requests; a token request is not one of them.
    options: { ...options, rateLimit: false },
    rateLimit: undefined,
    // A token request only ever issues another token, so it is retried like a GET.
    alsoRetried: "POST",
    authorizer: clientCredentialsAuthorizer(auth.clientId, auth.clientSecret, shared.redactor),
    dialect: tokenEndpointErrors,
  });
  return new TokenManager({
    requestToken: async (grant) => {
      const { data: token, response } = await tokenEndpoint.answer("post", "/oauth2/token", {
        params: { query: grant },
      });
      return { token, response };
    },
    clock: options.clock ?? systemClock,
    redactor: shared.redactor,
    logger: loggerFor(options.logger),
  });
}
