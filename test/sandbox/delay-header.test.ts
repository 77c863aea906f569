import { describe, expect, test } from "vitest";
import { TimeoutError } from "../../src/index.js";
import { requestedDelayMs } from "../../src/sandbox/faults.js";
import { Refusal } from "../../src/sandbox/front-door.js";
import { createSandbox, delayHeader } from "../../src/sandbox/index.js";
import { recruboClient } from "../support/clients.js";
import { FakeClock } from "../support/clock.js";

const recruboUrl = "http://127.0.0.1/public/v2/management/organizations/";
const blynkUrl = "http://127.0.0.1/api/v1/organization/profile";

/** Resolves once every callback already queued has run: enough for an answer that is not held back. */
const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("requestedDelayMs", () => {
  test("reads whole milliseconds from 0 to a minute, 0 without the header", () => {
    expect(requestedDelayMs(new Headers())).toBe(0);
    expect(requestedDelayMs(new Headers({ [delayHeader]: "0" }))).toBe(0);
    expect(requestedDelayMs(new Headers({ [delayHeader]: " 250 " }))).toBe(250);
    expect(requestedDelayMs(new Headers({ [delayHeader]: "60000" }))).toBe(60_000);
  });

  test.each(["60001", "99999", "-1", "1.5", "1e3", "soon", "", "123456"])("refuses %j", (value) => {
    const refusal = requestedDelayMs(new Headers({ [delayHeader]: value }));
    expect(refusal).toBeInstanceOf(Refusal);
    expect(refusal).toMatchObject({
      status: 400,
      detail: "The x-orgkit-sandbox-delay-ms header must be whole milliseconds from 0 to 60000.",
    });
  });
});

describe("the sandbox's delay header", () => {
  test("holds that request's answer back until its signal aborts", async () => {
    const sandbox = createSandbox();
    const stop = new AbortController();
    let answered = false;
    const held = sandbox
      .fetch(new Request(blynkUrl, { headers: { [delayHeader]: "60000" } }), { signal: stop.signal })
      .finally(() => (answered = true));
    // Another request, without the header, is answered meanwhile.
    expect((await sandbox.fetch(new Request(blynkUrl))).status).toBe(401);
    await settled();
    expect(answered).toBe(false);
    stop.abort(new Error("gave up"));
    await expect(held).rejects.toThrow("gave up");
  });

  test("answers a bad value 400 in each API's error format, before any route", async () => {
    const sandbox = createSandbox();
    const headers = { [delayHeader]: "later" };
    const recrubo = await sandbox.fetch(new Request(recruboUrl, { headers }));
    const blynk = await sandbox.fetch(new Request(blynkUrl, { headers }));
    const detail = "The x-orgkit-sandbox-delay-ms header must be whole milliseconds from 0 to 60000.";
    expect(await recrubo.json()).toEqual({
      errors: [{ code: "bad_request", status: 400, title: "Bad Request", detail }],
    });
    expect(await blynk.json()).toEqual({ error: { message: detail } });
  });

  test("lets one call time out in a client that sets it per call", async () => {
    const sandbox = createSandbox({ recrubo: { organizations: 1 } });
    const clock = new FakeClock();
    const { client: recrubo } = recruboClient({ sandbox, fetch: sandbox.fetch, clock, timeoutMs: 200, retry: false });
    const call = recrubo.organizations.list({}, { headers: { [delayHeader]: "5000" } });
    const outcome = call.catch((error: unknown) => error);
    await settled();
    clock.advance(200);
    const error = await outcome;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 200 });
    expect((await recrubo.organizations.list()).meta.total).toBe(1);
  });
});
