import { describe, expect, test } from "vitest";
import { chunksOf, readUpTo } from "../../src/internal/read-body.js";

const text = '{"name":"Acme Fleet","city":"Kyïv"}';
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

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
  return { stream, source };
}

describe("readUpTo", () => {
  test("reads no more than the limit, says so, and cancels the rest of the download", async () => {
    const { stream, source } = chunked(100);
    const { bytes, complete } = await readUpTo(chunksOf(stream), 3000);
    expect(decode(bytes)).toBe("A".repeat(3000));
    expect(complete).toBe(false);
    expect(source.pulled).toBeLessThan(10);
    expect(source.cancelled).toBe(true);
  });

  test("a body of exactly the limit is whole", async () => {
    const { stream, source } = chunked(2);
    const { bytes, complete } = await readUpTo(chunksOf(stream), 2048);
    expect([decode(bytes), complete, source.cancelled]).toEqual(["A".repeat(2048), true, false]);
  });

  test("reads a body shorter than the limit whole, across chunks, without cancelling it", async () => {
    const { stream, source } = chunked(3);
    expect(decode((await readUpTo(chunksOf(stream), 64 * 1024)).bytes)).toBe("A".repeat(3072));
    expect(source.cancelled).toBe(false);
    const halves = new ReadableStream<Uint8Array>({
      start(controller) {
        const bytes = new TextEncoder().encode(text);
        controller.enqueue(bytes.subarray(0, 20)); // "ï" is two bytes, at 31 and 32: both halves are whole
        controller.enqueue(bytes.subarray(20));
        controller.close();
      },
    });
    expect(decode((await readUpTo(chunksOf(halves), 64 * 1024)).bytes)).toBe(text);
  });

  test("reads no body as no bytes", async () => {
    expect(await readUpTo(chunksOf(null), 10)).toEqual({ bytes: new Uint8Array(0), complete: true });
    expect((await readUpTo(chunksOf(new Response("").body), 10)).bytes).toHaveLength(0);
  });

  test("reads any async iterable of chunks, such as a Node request", async () => {
    async function* message() {
      yield new TextEncoder().encode("ab");
      yield new TextEncoder().encode("cd");
    }
    expect(await readUpTo(message(), 3)).toEqual({ bytes: new TextEncoder().encode("abc"), complete: false });
  });
});
