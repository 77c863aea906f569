import { describe, expect, expectTypeOf, test, vi } from "vitest";
import type { paths } from "../../generated/blynk.js";
import type { paths as recruboPaths } from "../../generated/recrubo.js";
import { createSandbox } from "../../src/sandbox/index.js";
import { type Operations, type ParamsOf, type RouteOf, route, serve } from "../../src/sandbox/router.js";
import { FakeClock } from "../support/clock.js";
import { naming } from "../support/messages.js";

const error = (status: number, detail: string) => ({ status, body: { detail } });
const operations = {
  "GET /items/": "list",
  "POST /items/": "create",
  "GET /items/{id}": "show",
  "DELETE /items/{id}": "delete",
  "POST /v1.0/refresh/{itemId}": "refresh",
};

describe("route", () => {
  test("finds the operation for a method and path, with the path's parameters", () => {
    expect(route(operations, "GET", "/items/", error)).toMatchObject({ operation: "list", params: {} });
    expect(route(operations, "DELETE", "/items/42", error)).toMatchObject({
      operation: "delete",
      params: { id: "42" },
    });
    expect(route(operations, "POST", "/v1.0/refresh/7", error)).toMatchObject({
      operation: "refresh",
      params: { itemId: "7" },
    });
  });

  test("makes a trailing slash optional", () => {
    expect(route(operations, "GET", "/items", error)).toMatchObject({ operation: "list" });
    expect(route(operations, "GET", "/items/42/", error)).toMatchObject({ operation: "show", params: { id: "42" } });
  });

  test("serves HEAD as GET", () => {
    expect(route(operations, "HEAD", "/items/42", error)).toMatchObject({ operation: "show" });
  });

  test("answers 404 for a path no route has", () => {
    expect(route(operations, "GET", "/items/42/parts", error)).toEqual({
      status: 404,
      body: { detail: "No route for GET /items/42/parts." },
    });
    expect(route(operations, "GET", "/other", error)).toMatchObject({ status: 404 });
  });

  test("takes the template literally: a dot is a dot, a parameter is one segment", () => {
    expect(route(operations, "POST", "/v1x0/refresh/7", error)).toMatchObject({ status: 404 });
    expect(route(operations, "GET", "/items/4/2", error)).toMatchObject({ status: 404 });
  });

  test("answers 405 with Allow for a method the path does not serve, HEAD listed where GET is", () => {
    expect(route(operations, "PATCH", "/items/42", error)).toEqual({
      status: 405,
      body: { detail: "PATCH is not allowed on /items/42; it allows GET, DELETE, HEAD." },
      headers: { allow: "GET, DELETE, HEAD" },
    });
    expect(route(operations, "GET", "/v1.0/refresh/7", error)).toMatchObject({
      status: 405,
      headers: { allow: "POST" },
    });
  });

  test("RouteOf lists exactly the spec's operations", () => {
    expectTypeOf<RouteOf<paths>>().toEqualTypeOf<
      | "POST /oauth2/token"
      | "GET /api/v1/organization/profile"
      | "GET /api/v1/organization"
      | "DELETE /api/v1/organization"
      | "GET /api/v1/organization/search"
      | "POST /api/v1/organization/create"
      | "PUT /api/v1/organization/edit/name"
    >();
  });
});

