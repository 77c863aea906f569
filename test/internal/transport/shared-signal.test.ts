import { getEventListeners } from "node:events";
import { afterEach, describe, expect, test } from "vitest";
import { createBlynkClient, createRecruboClient } from "../../../src/index.js";
import { accessToken, blynkOrganization, partnerKey, recruboOrganization } from "../../support/fixtures.js";

// A server passes its shutdown signal to every call: the signal lives as long as the process.
describe("one long-lived signal shared by many calls", () => {
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  afterEach(() => {
    process.off("warning", onWarning);
    warnings.length = 0;
  });

  test("10,000 sequential calls leave no listener on it and raise no warning", async () => {
    process.on("warning", onWarning);
    const shutdown = new AbortController();
    const blynk = createBlynkClient({
      auth: { accessToken },
      rateLimit: false,
      fetch: async () => Response.json(blynkOrganization),
    });
    const recrubo = createRecruboClient({
      apiKey: partnerKey,
      fetch: async () => Response.json({ data: recruboOrganization }),
    });

    for (let call = 0; call < 5_000; call++) {
      await blynk.organizations.get(1, { signal: shutdown.signal });
      await recrubo.organizations.get(recruboOrganization.id, { signal: shutdown.signal, deadlineMs: 60_000 });
    }
    await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick

    expect(getEventListeners(shutdown.signal, "abort")).toHaveLength(0);
    expect(warnings.filter((warning) => warning.name === "MaxListenersExceededWarning")).toEqual([]);
  });

  test("still cancels a call in flight at once, with the signal's reason", async () => {
    const shutdown = new AbortController();
    let seen: AbortSignal | undefined;
    const blynk = createBlynkClient({
      auth: { accessToken },
      rateLimit: false,
      fetch: (request) => {
        seen = request.signal;
        return new Promise<Response>(() => {}); // never answers
      },
    });
    const reason = new Error("shutting down");

    const call = blynk.organizations.get(1, { signal: shutdown.signal });
    await new Promise((resolve) => setImmediate(resolve));
    shutdown.abort(reason);

    await expect(call).rejects.toBe(reason);
    expect(seen?.aborted).toBe(true); // the request's own signal carries the abort too
    expect(getEventListeners(shutdown.signal, "abort")).toHaveLength(0);
  });
});
