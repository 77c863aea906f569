/** The body's first `limit` bytes, and whether that was all; leaving early closes the stream, downloading no more. */
export async function readUpTo(chunks: AsyncIterable<Uint8Array>, limit: number) {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    parts.push(chunk);
    size += chunk.byteLength;
    if (size > limit) break;
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return { bytes: bytes.subarray(0, limit), complete: size <= limit };
}

/** A stream's chunks (Safari's streams are not async iterable); stopping early cancels it, connection gone or not. */
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
