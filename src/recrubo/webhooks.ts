import type { webhooks } from "../../generated/recrubo.js";
import { webhooks as webhookRules } from "../../generated/recrubo.rules.js";
import { type ValidationIssue, WebhookVerificationError, type WebhookVerificationReason } from "../errors.js";
import { chunksOf, readUpTo } from "../internal/read-body.js";
import { Redactor } from "../internal/redact.js";
import { check } from "../internal/validation.js";

/** The body Recrubo POSTs to an organization's `webhookUrl`: which `event` happened to which `resource`. @interface */
export type RecruboWebhookPayload = NonNullable<
  webhooks["organizationEvent"]["post"]["requestBody"]
>["content"]["application/vnd.api+json"];

/** The header every Recrubo delivery carries the organization's `webhookSecret` in. */
export const RECRUBO_WEBHOOK_SECRET_HEADER = "X-Recrubo-Webhook-Secret";

/** Deliveries are small JSON documents: anything larger is refused before it is read whole. */
export const RECRUBO_WEBHOOK_MAX_BYTES = 1_000_000;

/**
 * Checks one Recrubo webhook delivery (any standard `Request`: Node 18+, Bun, Deno, workers) and returns its
 * payload: the `X-Recrubo-Webhook-Secret` header must equal `secret` (compared in constant time), and the body
 * must be JSON of at most 1 MB matching the spec's payload schema. Else throws a `WebhookVerificationError`.
 * @example
 * const event = await verifyRecruboWebhook(request, process.env.RECRUBO_WEBHOOK_SECRET!);
 * if (event.data.attributes.event === "create") console.log(event.data.attributes.resource.id);
 */
export async function verifyRecruboWebhook(request: Request, secret: string): Promise<RecruboWebhookPayload> {
  return verifyDelivery(request.headers, chunksOf(request.body), secret);
}

/** A delivery's checks, whatever its body comes as (a `Request`'s stream, a Node request's chunks). */
export async function verifyDelivery(headers: Headers, body: AsyncIterable<Uint8Array>, secret: string) {
  if (typeof secret !== "string" || secret === "")
    throw new TypeError("verifyRecruboWebhook needs the organization's webhookSecret, a non-empty string.");
  const redactor = new Redactor();
  redactor.learn(secret, "option");
  const refuse = (reason: WebhookVerificationReason, message: string, issues: ValidationIssue[] = []) =>
    new WebhookVerificationError(reason, redactor.text(message), issues);
  const sent = headers.get(RECRUBO_WEBHOOK_SECRET_HEADER);
  if (sent === null) throw refuse("secret", `The delivery has no ${RECRUBO_WEBHOOK_SECRET_HEADER} header.`);
  redactor.learn(sent, "given");
  if (!(await sameSecret(sent, secret)))
    throw refuse("secret", `The delivery's ${RECRUBO_WEBHOOK_SECRET_HEADER} header does not match the secret.`);
  const text = await readCapped(headers, body);
  if (text === undefined)
    throw refuse("body", `The delivery's body is over ${RECRUBO_WEBHOOK_MAX_BYTES} bytes, or not UTF-8.`);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    // The parser's own message quotes the body, which may hold anything: it is left out.
    throw refuse("body", "The delivery's body is not JSON.");
  }
  const issues = check(webhookRules.organizationEvent, document, "body");
  const listed = issues.map((issue) => `${issue.field} ${issue.message}`).join("; ");
  if (issues.length > 0)
    throw refuse("body", `The delivery's body is not a Recrubo webhook payload: ${listed}`, issues);
  return document as RecruboWebhookPayload;
}

/** Whether two secrets are equal, in a time that depends on neither: hashed first, no length or byte ends it early. */
async function sameSecret(sent: string, expected: string): Promise<boolean> {
  const encoder = new TextEncoder();
  const [a, b] = await Promise.all(
    [sent, expected].map(async (value) => new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(value)))),
  );
  let difference = 0;
  for (let index = 0; index < a!.length; index++) difference |= a![index]! ^ b![index]!;
  return difference === 0;
}

/** The body as text, or `undefined` once it passes the size cap (the rest is not read) or is not UTF-8. */
async function readCapped(headers: Headers, body: AsyncIterable<Uint8Array>): Promise<string | undefined> {
  if (Number(headers.get("content-length") ?? "0") > RECRUBO_WEBHOOK_MAX_BYTES) return undefined;
  try {
    const { bytes, complete } = await readUpTo(body, RECRUBO_WEBHOOK_MAX_BYTES);
    return complete ? new TextDecoder("utf-8", { fatal: true }).decode(bytes) : undefined;
  } catch {
    return undefined;
  }
}
