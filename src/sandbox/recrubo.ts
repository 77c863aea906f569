import type { components, paths } from "../../generated/recrubo.js";
import { commaSeparated, rules } from "../../generated/recrubo.rules.js";
import type { ValidationIssue } from "../errors.js";
import { isRecord } from "../internal/is-record.js";
import { reasons } from "../internal/reasons.js";
import type { Schema } from "../internal/schema.js";
import { check } from "../internal/validation.js";
import type { AdmittedRequest } from "./front-door.js";
import { queryParameters, type Reply, readJson } from "./http.js";
import type { SeededRandom } from "./random.js";
import { type Operations, serve } from "./router.js";
import { type WebhookDelivery, type WebhookEvent, WebhookSender } from "./webhooks.js";

type Organization = components["schemas"]["Organization"];
type Attributes = components["schemas"]["OrganizationAttributes"];

/** An organization as the sandbox keeps it, token included. */
export interface RecruboRecord {
  id: string;
  name: string;
  webhookUrl: string | null;
  webhookSecret: string | null;
  token: string;
  createdAt: string;
  updatedAt: string;
}

export interface RecruboSandboxOptions {
  /** Partner keys the management routes accept. @default ["sandbox-recrubo-partner-key"] */
  partnerKeys?: string[];
  /** Organizations seeded at start. @default 30 */
  organizations?: number;
}

/** The attributes the spec's sort enum names: a new one fails to compile until records sort by it. */
type Sortable = Exclude<components["schemas"]["OrganizationSortField"], `-${string}`>;

const fail = (
  status: number,
  title: string,
  detail: string,
  code = title.toLowerCase().replaceAll(" ", "_"),
): Reply => ({
  status,
  body: { errors: [{ code, status, title, detail }] },
});
const badRequest = (issues: ValidationIssue[]) => ({
  status: 400,
  body: {
    errors: issues.map((issue) => ({
      code: "bad_request",
      status: 400,
      title: "Bad Request",
      detail: `${issue.field} ${issue.message}`,
    })),
  },
});
const notFound = () => fail(404, "Not Found", "Organization not found.");
const titles: Readonly<Record<number, string>> = { ...reasons, 413: "Content Too Large" };

/** An answer in Recrubo's error format: a JSON:API error titled with the status's reason phrase. */
export function recruboError(status: number, detail: string): Reply {
  return fail(status, titles[status] ?? "Error", detail);
}

/**
 * Recrubo's organizations API in memory: partner keys on the management routes, organization
 * tokens on the standard routes, JSON:API documents, filters, sort and page-number paging with
 * `meta`, and token regeneration. Answers follow openapi/recrubo.
 */
export class RecruboSandbox {
  readonly partnerKeys: readonly string[];
  readonly #organizations = new Map<string, RecruboRecord>();
  readonly #random: SeededRandom;
  readonly #now: () => number;
  readonly #webhooks: WebhookSender;

