// Preloaded (`node --import`) into each export of the CLI benchmark: when the process exits, its
// peak resident memory goes to the file CLI_EXPORT_PEAK names, so that the CLI itself is measured
// unchanged.
import { writeFileSync } from "node:fs";

const file = process.env["CLI_EXPORT_PEAK"];
if (file) process.on("exit", () => writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)));
