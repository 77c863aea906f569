import type { ValidationIssue } from "../errors.js";
import type { Secret } from "../options.js";
import type { Redactor } from "./redact.js";
import { assertValid } from "./validation.js";

/** A credential sent as it is in a header: visible ASCII, inner spaces allowed (fetch refuses others, quoting them). */
export const headerCredential = {
  test: /^[!-~](?:[ -~]*[!-~])?$/,
  message:
    "must be printable ASCII without leading or trailing spaces: it is sent in an HTTP header, which cannot carry line breaks, NUL or other control characters",
};

/** A client secret, sent Base64-encoded in HTTP Basic: any text but control characters. */
export const basicSecret = {
  test: /^\P{Cc}+$/u,
  message: "must not contain line breaks, NUL or other control characters",
};

/** A client id, sent Base64-encoded in HTTP Basic before a colon, so it cannot hold one (RFC 7617). */
export const basicUserId = {
  test: /^[^:\p{Cc}]+$/u,
  message:
    'must not contain ":" (HTTP Basic separates the id from the secret with it, RFC 7617), line breaks or other control characters',
};

// Servers refuse headers much beyond 8 kB; a longer credential is a mistake, refused at once.
const longestCredential = 4096;

/** Why `value` cannot be used as the credential `field`; empty when it can. `rule.message` never quotes the value. */
export function credentialIssues(
  value: unknown,
  field: string,
  rule: { test: RegExp; message: string } = headerCredential,
): ValidationIssue[] {
  if (typeof value !== "string") return [{ field, rule: "type", message: "must be a string" }];
  if (value === "") return [{ field, rule: "minLength", message: "must not be empty" }];
  if (value.length > longestCredential)
    return [{ field, rule: "maxLength", message: `must be at most ${longestCredential} characters` }];
  return rule.test.test(value) ? [] : [{ field, rule: "pattern", message: rule.message }];
}

/** Reads a secret for each request, checked before anything is sent (a value once) and masked from then on. */
export function secretReader(secret: Secret, field: string, redactor: Redactor): () => Promise<string> {
  if (typeof secret !== "function") {
    assertValid(credentialIssues(secret, field));
    redactor.learn(secret, "option");
    return async () => secret;
  }
  return async () => {
    const value = await secret();
    redactor.learn(value, "given"); // masked even when refused below; a function may rotate keys: keep the recent ones
    assertValid(credentialIssues(value, field));
    return value;
  };
}
