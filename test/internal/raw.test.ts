import { describe, expect, test } from "vitest";
import { replay } from "../../src/internal/raw.js";

// What openapi-fetch reads for a `raw` call: the server's response, rebuilt from the text the
// transport read once.

const url = "https://api.example.com/things";

describe("replay", () => {
  test("gives openapi-fetch a real Response with the text read, the status, headers and URL", async () => {
    const response = new Response(null, { status: 201, headers: { "x-request-id": "r-9" } });
    const replayed = replay({ response, url, text: '{"id":1}', body: { id: 1 } });

    expect(Object.getPrototypeOf(replayed)).toBe(Response.prototype);
    expect([replayed.status, replayed.url, replayed.headers.get("x-request-id")]).toEqual([201, url, "r-9"]);
    expect(replayed.bodyUsed).toBe(false);
    await expect(replayed.json()).resolves.toEqual({ id: 1 });
    expect(replayed.bodyUsed).toBe(true);
  });

  test("keeps the URL the response came from, when fetch gave one", () => {
    const response = new Response("{}");
    Object.defineProperty(response, "url", { value: "https://api.example.com/moved" });

    expect(replay({ response, url, text: "{}", body: {} }).url).toBe("https://api.example.com/moved");
  });

  test.each([204, 205, 304])("has no body for a %i, which cannot carry one", (status) => {
    expect(replay({ response: new Response(null, { status }), url, text: "", body: undefined }).body).toBeNull();
  });
});
