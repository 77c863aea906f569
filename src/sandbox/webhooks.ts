import { isLoopback } from "../internal/loopback.js";
import type { RecruboWebhookPayload } from "../recrubo/webhooks.js";
import { RECRUBO_WEBHOOK_SECRET_HEADER } from "../recrubo/webhooks.js";
import type { SeededRandom } from "./random.js";

/**
 * When a failed delivery is tried again, after the attempt before it: 5 min, 30 min, 2 h, 6 h and
 * 15 h 25 min, 24 h in all. Recrubo documents 5 retries over 24 hours, not their spacing: this
 * schedule is orgkit's inference.
 */
export const RETRY_DELAYS_MS: readonly number[] = [
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  6 * 3_600_000,
  (15 * 60 + 25) * 60_000,
];

/** One attempt at a delivery: when it was made, and the status it got or why it got none. */
export interface DeliveryAttempt {
  at: number;
  status?: number;
  error?: string;
}

/** One webhook delivery as the sandbox keeps it. */
export interface WebhookDelivery {
  url: string;
  payload: RecruboWebhookPayload;
  /**
   * `pending` while an attempt is due, `delivered` after a 2xx, `failed` after the last retry,
   * `undeliverable` when the URL is not on this machine (the sandbox never sends elsewhere).
   */
  state: "pending" | "delivered" | "failed" | "undeliverable";
  attempts: DeliveryAttempt[];
  /** When the next attempt is due, while `pending`. */
  nextAttemptAt?: number;
}

/** What happened to the organization, as the spec's payload names it. */
export type WebhookEvent = RecruboWebhookPayload["data"]["attributes"]["event"];
type Resource = RecruboWebhookPayload["data"]["attributes"]["resource"];

/**
 * The sandbox's webhook sender: POSTs each event to its URL with the secret header, and tries a
 * failed delivery again on `RETRY_DELAYS_MS`. Time is the sandbox's clock, so a test moves it and
 * calls `deliverDue()` rather than waiting.
 */
export class WebhookSender {
  readonly #deliveries: WebhookDelivery[] = [];
  readonly #inFlight = new Set<Promise<void>>();
  readonly #random: SeededRandom;
  readonly #now: () => number;

  constructor(random: SeededRandom, now: () => number) {
    this.#random = random;
    this.#now = now;
  }

  /** Queues an event for `url` and makes its first attempt at once (without waiting for it). */
  send(url: string, secret: string | null, event: WebhookEvent, resource: Resource, fields?: string[]): void {
    const payload: RecruboWebhookPayload = {
      data: {
        type: "webhookPayload",
        id: this.#random.uuid(),
        attributes: { webhookId: null, event, ...(fields ? { fields } : {}), resource },
      },
    };
    const delivery: WebhookDelivery = {
      url,
      payload,
      state: isLoopback(url) ? "pending" : "undeliverable",
      attempts: [],
    };
    this.#deliveries.push(delivery);
    if (delivery.state === "pending") this.#attempt(delivery, secret);
  }

  /** Every delivery so far, oldest first (copies). */
  deliveries(): WebhookDelivery[] {
    return this.#deliveries.map((delivery) => structuredClone(delivery));
  }

  /** Waits for attempts under way, then makes every attempt the clock says is due, and waits for those. */
  async deliverDue(): Promise<void> {
    await Promise.all(this.#inFlight);
    const now = this.#now();
    for (const delivery of this.#deliveries) {
      if (delivery.state === "pending" && delivery.nextAttemptAt !== undefined && delivery.nextAttemptAt <= now)
        this.#attempt(delivery, this.#secrets.get(delivery) ?? null);
    }
    await Promise.all(this.#inFlight);
  }

  // Kept apart from the deliveries, which tests read: the secret belongs in the header only.
  readonly #secrets = new WeakMap<WebhookDelivery, string | null>();

  #attempt(delivery: WebhookDelivery, secret: string | null): void {
    this.#secrets.set(delivery, secret);
    const attempt: DeliveryAttempt = { at: this.#now() };
    delivery.attempts.push(attempt);
    delete delivery.nextAttemptAt;
    const sending = post(delivery, secret)
      .then((status) => (attempt.status = status))
      .catch((cause: unknown) => (attempt.error = cause instanceof Error ? cause.message : String(cause)))
      .then(() => {
        if (attempt.status !== undefined && attempt.status >= 200 && attempt.status < 300) delivery.state = "delivered";
        else if (delivery.attempts.length > RETRY_DELAYS_MS.length) delivery.state = "failed";
        else delivery.nextAttemptAt = attempt.at + RETRY_DELAYS_MS[delivery.attempts.length - 1]!;
      })
      .finally(() => this.#inFlight.delete(sending));
    this.#inFlight.add(sending);
  }
}

async function post(delivery: WebhookDelivery, secret: string | null): Promise<number> {
  const response = await fetch(delivery.url, {
    method: "POST",
    headers: {
      "content-type": "application/vnd.api+json",
      ...(secret === null ? {} : { [RECRUBO_WEBHOOK_SECRET_HEADER]: secret }),
    },
    body: JSON.stringify(delivery.payload),
    // A redirect could lead off this machine: it counts as the answer, a failure.
    redirect: "manual",
    signal: AbortSignal.timeout(10_000),
  });
  await response.body?.cancel();
  return response.status;
}
