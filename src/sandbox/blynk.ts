import type { components, operations, paths } from "../../generated/blynk.js";
import { sandbox as documented, rateLimit, rules } from "../../generated/blynk.rules.js";
import type { ValidationIssue } from "../errors.js";
import { isRecord } from "../internal/is-record.js";
import type { Schema } from "../internal/schema.js";
import { check } from "../internal/validation.js";
import type { AdmittedRequest } from "./front-door.js";
import { declaredFields, queryParameters, type Reply, readJson } from "./http.js";
import type { SeededRandom } from "./random.js";
import { type Operations, serve } from "./router.js";

type Organization = components["schemas"]["Organization"];
type SortLabel = NonNullable<operations["searchOrganizations"]["parameters"]["query"]["sortBy"]>;
type NewOrganization = Pick<Organization, "name" | "tz"> &
  Partial<Pick<Organization, "description" | "parentOrganizationId" | "unitSystem" | "phoneNumber">>;

/** An OAuth2 client the token endpoint accepts, and the organization its tokens act for. */
export interface BlynkSandboxClient {
  clientId: string;
  clientSecret: string;
  /** @default 1, the root organization */
  orgId?: number;
}

export interface BlynkSandboxOptions {
  /** @default [{ clientId: "sandbox-blynk-client-id", clientSecret: "sandbox-blynk-client-secret" }] */
  clients?: BlynkSandboxClient[];
  /** Lifetime of access and refresh tokens. @default 86400, as Blynk documents (the spec's `x-orgkit-sandbox`) */
  tokenLifetimeSeconds?: number;
  /** Requests per minute per organization before 429. @default 10000, as Blynk documents (the spec's `x-rate-limit`) */
  rateLimitPerMinute?: number;
  /** Organizations seeded under the root at start. @default 30 */
  organizations?: number;
}

interface Grant {
  orgId: number;
  expiresAt: number;
}

const rootId = 1;
const maxLevels = documented.hierarchyDepth;
const minute = 60_000;
const notAccessible = "Organization is not found or you don't have access to it.";

/** An answer in Blynk's error format, `{ error: { message } }`. */
export const blynkError = (status: number, message: string): Reply => ({ status, body: { error: { message } } });
const error = blynkError;
const invalid = (issues: ValidationIssue[]) =>
  error(
    400,
    `Some of the validations have not been passed: ${issues.map((issue) => `${issue.field} ${issue.message}`).join("; ")}.`,
  );
const oauthError = (code: string, description: string): Reply => ({
  status: 400,
  body: { error: code, error_description: description },
});

/**
 * Blynk Cloud's organizations API in memory: an OAuth2 token endpoint issuing expiring access
 * tokens and single-use refresh tokens, an organization hierarchy under a root, search with
 * sorting and 0-based paging, and the documented limit of 10,000 requests a minute. Answers
 * follow openapi/blynk.
 */
export class BlynkSandbox {
  readonly clients: readonly BlynkSandboxClient[];
  readonly #organizations = new Map<number, Organization>();
  #lastId = 0;
  readonly #accessTokens = new Map<string, Grant>();
  readonly #refreshTokens = new Map<string, Grant & { clientId: string }>();
  readonly #window = new Map<number, { start: number; count: number }>();
  readonly #options: BlynkSandboxOptions;
  readonly #random: SeededRandom;
  readonly #now: () => number;

