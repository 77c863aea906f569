import { Buffer } from "node:buffer";
import nock from "nock";
import { describe, expect, test } from "vitest";
import { AuthenticationError, ServerError } from "../../src/index.js";
import { blynkClient } from "../support/clients.js";
import { FakeClock } from "../support/clock.js";
import { recordingFetch, type SentRequest } from "../support/fetches.js";
import {
  accessToken,
  blynkBaseUrl,
  blynkOrganization,
  clientId,
  clientSecret,
  refreshToken,
  tokenResponse,
} from "../support/fixtures.js";

const tokenPath = "/oauth2/token";
const profilePath = "/api/v1/organization/profile";
const basicAuthorization = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`;
const secondAccessToken = "Zr4kP0wq2NfXbH7yLt9aVcM1sJ6eDgU3oK8iQ5Bx";
const secondRefreshToken = "Hs2mW8cN4vXq0LpZ7tRb1yFk5jGd9eUa3oIn6TcE";
const invalidToken = { error: { message: "Invalid or missing token." } };
const invalidClient = { error: "invalid_client", error_description: "Client ID is not found or password is wrong." };
const invalidGrant = { error: "invalid_grant", error_description: "Refresh token is not valid." };
const day = 86_400_000;
// The clients here retry nothing unless a test says so: a request nock does not expect then fails
// the call instead of being retried into a pass.
const credentials = { clientId, clientSecret };

const tokenRequests = (requests: SentRequest[]) => requests.filter((request) => request.url.pathname === tokenPath);
const apiRequests = (requests: SentRequest[]) => requests.filter((request) => request.url.pathname !== tokenPath);

function token(access_token: string, expires_in = 86_400, refresh_token: string | null = null) {
  return { access_token, token_type: "Bearer", expires_in, refresh_token } as const;
}

function clientCredentialsGrant(body: object, status = 200) {
  return nock(blynkBaseUrl).post(tokenPath).query({ grant_type: "client_credentials" }).reply(status, body);
}

function refreshGrant(used: string, body: object, status = 200) {
  return nock(blynkBaseUrl)
    .post(tokenPath)
    .query({ grant_type: "refresh_token", refresh_token: used })
    .reply(status, body);
}

/** The profile endpoint, answering only requests that carry `bearer`. */
function profile(bearer: string, times = 1, status = 200, body: object = blynkOrganization) {
  return nock(blynkBaseUrl, { reqheaders: { authorization: `Bearer ${bearer}` } })
    .get(profilePath)
    .times(times)
    .reply(status, body);
}

describe("Blynk token manager", () => {
  test("requests a token by POST with the client credentials in HTTP Basic and no body", async () => {
    const recorder = recordingFetch();
    const scopes = [clientCredentialsGrant(tokenResponse), profile(tokenResponse.access_token)];
    const blynk = blynkClient({ auth: credentials, fetch: recorder.fetch, retry: false }).client;

    await expect(blynk.organizations.profile()).resolves.toEqual(blynkOrganization);

    for (const scope of scopes) scope.done();
    const [tokenRequest, ...others] = tokenRequests(recorder.requests);
    expect(others).toEqual([]);
    expect(tokenRequest?.method).toBe("POST");
    expect(tokenRequest?.url.href).toBe(`${blynkBaseUrl}${tokenPath}?grant_type=client_credentials`);
    expect(tokenRequest?.headers.get("authorization")).toBe(basicAuthorization);
    expect(tokenRequest?.body).toBe("");
    expect(tokenRequest?.headers.get("content-type")).toBeNull();
    expect(apiRequests(recorder.requests).map((request) => request.headers.get("authorization"))).toEqual([
      `Bearer ${tokenResponse.access_token}`,
    ]);
  });

  test("encodes a client id and secret outside Latin-1 as UTF-8 in the Basic header", async () => {
    const recorder = recordingFetch();
    const secret = "sécret-✓-ключ";
    const scopes = [clientCredentialsGrant(token(accessToken)), profile(accessToken)];
    const { client: blynk } = blynkClient({
      auth: { clientId, clientSecret: secret },
      fetch: recorder.fetch,
      retry: false,
    });

    await blynk.organizations.profile();

    for (const scope of scopes) scope.done();
    expect(tokenRequests(recorder.requests)[0]?.headers.get("authorization")).toBe(
      `Basic ${Buffer.from(`${clientId}:${secret}`, "utf8").toString("base64")}`,
    );
  });

  test("reuses the cached token for later calls", async () => {
    const recorder = recordingFetch();
    const scopes = [clientCredentialsGrant(token(accessToken)), profile(accessToken, 3)];
    const blynk = blynkClient({ auth: credentials, fetch: recorder.fetch, retry: false }).client;

    await blynk.organizations.profile();
    await blynk.organizations.profile();
    await blynk.organizations.profile();

    for (const scope of scopes) scope.done();
    expect(tokenRequests(recorder.requests)).toHaveLength(1);
    expect(apiRequests(recorder.requests)).toHaveLength(3);
  });

  test("renews a day-long token one minute before it expires, not earlier", async () => {
    const recorder = recordingFetch();
    const clock = new FakeClock();
    const first = [clientCredentialsGrant(token(accessToken)), profile(accessToken, 2)];
    const blynk = blynkClient({ auth: credentials, clock, fetch: recorder.fetch, retry: false }).client;

    await blynk.organizations.profile();
    clock.advance(day - 60_000 - 1);
    await blynk.organizations.profile();
    for (const scope of first) scope.done();
    expect(tokenRequests(recorder.requests)).toHaveLength(1);

    const second = [clientCredentialsGrant(token(secondAccessToken)), profile(secondAccessToken)];
    clock.advance(1);
    await blynk.organizations.profile();

    for (const scope of second) scope.done();
    expect(tokenRequests(recorder.requests)).toHaveLength(2);
    expect(apiRequests(recorder.requests).map((request) => request.headers.get("authorization"))).toEqual([
      `Bearer ${accessToken}`,
      `Bearer ${accessToken}`,
      `Bearer ${secondAccessToken}`,
    ]);
  });

  test("renews a short-lived token a tenth of its lifetime before it expires, not earlier", async () => {
    const recorder = recordingFetch();
    const clock = new FakeClock();
    const first = [clientCredentialsGrant(token(accessToken, 300)), profile(accessToken, 2)];
    const blynk = blynkClient({ auth: credentials, clock, fetch: recorder.fetch, retry: false }).client;

    await blynk.organizations.profile();
    clock.advance(270_000 - 1);
    await blynk.organizations.profile();
    for (const scope of first) scope.done();
    expect(tokenRequests(recorder.requests)).toHaveLength(1);

    const second = [clientCredentialsGrant(token(secondAccessToken, 300)), profile(secondAccessToken)];
    clock.advance(1);
    await blynk.organizations.profile();

    for (const scope of second) scope.done();
    expect(tokenRequests(recorder.requests)).toHaveLength(2);
    expect(apiRequests(recorder.requests)).toHaveLength(3);
  });

  test("shares one in-flight token request among concurrent calls", async () => {
    const recorder = recordingFetch();
    const tokenScope = clientCredentialsGrant(token(accessToken));
    const api = nock(blynkBaseUrl, { reqheaders: { authorization: `Bearer ${accessToken}` } })
      .get("/api/v1/organization")
      .query(true)
      .times(5)
      .reply(200, blynkOrganization);
    const blynk = blynkClient({ auth: credentials, fetch: recorder.fetch, retry: false }).client;

    const results = await Promise.all([1, 2, 3, 4, 5].map((id) => blynk.organizations.get(id)));

    tokenScope.done();
    api.done();
    expect(results).toEqual(Array(5).fill(blynkOrganization));
    expect(tokenRequests(recorder.requests)).toHaveLength(1);
    expect(apiRequests(recorder.requests)).toHaveLength(5);
  });

  test("lets one caller give up waiting for the shared token request without failing the others", async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let tokenRequested = () => {};
    const tokenRequestSeen = new Promise<void>((resolve) => {
      tokenRequested = resolve;
    });
    const recorder = recordingFetch();
    const gatedFetch = async (request: Request) => {
      if (new URL(request.url).pathname === tokenPath) {
        tokenRequested();
        await gate;
      }
      return recorder.fetch(request);
    };
    const scopes = [clientCredentialsGrant(token(accessToken)), profile(accessToken)];
    const blynk = blynkClient({ auth: credentials, fetch: gatedFetch, retry: false }).client;
    const controller = new AbortController();
    const reason = new Error("caller gave up");

    const abandoned = blynk.organizations.profile({ signal: controller.signal });
    const patient = blynk.organizations.profile();
    await tokenRequestSeen;
    controller.abort(reason);
    await expect(abandoned).rejects.toBe(reason);
    release();

    await expect(patient).resolves.toEqual(blynkOrganization);
    for (const scope of scopes) scope.done();
    expect(tokenRequests(recorder.requests)).toHaveLength(1);
    expect(apiRequests(recorder.requests)).toHaveLength(1);
  });

  test("renews with the refresh token the server issued, sending the client credentials too", async () => {
    const recorder = recordingFetch();
    const clock = new FakeClock();
    const first = [clientCredentialsGrant(token(accessToken, 300, refreshToken)), profile(accessToken)];
    const blynk = blynkClient({ auth: credentials, clock, fetch: recorder.fetch, retry: false }).client;
    await blynk.organizations.profile();
    for (const scope of first) scope.done();

    const second = [
      refreshGrant(refreshToken, token(secondAccessToken, 300, secondRefreshToken)),
      profile(secondAccessToken),
    ];
    clock.advance(270_000);
    await expect(blynk.organizations.profile()).resolves.toEqual(blynkOrganization);

    for (const scope of second) scope.done();
    const renewal = tokenRequests(recorder.requests)[1];
    expect(renewal?.method).toBe("POST");
    expect(renewal?.url.href).toBe(
      `${blynkBaseUrl}${tokenPath}?grant_type=refresh_token&refresh_token=${refreshToken}`,
    );
    expect(renewal?.headers.get("authorization")).toBe(basicAuthorization);
    expect(renewal?.body).toBe("");
  });

  test("falls back to client credentials when the refresh token is refused", async () => {
    const recorder = recordingFetch();
    const clock = new FakeClock();
    const first = [clientCredentialsGrant(token(accessToken, 300, refreshToken)), profile(accessToken)];
    const blynk = blynkClient({ auth: credentials, clock, fetch: recorder.fetch, retry: false }).client;
    await blynk.organizations.profile();
    for (const scope of first) scope.done();

    const second = [
      refreshGrant(refreshToken, invalidGrant, 400),
      clientCredentialsGrant(token(secondAccessToken, 300)),
      profile(secondAccessToken),
    ];
    clock.advance(270_000);
    await expect(blynk.organizations.profile()).resolves.toEqual(blynkOrganization);

    for (const scope of second) scope.done();
    expect(tokenRequests(recorder.requests).map((request) => request.url.searchParams.get("grant_type"))).toEqual([
      "client_credentials",
      "refresh_token",
      "client_credentials",
    ]);
  });

  test("sends each refresh token at most once, using the newest one the server issued", async () => {
    const recorder = recordingFetch();
    const clock = new FakeClock();
    const scopes = [
      clientCredentialsGrant(token(accessToken, 300, refreshToken)),
      refreshGrant(refreshToken, token(secondAccessToken, 300, secondRefreshToken)),
      refreshGrant(secondRefreshToken, token(accessToken, 300)),
      clientCredentialsGrant(token(secondAccessToken, 300)),
      profile(accessToken, 2),
      profile(secondAccessToken, 2),
    ];
    const blynk = blynkClient({ auth: credentials, clock, fetch: recorder.fetch, retry: false }).client;

    for (let renewal = 0; renewal < 4; renewal++) {
      await blynk.organizations.profile();
      clock.advance(270_000);
    }

    for (const scope of scopes) scope.done();
    expect(tokenRequests(recorder.requests).map((request) => request.url.searchParams.get("refresh_token"))).toEqual([
      null,
      refreshToken,
      secondRefreshToken,
      null,
    ]);
  });

  test("does not send a refresh token again after a renewal with it failed", async () => {
    const recorder = recordingFetch();
    const clock = new FakeClock();
    const first = [clientCredentialsGrant(token(accessToken, 300, refreshToken)), profile(accessToken)];
    const blynk = blynkClient({ auth: credentials, clock, fetch: recorder.fetch, retry: false }).client;
    await blynk.organizations.profile();
    for (const scope of first) scope.done();

    const failed = refreshGrant(refreshToken, { error: { message: "Internal server error." } }, 500);
    clock.advance(270_000);
    await expect(blynk.organizations.profile()).rejects.toBeInstanceOf(ServerError);
    failed.done();

    const recovered = [clientCredentialsGrant(token(secondAccessToken, 300)), profile(secondAccessToken)];
    await expect(blynk.organizations.profile()).resolves.toEqual(blynkOrganization);

    for (const scope of recovered) scope.done();
    expect(tokenRequests(recorder.requests).map((request) => request.url.searchParams.get("grant_type"))).toEqual([
      "client_credentials",
      "refresh_token",
      "client_credentials",
    ]);
    expect(apiRequests(recorder.requests)).toHaveLength(2);
  });

  test("drops a token the API refuses with 401 and retries the call once with a new one", async () => {
    const recorder = recordingFetch();
    const scopes = [
      clientCredentialsGrant(token(accessToken)),
      profile(accessToken, 1, 401, invalidToken),
      clientCredentialsGrant(token(secondAccessToken)),
      profile(secondAccessToken),
    ];
    const blynk = blynkClient({ auth: credentials, fetch: recorder.fetch, retry: false }).client;

    await expect(blynk.organizations.profile()).resolves.toEqual(blynkOrganization);

    for (const scope of scopes) scope.done();
    expect(tokenRequests(recorder.requests)).toHaveLength(2);
    expect(apiRequests(recorder.requests).map((request) => request.headers.get("authorization"))).toEqual([
      `Bearer ${accessToken}`,
      `Bearer ${secondAccessToken}`,
    ]);
  });

  test("fails with AuthenticationError when the new token is refused too", async () => {
    const recorder = recordingFetch();
    const scopes = [
      clientCredentialsGrant(token(accessToken)),
      profile(accessToken, 1, 401, invalidToken),
      clientCredentialsGrant(token(secondAccessToken)),
      profile(secondAccessToken, 1, 401, invalidToken),
    ];
    const blynk = blynkClient({ auth: credentials, fetch: recorder.fetch, retry: false }).client;

    const error = await blynk.organizations.profile().catch((caught: unknown) => caught);

    for (const scope of scopes) scope.done();
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, details: [{ message: "Invalid or missing token." }] });
    expect(apiRequests(recorder.requests)).toHaveLength(2);
    expect(tokenRequests(recorder.requests)).toHaveLength(2);
  });

  test("gets one new token for concurrent calls refused with 401 for the same token", async () => {
    const recorder = recordingFetch();
    const scopes = [
      clientCredentialsGrant(token(accessToken)),
      profile(accessToken, 5, 401, invalidToken),
      clientCredentialsGrant(token(secondAccessToken)),
      profile(secondAccessToken, 5),
    ];
    const blynk = blynkClient({ auth: credentials, fetch: recorder.fetch, retry: false }).client;

    const results = await Promise.all(Array.from({ length: 5 }, () => blynk.organizations.profile()));

    for (const scope of scopes) scope.done();
    expect(results).toEqual(Array(5).fill(blynkOrganization));
    expect(tokenRequests(recorder.requests)).toHaveLength(2);
    expect(apiRequests(recorder.requests)).toHaveLength(10);
  });

  test("rejects the call with AuthenticationError when the token endpoint refuses the credentials, sending no API request", async () => {
    const recorder = recordingFetch();
    const tokenScope = clientCredentialsGrant(invalidClient, 400);
    const api = profile(accessToken);
    const blynk = blynkClient({ auth: credentials, fetch: recorder.fetch, retry: false }).client;

    const error = await blynk.organizations.profile().catch((caught: unknown) => caught);

    tokenScope.done();
    expect(api.isDone()).toBe(false);
    expect(apiRequests(recorder.requests)).toEqual([]);
    expect(tokenRequests(recorder.requests)).toHaveLength(1);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({
      status: 400,
      details: [{ code: "invalid_client", message: "Client ID is not found or password is wrong." }],
    });
    expect(String(error)).toContain("invalid_client: Client ID is not found or password is wrong.");
    expect(String(error)).not.toContain(clientSecret);
  });

  test("retries a token request the server failed with 503, though it is a POST", async () => {
    const recorder = recordingFetch();
    const clock = new FakeClock();
    const scopes = [
      clientCredentialsGrant({ error: { message: "Service unavailable." } }, 503),
      clientCredentialsGrant(token(accessToken)),
      profile(accessToken),
    ];
    const blynk = blynkClient({ auth: credentials, clock, fetch: recorder.fetch, retry: { maxRetries: 1 } }).client;

    await expect(blynk.organizations.profile()).resolves.toEqual(blynkOrganization);

    for (const scope of scopes) scope.done();
    expect(tokenRequests(recorder.requests)).toHaveLength(2);
    expect(clock.sleeps).toHaveLength(1);
  });

  test("asks the token endpoint again on the next call after a refusal", async () => {
    const recorder = recordingFetch();
    const scopes = [
      clientCredentialsGrant(invalidClient, 400),
      clientCredentialsGrant(token(accessToken)),
      profile(accessToken),
    ];
    const blynk = blynkClient({ auth: credentials, fetch: recorder.fetch, retry: false }).client;

    await expect(blynk.organizations.profile()).rejects.toBeInstanceOf(AuthenticationError);
    await expect(blynk.organizations.profile()).resolves.toEqual(blynkOrganization);

    for (const scope of scopes) scope.done();
    expect(tokenRequests(recorder.requests)).toHaveLength(2);
  });
});

describe("Blynk caller-managed access token", () => {
  test("sends a fixed access token and never calls the token endpoint", async () => {
    const recorder = recordingFetch();
    const api = profile(accessToken, 2);
    const { client: blynk } = blynkClient({ fetch: recorder.fetch, retry: false });

    await blynk.organizations.profile();
    await blynk.organizations.profile();

    api.done();
    expect(tokenRequests(recorder.requests)).toEqual([]);
    expect(apiRequests(recorder.requests).map((request) => request.headers.get("authorization"))).toEqual([
      `Bearer ${accessToken}`,
      `Bearer ${accessToken}`,
    ]);
  });

  test.each([
    { kind: "synchronous", token: (calls: number): string | Promise<string> => `token-${calls}` },
    { kind: "asynchronous", token: async (calls: number) => `token-${calls}` },
  ])("calls a $kind token function for every request", async ({ token }) => {
    const recorder = recordingFetch();
    const scopes = [profile("token-1"), profile("token-2")];
    let calls = 0;
    const { client: blynk } = blynkClient({
      auth: { accessToken: () => token(++calls) },
      fetch: recorder.fetch,
      retry: false,
    });

    await blynk.organizations.profile();
    await blynk.organizations.profile();

    for (const scope of scopes) scope.done();
    expect(calls).toBe(2);
    expect(tokenRequests(recorder.requests)).toEqual([]);
  });

  test("fails with AuthenticationError on a 401 without trying again", async () => {
    const recorder = recordingFetch();
    const api = profile(accessToken, 1, 401, invalidToken);
    let calls = 0;
    const { client: blynk } = blynkClient({
      auth: {
        accessToken: () => {
          calls++;
          return accessToken;
        },
      },
      fetch: recorder.fetch,
    });

    await expect(blynk.organizations.profile()).rejects.toBeInstanceOf(AuthenticationError);

    api.done();
    expect(calls).toBe(1);
    expect(apiRequests(recorder.requests)).toHaveLength(1);
  });
});
