import type { Client } from "openapi-fetch";
import type { paths } from "../../generated/recrubo.js";
import { commaSeparated, rateLimit, rules } from "../../generated/recrubo.rules.js";
import { callOptionIssues, createCore } from "../internal/client-core.js";
import { Redactor } from "../internal/redact.js";
import { assertValid, check } from "../internal/validation.js";
import type { CallOptions, CommonOptions } from "../options.js";
import { paginateItems } from "../paging/items.js";
import { type PagingOptions, paginate } from "../paging/pager.js";
import { type ApiKey, type AuthScheme, apiKeyAuthorizer } from "./auth.js";
import { recruboErrors } from "./errors.js";
import { type RecruboPagingParams, recruboPageSource } from "./paging.js";
import type {
  RecruboCreateAttributes,
  RecruboListParams,
  RecruboOrganization,
  RecruboOrganizationId,
  RecruboOrganizationList,
  RecruboUpdateAttributes,
} from "./types.js";

export interface RecruboClientOptions extends CommonOptions {
  /**
   * A partner key (for `organizations`, the management routes) or an organization's own key, its
   * `token` (for `organization`, the standard routes); or a function returning the current one.
   * Never logged.
   */
  apiKey: ApiKey;
  /** `"bearer"` sends `Authorization: Bearer <key>`, `"raw"` the bare key. @default "bearer" */
  authScheme?: AuthScheme;
  /** @default "https://api.recrubo.app" */
  baseUrl?: string;
}

/** The partner's organizations, on the management routes. */
export interface RecruboOrganizations {
  /** One page of organizations. @see listOrganizations in openapi/recrubo */
  list(params?: RecruboListParams, options?: CallOptions): Promise<RecruboOrganizationList>;
  /** One organization. @see getOrganization */
  get(id: RecruboOrganizationId, options?: CallOptions): Promise<RecruboOrganization>;
  /** Creates an organization; the result carries its new `token`. @see createOrganization */
  create(attributes: RecruboCreateAttributes, options?: CallOptions): Promise<RecruboOrganization>;
  /** Changes the attributes given. `webhookUrl` and `webhookSecret` go together. @see updateOrganization */
  update(
    id: RecruboOrganizationId,
    attributes: RecruboUpdateAttributes,
    options?: CallOptions,
  ): Promise<RecruboOrganization>;
  /** Deletes an organization. @see deleteOrganization */
  delete(id: RecruboOrganizationId, options?: CallOptions): Promise<void>;
  /** Generates a new `token` for an organization and returns the organization with it. @see refreshOrganizationToken */
  refreshToken(id: RecruboOrganizationId, options?: CallOptions): Promise<RecruboOrganization>;
  /**
   * Every organization, page after page, in order.
   * @example for await (const org of recrubo.organizations.items({ sort: ["name"] }, { concurrency: 4 })) console.log(org.attributes.name);
   */
  items(params?: RecruboPagingParams, options?: PagingOptions): AsyncIterable<RecruboOrganization>;
  /** Every page of organizations as a whole list document (`{ data, meta }`), in order. */
  pages(params?: RecruboPagingParams, options?: PagingOptions): AsyncIterable<RecruboOrganizationList>;
}

/**
 * The organization an organization key (its `token`) belongs to, on the standard routes: what that
 * key may do. These routes never show the `token`.
 */
export interface RecruboOwnOrganization {
  /** The key's own organization, from the list route, which holds it alone. @see listOwnOrganizations in openapi/recrubo */
  get(options?: CallOptions): Promise<RecruboOrganization>;
  /**
   * Changes the attributes given. `webhookUrl` and `webhookSecret` go together. Without `id`,
   * orgkit first reads it with `get()`: one more request. @see updateOwnOrganization
   */
  update(
    attributes: RecruboUpdateAttributes,
    options?: CallOptions & { id?: RecruboOrganizationId },
  ): Promise<RecruboOrganization>;
}

export interface RecruboClient {
  /** The partner's organizations: needs a partner key. */
  organizations: RecruboOrganizations;
  /** The key's own organization: needs an organization key (the `token` that `create` returns). */
  organization: RecruboOwnOrganization;
  /** The typed openapi-fetch client for every path of the spec, with the same auth, retries and timeouts. */
  raw: Client<paths, typeof jsonApiMediaType>;
}

/** JSON:API's media type: Recrubo's answers carry it, and its requests must (`Accept`, and `Content-Type` on bodies). */
const jsonApiMediaType = "application/vnd.api+json";

const collection = "/public/v2/management/organizations/";
const member = "/public/v2/management/organizations/{id}";

