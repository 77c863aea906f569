import { describe, expect, test, vi } from "vitest";
import type { DriftRecord } from "../../src/index.js";
import { blynkClient, recruboClient } from "../support/clients.js";
import { scripted } from "../support/fetches.js";
import { blynkOrganization, recruboOrganization } from "../support/fixtures.js";
import { logged, spyLogger } from "../support/logger.js";

// A vendor that moves on answers members and enum values its spec does not know: the client
// still returns them, and tells the maintainer once per kind.

const secretish = "sk_live_unknown_member_value_1234";

describe("drift from the spec in a response", () => {
  test("an unknown member is told once, with the operation and the path, never its value; the value still arrives", async () => {
    const logger = spyLogger();
    const onDrift = vi.fn<(drift: DriftRecord) => void>();
    const { fetch } = scripted(() => Response.json({ ...blynkOrganization, isActive: true, apiSecret: secretish }));
    const { client } = blynkClient({ fetch, logger, onDrift });

    const first = await client.organizations.get(1);
    await client.organizations.get(1);

    expect(first).toMatchObject({ isActive: true, apiSecret: secretish });
    expect(onDrift.mock.calls.map(([record]) => record)).toEqual([
      { operationId: "getOrganization", path: "body.isActive", kind: "unknown member" },
      { operationId: "getOrganization", path: "body.apiSecret", kind: "unknown member" },
    ]);
    // An unknown member's value is never told, not even as undefined.
    expect(onDrift.mock.calls[0]?.[0]).not.toHaveProperty("value");
    const warnings = logged(logger).filter(([level]) => level === "warn");
    expect(warnings).toHaveLength(2);
    expect(warnings[0]?.[1]).toContain("getOrganization");
    expect(warnings[0]?.[1]).toContain("unknown member at body.isActive");
    expect(warnings[0]?.[2]).toEqual(onDrift.mock.calls[0]?.[0]);
    expect(JSON.stringify(warnings)).not.toContain(secretish);
  });

  test("an enum value the spec does not list is told once, named, for every item of a page at one path", async () => {
    const logger = spyLogger();
    const onDrift = vi.fn<(drift: DriftRecord) => void>();
    const content = [1, 2, 3].map((id) => ({ ...blynkOrganization, id, unitSystem: "NAUTICAL" }));
    const { fetch } = scripted(() => Response.json({ content, totalElements: 3 }));
    const { client } = blynkClient({ fetch, logger, onDrift });

    const page = await client.organizations.search({ query: "acme" });

    expect(page.content.map((organization) => organization.unitSystem)).toEqual(["NAUTICAL", "NAUTICAL", "NAUTICAL"]);
    expect(onDrift.mock.calls.map(([record]) => record)).toEqual([
      {
        operationId: "searchOrganizations",
        path: "body.content[].unitSystem",
        kind: "unknown enum value",
        value: "NAUTICAL",
      },
    ]);
    expect(logged(logger).filter(([level]) => level === "warn")[0]?.[1]).toContain('"NAUTICAL"');
  });

  test("a response as the spec describes it tells nothing, through the facade or raw", async () => {
    const onDrift = vi.fn<(drift: DriftRecord) => void>();
    const { fetch } = scripted(() => Response.json({ data: recruboOrganization }));
    const { client } = recruboClient({ fetch, onDrift });

    await client.organizations.get(recruboOrganization.id);
    await client.raw.GET("/public/v2/management/organizations/{id}", {
      params: { path: { id: recruboOrganization.id } },
    });

    expect(onDrift).not.toHaveBeenCalled();
  });
});
