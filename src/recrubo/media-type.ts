import type { Middleware } from "openapi-fetch";

export const jsonApiMediaType = "application/vnd.api+json";

/**
 * openapi-fetch labels every body `application/json`; Recrubo wants the JSON:API media type.
 * Rewriting it here, rather than in default headers, keeps `Content-Type` off requests without a
 * body and covers calls made through `raw` too.
 */
export const jsonApiBodies: Middleware = {
  onRequest({ request }) {
    if (request.headers.get("content-type") === "application/json") request.headers.set("content-type", jsonApiMediaType);
  },
};
