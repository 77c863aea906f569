// orgkit's Redocly plugin: the decorators that shape the published reference (see redocly.yaml).
import { CodeSamples } from "./code-samples.js";
import { EvidenceBadges } from "./evidence-badges.js";

export default function orgkitPlugin() {
  return { id: "orgkit", decorators: { oas3: { "evidence-badges": EvidenceBadges, "code-samples": CodeSamples } } };
}
