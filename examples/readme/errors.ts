// examples/readme/errors.ts
import { ApiError, createBlynkClient, NotFoundError, RateLimitError, TimeoutError, UnexpectedResponseError, ValidationError } from "orgkit";

const blynk = createBlynkClient({ auth: { accessToken: process.env.BLYNK_ACCESS_TOKEN! } });

try {
  await blynk.organizations.get(7);
} catch (error) {
  if (error instanceof NotFoundError) {
    // 404 Not Found: GET https://blynk.cloud/api/v1/organization?orgId=7: Organization is not found or you don't have access to it.
    console.log(error.message, error.requestId);
  } else if (error instanceof RateLimitError) {
    console.log(`retries used up; the server asked to wait ${error.retryAfterMs} ms`);
  } else if (error instanceof ApiError) {
    console.log(error.status, error.details, error.hint);
  } else if (error instanceof TimeoutError) {
    console.log(`no answer within ${error.timeoutMs} ms`);
  } else if (error instanceof UnexpectedResponseError) {
    // 200 OK, but an HTML page (contentType) or JSON without what the spec promises (issues)
    console.log(error.status, error.contentType, error.issues, error.hint);
  } else {
    throw error;
  }
}

try {
  await blynk.organizations.create({ name: "A/B", tz: "Mars/Olympus" });
} catch (error) {
  if (!(error instanceof ValidationError)) throw error;
  // [{ field: "name", rule: "pattern", ... }, { field: "tz", rule: "format", ... }]; nothing was sent
  console.log(error.issues);
}
