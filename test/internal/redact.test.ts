import { describe, expect, test } from "vitest";
import { Redactor } from "../../src/internal/redact.js";

const secret = (index: number) => `secret-value-${String(index).padStart(4, "0")}`;

describe("Redactor", () => {
  test("keeps configured credentials for good and only the 256 most recent secrets learned from traffic", () => {
    const redactor = new Redactor();
    redactor.add("configured-api-key");
    for (let index = 0; index < 300; index++) redactor.learn(secret(index));

    expect(redactor.text(`configured-api-key ${secret(299)} ${secret(44)}`)).toBe(`[REDACTED] [REDACTED] [REDACTED]`);
    expect(redactor.text(secret(43))).toBe(secret(43)); // the oldest learned ones are forgotten
  });

  test("learning a secret again makes it recent", () => {
    const redactor = new Redactor();
    for (let index = 0; index < 256; index++) redactor.learn(secret(index));
    redactor.learn(secret(0));
    redactor.learn(secret(1000));

    expect(redactor.text(secret(0))).toBe("[REDACTED]");
    expect(redactor.text(secret(1))).toBe(secret(1));
  });

  test("masks what the caller gives at any length, but ignores values from the server too short to be credentials", () => {
    const redactor = new Redactor();
    redactor.add("k9");
    redactor.learn("s3");
    redactor.learnReceived("tiny");
    expect(redactor.text("k9 s3 tiny")).toBe("[REDACTED] [REDACTED] tiny");
  });

  test("masks overlapping secrets as one, leaving no piece of either", () => {
    const redactor = new Redactor();
    redactor.add("abcdef");
    redactor.add("defghi");
    redactor.add("cd");
    expect(redactor.text("xx abcdefghi yy cd")).toBe("xx [REDACTED] yy [REDACTED]");
  });

  test("ignores what is not a string when learning, so a hostile answer cannot break later masking", () => {
    const redactor = new Redactor();
    for (const hostile of [{ toString: 1 }, ["a"], 12345678, null, { length: 20 }]) {
      redactor.learn(hostile);
      redactor.learnReceived(hostile);
      redactor.add(hostile);
    }
    expect(redactor.text("12345678 a [object Object]")).toBe("12345678 a [object Object]");
    redactor.add("rk_live_after_hostile");
    redactor.learn("learned_after_hostile");
    expect(redactor.text("rk_live_after_hostile learned_after_hostile 12345678")).toBe("[REDACTED] [REDACTED] 12345678");
  });

  test("cuts a body nested deeper than any document, without exhausting the stack", () => {
    let deep: unknown = { token: "t0k3n-value" };
    for (let level = 0; level < 100_000; level++) deep = { nested: deep };
    const masked = new Redactor().value(deep);
    expect(JSON.stringify(masked)).toContain("[nested too deep]");
  });

  test("copies an error whose message holds a secret, keeping its class; returns a clean error itself", () => {
    const redactor = new Redactor();
    redactor.add("rk_live_secret_key");
    const leaky = new ReferenceError("no rk_live_secret_key here", { cause: new Error("and rk_live_secret_key") });
    const clean = new ReferenceError("nothing to hide");

    const copy = redactor.error(leaky) as Error;

    expect(copy).toBeInstanceOf(ReferenceError);
    expect(copy.message).toBe("no [REDACTED] here");
    expect((copy.cause as Error).message).toBe("and [REDACTED]");
    expect(copy.stack).not.toContain("rk_live_secret_key");
    expect(redactor.error(clean)).toBe(clean);
  });

  test("follows a cyclic cause chain only so far", () => {
    const redactor = new Redactor();
    redactor.add("rk_live_secret_key");
    const cyclic = new Error("rk_live_secret_key");
    cyclic.cause = cyclic;

    const copy = redactor.error(cyclic) as Error;

    let depth = 0;
    for (let at: unknown = copy; at instanceof Error; at = at.cause) depth++;
    expect(depth).toBeLessThan(40);
    expect(copy.message).toBe("[REDACTED]");
  });
});
