// npm run check:api — whether the public TypeScript surface still matches the committed API
// reports (etc/*.api.md), and, when it does not, whether the change breaks users: one that only
// adds members is additive; one that removes or changes a member is breaking, and needs a
// "Breaking" entry under CHANGELOG.md's Unreleased heading. Either way the report is then stale.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { extractApiReports } from "./lib/api-extractor.js";
import { announcesBreaking, describeChanges, diffReports, unreleasedSection } from "./lib/api-report.js";

const root = fileURLToPath(new URL("../", import.meta.url));
const reports = await extractApiReports(root).catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});

const stale: string[] = [];
let breaking = false;
for (const { path, text, unexported } of reports) {
  if (unexported.length > 0) {
    console.warn(
      `${path}: types the entry point uses but does not export, shown in the report without \`export\` (ae-forgotten-export): ${unexported.join(", ")}.`,
    );
  }
  const committed = await readFile(`${root}${path}`, "utf8").catch(() => undefined);
  if (committed === text) continue;
  stale.push(path);
  if (committed === undefined) {
    console.error(`${path} is missing.`);
    continue;
  }
  const diff = diffReports(committed, text);
  if (diff.kind === "unchanged") {
    console.error(`${path} is stale: only its comments differ (documentation, release tags); no member changed.`);
  } else if (diff.kind === "additive") {
    console.error(`${path}: additive change to the public API (members only added; no "Breaking" entry needed):`);
  } else {
    breaking = true;
    console.error(`${path}: breaking change to the public API (members removed or changed):`);
  }
  if (diff.changes.length > 0) console.error(describeChanges(diff.changes).join("\n"));
}

const update = `run \`npm run api:update\` and commit ${stale.join(" and ")}.`;
const changelog = await readFile(`${root}CHANGELOG.md`, "utf8");
const unreleased = unreleasedSection(changelog)?.split("\n")[0];
if (stale.length === 0) {
  console.log(`API report unchanged: ${reports.map(({ path }) => path).join(" and ")} match the code.`);
} else if (!breaking) {
  console.error(`The committed report is stale: ${update}`);
} else if (!unreleased) {
  console.error(
    `CHANGELOG.md has no "Unreleased" section: add "## [Unreleased]" with an entry that says "Breaking" and names the members above, then ${update}`,
  );
} else if (!announcesBreaking(changelog)) {
  console.error(
    `CHANGELOG.md does not say "Breaking" under "${unreleased}": add an entry there that says "Breaking" and names the members above, then ${update}`,
  );
} else {
  console.error(`CHANGELOG.md says "Breaking" under "${unreleased}"; now ${update}`);
}
if (stale.length > 0) process.exitCode = 1;
