import { describe, expect, test } from "vitest";
import { ValidationError } from "../../src/errors.js";
import { Redactor } from "../../src/internal/redact.js";
import { apiKeyAuthorizer } from "../../src/recrubo/auth.js";
import { partnerKey } from "../support/fixtures.js";
import { naming } from "../support/messages.js";

describe("apiKeyAuthorizer", () => {
  test("sends the key after Bearer, or bare with the raw scheme", async () => {
    await expect(apiKeyAuthorizer(partnerKey, "bearer", new Redactor()).authorization(undefined)).resolves.toBe(
      `Bearer ${partnerKey}`,
    );
    await expect(apiKeyAuthorizer(partnerKey, "raw", new Redactor()).authorization(undefined)).resolves.toBe(
      partnerKey,
    );
  });

  test.each(["Bearer", "basic", ""])("refuses the scheme %j, naming authScheme", (scheme) => {
    // @ts-expect-error: a scheme the type does not allow, as JavaScript callers may pass
    const build = () => apiKeyAuthorizer(partnerKey, scheme, new Redactor());

    expect(build).toThrow(
      expect.objectContaining({
        issues: [{ field: "authScheme", rule: "enum", message: naming("bearer", "raw") }],
      }),
    );
    expect(build).toThrow(ValidationError);
  });
});
