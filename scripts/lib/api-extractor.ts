// Writes the API reports of the current code (API Extractor's etc/*.api.md) into temp/api/, for
// `npm run check:api` to compare with the committed ones and `npm run api:update` to copy over them.
import { spawnSync } from "node:child_process";
import { mkdir, readFile, rm } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import {
  CompilerState,
  Extractor,
  ExtractorConfig,
  ExtractorLogLevel,
  type ExtractorMessage,
  ExtractorMessageCategory,
  ExtractorMessageId,
} from "@microsoft/api-extractor";

/** One config per entry point reported; each names its declarations and its committed report. */
export const apiExtractorConfigs = ["etc/api-extractor.json", "etc/api-extractor.sandbox.json"];

/** A report of the code as it is now, and where its committed copy lives. */
export interface FreshReport {
  /** The committed report, relative to the root: `etc/orgkit.api.md`. */
  path: string;
  text: string;
  /** Types the entry point's declarations use but it does not export (`ae-forgotten-export`). */
  unexported: string[];
}

/**
 * Compiles the declarations as `npm run build:package` does (tsc, tsconfig.build.json), into
 * temp/api/ rather than dist/ so that dist/ holds only what the build put there, then runs API
 * Extractor once per config, sharing one compiler between them.
 */
export async function extractApiReports(root: string): Promise<FreshReport[]> {
  // Inside the project, so that the declarations resolve openapi-fetch, nock and msw from its
  // node_modules as they do from dist/types.
  const work = join(root, "temp/api");
  const declarations = join(work, "types");
  await rm(join(work, "reports"), { recursive: true, force: true });
  await mkdir(join(work, "reports"), { recursive: true });
  // Incremental, with its state beside the declarations (deleting one deletes the other): when
  // the sources have not changed, tsc checks and writes nothing again.
  const tsc = spawnSync(
    process.execPath,
    [
      join(root, "node_modules/typescript/bin/tsc"),
      "-p",
      "tsconfig.build.json",
      "--declarationDir",
      declarations,
      "--incremental",
      "--tsBuildInfoFile",
      join(declarations, ".tsbuildinfo"),
    ],
    { cwd: root, stdio: "inherit" },
  );
  // tsc writes the declarations despite type errors. Right after `npm run generate`, a renamed
  // field can break src/ (the sandbox) before anyone has fixed it; what the spec change does to
  // users is still worth knowing then.
  if (tsc.status !== 0) {
    console.warn(
      "tsc reported the errors above; the API reports below are of the declarations it wrote regardless. `npm run typecheck` fails until they are fixed.",
    );
  }
  const configs = apiExtractorConfigs.map((path) => prepare(root, path, work));
  const compilerState = CompilerState.create(configs[0]!.config, {
    additionalEntryPoints: configs.map(({ config }) => config.mainEntryPointFilePath),
  });
  const reports: FreshReport[] = [];
  for (const { path, config, committed } of configs) {
    const unexported = new Set<string>();
    const result = Extractor.invoke(config, {
      localBuild: true,
      compilerState,
      typescriptCompilerFolder: join(root, "node_modules/typescript"),
      messageCallback: (message) => keepQuiet(message, unexported),
    });
    if (!result.succeeded) {
      throw new Error(`API Extractor failed on ${path} with ${result.errorCount} error(s), printed above.`);
    }
    const text = await readFile(join(config.reportFolder, config.reportConfigs[0]!.fileName), "utf8");
    reports.push({ path: committed, text, unexported: [...unexported].sort() });
  }
  return reports;
}

/**
 * The config at `path` as committed, with its entry point moved from dist/types to the declarations
 * in `work` and its report written there; and where the committed report is.
 */
function prepare(root: string, path: string, work: string) {
  const configObjectFullPath = join(root, path);
  const packageJsonFullPath = join(root, "package.json");
  const declared = ExtractorConfig.prepare({
    configObject: ExtractorConfig.loadFile(configObjectFullPath),
    configObjectFullPath,
    packageJsonFullPath,
    ignoreMissingEntryPoint: true,
  });
  const entry = relative(join(root, "dist/types"), declared.mainEntryPointFilePath);
  if (entry.startsWith("..")) throw new Error(`${path}: mainEntryPointFilePath must be under dist/types/.`);
  const [report, ...others] = declared.reportConfigs;
  if (!report || others.length > 0) throw new Error(`${path}: expected one report (no "reportVariants").`);

  const configObject = ExtractorConfig.loadFile(configObjectFullPath);
  configObject.mainEntryPointFilePath = join(work, "types", entry);
  configObject.apiReport = {
    ...configObject.apiReport!,
    reportFolder: join(work, "reports"),
    reportTempFolder: join(work, "reports-temp"),
  };
  const config = ExtractorConfig.prepare({ configObject, configObjectFullPath, packageJsonFullPath });
  const committed = relative(root, join(declared.reportFolder, report.fileName)).split(sep).join("/");
  return { path, config, committed };
}

/**
 * API Extractor's own console lines (its banner, "a new report was created, add it to Git") would
 * name the report in temp/ as the one to commit; the unexported types are gathered to be printed
 * in one line. Everything else (compiler errors, other warnings) it prints itself.
 */
function keepQuiet(message: ExtractorMessage, unexported: Set<string>): void {
  if (message.category === ExtractorMessageCategory.Console && message.logLevel !== ExtractorLogLevel.Error) {
    message.handled = true;
  } else if (message.messageId === ExtractorMessageId.ForgottenExport) {
    const name = /"([^"]+)"/.exec(message.text)?.[1];
    if (name) unexported.add(name);
    message.handled = true;
  }
}
