import type { Client } from "openapi-fetch";
import { facade } from "../../generated/recrubo.facade.js";
import type { paths } from "../../generated/recrubo.js";
import { commaSeparated, rateLimit, rules } from "../../generated/recrubo.rules.js";
import type { RecruboOrganizations, RecruboOwnOrganization } from "../../generated/recrubo.types.js";
import { createApi } from "../internal/api.js";
import { bindFacade } from "../internal/facade.js";
import { rawClient } from "../internal/raw.js";
import { pacerFor, resolveSettings } from "../internal/settings.js";
import type { CommonOptions } from "../options.js";
import { type ApiKey, type AuthScheme, apiKeyAuthorizer } from "./auth.js";
import { recruboErrors } from "./errors.js";

export interface RecruboClientOptions extends CommonOptions {
  /**
   * A partner key (for `organizations`, the management routes) or an organization's own key, its `token`
   * (for `organization`, the standard routes); or a function returning the current one. Never logged.
   */
  apiKey: ApiKey;
  /** `"bearer"` sends `Authorization: Bearer <key>`, `"raw"` the bare key. @default "bearer" */
  authScheme?: AuthScheme;
  /** @default "https://api.recrubo.app" */
  baseUrl?: string;
}

export interface RecruboClient {
  /** The partner's organizations: needs a partner key. */
  organizations: RecruboOrganizations;
  /** The key's own organization: needs an organization key (the `token` that `create` returns). */
  organization: RecruboOwnOrganization;
  /** The typed openapi-fetch client for every path of the spec, with the same auth, retries and timeouts. */
  raw: Client<paths, "application/vnd.api+json">;
}

/**
 * A client for Recrubo's organizations API.
 * @example
 * const recrubo = createRecruboClient({ apiKey: process.env.RECRUBO_PARTNER_KEY! });
 * const { data, meta } = await recrubo.organizations.list({ page: { size: 50 } });
 */
export function createRecruboClient(options: RecruboClientOptions): RecruboClient {
  const settings = resolveSettings(options, "https://api.recrubo.app");
  // Read here, not at import: a bundler keeps a module's top-level property reads, and with them
  // these rules in a Blynk-only app.
  const resourceType = rules.createOrganization.body.properties.data.properties.type.const;
  const api = createApi(settings, {
    mediaType: "application/vnd.api+json", // JSON:API's: requests must send it (`Accept`, `Content-Type`)
    rules,
    commaSeparated,
    dialect: recruboErrors,
    authorizer: apiKeyAuthorizer(options.apiKey, options.authScheme ?? "bearer", settings.redactor),
    pacer: pacerFor(options.rateLimit, rateLimit),
    wrap: (attributes, { id }) => ({ data: { ...(id === undefined ? {} : { id }), type: resourceType, attributes } }),
  });
  return {
    organizations: bindFacade<RecruboOrganizations>(api, facade.organizations),
    organization: bindFacade<RecruboOwnOrganization>(api, facade.organization),
    raw: rawClient(api),
  };
}
