import { describe, expect, test } from "vitest";
import { declaredFields, queryParameters, readJson } from "../../src/sandbox/http.js";

const schema = { type: "object", properties: { page: { type: "object", properties: { size: { type: "integer" } } }, name: { type: "string" } } };

describe("queryParameters", () => {
  test("nests name[key] pairs and makes integers of integer parameters", () => {
    expect({ ...queryParameters(new URLSearchParams("page[size]=5&name=7"), schema) }).toEqual({ page: { size: 5 }, name: "7" });
  });

  test("keeps __proto__ and constructor as parameter names, in objects without a prototype", () => {
    const query = queryParameters(new URLSearchParams("__proto__[x]=1&constructor[prototype]=2&__proto__=3"), schema);

    expect(Object.getPrototypeOf(query)).toBeNull();
    expect(Object.getPrototypeOf(query["constructor"])).toBeNull();
    expect(Object.keys(query)).toEqual(["__proto__", "constructor"]);
    expect(query["__proto__"]).toBe("3");
    expect(({} as Record<string, unknown>)["x"]).toBeUndefined();
  });
});

describe("readJson", () => {
  test("parses every object without a prototype, a __proto__ key kept as a key", async () => {
    const body = await readJson(new Request("https://x.example", { method: "POST", body: `{"__proto__":{"x":1},"list":[{"constructor":{"prototype":{"x":1}}}]}` }));

    expect(Object.getPrototypeOf(body)).toBeNull();
    const { list } = body as { list: Record<string, unknown>[] };
    expect(Object.getPrototypeOf(list[0])).toBeNull();
    expect(Object.keys(body as object)).toEqual(["__proto__", "list"]);
    expect((body as Record<string, unknown>)["toString"]).toBeUndefined();
  });

  test("answers undefined for an empty body and an Error for one that is not JSON", async () => {
    expect(await readJson(new Request("https://x.example", { method: "POST", body: "" }))).toBeUndefined();
    expect(await readJson(new Request("https://x.example", { method: "POST", body: "{" }))).toEqual(new Error("The request body is not valid JSON."));
  });
});

describe("declaredFields", () => {
  test("keeps only the fields the schema declares", () => {
    const body = JSON.parse(`{"name":"a","__proto__":{"x":1},"constructor":{"prototype":{}},"toString":1}`) as Record<string, unknown>;

    const fields = declaredFields(body, schema);

    expect(fields).toEqual({ name: "a" });
    expect(Object.keys(fields)).toEqual(["name"]);
  });
});