  constructor(options: BlynkSandboxOptions, random: SeededRandom, now: () => number) {
    this.#options = options;
    this.clients = options.clients ?? [
      { clientId: "sandbox-blynk-client-id", clientSecret: "sandbox-blynk-client-secret" },
    ];
    this.#random = random;
    this.#now = now;
    this.#add({
      name: "Acme Corp",
      description: "The sandbox's root organization",
      tz: "Europe/Kyiv",
      unitSystem: "METRIC",
      phoneNumber: "+11234567890",
    });
    for (let index = 1; index <= (options.organizations ?? 30); index++) {
      // Every fifth organization sits one level deeper, under the one before it.
      const parentOrganizationId = index % 5 === 0 ? index : rootId;
      this.#add({
        name: `Acme Branch ${String(index).padStart(3, "0")}`,
        tz: "Europe/Kyiv",
        unitSystem: "METRIC",
        parentOrganizationId,
      });
    }
  }

  /** Every organization, in id order: for assertions in tests. */
  organizations(): Organization[] {
    return [...this.#organizations.values()].map((organization) => ({ ...organization }));
  }

  /** Answers one request whose path starts with `/api/v1/` or is `/oauth2/token`. */
  async handle(request: AdmittedRequest, url: URL): Promise<Reply> {
    const authorized = (operation: (own: number) => Reply | Promise<Reply>) => () =>
      this.#authorized(request, operation);
    const operations: Operations<paths> = {
      "POST /oauth2/token": () => this.#token(request, url),
      "GET /api/v1/organization/profile": authorized((own) => ({ status: 200, body: this.#organizations.get(own) })),
      "GET /api/v1/organization": authorized((own) => this.#get(url, own)),
      "PUT /api/v1/organization/edit/name": authorized((own) => this.#update(request, url, own)),
      "DELETE /api/v1/organization": authorized((own) => this.#delete(url, own)),
      "GET /api/v1/organization/search": authorized((own) => this.#search(url, own)),
      "POST /api/v1/organization/create": authorized((own) => this.#create(request, own)),
    };
    return serve(operations, request.method, url.pathname, error);
  }

  /** Runs `operation` for the organization the request's access token acts for, within the rate limit. */
  #authorized(request: AdmittedRequest, operation: (own: number) => Reply | Promise<Reply>): Reply | Promise<Reply> {
    const grant = this.#accessTokens.get(request.headers.get("authorization")?.replace(/^Bearer /, "") ?? "");
    // A token dies with its organization, as it does when it expires.
    if (!grant || grant.expiresAt <= this.#now() || !this.#organizations.has(grant.orgId))
      return error(401, "Invalid or missing token.");
    const waitSeconds = this.#overRateLimit(grant.orgId);
    if (waitSeconds !== undefined)
      return { ...error(429, "Too many requests."), headers: { "retry-after": String(waitSeconds) } };
    return operation(grant.orgId);
  }

  #token(request: AdmittedRequest, url: URL): Reply {
    const [id, secret] = basicCredentials(request.headers.get("authorization"));
    const client = this.clients.find((candidate) => candidate.clientId === id && candidate.clientSecret === secret);
    if (!client || !this.#organizations.has(client.orgId ?? rootId))
      return oauthError("invalid_client", "Client ID is not found or password is wrong.");
    const grantType = url.searchParams.get("grant_type");
    let orgId = client.orgId ?? rootId;
    if (grantType === "refresh_token") {
      const token = url.searchParams.get("refresh_token") ?? "";
      const grant = this.#refreshTokens.get(token);
      this.#refreshTokens.delete(token); // each refresh token works once
      if (!grant || grant.clientId !== client.clientId || grant.expiresAt <= this.#now()) {
        return oauthError("invalid_grant", "Refresh token is invalid, expired or already used.");
      }
      orgId = grant.orgId;
    } else if (grantType !== "client_credentials") {
      return grantType === null
        ? oauthError("invalid_request", "grant_type is required.")
        : oauthError("unsupported_grant_type", `Grant type ${grantType} is not supported.`);
    }
    const lifetime = this.#options.tokenLifetimeSeconds ?? documented.tokenLifetimeSeconds;
    const grant = { orgId, expiresAt: this.#now() + lifetime * 1000 };
    const accessToken = this.#random.token(40);
    const refreshToken = this.#random.token(40);
    this.#accessTokens.set(accessToken, grant);
    this.#refreshTokens.set(refreshToken, { ...grant, clientId: client.clientId });
    return {
      status: 200,
      body: { access_token: accessToken, token_type: "Bearer", expires_in: lifetime, refresh_token: refreshToken },
    };
  }

  #get(url: URL, own: number): Reply {
    const query = this.#query(url, rules.getOrganization.query);
    if (Array.isArray(query)) return invalid(query);
    const organization = this.#accessible(Number(query["orgId"]), own);
    return organization ? { status: 200, body: organization } : error(404, notAccessible);
  }

  #search(url: URL, own: number): Reply {
    const query = this.#query(url, rules.searchOrganizations.query);
    if (Array.isArray(query)) return invalid(query);
    const {
      sortBy = "Organization Id",
      sortOrder = "ASC",
      page = 0,
      size = rules.searchOrganizations.query.properties.size.default,
    } = query;
    // The spec's enum has already refused a label it does not list.
    const key = this.#sortKey(sortBy as SortLabel);
    const text = String(query["query"]).toLowerCase();
    const matches = [...this.#organizations.values()]
      .filter(
        (organization) => this.#accessible(organization.id, own) && organization.name.toLowerCase().includes(text),
      )
      .sort((a, b) => compare(key(a), key(b)) * (sortOrder === "DESC" ? -1 : 1));
    const start = Number(page) * Number(size);
    return {
      status: 200,
      body: { content: matches.slice(start, start + Number(size)), totalElements: matches.length },
    };
  }

  async #create(request: AdmittedRequest, own: number): Promise<Reply> {
    const body = await readJson(request);
    if (body instanceof Error) return error(400, body.message);
    const issues = check(rules.createOrganization.body, body, "");
    if (issues.length > 0 || !isRecord(body)) return invalid(issues);
    const parentId = typeof body["parentId"] === "number" ? body["parentId"] : own;
    const parent = this.#accessible(parentId, own);
    if (!parent) return error(404, "Parent organization is not found or you don't have access to it.");
    if (this.#level(parent.id) >= maxLevels) {
      return invalid([
        {
          field: "parentId",
          rule: "depth",
          message: `is at level ${maxLevels}, and a hierarchy is at most ${maxLevels} levels deep`,
        },
      ]);
    }
    // The body passed the create rules above, so its declared fields are an OrganizationCreate.
    // `type` is taken but not kept: no answer of the current documentation shows it.
    const {
      parentId: _,
      type: __,
      ...fields
    } = declaredFields(body, rules.createOrganization.body) as components["schemas"]["OrganizationCreate"];
    return { status: 201, body: this.#add({ tz: parent.tz, ...fields, parentOrganizationId: parent.id }) };
  }

  async #update(request: AdmittedRequest, url: URL, own: number): Promise<Reply> {
    const query = this.#query(url, rules.updateOrganization.query);
    if (Array.isArray(query)) return invalid(query);
    const body = await readJson(request);
    if (body instanceof Error) return error(400, body.message);
    const issues = check(rules.updateOrganization.body, body, "");
    if (issues.length > 0 || !isRecord(body)) return invalid(issues);
    const organization = this.#accessible(query["orgId"] === undefined ? own : Number(query["orgId"]), own);
    if (!organization) return error(404, notAccessible);
    // Typed as the spec's organization: a field the spec renames fails to compile here.
    const changes = declaredFields(body, rules.updateOrganization.body) as components["schemas"]["OrganizationUpdate"];
    Object.assign(organization, { ...changes, lastModifiedTs: this.#now() } satisfies Partial<Organization>);
    return { status: 200, body: { ...organization } };
  }

  #delete(url: URL, own: number): Reply {
    const query = this.#query(url, rules.deleteOrganization.query);
    if (Array.isArray(query)) return invalid(query);
    const orgId = Number(query["orgId"]);
    if (!this.#accessible(orgId, own))
      return error(404, `Organization with identifier ${orgId} is not found or you don't have access to it.`);
    if (orgId === own || orgId === rootId)
      return invalid([
        { field: "orgId", rule: "own", message: "is your own or the root organization, which cannot be deleted" },
      ]);
    if (this.#children(orgId) > 0)
      return invalid([{ field: "orgId", rule: "children", message: "has sub-organizations; delete them first" }]);
    this.#organizations.delete(orgId);
    return { status: 204 };
  }

  /** The query as parameters, or the issues that break the operation's rules. */
  #query(url: URL, schema: Schema): Record<string, unknown> | ValidationIssue[] {
    const query = queryParameters(url.searchParams, schema);
    const issues = check(schema, query, "");
    return issues.length > 0 ? issues : query;
  }

  /** The organization if it is `own` or below it in the hierarchy. */
  #accessible(orgId: number, own: number): Organization | undefined {
    for (
      let current = this.#organizations.get(orgId);
      current;
      current = this.#organizations.get(current.parentOrganizationId ?? 0)
    ) {
      if (current.id === own) return this.#organizations.get(orgId);
      if (current.parentOrganizationId === undefined || current.parentOrganizationId === current.id) break;
    }
    return undefined;
  }

  /** How deep an organization sits: the root is level 1. */
  #level(orgId: number): number {
    let level = 1;
    for (
      let current = this.#organizations.get(orgId);
      current?.parentOrganizationId !== undefined;
      current = this.#organizations.get(current.parentOrganizationId)
    )
      level++;
    return level;
  }

  #children(orgId: number): number {
    return [...this.#organizations.values()].filter((organization) => organization.parentOrganizationId === orgId)
      .length;
  }

  #add(fields: NewOrganization): Organization {
    const id = ++this.#lastId;
    const organization: Organization = { id, ...fields, lastModifiedTs: this.#now() };
    this.#organizations.set(id, organization);
    return organization;
  }

  /** Seconds until the organization's minute window resets, once it is over the limit. */
  #overRateLimit(orgId: number): number | undefined {
    const now = this.#now();
    const window = this.#window.get(orgId);
    if (!window || now - window.start >= minute) {
      this.#window.set(orgId, { start: now, count: 1 });
      return undefined;
    }
    window.count++;
    const limit = this.#options.rateLimitPerMinute ?? (rateLimit.requests * minute) / rateLimit.perMs;
    return window.count > limit ? Math.ceil((window.start + minute - now) / 1000) : undefined;
  }

  /** The sort key for a `sortBy` label of the older documentation (the sandbox has no devices or users). */
  #sortKey(sortBy: SortLabel): (organization: Organization) => string | number {
    switch (sortBy) {
      case "Organization Id":
        return (organization) => organization.id;
      case "Name":
        return (organization) => organization.name.toLowerCase();
      case "Sub Organizations": {
        // Counted once for the whole sort, not once per comparison.
        const children = new Map<number, number>();
        for (const { parentOrganizationId: parent } of this.#organizations.values()) {
          if (parent !== undefined) children.set(parent, (children.get(parent) ?? 0) + 1);
        }
        return (organization) => children.get(organization.id) ?? 0;
      }
      case "Device Count":
      case "User Count":
        return () => 0;
    }
  }
}

function compare(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function basicCredentials(header: string | null): [string, string] | [] {
  if (!header?.startsWith("Basic ")) return [];
  let decoded: string;
  try {
    decoded = new TextDecoder().decode(Uint8Array.from(atob(header.slice(6)), (char) => char.charCodeAt(0)));
  } catch {
    return []; // not base64: refused like wrong credentials
  }
  const colon = decoded.indexOf(":");
  return colon < 0 ? [] : [decoded.slice(0, colon), decoded.slice(colon + 1)];
}
