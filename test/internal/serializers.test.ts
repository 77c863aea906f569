import { describe, expect, test, vi } from "vitest";
import { createRecruboClient, ValidationError } from "../../src/index.js";
import { serializePath, serializeQuery } from "../../src/internal/serializers.js";
import { partnerKey } from "../support/fixtures.js";

describe("serializeQuery", () => {
  test("writes values, repeated names for arrays and deepObject brackets", () => {
    expect(serializeQuery({ query: "acme", size: 50, flag: true, ids: [1, 2], page: { number: 2, size: 25 } })).toBe(
      "query=acme&size=50&flag=true&ids=1&ids=2&page[number]=2&page[size]=25",
    );
  });

  test("percent-encodes every name, key and value, so none can add a parameter or end the query", () => {
    expect(serializeQuery({ "a&b=c": "d#e", filter: { "x]&y": "1&z=2" } })).toBe("a%26b%3Dc=d%23e&filter[x%5D%26y]=1%26z%3D2");
  });

  test("leaves out undefined and null, as absent parameters", () => {
    expect(serializeQuery({ a: undefined, b: null, c: "", page: { number: undefined } })).toBe("c=");
  });

  test("refuses a parameter nested deeper than deepObject, naming it", () => {
    expect(() => serializeQuery({ filter: { name: { eq: "x" } } })).toThrow(ValidationError);
    expect(() => serializeQuery({ filter: { name: { eq: "x" } } })).toThrow("filter.name must be a string, number or boolean");
  });
});

describe("serializePath", () => {
  test("fills in and percent-encodes path parameters", () => {
    expect(serializePath("https://x.test/orgs/{id}", { id: "a/b?c#d" })).toBe("https://x.test/orgs/a%2Fb%3Fc%23d");
  });

  test.each(["", ".", ".."])("refuses %j, which would point the URL at another resource", (id) => {
    expect(() => serializePath("https://x.test/orgs/{id}", { id })).toThrow(ValidationError);
  });

  test("guards raw calls too: no request leaves with a climbing path", async () => {
    const fetch = vi.fn(async () => Response.json({}));
    const client = createRecruboClient({ apiKey: partnerKey, fetch, retry: false });

    await expect(client.raw.DELETE("/public/v2/management/organizations/{id}", { params: { path: { id: ".." } } })).rejects.toBeInstanceOf(ValidationError);
    expect(fetch).not.toHaveBeenCalled();
  });
});
