import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, expectTypeOf, test } from "vitest";
import {
  RECRUBO_WEBHOOK_SECRET_HEADER,
  type RecruboWebhookPayload,
  verifyRecruboWebhookFromNode,
  type WebhookVerificationError,
} from "../../src/index.js";
import { createSandbox, type SandboxServer, startSandbox } from "../../src/sandbox/index.js";
import { RETRY_DELAYS_MS } from "../../src/sandbox/webhooks.js";
import { recruboClient } from "../support/clients.js";
import { FakeClock } from "../support/clock.js";

const secret = "whsec_sandbox_7d1e9b3f5a";
const closers: Array<() => unknown> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/**
 * A loopback receiver verifying each delivery: it answers `failures` deliveries with 503 first,
 * then 204 for a verified one (401/400 for a refused one), and keeps what it saw.
 */
async function receiver(failures = 0) {
  const seen: Array<{ secretHeader: string | undefined; outcome: RecruboWebhookPayload | WebhookVerificationError }> =
    [];
  let left = failures;
  const server = createServer(async (message: IncomingMessage, reply) => {
    const secretHeader = message.headers[RECRUBO_WEBHOOK_SECRET_HEADER.toLowerCase()] as string | undefined;
    if (left > 0) {
      left--;
      message.resume();
      reply.writeHead(503).end();
      return;
    }
    try {
      seen.push({ secretHeader, outcome: await verifyRecruboWebhookFromNode(message, secret) });
      reply.writeHead(204).end();
    } catch (error) {
      seen.push({ secretHeader, outcome: error as WebhookVerificationError });
      reply.writeHead((error as WebhookVerificationError).reason === "secret" ? 401 : 400).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise((resolve) => server.close(resolve)));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/recrubo`, seen };
}

function inMemory(clock = new FakeClock()) {
  const sandbox = createSandbox({ clock, recrubo: { organizations: 1 } });
  const { client: recrubo } = recruboClient({ sandbox, fetch: sandbox.fetch });
  return { sandbox, recrubo, clock };
}

describe("the Recrubo sandbox's webhooks", () => {
  test("a receiver gets the create event end to end over HTTP, verified and typed", async () => {
    const { url, seen } = await receiver();
    const server: SandboxServer = await startSandbox();
    closers.push(() => server.close());
    const { client: recrubo } = recruboClient({ sandbox: server.sandbox, baseUrl: server.url });

    const created = await recrubo.organizations.create({ name: "Hooked", webhookUrl: url, webhookSecret: secret });
    await server.sandbox.recrubo.deliverDue();

    expect(seen).toHaveLength(1);
    expect(seen[0]!.secretHeader).toBe(secret);
    const event = seen[0]!.outcome as RecruboWebhookPayload;
    expectTypeOf(event.data.attributes.event).toEqualTypeOf<"create" | "update" | "delete">();
    expect(event.data.type).toBe("webhookPayload");
    expect(event.data.attributes).toMatchObject({
      webhookId: null,
      event: "create",
      resource: { type: "organizations", id: created.id, attributes: { name: "Hooked", webhookUrl: url } },
    });
    expect(event.data.attributes).not.toHaveProperty("fields");
    // The payload carries neither the webhook secret nor the organization's key.
    expect(JSON.stringify(event)).not.toContain(secret);
    expect(JSON.stringify(event)).not.toContain(created.attributes.token!);
    expect(server.sandbox.recrubo.deliveries()).toEqual([
      expect.objectContaining({ url, state: "delivered", attempts: [expect.objectContaining({ status: 204 })] }),
    ]);
  });

  test("update and delete are sent too, update naming the fields sent; each delivery has its own id", async () => {
    const { url, seen } = await receiver();
    const { sandbox, recrubo } = inMemory();
    const created = await recrubo.organizations.create({ name: "Hooked", webhookUrl: url, webhookSecret: secret });
    await recrubo.organizations.update(created.id, { name: "Renamed" });
    await recrubo.organizations.delete(created.id);
    await sandbox.recrubo.deliverDue();

    const events = seen.map(({ outcome }) => (outcome as RecruboWebhookPayload).data);
    expect(events.map((data) => data.attributes.event).sort()).toEqual(["create", "delete", "update"]);
    expect(events.find((data) => data.attributes.event === "update")?.attributes).toMatchObject({
      fields: ["name"],
      resource: { attributes: { name: "Renamed" } },
    });
    expect(new Set(events.map((data) => data.id)).size).toBe(3);
    expect(sandbox.recrubo.deliveries().map((delivery) => delivery.state)).toEqual([
      "delivered",
      "delivered",
      "delivered",
    ]);
  });

  test("an organization without webhookUrl sends nothing", async () => {
    const { sandbox, recrubo } = inMemory();
    await recrubo.organizations.create({ name: "Quiet" });
    await sandbox.recrubo.deliverDue();
    expect(sandbox.recrubo.deliveries()).toEqual([]);
  });

  test("a URL off this machine is recorded as undeliverable and never sent", async () => {
    const { sandbox, recrubo } = inMemory();
    await recrubo.organizations.create({
      name: "Elsewhere",
      webhookUrl: "https://hooks.example.com/recrubo",
      webhookSecret: secret,
    });
    await sandbox.recrubo.deliverDue();
    expect(sandbox.recrubo.deliveries()).toEqual([expect.objectContaining({ state: "undeliverable", attempts: [] })]);
    expect(JSON.stringify(sandbox.recrubo.deliveries())).not.toContain(secret);
  });

  test("a receiver failing 3 times gets the event on the 4th attempt, each after its delay on the sandbox's clock", async () => {
    const { url, seen } = await receiver(3);
    const { sandbox, recrubo, clock } = inMemory();
    const start = clock.now();
    await recrubo.organizations.create({ name: "Flaky", webhookUrl: url, webhookSecret: secret });
    await sandbox.recrubo.deliverDue();

    for (const delay of RETRY_DELAYS_MS.slice(0, 3)) {
      const before = sandbox.recrubo.deliveries()[0]!.attempts.length;
      clock.advance(delay - 1);
      await sandbox.recrubo.deliverDue();
      expect(sandbox.recrubo.deliveries()[0]!.attempts).toHaveLength(before); // not yet due
      clock.advance(1);
      await sandbox.recrubo.deliverDue();
      expect(sandbox.recrubo.deliveries()[0]!.attempts).toHaveLength(before + 1);
    }

    const [delivery] = sandbox.recrubo.deliveries();
    expect(delivery!.state).toBe("delivered");
    expect(delivery!.attempts.map((attempt) => [attempt.at - start, attempt.status])).toEqual([
      [0, 503],
      [5 * 60_000, 503],
      [35 * 60_000, 503],
      [155 * 60_000, 204],
    ]);
    expect(seen.map(({ outcome }) => (outcome as RecruboWebhookPayload).data.attributes.event)).toEqual(["create"]);
  });

  test("a receiver that never succeeds gets exactly 6 attempts over 24 hours, then none", async () => {
    const { url } = await receiver(Number.POSITIVE_INFINITY);
    const { sandbox, recrubo, clock } = inMemory();
    const start = clock.now();
    await recrubo.organizations.create({ name: "Down", webhookUrl: url, webhookSecret: secret });
    await sandbox.recrubo.deliverDue();
    // Each time straight to the next due time: bounded, so a sender that never gives up fails here.
    for (let step = 0; step < 10 && sandbox.recrubo.deliveries()[0]!.state === "pending"; step++) {
      clock.advance(sandbox.recrubo.deliveries()[0]!.nextAttemptAt! - clock.now());
      await sandbox.recrubo.deliverDue();
    }
    clock.advance(48 * 3_600_000);
    await sandbox.recrubo.deliverDue();

    const [delivery] = sandbox.recrubo.deliveries();
    expect(delivery!.state).toBe("failed");
    expect(delivery!.nextAttemptAt).toBeUndefined();
    const times = delivery!.attempts.map((attempt) => attempt.at - start);
    expect(times).toEqual([0, 5 * 60_000, 35 * 60_000, 155 * 60_000, 515 * 60_000, 24 * 3_600_000]);
    expect(delivery!.attempts.every((attempt) => attempt.status === 503)).toBe(true);
    expect(RETRY_DELAYS_MS.reduce((sum, delay) => sum + delay, 0)).toBe(24 * 3_600_000);
  });

  test("a network error counts as a failure and is retried", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const { sandbox, recrubo, clock } = inMemory();
    await recrubo.organizations.create({
      name: "Gone",
      webhookUrl: `http://127.0.0.1:${port}/`,
      webhookSecret: secret,
    });
    await sandbox.recrubo.deliverDue();
    const [first] = sandbox.recrubo.deliveries();
    expect(first!.attempts).toEqual([expect.objectContaining({ error: expect.any(String) })]);
    expect(first!.nextAttemptAt).toBe(first!.attempts[0]!.at + RETRY_DELAYS_MS[0]!);
    clock.advance(RETRY_DELAYS_MS[0]!);
    await sandbox.recrubo.deliverDue();
    expect(sandbox.recrubo.deliveries()[0]!.attempts).toHaveLength(2);
  });

  test("a receiver with another secret refuses the delivery, which is then retried", async () => {
    const { url, seen } = await receiver();
    const { sandbox, recrubo } = inMemory();
    await recrubo.organizations.create({ name: "Mismatch", webhookUrl: url, webhookSecret: "whsec_some_other_secret" });
    await sandbox.recrubo.deliverDue();
    expect((seen[0]!.outcome as WebhookVerificationError).reason).toBe("secret");
    expect(sandbox.recrubo.deliveries()[0]).toMatchObject({ state: "pending", attempts: [{ status: 401 }] });
  });
});
