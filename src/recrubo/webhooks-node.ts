import { type RecruboWebhookPayload, verifyDelivery } from "./webhooks.js";

/** What is read of Node's `http.IncomingMessage`: declared, not imported, so orgkit's types need no Node types. */
export interface NodeIncomingMessage extends AsyncIterable<Uint8Array> {
  headers: Record<string, string | string[] | undefined>;
  destroy(): void;
}

/**
 * `verifyRecruboWebhook` for a Node `http` server's request: the same checks, the body refused past
 * 1 MB without reading the rest.
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
  const headers = new Headers();
  // Stryker disable next-line ConditionalExpression: Node lists only set-cookie, which no check reads
  for (const [name, value] of Object.entries(message.headers)) if (typeof value === "string") headers.set(name, value);
  return verifyDelivery(headers, message, secret);
}
