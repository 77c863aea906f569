import { describe, expect, test } from "vitest";
import { AuthenticationError } from "../../src/index.js";
import { blynkClient } from "../support/clients.js";
import { type SentRequest, scripted } from "../support/fetches.js";
import { clientId, clientSecret } from "../support/fixtures.js";
import { rejectionOf } from "../support/rejection.js";

describe("a Blynk client whose token endpoint refuses", () => {
  const tokenPath = "/oauth2/token";
  /** The token endpoint answers `answer`, the API (which no request should reach) an empty object. */
  const refusing = (answer: () => Response) =>
    scripted((request) => (new URL(request.url).pathname === tokenPath ? answer() : Response.json({})));
  const apiRequests = (requests: SentRequest[]) => requests.filter((request) => request.url.pathname !== tokenPath);

  test("with a 404 (baseUrl names another server) fails with an AuthenticationError saying so", async () => {
    const { fetch, requests } = refusing(
      () => new Response("Not Found", { status: 404, headers: { "content-type": "text/plain" } }),
    );
    const { client } = blynkClient({ auth: { clientId, clientSecret }, fetch, retry: false });

    const error = await rejectionOf(client.organizations.profile(), AuthenticationError);

    expect(error).toMatchObject({ status: 404, method: "POST" });
    expect(error.hint).toMatch(/check baseUrl/);
    expect(apiRequests(requests)).toEqual([]);
  });

  test("with 400 invalid_client fails with an AuthenticationError saying to check the client id and secret", async () => {
    const { fetch, requests } = refusing(() =>
      Response.json(
        { error: "invalid_client", error_description: "Client ID is not found or password is wrong." },
        { status: 400 },
      ),
    );
    const { client } = blynkClient({ auth: { clientId, clientSecret }, fetch, retry: false });

    const error = await rejectionOf(client.organizations.profile(), AuthenticationError);

    expect(error.hint).toMatch(/Check the OAuth2 client id and secret/);
    expect(error.message).not.toContain(clientSecret);
    expect(apiRequests(requests)).toEqual([]);
  });
});