/**
 * A client for Recrubo's organizations API.
 * @example
 * const recrubo = createRecruboClient({ apiKey: process.env.RECRUBO_PARTNER_KEY! });
 * const { data, meta } = await recrubo.organizations.list({ page: { size: 50 } });
 */
export function createRecruboClient(options: RecruboClientOptions): RecruboClient {
  const redactor = new Redactor();
  const core = createCore<paths, typeof jsonApiMediaType>({
    options,
    rules,
    commaSeparated,
    rateLimit,
    defaultBaseUrl: "https://api.recrubo.app",
    mediaType: jsonApiMediaType,
    authorizer: apiKeyAuthorizer(options.apiKey, options.authScheme ?? "bearer", redactor),
    dialect: recruboErrors,
    redactor,
  });
  // The webhook secrets sent and the organization tokens received are secrets too: remember them
  // so that an error or log line echoing one masks it.
  const remember = <T extends { webhookSecret?: string | null }>(attributes: T) => {
    redactor.learn(attributes.webhookSecret);
    return attributes;
  };
  const revealed = (organization: RecruboOrganization) => {
    redactor.learnReceived(organization.attributes.webhookSecret);
    redactor.learnReceived(organization.attributes.token);
    return organization;
  };
  const attributeRules = {
    create: rules.createOrganization.body.properties.data.properties.attributes,
    update: rules.updateOrganization.body.properties.data.properties.attributes,
    updateOwn: rules.updateOwnOrganization.body.properties.data.properties.attributes,
  };

  const organizations: RecruboOrganizations = {
    async list(params = {}, call) {
      assertValid(check(rules.listOrganizations.query, params, ""));
      return core.body("get", collection, { params: { query: params }, ...core.init(call) });
    },
    async get(id, call) {
      assertValid(check(rules.getOrganization.path.properties.id, id, "id"));
      const document = await core.body("get", member, { params: { path: { id } }, ...core.init(call) });
      return revealed(document.data);
    },
    async create(attributes, call) {
      assertValid(check(attributeRules.create, attributes, ""));
      const body = { data: { type: "organizations" as const, attributes: remember(attributes) } };
      const document = await core.body("post", collection, { body, ...core.init(call) });
      return revealed(document.data);
    },
    async update(id, attributes, call) {
      assertValid(
        check(rules.updateOrganization.path.properties.id, id, "id"),
        check(attributeRules.update, attributes, ""),
      );
      const body = { data: { id, type: "organizations" as const, attributes: remember(attributes) } };
      const document = await core.body("patch", member, { params: { path: { id } }, body, ...core.init(call) });
      return revealed(document.data);
    },
    async delete(id, call) {
      assertValid(check(rules.deleteOrganization.path.properties.id, id, "id"));
      // Whatever a successful delete answers (204, or 200 with any JSON body: the transport refuses a success that is not JSON) means done.
      await core.done("delete", member, { params: { path: { id } }, parseAs: "text", ...core.init(call) });
    },
    async refreshToken(id, call) {
      assertValid(check(rules.refreshOrganizationToken.path.properties.organizationId, id, "id"));
      const path = "/public/v2/management/refresh-token/{organizationId}";
      const document = await core.body("post", path, { params: { path: { organizationId: id } }, ...core.init(call) });
      return revealed(document.data);
    },
    items(params = {}, options = {}) {
      return paginateItems(recruboPageSource(organizations.list, params), options);
    },
    pages(params = {}, options = {}) {
      return paginate(recruboPageSource(organizations.list, params), options);
    },
  };
  const organization: RecruboOwnOrganization = {
    async get(call) {
      const document = await core.body("get", "/public/v2/organizations", core.init(call));
      // The spec's answer shape holds exactly one item, which the transport has checked.
      return revealed(document.data[0]!);
    },
    async update(attributes, options) {
      assertValid(callOptionIssues(options ?? {})); // before spreading: a string would spread into {0: ...}
      const { id, ...call } = options ?? {};
      assertValid(
        id === undefined ? [] : check(rules.updateOwnOrganization.path.properties.id, id, "id"),
        check(attributeRules.updateOwn, attributes, ""),
      );
      const own = id ?? (await organization.get(call)).id;
      const body = { data: { id: own, type: "organizations" as const, attributes: remember(attributes) } };
      const path = "/public/v2/organizations/{id}";
      const document = await core.body("patch", path, { params: { path: { id: own } }, body, ...core.init(call) });
      return revealed(document.data);
    },
  };
  return { organizations, organization, raw: core.raw };
}
