// A Redocly decorator: each operation's `x-evidence` (documented, third-party or inferred) becomes
// a badge beside its title and in the sidebar of the published reference, so a reader sees at a
// glance what the vendor confirmed. The spec states the evidence once; the badge is derived here.

const colors = { documented: "#1a7f37", "third-party": "#9a6700", inferred: "#cf222e" };

export function EvidenceBadges() {
  return {
    Operation: {
      leave(operation) {
        const evidence = operation["x-evidence"];
        if (!(evidence in colors)) return; // the evidence test refuses an operation without a known mark
        operation["x-badges"] = [...(operation["x-badges"] ?? []), { name: evidence, color: colors[evidence] }];
      },
    },
  };
}
