// Pure retry timing: what the server asked for, and exponential backoff. No timers here.

/**
 * How long the server asked to wait, in milliseconds: `retry-after-ms` (sent by some gateways)
 * first, then `Retry-After` as seconds or as an HTTP date. Undefined when it asked nothing usable.
 */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const milliseconds = Number.parseFloat(headers.get("retry-after-ms") ?? "");
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;

  const retryAfter = headers.get("retry-after")?.trim();
  if (!retryAfter) return undefined;
  if (/^\d+(\.\d+)?$/.test(retryAfter)) return Number.parseFloat(retryAfter) * 1000;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Exponential backoff with jitter before retry number `retry` (0 for the first): the base doubles
 * each time up to `maxDelayMs`, and up to a quarter is taken off at random so that many clients
 * failing together do not retry together.
 */
export function backoffMs(retry: number, initialDelayMs: number, maxDelayMs: number, random: () => number): number {
  const base = Math.min(initialDelayMs * 2 ** retry, maxDelayMs);
  return base * (1 - 0.25 * random());
}
