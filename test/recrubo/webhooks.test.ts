import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { afterEach, describe, expect, expectTypeOf, test } from "vitest";
import {
  OrgkitError,
  RECRUBO_WEBHOOK_MAX_BYTES,
  RECRUBO_WEBHOOK_SECRET_HEADER,
  type RecruboWebhookPayload,
  verifyRecruboWebhook,
  verifyRecruboWebhookFromNode,
  WebhookVerificationError,
} from "../../src/index.js";
import { naming } from "../support/messages.js";
import { rejectionOf } from "../support/rejection.js";

const secret = "whsec_3f9a1c7e5b2d8f4a6c0e";
const payload = {
  data: {
    type: "webhookPayload",
    id: "0b5c7f0e-2d4f-4a4e-9a57-1f6f7d9c2e11",
    attributes: {
      webhookId: null,
      event: "update",
      fields: ["name"],
      resource: { type: "organizations", id: "6e6816eb-fc1d-42bd-bb00-eff973ad207d", attributes: { name: "Acme" } },
    },
  },
};

function delivery(
  body: BodyInit | null,
  header: string | null = secret,
  headers: Record<string, string> = {},
): Request {
  return new Request("http://127.0.0.1/recrubo", {
    method: "POST",
    headers: {
      "content-type": "application/vnd.api+json",
      ...(header === null ? {} : { [RECRUBO_WEBHOOK_SECRET_HEADER]: header }),
      ...headers,
    },
    body,
  });
}

/** Every way an error can be shown: none may hold either secret. */
function shown(error: Error): string {
  return [
    error.message,
    error.stack,
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true }),
    String(error),
  ].join("\n");
}

describe("verifyRecruboWebhook", () => {
  test("returns the payload, typed from the spec's webhooks section", async () => {
    const event = await verifyRecruboWebhook(delivery(JSON.stringify(payload)), secret);
    expect(event).toEqual(payload);
    expectTypeOf(event.data.attributes.event).toEqualTypeOf<"create" | "update" | "delete">();
    expectTypeOf(event).toEqualTypeOf<RecruboWebhookPayload>();
  });

  test.each([
    ["missing", null],
    ["empty", ""],
    ["one character off", `${secret.slice(0, -1)}b`],
    ["a prefix", secret.slice(0, 8)],
    ["longer", `${secret}x`],
    ["the secret in other case", secret.toUpperCase()],
  ])("refuses a secret that is %s, showing neither secret", async (_, sent) => {
    const error = await rejectionOf(
      verifyRecruboWebhook(delivery(JSON.stringify(payload), sent), secret),
      WebhookVerificationError,
    );
    expect(error).toBeInstanceOf(OrgkitError);
    expect(error.reason).toBe("secret");
    expect(error.name).toBe("WebhookVerificationError");
    expect(error.message).toContain(RECRUBO_WEBHOOK_SECRET_HEADER);
    const text = shown(error);
    expect(text).not.toContain(secret);
    if (sent) expect(text).not.toContain(sent);
  });

  test.each([
    ["not JSON", `{"data": "${secret}`],
    ["JSON of another shape", JSON.stringify({ data: { ...payload.data, type: "organizations" } })],
    [
      "an event the spec does not list",
      JSON.stringify({ data: { ...payload.data, attributes: { ...payload.data.attributes, event: "archive" } } }),
    ],
    [
      "without its resource",
      JSON.stringify({ data: { ...payload.data, attributes: { webhookId: null, event: "create" } } }),
    ],
    ["a non-UUID id", JSON.stringify({ data: { ...payload.data, id: secret } })],
    ["empty", ""],
  ])("refuses a body that is %s, showing no secret", async (_, body) => {
    const error = await rejectionOf(verifyRecruboWebhook(delivery(body), secret), WebhookVerificationError);
    expect(error.reason).toBe("body");
    expect(shown(error)).not.toContain(secret);
  });

  test("says where the body departs from the schema", async () => {
    const body = JSON.stringify({
      data: { ...payload.data, attributes: { ...payload.data.attributes, event: "archive" } },
    });
    const error = await rejectionOf(verifyRecruboWebhook(delivery(body), secret), WebhookVerificationError);
    expect(error.issues).toEqual([expect.objectContaining({ field: "body.data.attributes.event", rule: "enum" })]);
    expect(error.message).toContain("body.data.attributes.event");
  });

  test("refuses a body over the size cap, declared or streamed, before parsing it", async () => {
    const large = JSON.stringify({ ...payload, padding: "x".repeat(RECRUBO_WEBHOOK_MAX_BYTES) });
    const declared = await rejectionOf(verifyRecruboWebhook(delivery(large), secret), WebhookVerificationError);
    expect(declared.reason).toBe("body");
    expect(declared.message).toMatch(/over 1000000 bytes/);

    let pulled = 0;
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(chunk);
      },
    });
    const streamed = await rejectionOf(
      verifyRecruboWebhook(
        new Request("http://127.0.0.1/", {
          method: "POST",
          headers: { [RECRUBO_WEBHOOK_SECRET_HEADER]: secret },
          body: endless,
          duplex: "half",
        } as RequestInit),
        secret,
      ),
      WebhookVerificationError,
    );
    expect(streamed.reason).toBe("body");
    expect(pulled * chunk.byteLength).toBeLessThan(RECRUBO_WEBHOOK_MAX_BYTES + 3 * chunk.byteLength);
  });

  test("checks the secret before reading the body", async () => {
    const error = await rejectionOf(
      verifyRecruboWebhook(delivery("not json", "wrong"), secret),
      WebhookVerificationError,
    );
    expect(error.reason).toBe("secret");
  });

  test("accepts a body exactly at the cap", async () => {
    const padded = JSON.stringify(payload);
    const body = padded + " ".repeat(RECRUBO_WEBHOOK_MAX_BYTES - padded.length);
    await expect(verifyRecruboWebhook(delivery(body), secret)).resolves.toEqual(payload);
  });

  test("needs a secret to compare with", async () => {
    const message = "verifyRecruboWebhook needs the organization's webhookSecret, a non-empty string.";
    await expect(verifyRecruboWebhook(delivery(JSON.stringify(payload)), "")).rejects.toThrow(new TypeError(message));
    // @ts-expect-error -- a secret read from an unset environment variable, as JavaScript callers may pass it
    await expect(verifyRecruboWebhook(delivery(JSON.stringify(payload)), undefined)).rejects.toThrow(
      new TypeError(message),
    );
  });

  test.each([
    [
      "no secret header",
      delivery(JSON.stringify(payload), null),
      "secret",
      `The delivery has no ${RECRUBO_WEBHOOK_SECRET_HEADER} header.`,
    ],
    [
      "a wrong secret",
      delivery(JSON.stringify(payload), "wrong"),
      "secret",
      `The delivery's ${RECRUBO_WEBHOOK_SECRET_HEADER} header does not match the secret.`,
    ],
    ["a body that is not JSON", delivery("{"), "body", "The delivery's body is not JSON."],
    [
      "a body that is not UTF-8",
      delivery(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])),
      "body",
      `The delivery's body is over ${RECRUBO_WEBHOOK_MAX_BYTES} bytes, or not UTF-8.`,
    ],
    ["no body at all", delivery(null), "body", "The delivery's body is not JSON."],
    [
      "a body of the wrong type",
      delivery("[]"),
      "body",
      "The delivery's body is not a Recrubo webhook payload: body must be an object",
    ],
    [
      "a body with two departures",
      delivery(JSON.stringify({ data: { ...payload.data, type: "organizations", id: "x" } })),
      "body",
      'The delivery\'s body is not a Recrubo webhook payload: body.data.type must be "webhookPayload"; body.data.id must be a UUID',
    ],
  ])("refuses %s with its reason and message", async (_, request, reason, message) => {
    const error = await rejectionOf(verifyRecruboWebhook(request, secret), WebhookVerificationError);
    expect(error).toMatchObject({ reason, message });
    if (reason === "secret") expect(error.issues).toEqual([]);
  });
});

