/** The wait the server asked for, in ms: `retry-after-ms` (some gateways) first, then `Retry-After`. */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  // Stryker disable next-line StringLiteral: parseFloat reads any text without a number as NaN, as it reads "".
  const milliseconds = Number.parseFloat(headers.get("retry-after-ms") ?? "");
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  // Headers strip a value's surrounding white space; an absent one fails every test below.
  // Stryker disable next-line StringLiteral: any text that is neither seconds nor a date is refused alike.
  const retryAfter = headers.get("retry-after") ?? "";
  if (/^\d+(\.\d+)?$/.test(retryAfter)) return Number.parseFloat(retryAfter) * 1000;
  // Date.parse alone is lenient ("-1" or "in 5" parse as dates in 2001): accept only the
  // HTTP-date forms of RFC 9110, the IMF fixdate and the two obsolete ones.
  if (!httpDate.some((form) => form.test(retryAfter))) return undefined;
  // The asctime form names no zone; HTTP dates are GMT, and Date.parse would read it as local time.
  // Stryker disable next-line MethodExpression,StringLiteral: V8 reads "... GMT GMT" as "... GMT" (Node cannot tell).
  const date = Date.parse(retryAfter.endsWith("GMT") ? retryAfter : `${retryAfter} GMT`);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const httpDate = [
  /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/, // Sun, 06 Nov 1994 08:49:37 GMT
  /^[A-Z][a-z]+, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/, // Sunday, 06-Nov-94 08:49:37 GMT
  /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/, // Sun Nov  6 08:49:37 1994
];

/**
 * Backoff before retry number `retry` (0 for the first): doubling up to `maxDelayMs`, less up to a quarter
 * at random so that many clients failing together do not retry together.
 */
export function backoffMs(retry: number, initialDelayMs: number, maxDelayMs: number, random: () => number): number {
  const base = Math.min(initialDelayMs * 2 ** retry, maxDelayMs);
  return base * (1 - 0.25 * random());
}
