// npm run api:update — rewrites the committed API reports (etc/*.api.md) from the code. A
// breaking change is written only once CHANGELOG.md says "Breaking" under its Unreleased heading,
// so that the report cannot move past one the changelog does not announce.
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { extractApiReports } from "./lib/api-extractor.js";
import { announcesBreaking, describeChanges, diffReports } from "./lib/api-report.js";

const root = fileURLToPath(new URL("../", import.meta.url));
const reports = await extractApiReports(root).catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
const announced = announcesBreaking(await readFile(`${root}CHANGELOG.md`, "utf8"));

const written: string[] = [];
const refused: string[] = [];
for (const { path, text } of reports) {
  const committed = await readFile(`${root}${path}`, "utf8").catch(() => undefined);
  if (committed === text) {
    console.log(`${path} is up to date.`);
    continue;
  }
  const diff = committed === undefined ? undefined : diffReports(committed, text);
  if (diff?.kind === "breaking" && !announced) {
    console.error(`${path} not written: breaking change to the public API (members removed or changed):`);
    console.error(describeChanges(diff.changes).join("\n"));
    refused.push(path);
    continue;
  }
  await writeFile(`${root}${path}`, text);
  written.push(path);
  const what = !diff ? "created" : diff.kind === "unchanged" ? "comments only" : diff.kind;
  console.log(`${path} updated (${what}).`);
  if (diff && diff.changes.length > 0) console.log(describeChanges(diff.changes).join("\n"));
}
if (written.length > 0) console.log(`Commit ${written.join(" and ")}.`);
if (refused.length > 0) {
  console.error(
    `Add an entry under CHANGELOG.md's "Unreleased" heading that says "Breaking" and names the members above, then run \`npm run api:update\` again.`,
  );
  process.exitCode = 1;
}
