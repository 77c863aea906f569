import { type ErrorDialect, fallbackDetails, jsonText, statusClass } from "../internal/dialect.js";
import { isRecord } from "../internal/is-record.js";

/** Recrubo's JSON:API `errors` document: `{ errors: [{ code, status, title, detail }] }`. */
export const recruboErrors: ErrorDialect = {
  details(body) {
    if (!isRecord(body) || !Array.isArray(body["errors"])) return fallbackDetails(body);
    return body["errors"].filter(isRecord).map((error) => {
      const { code, title, detail } = error;
      // `detail` is a string, or an object passed through from an upstream service; `title` is a
      // string unless the server is broken, and then it is shown as JSON, never converted blindly.
      const heading = typeof title === "string" ? title : title === undefined ? undefined : jsonText(title);
      const message =
        typeof detail === "string"
          ? detail
          : detail === undefined
            ? (heading ?? "Unknown error")
            : `${heading ?? "Error"}: ${jsonText(detail)}`;
      return {
        message,
        ...(typeof code === "string" ? { code } : {}),
        ...(typeof title === "string" ? { title } : {}),
      };
    });
  },
  errorClass: statusClass,
  hint: ({ status }) =>
    status === 401
      ? 'Check the API key: `organizations` (management routes) needs a partner key, `organization` (standard routes) the organization\'s own token; either is sent as "Authorization: Bearer <key>" (or bare, with authScheme: "raw").'
      : undefined,
};
