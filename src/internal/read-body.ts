// A body read up to a cap, in one loop for every caller: the transport keeps the start of an
// error body, the webhook verifiers refuse a delivery past their limit. Nothing past the cap is
// downloaded: leaving the loop early closes the stream.

/** The body's first `limit` bytes, and whether that was all of it. */
export async function readUpTo(
  chunks: AsyncIterable<Uint8Array>,
  limit: number,
): Promise<{ bytes: Uint8Array; complete: boolean }> {
  const parts: Uint8Array[] = [];
  let size = 0;
  let complete = true;
  for await (const chunk of chunks) {
    parts.push(chunk);
    size += chunk.byteLength;
    if (size > limit) {
      complete = false;
      break;
    }
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return { bytes: bytes.subarray(0, limit), complete };
}

/**
 * A stream's chunks as an async iterable: not every runtime makes a ReadableStream one (Safari).
 * Stopping early cancels the stream; the connection may be gone by then, which changes nothing.
 */
export async function* chunksOf(stream: ReadableStream<Uint8Array> | null): AsyncGenerator<Uint8Array> {
  if (stream === null) return;
  const reader = stream.getReader();
  let done = false;
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) yield chunk.value;
    done = true;
  } finally {
    if (!done) await reader.cancel().catch(() => {});
  }
}
