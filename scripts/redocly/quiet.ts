// Runs the Redocly CLI with its arguments (`tsx scripts/redocly/quiet.ts lint ...`) and prints what
// it says without its banners; its exit code is this script's, so a lint error still fails the build.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { createBannerFilter } from "./banners.js";

// The project's own CLI, wherever this runs from (a test runs it in a scratch directory).
const cli = fileURLToPath(new URL("../../node_modules/.bin/redocly", import.meta.url));
const redocly = spawn(cli, process.argv.slice(2), { stdio: ["ignore", "inherit", "pipe"] });
const filter = createBannerFilter();
const print = (lines: string[]) => {
  for (const line of lines) process.stderr.write(`${line}\n`);
};
const stderr = createInterface({ input: redocly.stderr, crlfDelay: Infinity });
stderr.on("line", (line) => print(filter.line(line)));
const closed = new Promise<void>((resolve) => stderr.on("close", resolve));

const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
  redocly.on("error", reject);
  redocly.on("close", (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
});
await closed;
print(filter.end());
if (signal) console.error(`redocly was stopped by ${signal}`);
process.exitCode = code ?? 1;