describe("verifyRecruboWebhookFromNode", () => {
  const servers: Array<ReturnType<typeof createServer>> = [];
  afterEach(() => {
    for (const server of servers.splice(0)) server.close();
  });

  /** A loopback server that answers 204 for a verified delivery, 401/400 by the error's reason. */
  async function receiver() {
    const outcomes: Array<RecruboWebhookPayload | WebhookVerificationError> = [];
    const server = createServer(async (message: IncomingMessage, reply) => {
      try {
        outcomes.push(await verifyRecruboWebhookFromNode(message, secret));
        reply.writeHead(204).end();
      } catch (error) {
        outcomes.push(error as WebhookVerificationError);
        reply
          .writeHead((error as WebhookVerificationError).reason === "secret" ? 401 : 400, { connection: "close" })
          .end();
      }
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, outcomes };
  }

  test("verifies a delivery over HTTP", async () => {
    const { url, outcomes } = await receiver();
    const response = await fetch(url, {
      method: "POST",
      headers: { [RECRUBO_WEBHOOK_SECRET_HEADER]: secret },
      body: JSON.stringify(payload),
    });
    expect(response.status).toBe(204);
    expect(outcomes).toEqual([payload]);
  });

  test("accepts a body exactly at the cap, and says why it refuses one byte more", async () => {
    const { url, outcomes } = await receiver();
    const padded = JSON.stringify(payload);
    const atCap = padded + " ".repeat(RECRUBO_WEBHOOK_MAX_BYTES - padded.length);
    expect(
      (await fetch(url, { method: "POST", headers: { [RECRUBO_WEBHOOK_SECRET_HEADER]: secret }, body: atCap })).status,
    ).toBe(204);
    await fetch(url, { method: "POST", headers: { [RECRUBO_WEBHOOK_SECRET_HEADER]: secret }, body: `${atCap} ` }).catch(
      () => undefined,
    );

    expect(outcomes[0]).toEqual(payload);
    expect(outcomes[1]).toMatchObject({
      reason: "body",
      message: naming(String(RECRUBO_WEBHOOK_MAX_BYTES)),
    });
  });

  test("refuses a wrong secret and an oversized body", async () => {
    const { url, outcomes } = await receiver();
    expect(
      (
        await fetch(url, {
          method: "POST",
          headers: { [RECRUBO_WEBHOOK_SECRET_HEADER]: "nope" },
          body: JSON.stringify(payload),
        })
      ).status,
    ).toBe(401);
    const large = "x".repeat(RECRUBO_WEBHOOK_MAX_BYTES + 1);
    const status = await fetch(url, {
      method: "POST",
      headers: { [RECRUBO_WEBHOOK_SECRET_HEADER]: secret },
      body: large,
    }).then(
      (response) => response.status,
      () => "dropped",
    );
    expect([400, "dropped"]).toContain(status);
    expect(outcomes.map((outcome) => (outcome as WebhookVerificationError).reason)).toEqual(["secret", "body"]);
  });
});