describe("serve", () => {
  const replies = {
    "GET /items/": () => ({ status: 200, body: "list" }),
    "GET /items/{id}": ({ id }: { id: string }) => ({ status: 200, body: `show ${id}` }),
    "POST /v1.0/refresh/{itemId}": async ({ itemId }: { itemId: string }) => ({
      status: 201,
      body: `refresh ${itemId}`,
    }),
  };

  test("answers with the operation for the method and path, given the parameters its path names", async () => {
    expect(serve(replies, "GET", "/items", error)).toEqual({ status: 200, body: "list" });
    expect(serve(replies, "HEAD", "/items/42", error)).toEqual({ status: 200, body: "show 42" });
    await expect(serve(replies, "POST", "/v1.0/refresh/7", error)).resolves.toEqual({ status: 201, body: "refresh 7" });
  });

  test("answers route's 404 and 405 without running an operation", () => {
    const spied = {
      "GET /items/": vi.fn(replies["GET /items/"]),
      "GET /items/{id}": vi.fn(replies["GET /items/{id}"]),
      "POST /v1.0/refresh/{itemId}": vi.fn(replies["POST /v1.0/refresh/{itemId}"]),
    };

    expect(serve(spied, "GET", "/nothing", error)).toEqual({
      status: 404,
      body: { detail: "No route for GET /nothing." },
    });
    expect(serve(spied, "DELETE", "/items/42", error)).toMatchObject({ status: 405, headers: { allow: "GET, HEAD" } });
    for (const operation of Object.values(spied)) expect(operation).not.toHaveBeenCalled();
  });

  test("Operations gives each handler exactly the parameters its path names", () => {
    expectTypeOf<ParamsOf<"GET /a/{id}/b/{other}">>().toExtend<{ readonly id: string; readonly other: string }>();
    expectTypeOf<
      Parameters<Operations<recruboPaths>["POST /public/v2/management/refresh-token/{organizationId}"]>[0]
    >().toExtend<{ organizationId: string }>();
    expectTypeOf<Parameters<Operations<recruboPaths>["GET /public/v2/organizations"]>[0]>().not.toHaveProperty("id");
    const misspelt: Pick<Operations<recruboPaths>, "DELETE /public/v2/management/organizations/{id}"> = {
      // @ts-expect-error the path names {id}, not {organizationId}
      "DELETE /public/v2/management/organizations/{id}": ({ organizationId }) => ({
        status: 204,
        body: organizationId,
      }),
    };
    expect(misspelt).toBeDefined();
  });
});

describe("sandbox routing", () => {
  const sandbox = createSandbox({ clock: new FakeClock(), recrubo: { organizations: 1 }, blynk: { organizations: 1 } });
  const send = async (method: string, url: string) => {
    const response = await sandbox.fetch(new Request(url, { method }));
    return { status: response.status, allow: response.headers.get("allow"), body: (await response.json()) as unknown };
  };

  test("answers 405 with Allow, before asking for credentials, in Recrubo's format", async () => {
    expect(await send("DELETE", "https://api.recrubo.app/public/v2/organizations")).toEqual({
      status: 405,
      allow: "GET, HEAD",
      body: {
        errors: [
          {
            code: "method_not_allowed",
            status: 405,
            title: "Method Not Allowed",
            detail: "DELETE is not allowed on /public/v2/organizations; it allows GET, HEAD.",
          },
        ],
      },
    });
    expect(await send("PROPFIND", "https://api.recrubo.app/public/v2/management/organizations/x")).toMatchObject({
      status: 405,
      allow: "GET, PATCH, DELETE, HEAD",
    });
  });

  test("answers 405 with Allow in Blynk's format, the token endpoint included", async () => {
    expect(await send("PATCH", "https://blynk.cloud/api/v1/organization")).toEqual({
      status: 405,
      allow: "GET, DELETE, HEAD",
      body: { error: { message: naming("PATCH", "/api/v1/organization", "GET, DELETE, HEAD") } },
    });
    // The rename moved to its own path: PUT on the old one is a method the path no longer serves.
    expect(await send("PUT", "https://blynk.cloud/api/v1/organization")).toMatchObject({
      status: 405,
      allow: "GET, DELETE, HEAD",
    });
    expect(await send("GET", "https://blynk.cloud/api/v1/organization/edit/name")).toEqual({
      status: 405,
      allow: "PUT",
      body: { error: { message: naming("GET", "/api/v1/organization/edit/name", "PUT") } },
    });
    expect(await send("GET", "https://blynk.cloud/oauth2/token")).toMatchObject({ status: 405, allow: "POST" });
  });

  test("still answers 404 for a path neither API has", async () => {
    expect(await send("GET", "https://blynk.cloud/api/v2/nothing")).toEqual({
      status: 404,
      allow: null,
      body: { error: { message: naming("GET /api/v2/nothing") } },
    });
    expect(await send("GET", "https://api.recrubo.app/public/v2/nothing")).toMatchObject({
      status: 404,
      body: { errors: [{ code: "not_found" }] },
    });
  });

  test("answers HEAD as GET, without the body", async () => {
    const get = await sandbox.fetch(
      new Request("https://api.recrubo.app/public/v2/management/organizations/", {
        headers: { authorization: sandbox.credentials.recrubo.apiKey },
      }),
    );
    const head = await sandbox.fetch(
      new Request("https://api.recrubo.app/public/v2/management/organizations/", {
        method: "HEAD",
        headers: { authorization: sandbox.credentials.recrubo.apiKey },
      }),
    );

    expect(head.status).toBe(get.status);
    expect(head.headers.get("content-type")).toBe("application/vnd.api+json");
    expect(await head.text()).toBe("");
    expect(await get.json()).toMatchObject({ meta: { total: 1 } });
  });
});
