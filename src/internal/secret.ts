import type { Redactor } from "./redact.js";
import { assertValid, check } from "./validation.js";

/** A credential given as a value, or as a function returning the current one (called for every request). */
export type Secret = string | (() => string | Promise<string>);

const nonEmpty = { type: "string", minLength: 1 } as const;

/**
 * Reads a secret for each request: a value is checked once, here; a function's result each time.
 * Whatever is read is registered with the redactor, so it is masked wherever it might appear.
 */
export function secretReader(secret: Secret, field: string, redactor: Redactor): () => Promise<string> {
  if (typeof secret !== "function") {
    assertValid(check(nonEmpty, secret, field));
    redactor.add(secret);
    return async () => secret;
  }
  return async () => {
    const value = await secret();
    assertValid(check(nonEmpty, value, field));
    redactor.learn(value); // a function may rotate keys: keep the recent ones
    return value;
  };
}

/** Checks that a credential given as a value is a non-empty string. */
export function assertCredential(value: unknown, field: string): void {
  assertValid(check(nonEmpty, value, field));
}