  constructor(options: RecruboSandboxOptions, random: SeededRandom, now: () => number) {
    this.partnerKeys = options.partnerKeys ?? ["sandbox-recrubo-partner-key"];
    this.#random = random;
    this.#now = now;
    this.#webhooks = new WebhookSender(random, now);
    const seededAt = Date.parse("2024-08-20T10:45:07Z");
    for (let index = 1; index <= (options.organizations ?? 30); index++) {
      const at = new Date(seededAt + index * 60_000).toISOString().replace(".000Z", "+00:00");
      this.#insert(
        { name: `Sandbox Org ${String(index).padStart(3, "0")}`, webhookUrl: null, webhookSecret: null },
        at,
      );
    }
  }

  /** Every organization, token included, in creation order: for assertions in tests. */
  organizations(): RecruboRecord[] {
    return [...this.#organizations.values()].map((record) => ({ ...record }));
  }

  /**
   * Every webhook delivery so far, oldest first: each create, update and delete of an
   * organization with a `webhookUrl` is POSTed there (loopback URLs only; others are recorded as
   * `undeliverable` and never sent).
   */
  deliveries(): WebhookDelivery[] {
    return this.#webhooks.deliveries();
  }

  /**
   * Waits for deliveries under way, then retries every failed one whose time has come on the
   * sandbox's clock (5 min, 30 min, 2 h, 6 h, then 15 h 25 min after each failure): move the clock,
   * then call this.
   */
  deliverDue(): Promise<void> {
    return this.#webhooks.deliverDue();
  }

  /** Answers one request whose path starts with `/public/v2/`. */
  async handle(request: AdmittedRequest, url: URL): Promise<Reply> {
    const partner =
      <Params>(operation: (params: Params) => Reply | Promise<Reply>) =>
      (params: Params) =>
        this.#asPartner(request, () => operation(params));
    const owner = (operation: (own: RecruboRecord) => Reply | Promise<Reply>) => (params: { id?: string }) =>
      this.#asOwner(request, params.id, operation);
    const operations: Operations<paths> = {
      "GET /public/v2/management/organizations/": partner(() => this.#list(url)),
      "POST /public/v2/management/organizations/": partner(() => this.#create(request)),
      "GET /public/v2/management/organizations/{id}": partner(({ id }) => this.#show(id, "null")),
      "PATCH /public/v2/management/organizations/{id}": partner(({ id }) =>
        this.#update(request, id, rules.updateOrganization.body, "null"),
      ),
      "DELETE /public/v2/management/organizations/{id}": partner(({ id }) => this.#delete(id)),
      "POST /public/v2/management/refresh-token/{organizationId}": partner(({ organizationId }) =>
        this.#refresh(organizationId),
      ),
      // The operation takes no parameters: the list is the key's own organization, alone.
      "GET /public/v2/organizations": owner((own) => this.#ownList(own)),
      "GET /public/v2/organizations/{id}": owner((own) => this.#show(own.id, "omit")),
      "PATCH /public/v2/organizations/{id}": owner((own) =>
        this.#update(request, own.id, rules.updateOwnOrganization.body, "omit"),
      ),
    };
    return serve(operations, request.method, url.pathname, recruboError);
  }

  /** Runs `operation` for a partner key only: the management routes. */
  #asPartner(request: AdmittedRequest, operation: () => Reply | Promise<Reply>): Reply | Promise<Reply> {
    const key = keyOf(request);
    if (key !== undefined && this.partnerKeys.includes(key)) return operation();
    return this.#ownerOf(key)
      ? fail(403, "Forbidden", "This route needs a partner key.")
      : fail(401, "Unauthorized", "Access denied.");
  }

  /** Runs `operation` for the organization whose token the request carries, when `id` (if any) is that organization. */
  #asOwner(
    request: AdmittedRequest,
    id: string | undefined,
    operation: (own: RecruboRecord) => Reply | Promise<Reply>,
  ): Reply | Promise<Reply> {
    const own = this.#ownerOf(keyOf(request));
    if (!own) return fail(401, "Unauthorized", "Access denied.");
    return id === undefined || id === own.id ? operation(own) : notFound();
  }

  #list(url: URL): Reply {
    const scope = [...this.#organizations.values()];
    const query = queryParameters(url.searchParams, rules.listOrganizations.query, commaSeparated);
    // The spec's rules refuse a sort field or filter it does not list, so types, client and sandbox agree.
    const issues = check(rules.listOrganizations.query, query, "");
    const filter = isRecord(query["filter"]) ? query["filter"] : {};
    const sort = Array.isArray(query["sort"]) ? (query["sort"] as string[]) : [];
    for (const key of url.searchParams.keys()) {
      // How an operator (eql, prefix, gte...) is encoded is not documented, so the sandbox does not
      // guess: it refuses rather than silently ignoring the filter.
      if (/^filter\[[^\]]+\]\[/.test(key))
        issues.push({ field: key, rule: "filter", message: "uses an operator; the sandbox matches exact values only" });
    }
    if (issues.length > 0) return badRequest(issues);

    const page = isRecord(query["page"]) ? query["page"] : {};
    const number = typeof page["number"] === "number" ? page["number"] : 1;
    const size =
      typeof page["size"] === "number"
        ? page["size"]
        : rules.listOrganizations.query.properties.page.properties.size.default;
    const matches = scope
      .filter((record) =>
        Object.entries(filter).every(([name, value]) => String(record[name as keyof RecruboRecord]) === value),
      )
      .sort(bySort(sort));
    return {
      status: 200,
      body: {
        data: matches.slice((number - 1) * size, number * size).map((record) => resource(record, "null")),
        meta: {
          total: matches.length,
          totalUnfiltered: scope.length,
          currentSize: size,
          currentPage: number,
          maxPage: Math.max(1, Math.ceil(matches.length / size)),
        },
      },
    };
  }

  /** The standard route's list: it takes no parameters, and holds the key's own organization alone. */
  #ownList(own: RecruboRecord): Reply {
    const size = rules.listOrganizations.query.properties.page.properties.size.default;
    return {
      status: 200,
      body: {
        data: [resource(own, "omit")],
        meta: { total: 1, totalUnfiltered: 1, currentSize: size, currentPage: 1, maxPage: 1 },
      },
    };
  }

  #show(id: string, token: TokenView): Reply {
    const record = this.#organizations.get(id);
    return record ? { status: 200, body: { data: resource(record, token), meta: {} } } : notFound();
  }

  async #create(request: AdmittedRequest): Promise<Reply> {
    const document = await readJson(request);
    if (document instanceof Error) return fail(400, "Bad Request", document.message);
    const issues = check(rules.createOrganization.body, document, "");
    if (
      issues.length > 0 ||
      !isRecord(document) ||
      !isRecord(document["data"]) ||
      !isRecord(document["data"]["attributes"])
    )
      return badRequest(issues);
    const attributes = document["data"]["attributes"];
    const record = this.#insert(
      {
        name: String(attributes["name"]),
        webhookUrl: stringOrNull(attributes["webhookUrl"]),
        webhookSecret: stringOrNull(attributes["webhookSecret"]),
      },
      timestamp(this.#now()),
    );
    this.#notify(record, "create");
    return { status: 201, body: { data: resource(record, "show"), meta: {} } };
  }

  async #update(request: AdmittedRequest, id: string, bodyRules: Schema, token: TokenView): Promise<Reply> {
    const record = this.#organizations.get(id);
    if (!record) return notFound();
    const document = await readJson(request);
    if (document instanceof Error) return fail(400, "Bad Request", document.message);
    const issues = check(bodyRules, document, "");
    if (
      issues.length > 0 ||
      !isRecord(document) ||
      !isRecord(document["data"]) ||
      !isRecord(document["data"]["attributes"])
    )
      return badRequest(issues);
    // data.id may be left out, as the vendor's webhooks guide does; when sent, it must match.
    if ("id" in document["data"] && document["data"]["id"] !== id)
      return badRequest([{ field: "data.id", rule: "id", message: "must be the id in the URL" }]);
    const attributes = document["data"]["attributes"];
    if (typeof attributes["name"] === "string") record.name = attributes["name"];
    if ("webhookUrl" in attributes) record.webhookUrl = stringOrNull(attributes["webhookUrl"]);
    if ("webhookSecret" in attributes) record.webhookSecret = stringOrNull(attributes["webhookSecret"]);
    record.updatedAt = timestamp(this.#now());
    this.#notify(record, "update", Object.keys(attributes));
    return { status: 200, body: { data: resource(record, token), meta: {} } };
  }

  #delete(id: string): Reply {
    const record = this.#organizations.get(id);
    if (!record) return notFound();
    this.#organizations.delete(id);
    this.#notify(record, "delete");
    return { status: 204 };
  }

  /** Sends the event to the organization's webhookUrl, if it has one; its credentials stay out of the payload. */
  #notify(record: RecruboRecord, event: WebhookEvent, fields?: string[]): void {
    if (record.webhookUrl === null) return;
    const { token: _token, webhookSecret: _secret, ...attributes } = resource(record, "omit").attributes;
    this.#webhooks.send(
      record.webhookUrl,
      record.webhookSecret,
      event,
      { type: "organizations", id: record.id, attributes },
      fields,
    );
  }

  #refresh(id: string): Reply {
    const record = this.#organizations.get(id);
    if (!record) return notFound();
    record.token = this.#random.token(22); // the old token stops working at once
    record.updatedAt = timestamp(this.#now());
    return { status: 200, body: { data: resource(record, "show"), meta: {} } };
  }

  #insert(fields: Pick<RecruboRecord, "name" | "webhookUrl" | "webhookSecret">, at: string): RecruboRecord {
    const record = { id: this.#random.uuid(), ...fields, token: this.#random.token(22), createdAt: at, updatedAt: at };
    this.#organizations.set(record.id, record);
    return record;
  }

  #ownerOf(key: string | undefined): RecruboRecord | undefined {
    if (key === undefined) return undefined;
    for (const record of this.#organizations.values()) if (record.token === key) return record;
    return undefined;
  }
}

/** How a response shows the token: on create and refresh, as null elsewhere on management routes, never on standard routes. */
type TokenView = "show" | "null" | "omit";

function resource(record: RecruboRecord, token: TokenView): Organization {
  const attributes: Attributes = {
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    name: record.name,
    webhookUrl: record.webhookUrl,
    webhookSecret: record.webhookSecret,
    ...(token === "omit" ? {} : { token: token === "show" ? record.token : null }),
  };
  return {
    id: record.id,
    type: "organizations",
    attributes,
    relationships: { users: { links: { related: `/public/v2/users?filter[organizationId]=${record.id}` } } },
  };
}

/** Recrubo accepts the key bare or after `Bearer `. */
function keyOf(request: AdmittedRequest): string | undefined {
  const header = request.headers.get("authorization");
  return header === null ? undefined : header.replace(/^Bearer /, "");
}

function bySort(fields: string[]) {
  return (a: RecruboRecord, b: RecruboRecord): number => {
    for (const field of fields) {
      const name = field.replace(/^-/, "") as Sortable;
      const order = a[name].localeCompare(b[name]) * (field.startsWith("-") ? -1 : 1);
      if (order !== 0) return order;
    }
    return 0;
  };
}

function stringOrNull(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+00:00");
}
