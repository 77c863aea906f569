import { expect } from "vitest";

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A message that names each of `parts` (a field, a limit, the values allowed, the option to use),
 * in any order and however it is worded around them: what a user reads a message for, without
 * pinning its wording.
 */
export function naming(...parts: string[]) {
  return expect.stringMatching(
    new RegExp(`^${parts.map((part) => `(?=[\\s\\S]*${escaped(part)})`).join("")}[\\s\\S]*\\S`),
  );
}
