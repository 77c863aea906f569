import { afterAll, beforeAll, expect, test } from "vitest";
import { connect, type RecordingSandbox, recordingSandbox, type Session, sandboxEnv, textOf } from "./session.js";

// A Blynk access token that expires mid-session: the sandbox's clock is moved past the token's
// lifetime, which the server's own clock knows nothing of, so the next call meets a 401.

let now = Date.parse("2026-11-23T10:00:00Z");
let target: RecordingSandbox;
let session: Session;

beforeAll(async () => {
  target = await recordingSandbox({ clock: { now: () => now }, blynk: { tokenLifetimeSeconds: 3600 } });
  session = await connect([], { ...sandboxEnv(target), ORGKIT_LOG: "info" });
});

afterAll(async () => {
  await session?.close();
  await target?.close();
});

test("a 401 mid-session renews the Blynk token and the call succeeds", async () => {
  const first = await session.call("blynk_get_organization_profile");
  expect(first.isError, textOf(first)).toBeFalsy();
  const before = target.seen.length;

  now += 2 * 3600 * 1000; // both the access and the refresh token have expired
  const second = await session.call("blynk_get_organization_profile");

  expect(second.isError, textOf(second)).toBeFalsy();
  expect(second.structuredContent).toEqual(first.structuredContent);
  expect(target.seen.slice(before)).toEqual([
    { line: "GET /api/v1/organization/profile", status: 401 },
    { line: expect.stringMatching(/^POST \/oauth2\/token\?grant_type=refresh_token&refresh_token=/), status: 400 },
    { line: "POST /oauth2/token?grant_type=client_credentials", status: 200 },
    { line: "GET /api/v1/organization/profile", status: 200 },
  ]);
  expect(session.stderr()).toContain(
    "the refresh token was refused; requesting a new token with the client credentials",
  );
});
