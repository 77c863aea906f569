import { describe, expect, test } from "vitest";
import { Progress, progressLine } from "../../cli/progress.js";

describe("progressLine", () => {
  test("items of the total, the rate and the time left", () => {
    expect(progressLine(2_500, { total: 10_000, estimated: false }, 5_000)).toBe(
      "orgkit: 2,500 of 10,000 items (25%), 500/s, 0:15 left",
    );
    expect(progressLine(250, { total: 1_000, estimated: true }, 1_000)).toBe(
      "orgkit: 250 of ~1,000 items (25%), 250/s, 0:03 left",
    );
    expect(progressLine(3_600, { total: 3_600 * 3_601, estimated: false }, 1_000)).toMatch(/, 3,600\/s, 1:00:00 left$/);
  });

  test("without a total or a rate yet", () => {
    expect(progressLine(10, undefined, 0)).toBe("orgkit: 10 items");
    expect(progressLine(0, { total: 0, estimated: false }, 0)).toBe("orgkit: 0 items");
  });
});

describe("Progress", () => {
  test("redraws one line in place, at most every interval, clears before other output and ends its line", () => {
    let now = 0;
    let written = "";
    const progress = new Progress({ write: (text) => (written += text), now: () => now }, 100);
    now = 1_000;
    progress.update(10, { total: 100, estimated: false });
    now = 1_050;
    progress.update(20, { total: 100, estimated: false });
    expect(written).toBe("\rorgkit: 10 of 100 items (10%), 10/s, 0:09 left\u001b[K");
    progress.clear();
    progress.clear();
    expect(written.endsWith("\u001b[K\r\u001b[K")).toBe(true);
    now = 2_000;
    progress.finish();
    expect(written.endsWith("\rorgkit: 20 of 100 items (20%), 10/s, 0:08 left\u001b[K\n")).toBe(true);
  });
});
