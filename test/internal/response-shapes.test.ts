import { describe, expect, test } from "vitest";
import { rules as blynkRules } from "../../generated/blynk.rules.js";
import { rules as recruboRules } from "../../generated/recrubo.rules.js";
import { responseShapes } from "../../src/internal/response-shapes.js";
import type { Schema } from "../../src/internal/schema.js";

/** What responseShapes finds for an operation: its shape, and its id for drift reports. */
const shapeOf = (
  rules: Readonly<Record<string, { readonly route: string; readonly response?: Schema }>>,
  operationId: string,
) => ({
  operationId,
  schema: rules[operationId]!.response,
});

describe("responseShapes", () => {
  const blynk = responseShapes(blynkRules);
  const recrubo = responseShapes(recruboRules);
  const id = "303f151b-3f33-4ddd-9779-eb522f7225a9";

  test("finds an operation's answer shape by method and path, whatever the query or fragment", () => {
    expect(blynk("GET", "https://blynk.cloud/api/v1/organization?orgId=7")).toEqual(
      shapeOf(blynkRules, "getOrganization"),
    );
    expect(blynk("GET", "https://blynk.cloud/api/v1/organization/profile#top")).toEqual(
      shapeOf(blynkRules, "getOrganizationProfile"),
    );
    expect(blynk("POST", "https://blynk.cloud/oauth2/token?grant_type=client_credentials")).toEqual(
      shapeOf(blynkRules, "requestAccessToken"),
    );
  });

  test("matches a route's parameters one path segment each", () => {
    expect(recrubo("GET", `https://api.recrubo.app/public/v2/management/organizations/${id}`)).toEqual(
      shapeOf(recruboRules, "getOrganization"),
    );
    expect(recrubo("PATCH", `https://api.recrubo.app/public/v2/management/organizations/${id}`)).toEqual(
      shapeOf(recruboRules, "updateOrganization"),
    );
    expect(recrubo("POST", `https://api.recrubo.app/public/v2/management/refresh-token/${id}`)).toEqual(
      shapeOf(recruboRules, "refreshOrganizationToken"),
    );
    expect(recrubo("GET", "https://api.recrubo.app/public/v2/management/organizations/")).toEqual(
      shapeOf(recruboRules, "listOrganizations"),
    );
    expect(recrubo("GET", "https://api.recrubo.app/public/v2/management/organizations/a%2Fb")).toEqual(
      shapeOf(recruboRules, "getOrganization"),
    );
    expect(recrubo("GET", `https://api.recrubo.app/public/v2/organizations/${id}`)).toEqual(
      shapeOf(recruboRules, "getOwnOrganization"),
    );
  });

  test("gives nothing for a method or path the spec gives no answer shape", () => {
    expect(blynk("DELETE", "https://blynk.cloud/api/v1/organization?orgId=7")).toBeUndefined();
    expect(blynk("PATCH", "https://blynk.cloud/api/v1/organization")).toBeUndefined();
    expect(blynk("GET", "https://blynk.cloud/api/v1/organizations")).toBeUndefined();
    expect(blynk("GET", "https://blynk.cloud/api/v1/organization/unknown")).toBeUndefined();
    expect(recrubo("GET", `https://api.recrubo.app/public/v2/management/organizations/${id}/users`)).toBeUndefined();
  });

  test("reads the end of the path, so a base URL with a path of its own changes nothing", () => {
    expect(blynk("GET", "https://proxy.example.com/blynk/api/v1/organization/profile")).toEqual(
      shapeOf(blynkRules, "getOrganizationProfile"),
    );
    expect(recrubo("GET", `https://proxy.example.com/recrubo/public/v2/management/organizations/${id}`)).toEqual(
      shapeOf(recruboRules, "getOrganization"),
    );
  });

  test("takes a route's characters as they are, not as a pattern", () => {
    const shape: Schema = { type: "object" };
    const shapes = responseShapes({ getItem: { route: "GET /v1.0/items/{id}", response: shape } });
    expect(shapes("GET", "https://example.com/v1.0/items/7")).toEqual({ operationId: "getItem", schema: shape });
    expect(shapes("GET", "https://example.com/v1x0/items/7")).toBeUndefined();
  });
});
