// A Stryker ignorer: mutants of what an error, a hint or a log line says are left out of the
// score. Wording is not behaviour; the tests assert what a user relies on instead (the field, the
// rule, the status, that a hint is there, that no secret is), so a changed sentence is no bug they
// should catch, and pinning every sentence to kill its mutants would make wording hard to improve.
import { declareValuePlugin, PluginKind } from "@stryker-mutator/api/plugin";

/** Properties that hold text for a person: an error's message and hint, a validation issue's message. */
const wording = new Set(["message", "hint", "problem"]);
const logLevels = new Set(["debug", "info", "warn", "error"]);
/** Calls whose third argument is a message: `invalid(field, rule, message)`, `report(walk, rule, message)`. */
const reporters = new Set(["invalid", "report"]);
/** validation.ts's helpers that only put words together ("1 item", "a string or null"). */
const wordingHelpers = new Set(["counted", "typeNames", "formsOf", "article"]);
const reason = "Message wording is not behaviour (stryker/message-text.mjs)";

/** Climbs from a literal through what joins text (templates, `+`, `?:`, `??`) to the whole. */
function topOf(path) {
  let current = path;
  while (
    current.parentPath?.isTemplateLiteral() ||
    current.parentPath?.isBinaryExpression({ operator: "+" }) ||
    current.parentPath?.isConditionalExpression() ||
    current.parentPath?.isLogicalExpression()
  ) {
    current = current.parentPath;
  }
  return current;
}

const isText = (node) => node.type === "StringLiteral" || node.type === "TemplateLiteral";

/** A choice between wordings: "must not be empty" or "must be at least 2 characters". */
const isChoiceOfWords = (path) =>
  path.isConditionalExpression() && (isText(path.node.consequent) || isText(path.node.alternate));

/** `super(message, options)` in an error class: its first argument is the message, however it is put together. */
function isErrorMessage(path) {
  const call = path.parentPath;
  if (!call?.isCallExpression() || call.node.callee.type !== "Super" || call.node.arguments[0] !== path.node) return false;
  const owner = path.findParent((parent) => parent.isClassDeclaration() || parent.isClassExpression());
  return /Error$/.test(owner?.node.id?.name ?? "");
}

/** What uses the whole text a literal is part of. */
const user = (path) => topOf(path).parentPath;

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, "message-text", {
    shouldIgnore(path) {
      if (path.isFunctionDeclaration() && wordingHelpers.has(path.node.id?.name)) return reason;
      if (isErrorMessage(path)) return reason;
      if (!path.isStringLiteral() && !path.isTemplateLiteral() && !isChoiceOfWords(path)) return undefined;
      const parent = user(path);
      if (!parent) return undefined;
      if (parent.isObjectProperty() && !parent.node.computed && wording.has(parent.node.key.name)) return reason;
      // new ValidationError(...), new TimeoutError(`... timed out`), throw new TypeError("...")
      if (parent.isNewExpression() && /Error$/.test(parent.node.callee.name ?? "")) return reason;
      // logger.warn(`orgkit: ...`), console.warn(...)
      const callee = parent.isCallExpression() ? parent.node.callee : undefined;
      if (callee?.type === "MemberExpression" && logLevels.has(callee.property.name)) return reason;
      if (callee?.type !== "Identifier") return undefined;
      // The field and the rule are behaviour, the message wording.
      if (reporters.has(callee.name) && parent.node.arguments[2] === topOf(path).node) return reason;
      if (wordingHelpers.has(callee.name)) return reason; // counted(limit, "character")
      return undefined;
    },
  }),
];
