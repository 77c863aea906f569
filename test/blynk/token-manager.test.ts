import { describe, expect, test } from "vitest";
import { type IssuedToken, type TokenGrant, TokenManager } from "../../src/blynk/token-manager.js";
import { AuthenticationError } from "../../src/index.js";
import { Redactor } from "../../src/internal/redact.js";
import { FakeClock } from "../support/clock.js";
import { accessToken, blynkBaseUrl, refreshToken } from "../support/fixtures.js";
import { logged, spyLogger } from "../support/logger.js";
import { naming } from "../support/messages.js";
import { rejectionOf } from "../support/rejection.js";

const tokenPath = "/oauth2/token";
const secondAccessToken = "Zr4kP0wq2NfXbH7yLt9aVcM1sJ6eDgU3oK8iQ5Bx";

function token(access_token: string, expires_in = 86_400, refresh_token: string | null = null) {
  return { access_token, token_type: "Bearer", expires_in, refresh_token } as const;
}

describe("TokenManager", () => {
  const tokenUrl = `${blynkBaseUrl}${tokenPath}?grant_type=client_credentials`;
  const refused = new AuthenticationError({
    status: 400,
    method: "POST",
    url: tokenUrl,
    requestId: undefined,
    body: undefined,
    details: [{ code: "invalid_grant", message: "Refresh token is not valid." }],
    hint: "The grant was refused.",
    retryAfterMs: undefined,
    message: "400 Bad Request: invalid_grant",
  });

  /** What the token endpoint answers, one answer per request, in order. */
  type Answer = ReturnType<typeof token> | Error;

  /** A manager whose token endpoint gives `answers` in turn, recording each grant asked and each line logged. */
  function manager(...answers: Answer[]) {
    const grants: TokenGrant[] = [];
    const logger = spyLogger();
    const clock = new FakeClock();
    const requestToken = async (grant: TokenGrant): Promise<IssuedToken> => {
      grants.push(grant);
      const answer = answers.shift();
      if (answer === undefined) throw new Error("no more answers");
      if (answer instanceof Error) throw answer;
      const response = new Response(JSON.stringify(answer), { status: 200 });
      Object.defineProperty(response, "url", { value: tokenUrl });
      return { token: answer, response, url: tokenUrl };
    };
    return {
      tokens: new TokenManager({ requestToken, settings: { clock, redactor: new Redactor(), logger } }),
      grants,
      lines: () => logged(logger).map(([level, message]) => [level, message]),
      clock,
    };
  }

  test("logs each token it obtains, with its lifetime", async () => {
    const { tokens, lines } = manager(token(accessToken, 300));

    await expect(tokens.authorization(undefined)).resolves.toBe(`Bearer ${accessToken}`);

    expect(lines()).toEqual([["info", naming("access token", "300 s")]]);
  });

  test("logs a refused refresh token before asking with the client credentials", async () => {
    const { tokens, grants, lines, clock } = manager(
      token(accessToken, 300, refreshToken),
      refused,
      token(secondAccessToken, 600),
    );

    await tokens.authorization(undefined);
    clock.advance(270_000);
    await expect(tokens.authorization(undefined)).resolves.toBe(`Bearer ${secondAccessToken}`);

    expect(grants).toEqual([
      { grant_type: "client_credentials" },
      { grant_type: "refresh_token", refresh_token: refreshToken },
      { grant_type: "client_credentials" },
    ]);
    expect(lines()).toEqual([
      ["info", naming("access token", "300 s")],
      ["info", naming("refresh token", "client credentials")],
      ["info", naming("access token", "600 s")],
    ]);
  });

  test("drops its token only when that token is the one refused", async () => {
    const { tokens, grants } = manager(token(accessToken), token(secondAccessToken));
    await tokens.authorization(undefined);

    tokens.rejected(`Bearer ${secondAccessToken}`);
    await expect(tokens.authorization(undefined)).resolves.toBe(`Bearer ${accessToken}`);
    expect(grants).toHaveLength(1);

    tokens.rejected(`Bearer ${accessToken}`);
    await expect(tokens.authorization(undefined)).resolves.toBe(`Bearer ${secondAccessToken}`);
    expect(grants).toHaveLength(2);
  });

  test("takes a refusal while it holds no token in its stride", async () => {
    const { tokens, grants } = manager(token(accessToken));

    expect(() => tokens.rejected(`Bearer ${accessToken}`)).not.toThrow();
    await expect(tokens.authorization(undefined)).resolves.toBe(`Bearer ${accessToken}`);
    expect(grants).toEqual([{ grant_type: "client_credentials" }]);
  });

  test("does not send back a refresh token that cannot travel in a header, and renews with the client credentials", async () => {
    const { tokens, grants, clock } = manager(
      token(accessToken, 300, `${refreshToken}\n`),
      token(secondAccessToken, 300),
    );

    await tokens.authorization(undefined);
    clock.advance(270_000);
    await expect(tokens.authorization(undefined)).resolves.toBe(`Bearer ${secondAccessToken}`);

    expect(grants).toEqual([{ grant_type: "client_credentials" }, { grant_type: "client_credentials" }]);
  });

  test("refuses an access token that cannot travel in a header with an AuthenticationError from the POST", async () => {
    const { tokens } = manager(token(`${accessToken}\r\nX-Injected: 1`));

    const error = await rejectionOf(tokens.authorization(undefined), AuthenticationError);

    expect(error).toMatchObject({
      status: 200,
      method: "POST",
      url: tokenUrl,
      details: [{ message: naming("access_token", "HTTP header") }],
      hint: naming("baseUrl"),
      message: naming(`POST ${tokenUrl}`, "access_token"),
    });
    expect(error.message).not.toContain(accessToken);
  });
});
