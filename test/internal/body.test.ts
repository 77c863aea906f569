import { describe, expect, test } from "vitest";
import { readFrom, readPrefix } from "../../src/internal/body.js";

const text = '{"name":"Acme Fleet","city":"Kyïv"}';
const served = (
  body: BodyInit | null = text,
  init: ResponseInit = { headers: { "content-type": "application/json" } },
) => new Response(body, init);

/** A body of `chunks` chunks of 1 kB of "A", counting what was pulled and whether it was cancelled. */
function chunked(chunks: number) {
  const source = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      source.pulled++;
      controller.enqueue(new Uint8Array(1024).fill(65));
      if (source.pulled === chunks) controller.close();
    },
    cancel() {
      source.cancelled = true;
    },
  });
  return { response: new Response(stream), source };
}

describe("readPrefix", () => {
  test("reads no more than the limit, and cancels the rest of the download", async () => {
    const { response, source } = chunked(100);
    expect(await readPrefix(response, 3000)).toBe("A".repeat(3000));
    expect(source.pulled).toBeLessThan(10);
    expect(source.cancelled).toBe(true);
  });

  test("stops at the chunk that reaches the limit exactly", async () => {
    const { response, source } = chunked(100);
    expect(await readPrefix(response, 2048)).toBe("A".repeat(2048));
    expect(source.cancelled).toBe(true);
    expect(source.pulled).toBeLessThanOrEqual(3); // two chunks read, at most one more queued ahead
  });

  test("reads a body shorter than the limit whole, across chunks, without cancelling it", async () => {
    const { response, source } = chunked(3);
    expect(await readPrefix(response, 64 * 1024)).toBe("A".repeat(3072));
    expect(source.cancelled).toBe(false);
    const halves = new ReadableStream<Uint8Array>({
      start(controller) {
        const bytes = new TextEncoder().encode(text);
        controller.enqueue(bytes.subarray(0, 20)); // "ï" is two bytes, at 31 and 32: both halves are whole
        controller.enqueue(bytes.subarray(20));
        controller.close();
      },
    });
    expect(await readPrefix(new Response(halves), 64 * 1024)).toBe(text);
  });

  test("reads no body as no text", async () => {
    expect(await readPrefix(served(null, { status: 204 }), 64 * 1024)).toBe("");
    expect(await readPrefix(served(""), 64 * 1024)).toBe("");
  });
});

describe("readFrom", () => {
  const read = async (response: Response, parsed?: { value: unknown }) =>
    readFrom(response, await response.text(), "https://api.example.com/asked", parsed);

  test("keeps the response itself, its status, headers and class", async () => {
    const response = served(text, {
      status: 201,
      statusText: "Created",
      headers: { "content-type": "application/json", "x-request-id": "r-9" },
    });
    const same = await read(response);
    expect(same).toBe(response);
    expect(same).toBeInstanceOf(Response);
    expect([same.status, same.statusText, same.ok, same.headers.get("x-request-id")]).toEqual([
      201,
      "Created",
      true,
      "r-9",
    ]);
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

  test("gives a blob without a type when the answer had no content-type, and a stream for an empty body", async () => {
    const response = await read(new Response(new Blob(["plain"])));
    expect(response.headers.get("content-type")).toBeNull();
    expect((await response.blob()).type).toBe("");
    const empty = await read(served(""));
    expect(empty.body).not.toBeNull();
    expect(await new Response(empty.body).text()).toBe("");
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
    const orgkitRead = await read(served());
    const readText = Object.getPrototypeOf(orgkitRead).text as (this: Response) => Promise<string>;
    await expect(readText.call(new Response("x"))).rejects.toThrow(
      new TypeError("Illegal invocation: not a response orgkit read"),
    );
  });
});
