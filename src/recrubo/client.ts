import type { Client } from "openapi-fetch";
import type { paths } from "../../generated/recrubo.js";
import { commaSeparated, rateLimit, rules } from "../../generated/recrubo.rules.js";
import { createApi, rawClient } from "../internal/api.js";
import { bindFacade } from "../internal/facade.js";
import { pacerFor, resolveSettings } from "../internal/settings.js";
import type { CallOptions, CommonOptions } from "../options.js";
import type { PagingOptions } from "../paging/pager.js";
import { type ApiKey, type AuthScheme, apiKeyAuthorizer } from "./auth.js";
import { recruboErrors } from "./errors.js";
import { organization, organizations } from "./operations.js";
import type {
  RecruboCreateAttributes,
  RecruboListParams,
  RecruboOrganization,
  RecruboOrganizationId,
  RecruboOrganizationList,
  RecruboPagingParams,
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

/** JSON:API's media type: Recrubo's responses carry it, and its requests must (`Accept`, and `Content-Type` on bodies). */
const jsonApiMediaType = "application/vnd.api+json";

/** The type of every resource the client sends, as the spec states it. */
const resourceType = rules.createOrganization.body.properties.data.properties.type.const;

/**
 * A client for Recrubo's organizations API.
 * @example
 * const recrubo = createRecruboClient({ apiKey: process.env.RECRUBO_PARTNER_KEY! });
 * const { data, meta } = await recrubo.organizations.list({ page: { size: 50 } });
 */
export function createRecruboClient(options: RecruboClientOptions): RecruboClient {
  const settings = resolveSettings(options, "https://api.recrubo.app");
  const api = createApi(settings, {
    mediaType: jsonApiMediaType,
    rules,
    commaSeparated,
    dialect: recruboErrors,
    authorizer: apiKeyAuthorizer(options.apiKey, options.authScheme ?? "bearer", settings.redactor),
    pacer: pacerFor(options.rateLimit, rateLimit),
    // A JSON:API document around the attributes: the resource's type, and its id when it has one.
    wrap: (attributes, { id }) => ({ data: { ...(id === undefined ? {} : { id }), type: resourceType, attributes } }),
  });
  return {
    organizations: bindFacade<RecruboOrganizations>(api, organizations),
    organization: bindFacade<RecruboOwnOrganization>(api, organization),
    raw: rawClient(api),
  };
}
