import { describe, expect, test } from "vitest";
import { readBody, readFrom } from "../../src/internal/body.js";

const text = '{"name":"Acme Fleet","city":"Kyïv"}';
const served = (body: BodyInit | null = text, init: ResponseInit = { headers: { "content-type": "application/json" } }) => new Response(body, init);

describe("readBody", () => {
  test("reads the whole body as text without a limit", async () => {
    expect(await readBody(served(), Infinity)).toBe(text);
  });

  test("reads no more than the limit, and stops the download there", async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024).fill(65));
        if (pulled === 100) controller.close();
      },
    });
    const prefix = await readBody(new Response(stream), 3000);
    expect(prefix).toBe("A".repeat(3000));
    expect(pulled).toBeLessThan(10);
  });

  test("reads a body shorter than the limit whole, in several chunks, and an empty one as no text", async () => {
    expect(await readBody(served(), 64 * 1024)).toBe(text);
    const halves = new ReadableStream<Uint8Array>({
      start(controller) {
        const bytes = new TextEncoder().encode(text);
        controller.enqueue(bytes.subarray(0, 20));
        controller.enqueue(bytes.subarray(20));
        controller.close();
      },
    });
    expect(await readBody(new Response(halves), 64 * 1024)).toBe(text);
    expect(await readBody(served(null, { status: 204 }), 64 * 1024)).toBe("");
  });
});

describe("readFrom", () => {
  const read = async (response: Response, parsed?: { value: unknown }) => readFrom(response, await readBody(response, Infinity), "https://api.example.com/asked", parsed);

  test("keeps the response itself, its status, headers and class", async () => {
    const response = served(text, { status: 201, statusText: "Created", headers: { "content-type": "application/json", "x-request-id": "r-9" } });
    const same = await read(response);
    expect(same).toBe(response);
    expect(same).toBeInstanceOf(Response);
    expect([same.status, same.statusText, same.ok, same.headers.get("x-request-id")]).toEqual([201, "Created", true, "r-9"]);
  });

  test("answers every body method from what was read, as often as asked", async () => {
    const response = await read(served());
    expect(response.bodyUsed).toBe(false);
    await expect(response.text()).resolves.toBe(text);
    await expect(response.text()).resolves.toBe(text);
    await expect(response.json()).resolves.toEqual(JSON.parse(text));
    expect(new TextDecoder().decode(await response.arrayBuffer())).toBe(text);
    expect(new TextDecoder().decode(await response.bytes())).toBe(text);
    const blob = await response.blob();
    expect([await blob.text(), blob.type]).toEqual([text, "application/json"]);
    expect(await new Response(response.body).text()).toBe(text);
    await expect(response.clone().text()).resolves.toBe(text);
  });

  test("hands the JSON already parsed to the first json() only; later calls parse afresh", async () => {
    const parsed = { value: { already: "parsed" } };
    const response = await read(served(), parsed);
    expect(await response.json()).toBe(parsed.value);
    const again = await response.json();
    expect(again).toEqual(JSON.parse(text));
    expect(again).not.toBe(await response.json());
  });

  test("a copy from arrayBuffer cannot change what later reads see", async () => {
    const response = await read(served());
    new Uint8Array(await response.arrayBuffer()).fill(0);
    await expect(response.text()).resolves.toBe(text);
  });

  test("has no body stream for a status that cannot have one", async () => {
    const response = await read(served(null, { status: 204 }));
    expect(response.body).toBeNull();
    await expect(response.text()).resolves.toBe("");
    expect(response.clone().status).toBe(204);
  });

  test("takes the URL asked for when the fetch left the response's empty, and keeps a real one", async () => {
    expect((await read(served())).url).toBe("https://api.example.com/asked");
    const fetched = served();
    Object.defineProperty(fetched, "url", { value: "https://api.example.com/answered" });
    expect((await read(fetched)).url).toBe("https://api.example.com/answered");
  });

  test("refuses a body method called on a response orgkit did not read", async () => {
    const read = await readFromServed();
    const text = Object.getPrototypeOf(read).text as (this: Response) => Promise<string>;
    await expect(text.call(new Response("x"))).rejects.toThrow(TypeError);
  });
});

async function readFromServed(): Promise<Response> {
  const response = served();
  return readFrom(response, await readBody(response, Infinity), "https://api.example.com/");
}
