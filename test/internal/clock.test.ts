import { describe, expect, test } from "vitest";
import { systemClock } from "../../src/internal/clock.js";

describe("systemClock", () => {
  test("now is the time Date.now tells", () => {
    const before = Date.now();
    const now = systemClock.now();
    const after = Date.now();

    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(after);
  });

  test("a sleep on an aborted signal rejects at once with its reason", async () => {
    await expect(systemClock.sleep(60_000, AbortSignal.abort(new Error("gone")))).rejects.toThrow("gone");
  });
});
