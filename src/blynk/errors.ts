import { type ErrorDialect, fallbackDetails } from "../internal/api-error.js";
import { isRecord } from "../internal/is-record.js";

/**
 * Blynk's error bodies: `{ error: { message } }` from the Platform API, and the RFC 6749
 * `{ error, error_description }` from the token endpoint; anything else as a fallback.
 */
export const blynkErrors: ErrorDialect = {
  details(body) {
    if (isRecord(body)) {
      const { error } = body;
      if (isRecord(error) && typeof error["message"] === "string") return [{ message: error["message"] }];
      if (typeof error === "string" && typeof body["error_description"] === "string") {
        return [{ code: error, message: body["error_description"] }];
      }
    }
    return fallbackDetails(body);
  },
  authenticationHint:
    "Check the OAuth2 client id and secret (Blynk Console, Developer Zone, OAuth2) and that the client has the Platform API scope, or the access token you passed.",
};
