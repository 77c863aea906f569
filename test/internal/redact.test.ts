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

  test("ignores values too short to be credentials", () => {
    const redactor = new Redactor();
    redactor.add("short");
    redactor.learn("tiny");
    expect(redactor.text("short tiny")).toBe("short tiny");
  });
});
