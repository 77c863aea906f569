// orgkit's Redocly plugin: the rule every operation's declaration must meet, and the decorators
// that shape the published reference (see redocly.yaml).
import { CodeSamples } from "./code-samples.js";
import { EvidenceBadges } from "./evidence-badges.js";
import { OperationDeclared } from "./operation-declared.js";

export default function orgkitPlugin() {
  return {
    id: "orgkit",
    rules: { oas3: { "operation-declared": OperationDeclared } },
    decorators: { oas3: { "evidence-badges": EvidenceBadges, "code-samples": CodeSamples } },
  };
}
