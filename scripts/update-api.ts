// npm run api:update — rewrites the committed API reports (etc/*.api.md) from the code. A
// breaking change is written only once CHANGELOG.md says "Breaking" under its Unreleased heading,
// so that the report cannot move past one the changelog does not announce.
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { extractApiReports } from "./lib/api-extractor.js";
import { announcesBreaking, describeChanges, diffReports } from "./lib/api-report.js";

const root = fileURLToPath(new URL("../", import.meta.url));
const reports = await extractApiReports(root);
const changelog = await readFile(`${root}CHANGELOG.md`, "utf8");

for (const { path, text } of reports) {
  const committed = await readFile(`${root}${path}`, "utf8").catch(() => undefined);
  if (committed === text) {
    console.log(`${path} is up to date.`);
    continue;
  }
  if (committed === undefined) {
    await writeFile(`${root}${path}`, text);
    console.log(`${path} written. Commit it.`);
    continue;
  }
  const { kind, changes } = diffReports(committed, text);
  if (kind === "breaking" && !announcesBreaking(changelog)) {
    console.error(`${path} not written: breaking change to the public API (members removed or changed):`);
    console.error(describeChanges(changes).join("\n"));
    console.error(
      `Add an entry under CHANGELOG.md's "Unreleased" heading that says "Breaking" and names these members, then run \`npm run api:update\` again.`,
    );
    process.exitCode = 1;
    continue;
  }
  await writeFile(`${root}${path}`, text);
  console.log(`${path} updated (${kind === "unchanged" ? "comments only" : kind}). Commit it.`);
  if (changes.length > 0) console.log(describeChanges(changes).join("\n"));
}
