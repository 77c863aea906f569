import { describe, expect, test } from "vitest";
import { blynkErrors } from "../../src/blynk/errors.js";
import { ValidationError } from "../../src/index.js";
import { createApi } from "../../src/internal/api.js";
import { bindFacade, type Operation, type Rules } from "../../src/internal/facade.js";
import { resolveSettings } from "../../src/internal/settings.js";
import { scripted } from "../support/fetches.js";
import { rejectionOf } from "../support/rejection.js";

// bindFacade on declarations the two specs do not use today, which a spec edit may bring: paging
// without iterator names, and a whole query beside single parameters of its own.

const baseUrl = "https://api.example.com";

const rules: Record<string, Rules> = {
  listThings: {
    route: "GET /things",
    query: {
      type: "object",
      properties: {
        kind: { type: "string", enum: ["a", "b"] },
        page: { type: "integer", minimum: 0 },
        size: { type: "integer", minimum: 1 },
        label: { type: "string", maxLength: 3 },
      },
      required: ["kind", "label"],
      additionalProperties: false,
    },
    response: { type: "object", properties: { things: { type: "array" }, total: { type: "integer" } } },
  },
};

/** A method, and on a paged one without iterator names of its own, its iterators. */
type Method = ((...args: unknown[]) => Promise<unknown>) & {
  items(...args: unknown[]): AsyncIterable<unknown>;
  pages(...args: unknown[]): AsyncIterable<unknown>;
};

function things(operation: Operation, ...answers: Parameters<typeof scripted>) {
  const { fetch, requests } = scripted(...answers);
  const settings = resolveSettings({ fetch, retry: false }, baseUrl);
  const api = createApi(settings, {
    mediaType: "application/json",
    rules,
    commaSeparated: [],
    dialect: blynkErrors,
    authorizer: { authorization: async () => "Bearer t" },
    pacer: undefined,
  });
  return { facade: bindFacade<{ list: Method }>(api, { list: operation }), requests };
}

describe("bindFacade", () => {
  test("puts items and pages on a paged method when the spec names no iterators of the group", async () => {
    const paging = { page: ["page"], size: ["size"], items: ["things"], end: { total: ["total"] } };
    const { facade, requests } = things(
      { operationId: "listThings", args: [{ in: "query" }], paging },
      () => Response.json({ things: [1, 2], total: 2 }),
      () => Response.json({ things: [1, 2], total: 2 }),
    );
    const query = { kind: "a", label: "x", size: 5 };

    const items: unknown[] = [];
    for await (const item of facade.list.items(query)) items.push(item);
    const pages: unknown[] = [];
    for await (const page of facade.list.pages(query)) pages.push(page);

    expect(items).toEqual([1, 2]);
    expect(pages).toEqual([{ things: [1, 2], total: 2 }]);
    expect(requests.map((request) => request.url.search)).toEqual([
      "?kind=a&label=x&size=5&page=0",
      "?kind=a&label=x&size=5&page=0",
    ]);
  });

  test("checks a whole query without the parameters other arguments hold, and sends them all", async () => {
    const operation: Operation = {
      operationId: "listThings",
      args: [
        { name: "kind", in: "query", key: "kind" },
        { in: "query", without: ["kind"] },
      ],
    };
    const { facade, requests } = things(operation, () => Response.json({ things: [], total: 0 }));

    await facade.list("b", { label: "abc" });
    const error = await rejectionOf(facade.list("c", { label: "abcd", kind: "a" }), ValidationError);

    expect(requests.map((request) => request.url.search)).toEqual(["?kind=b&label=abc"]);
    expect(error.issues.map(({ field, rule }) => `${field} ${rule}`)).toEqual([
      "kind enum",
      "label maxLength",
      "kind additionalProperties",
    ]);
  });
});
