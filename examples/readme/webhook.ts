// examples/readme/webhook.ts
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createRecruboClient, type RecruboWebhookPayload, verifyRecruboWebhookFromNode, WebhookVerificationError } from "orgkit";
import { startSandbox } from "orgkit/sandbox";

const secret = "whsec-change-me-to-a-long-random-string";
const received: RecruboWebhookPayload[] = [];

// Your receiver: a 2xx acknowledges a delivery; anything else and Recrubo tries again later.
const receiver = createServer(async (message, reply) => {
  try {
    received.push(await verifyRecruboWebhookFromNode(message, secret));
    reply.writeHead(204).end();
  } catch (error) {
    const refused = error instanceof WebhookVerificationError;
    reply.writeHead(refused && error.reason === "secret" ? 401 : refused ? 400 : 500).end();
  }
});
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const { port } = receiver.address() as AddressInfo;

// The sandbox sends Recrubo's webhooks to loopback URLs, retrying failures on its own clock.
const server = await startSandbox();
const recrubo = createRecruboClient({ apiKey: server.sandbox.credentials.recrubo.apiKey, baseUrl: server.url });
const created = await recrubo.organizations.create({ name: "Acme", webhookUrl: `http://127.0.0.1:${port}/recrubo`, webhookSecret: secret });

await server.sandbox.recrubo.deliverDue(); // the create event has reached the receiver
const { event, resource } = received[0]!.data.attributes;
console.log(event, resource.id === created.id); // create true

await server.close();
receiver.close();
