import { getEventListeners } from "node:events";
import { describe, expect, test } from "vitest";
import { ValidationError } from "../../src/index.js";
import { blynkClient, recruboClient } from "../support/clients.js";
import { hangingFetch, onlyRequest, scripted } from "../support/fetches.js";
import { blynkBaseUrl, blynkOrganization, recruboDocument } from "../support/fixtures.js";
import { rejectionOf } from "../support/rejection.js";

// `raw` through a client: what openapi-fetch builds reaches the transport with the caller's signal
// and a URL that stays on baseUrl.

describe("raw", () => {
  test("the caller's signal ends a call in flight with its reason, and aborts fetch's", async () => {
    const signals: AbortSignal[] = [];
    const fetch = hangingFetch((request) => signals.push(request.signal));
    const { client } = blynkClient({ fetch, retry: false });
    const controller = new AbortController();
    const reason = new Error("stopped by the caller");

    const call = client.raw.GET("/api/v1/organization", { params: { query: { orgId: 1 } }, signal: controller.signal });
    await Promise.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort(reason);

    await expect(call).rejects.toBe(reason);
    expect(signals).toHaveLength(1);
    expect(signals[0]!.aborted).toBe(true);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  test("an aborted signal sends nothing", async () => {
    const { fetch, requests } = scripted(() => Response.json(blynkOrganization));
    const { client } = blynkClient({ fetch });
    const reason = new Error("already stopped");

    const error = await rejectionOf(
      client.raw.GET("/api/v1/organization", { params: { query: { orgId: 1 } }, signal: AbortSignal.abort(reason) }),
      Error,
    );

    expect(error).toBe(reason);
    expect(requests).toHaveLength(0);
  });

  test.each([
    ["", `${blynkBaseUrl}/`],
    ["?orgId=1", `${blynkBaseUrl}/?orgId=1`],
  ])("a path %j stays on baseUrl and is sent", async (path, sent) => {
    const { fetch, requests } = scripted(() => Response.json(blynkOrganization));
    const { client } = blynkClient({ fetch });

    await client.raw.GET(path as never);

    expect(onlyRequest(requests).url.href).toBe(sent);
  });

  test("a path that leaves baseUrl is refused by name, nothing sent", async () => {
    const { fetch, requests } = scripted(() => Response.json(blynkOrganization));
    const { client } = blynkClient({ fetch });

    const error = await rejectionOf(client.raw.GET(".evil.example/x" as never), ValidationError);

    expect(error.issues).toEqual([expect.objectContaining({ field: "path", rule: "format" })]);
    expect(requests).toHaveLength(0);
  });

  test("a JSON body openapi-fetch labels application/json is sent with the API's media type", async () => {
    const { fetch, requests } = scripted(() =>
      Response.json(recruboDocument, { status: 201, headers: { "content-type": "application/vnd.api+json" } }),
    );
    const { client } = recruboClient({ fetch, retry: false });
    const body = { data: { type: "organizations", attributes: { name: "Acme" } } } as const;

    await client.raw.POST("/public/v2/management/organizations/", { body });

    expect(onlyRequest(requests).headers.get("content-type")).toBe("application/vnd.api+json");
    expect(JSON.parse(onlyRequest(requests).body)).toEqual(body);
  });
});
