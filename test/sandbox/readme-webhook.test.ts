import { afterEach, expect, test, vi } from "vitest";

afterEach(() => {
  vi.restoreAllMocks();
});

// The README's receiver example, run as written: the sandbox's create event reaches it, verified.
test("the README's webhook example receives the create event", async () => {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  await import("../../examples/readme/webhook.js");
  expect(log).toHaveBeenCalledWith("create", true);
});
