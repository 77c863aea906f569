import { posix } from "node:path";
import ts from "typescript";

/** What a packed package.json says about where its modules are and what they may import. */
export interface Manifest {
  exports?: unknown;
  types?: string;
  main?: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/** A packed package's files by their path inside it ("dist/index.js"), as text. */
export type PackedFiles = ReadonlyMap<string, string>;

const isDeclaration = (path: string) => /\.d\.[mc]?ts$/.test(path);
const isScript = (path: string) => /\.[mc]?js$/.test(path);
const isModule = (path: string) => isDeclaration(path) || isScript(path);
const sourceMappingUrl = /\/\/# sourceMappingURL=(\S+)\s*$/;

/** Where the package keeps the licences of the dependencies its bundles carry. */
export const thirdPartyLicenses = "dist/third-party-licenses.txt";
/** The package a bundled file came from: "openapi-fetch" for "../node_modules/openapi-fetch/dist/index.mjs". */
export const bundledPackage = (source: string) => /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(source)?.[1];

/**
 * Everything wrong with what a package ships, one sentence per problem; empty when nothing is.
 * No file names the directory it was built in. Modules must be reachable from the entry points,
 * import only what ships or what the package declares, hold something, appear once, and (for
 * scripts) carry a source map whose sources ship or travel inside it.
 */
export function findPackageProblems(files: PackedFiles, manifest: Manifest, buildDirectory: string): string[] {
  return [
    ...findBuildPaths(files, buildDirectory),
    ...findRawSources(files),
    ...findImportProblems(files, manifest),
    ...findEmptyModules(files),
    ...findDuplicateModules(files),
    ...findSourceMapProblems(files),
  ];
}

/** The modules package.json points at: every target in `exports` (patterns expanded), `types` and `main`. */
export function entryModules(files: PackedFiles, manifest: Manifest): string[] {
  const targets = [...exportTargets(manifest.exports), manifest.types, manifest.main].filter(
    (target) => target !== undefined,
  );
  const entries = new Set<string>();
  for (const target of targets) {
    const path = posix.normalize(target);
    if (!path.includes("*")) {
      if (isModule(path)) entries.add(path);
      continue;
    }
    const [head = "", tail = ""] = path.split("*");
    for (const file of files.keys())
      if (isModule(file) && file.startsWith(head) && file.endsWith(tail)) entries.add(file);
  }
  return [...entries];
}

function exportTargets(exports: unknown): string[] {
  if (typeof exports === "string") return [exports];
  if (Array.isArray(exports)) return exports.flatMap(exportTargets);
  if (typeof exports === "object" && exports !== null) return Object.values(exports).flatMap(exportTargets);
  return []; // null: a subpath explicitly closed
}

// A source map or declaration can carry an absolute path: it means nothing on a user's machine and
// tells everyone where the package was built.
function findBuildPaths(files: PackedFiles, buildDirectory: string): string[] {
  const directory = buildDirectory.replace(/[\\/]+$/, "");
  if (directory === "") return []; // built at the file system's root: every path would match
  return [...files]
    .filter(([, text]) => text.includes(directory))
    .map(([path]) => `${path} names the directory the package was built in (${directory}).`);
}

// Users get the declarations; a .ts source beside them is a second copy of the same module.
function findRawSources(files: PackedFiles): string[] {
  return [...files.keys()]
    .filter((path) => /\.[mc]?tsx?$/.test(path) && !isDeclaration(path))
    .map(
      (path) =>
        `${path} is TypeScript source: users get its declarations, so it only adds weight (leave it out of "files").`,
    );
}

/** What the entry points reach through relative imports, and every import that fails a user. */
export function traceImports(files: PackedFiles, manifest: Manifest): { reached: Set<string>; problems: string[] } {
  const problems: string[] = [];
  const declared = new Set([
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
  ]);
  const reached = new Set<string>();
  const queue = entryModules(files, manifest).filter((entry) => files.has(entry));
  for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
    if (reached.has(path)) continue;
    reached.add(path);
    for (const specifier of importsOf(files.get(path) ?? "")) {
      if (specifier.startsWith("node:")) continue;
      if (!specifier.startsWith(".")) {
        if (!declared.has(packageName(specifier))) {
          problems.push(
            `${path} imports ${specifier}, which is neither a dependency nor a peer dependency: users will not have it.`,
          );
        }
        continue;
      }
      const target = resolveRelative(files, path, specifier);
      if (target) queue.push(target);
      else problems.push(`${path} imports ${specifier}, which the package does not ship.`);
    }
  }
  return { reached, problems };
}

function findImportProblems(files: PackedFiles, manifest: Manifest): string[] {
  const { reached, problems } = traceImports(files, manifest);
  for (const path of files.keys()) {
    if (isModule(path) && !reached.has(path))
      problems.push(`${path} ships, but no entry point in package.json reaches it.`);
  }
  return problems;
}

