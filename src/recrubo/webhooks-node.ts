import { WebhookVerificationError } from "../errors.js";
import { RECRUBO_WEBHOOK_MAX_BYTES, type RecruboWebhookPayload, verifyRecruboWebhook } from "./webhooks.js";

/**
 * What the adapter reads of Node's `http.IncomingMessage`, which is one. Named here rather than
 * imported from `node:http`, so that orgkit's declarations compile without Node's types.
 */
export interface NodeIncomingMessage extends AsyncIterable<Uint8Array> {
  headers: Record<string, string | string[] | undefined>;
  destroy(): void;
}

/**
 * `verifyRecruboWebhook` for a Node `http` server's request: reads the body (refusing it past
 * 1 MB without reading the rest) and verifies it as a standard `Request`.
 * @example
 * createServer(async (message, reply) => {
 *   const event = await verifyRecruboWebhookFromNode(message, secret);
 *   reply.writeHead(204).end();
 * });
 */
export async function verifyRecruboWebhookFromNode(
  message: NodeIncomingMessage,
  secret: string,
): Promise<RecruboWebhookPayload> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of message) {
    size += chunk.byteLength;
    if (size > RECRUBO_WEBHOOK_MAX_BYTES) {
      message.destroy();
      throw new WebhookVerificationError("body", `The delivery's body is over ${RECRUBO_WEBHOOK_MAX_BYTES} bytes.`);
    }
    chunks.push(chunk);
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(message.headers)) if (typeof value === "string") headers.set(name, value);
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return verifyRecruboWebhook(new Request("http://localhost/", { method: "POST", headers, body }), secret);
}
