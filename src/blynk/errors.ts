import { AuthenticationError } from "../errors.js";
import { type ErrorDialect, fallbackDetails, statusClass } from "../internal/dialect.js";
import { isRecord } from "../internal/is-record.js";

/** The Platform API's error bodies, `{ error: { message } }`; anything else as a fallback. */
export const blynkErrors: ErrorDialect = {
  details(body) {
    if (isRecord(body) && isRecord(body["error"]) && typeof body["error"]["message"] === "string")
      return [{ message: body["error"]["message"] }];
    return fallbackDetails(body);
  },
  errorClass: statusClass,
  hint: ({ status }) =>
    status === 401
      ? "Check the OAuth2 client id and secret (Blynk Console, Developer Zone, OAuth2) and that the client has the Platform API scope, or the access token you passed."
      : undefined,
};

const refused = (status: number) => status >= 400 && status < 500 && status !== 429;

/**
 * The token endpoint's errors, RFC 6749 (5.2) `{ error, error_description }`. Whatever it refuses (400
 * `invalid_client` or `invalid_grant` as well as 401) gets these credentials no token: an `AuthenticationError`.
 */
export const tokenEndpointErrors: ErrorDialect = {
  details(body) {
    // Its other failures (a 503, a 429) come from the same servers as the Platform API's.
    if (!isRecord(body) || typeof body["error"] !== "string") return blynkErrors.details(body);
    const code = body["error"];
    const description = body["error_description"];
    return [{ code, message: typeof description === "string" ? description : code }];
  },
  errorClass: (status) => (refused(status) ? AuthenticationError : statusClass(status)),
  hint({ status, response, body, details }) {
    if (!refused(status)) return undefined;
    // A token endpoint responds with JSON: a 404 or a web page means baseUrl names some other server.
    const page =
      /html/i.test(response.headers.get("content-type") ?? "") ||
      (typeof body === "string" && body.trimStart().startsWith("<"));
    if (status === 404 || page)
      return "No Blynk token endpoint answered at this address: check baseUrl, which must be your Blynk server without a path (such as https://fra1.blynk.cloud for the region your account is in).";
    // A refused refresh token is followed by the client credentials: invalid_grant means those were refused too.
    if (details[0]?.code === "invalid_grant")
      return "The grant was refused: a refresh token used already or expired (orgkit then asks with the client credentials), or client credentials the server no longer accepts. Check the client id and secret.";
    return "Check the OAuth2 client id and secret (Blynk Console, Developer Zone, OAuth2), and that baseUrl is the server of the region the client was created in (such as https://fra1.blynk.cloud): another region's server does not know it.";
  },
};
