/** Size of the chunks `upload` makes. */
export const chunkSize = 64 * 1024;

/** An upload of `total` bytes in 64 KiB chunks, each made only when read: `pulled()` says how many bytes were. */
export function upload(total: number) {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled >= total) return controller.close();
        const chunk = new Uint8Array(Math.min(chunkSize, total - pulled)).fill(0x61);
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  return { body, pulled: () => pulled };
}
