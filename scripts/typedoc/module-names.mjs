// A TypeDoc plugin: each entry point's module is named by the import path users write ("orgkit",
// "orgkit/sandbox", ...), taken from package.json's exports, rather than by its source file.
import { readFileSync } from "node:fs";
import { Converter, ReflectionKind } from "typedoc";

/** @param {import("typedoc").Application} app */
export function load(app) {
  const { name, exports } = JSON.parse(readFileSync("package.json", "utf8"));
  const importPaths = new Map(
    Object.entries(exports)
      .filter(([, target]) => typeof target === "object" && typeof target.types === "string")
      // "./dist/types/src/sandbox/index.d.ts" is the declaration of "src/sandbox/index.ts".
      .map(([subpath, target]) => [
        target.types.replace(/^\.\/dist\/types\//, "").replace(/\.d\.ts$/, ".ts"),
        subpath === "." ? name : `${name}/${subpath.slice(2)}`,
      ]),
  );
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const module of context.project.getReflectionsByKind(ReflectionKind.Module)) {
      // Sources are not recorded (disableSources), so ask the compiler where the module is declared.
      const source = context.getSymbolFromReflection(module)?.declarations?.[0]?.getSourceFile().fileName ?? "";
      const importPath = [...importPaths].find(([file]) => source.endsWith(file))?.[1];
      if (importPath) module.name = importPath;
    }
  });
}
