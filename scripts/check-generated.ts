// Fails when a committed file in generated/ is not what its spec generates now.
import { findAllStale } from "./lib/drift.js";

const stale = await findAllStale(process.cwd());
for (const { path, reason } of stale) {
  console.error(
    reason === "missing"
      ? `${path} is missing. Run \`npm run generate\` and commit the result.`
      : `${path} is stale: its spec changed since it was generated. Run \`npm run generate\` and commit the result.`,
  );
}
if (stale.length > 0) process.exitCode = 1;
else console.log("generated/ is up to date with openapi/.");