// Static and dynamic imports, re-exports and import("…") types, as TypeScript itself finds them.
function importsOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((file) => file.fileName);
}

// "@scope/name/sub" belongs to "@scope/name"; "name/sub" to "name".
function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return (specifier.startsWith("@") ? parts.slice(0, 2) : parts.slice(0, 1)).join("/");
}

// A script imports the file it names. A declaration names the script, and TypeScript reads the
// declaration beside it, as it does for a user.
function resolveRelative(files: PackedFiles, from: string, specifier: string): string | undefined {
  const path = posix.join(posix.dirname(from), specifier);
  const candidates = isDeclaration(from)
    ? [
        path
          .replace(/\.js$/, ".d.ts")
          .replace(/\.mjs$/, ".d.mts")
          .replace(/\.cjs$/, ".d.cts"),
        `${path}.d.ts`,
        `${path}/index.d.ts`,
      ]
    : [path];
  return candidates.find((candidate) => files.has(candidate));
}

function findEmptyModules(files: PackedFiles): string[] {
  const problems: string[] = [];
  for (const [path, text] of files) {
    if (!isModule(path)) continue;
    const code = withoutComments(text);
    const empty = isDeclaration(path) ? /^(export\s*\{\s*\};?)?$/.test(code) : code === "";
    if (empty) problems.push(`${path} is an empty module: it holds nothing a user can import.`);
  }
  return problems;
}

// The tokens alone, so that a module of nothing but comments and whitespace reads as "".
function withoutComments(text: string): string {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  let code = "";
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan())
    code += scanner.getTokenText();
  return code;
}

function findDuplicateModules(files: PackedFiles): string[] {
  const byContent = new Map<string, string>();
  const problems: string[] = [];
  for (const [path, text] of files) {
    if (!isModule(path)) continue;
    const key = `${isDeclaration(path) ? "d" : "js"}:${text.replace(sourceMappingUrl, "")}`;
    const first = byContent.get(key);
    if (first) problems.push(`${path} is a copy of ${first}.`);
    else byContent.set(key, path);
  }
  return problems;
}

interface SourceMap {
  sources?: unknown;
  sourcesContent?: unknown;
  sourceRoot?: unknown;
  mappings?: unknown;
}

// A debugger reads a source from the file a map names, or from the map's own copy of it.
function findSourceMapProblems(files: PackedFiles): string[] {
  const problems: string[] = [];
  const referenced = new Set<string>();
  for (const [path, text] of files) {
    if (!isModule(path)) continue;
    const url = sourceMappingUrl.exec(text)?.[1];
    if (url === undefined) {
      if (isScript(path)) problems.push(`${path} has no source map: stack traces would point into bundled code.`);
      continue;
    }
    if (url.startsWith("data:")) continue;
    const mapPath = posix.join(posix.dirname(path), url);
    referenced.add(mapPath);
    const mapText = files.get(mapPath);
    if (mapText === undefined) {
      problems.push(`${path} points at the source map ${url}, which the package does not ship.`);
      continue;
    }
    problems.push(...findMapSourceProblems(files, mapPath, mapText));
  }
  for (const path of files.keys()) {
    if (path.endsWith(".map") && !referenced.has(path)) problems.push(`${path} ships, but no module points at it.`);
  }
  return problems;
}

function findMapSourceProblems(files: PackedFiles, mapPath: string, mapText: string): string[] {
  let map: SourceMap;
  try {
    map = JSON.parse(mapText) as SourceMap;
  } catch {
    return [`${mapPath} is not JSON.`];
  }
  // A module that only re-exports maps nothing: no sources and empty mappings are still a map.
  if (!Array.isArray(map.sources) || typeof map.mappings !== "string")
    return [`${mapPath} is not a source map with sources and mappings.`];
  const contents: unknown[] = Array.isArray(map.sourcesContent) ? map.sourcesContent : [];
  const sourceRoot = typeof map.sourceRoot === "string" ? map.sourceRoot : "";
  const problems: string[] = [];
  for (const [index, source] of map.sources.entries()) {
    // A bundled dependency's licence asks that every copy carry it.
    const dependency = bundledPackage(String(source));
    if (dependency && !files.get(thirdPartyLicenses)?.includes(`${dependency} `)) {
      problems.push(`${mapPath} shows ${dependency} bundled, but ${thirdPartyLicenses} does not carry its licence.`);
    }
    if (typeof contents[index] === "string") continue;
    const sourcePath = posix.join(posix.dirname(mapPath), sourceRoot, String(source));
    if (!files.has(sourcePath)) {
      problems.push(
        `${mapPath} names the source ${String(source)}, which the package does not ship, and does not carry its content.`,
      );
    }
  }
  return problems;
}
