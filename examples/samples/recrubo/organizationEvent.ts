import { verifyRecruboWebhook } from "orgkit";

// In your receiver (Node 18+, Bun, Deno, a worker): a 2xx
// acknowledges the delivery; anything else is retried.
export async function receive(
  request: Request,
): Promise<Response> {
  const event = await verifyRecruboWebhook(
    request,
    process.env.RECRUBO_WEBHOOK_SECRET!,
  ).catch(() => undefined);
  if (!event) return new Response(null, { status: 401 });
  const { event: kind, resource } = event.data.attributes;
  console.log(kind, resource.type, resource.id);
  return new Response(null, { status: 204 });
}
