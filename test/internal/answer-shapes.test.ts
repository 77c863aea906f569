import { describe, expect, test } from "vitest";
import { rules as blynkRules } from "../../generated/blynk.rules.js";
import { rules as recruboRules } from "../../generated/recrubo.rules.js";
import { answerShapes } from "../../src/internal/answer-shapes.js";

describe("answerShapes", () => {
  const blynk = answerShapes(blynkRules, "https://blynk.cloud");
  const recrubo = answerShapes(recruboRules, "https://api.recrubo.app");

  test("finds an operation's answer shape by method and path, whatever the query", () => {
    expect(blynk("GET", "https://blynk.cloud/api/v1/organization?orgId=7")).toBe(blynkRules.getOrganization.response);
    expect(blynk("GET", "https://blynk.cloud/api/v1/organization/profile")).toBe(blynkRules.getOrganizationProfile.response);
    expect(blynk("POST", "https://blynk.cloud/oauth2/token?grant_type=client_credentials")).toBe(blynkRules.requestAccessToken.response);
  });

  test("matches a route's parameters one path segment each", () => {
    const id = "303f151b-3f33-4ddd-9779-eb522f7225a9";
    expect(recrubo("GET", `https://api.recrubo.app/public/v2/management/organizations/${id}`)).toBe(recruboRules.getOrganization.response);
    expect(recrubo("PATCH", `https://api.recrubo.app/public/v2/management/organizations/${id}`)).toBe(recruboRules.updateOrganization.response);
    expect(recrubo("POST", `https://api.recrubo.app/public/v2/management/refresh-token/${id}`)).toBe(recruboRules.refreshOrganizationToken.response);
    expect(recrubo("GET", "https://api.recrubo.app/public/v2/management/organizations/")).toBe(recruboRules.listOrganizations.response);
    expect(recrubo("GET", `https://api.recrubo.app/public/v2/management/organizations/${id}/users`)).toBeUndefined();
    expect(recrubo("GET", "https://api.recrubo.app/public/v2/management/organizations/a%2Fb")).toBe(recruboRules.getOrganization.response);
  });

  test("gives nothing for a method or path the spec does not give an answer shape", () => {
    expect(blynk("DELETE", "https://blynk.cloud/api/v1/organization?orgId=7")).toBeUndefined();
    expect(blynk("PATCH", "https://blynk.cloud/api/v1/organization")).toBeUndefined();
    expect(blynk("GET", "https://blynk.cloud/api/v1/organizations")).toBeUndefined();
    expect(blynk("GET", "https://blynk.cloud/")).toBeUndefined();
    expect(blynk("GET", "https://blynk.cloud")).toBeUndefined();
  });

  test("reads the path after the base URL's own path, and after any origin", () => {
    const proxied = answerShapes(blynkRules, "https://proxy.example.com/blynk");
    expect(proxied("GET", "https://proxy.example.com/blynk/api/v1/organization/profile")).toBe(blynkRules.getOrganizationProfile.response);
    expect(proxied("GET", "https://fra1.blynk.cloud/api/v1/organization/profile#top")).toBe(blynkRules.getOrganizationProfile.response);
  });
});
