import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import openapiTS, { astToString, COMMENT_HEADER } from "openapi-typescript";
import { type Api, generatedFiles } from "./apis.js";
import { renderCommands } from "./commands.js";
import { facadeMethods, renderFacade, renderTypes } from "./facade.js";
import {
  commaSeparatedParameters,
  extractRules,
  extractWebhooks,
  rateLimitOf,
  renderRules,
  sandboxFactsOf,
} from "./rules.js";
import { loadSpec } from "./spec.js";

/**
 * Renders every generated file of one API from its spec under `root`, keyed by path.
 * Linting is not repeated here: `npm run generate` runs `@redocly/cli` first, and the generator's
 * own bundled Redocly (v1) would apply a different rule set.
 */
export async function render(api: Api, root: string): Promise<Map<string, string>> {
  const ast = await openapiTS(pathToFileURL(join(root, api.spec)), { silent: true });
  const [typesFile, rulesFile, facadeFile, publicTypesFile, commandsFile] = generatedFiles(api);
  const spec = await loadSpec(api, root);
  const methods = facadeMethods(spec);
  return new Map([
    [typesFile!, COMMENT_HEADER + astToString(ast)],
    [
      rulesFile!,
      renderRules(
        extractRules(spec),
        commaSeparatedParameters(spec),
        rateLimitOf(spec),
        api,
        extractWebhooks(spec),
        sandboxFactsOf(spec),
      ),
    ],
    [facadeFile!, renderFacade(api, spec, methods)],
    [publicTypesFile!, renderTypes(api, spec, methods, await loadSpec(api, root, false))],
    [commandsFile!, renderCommands(api, spec, methods)],
  ]);
}

/** Writes every generated file of one API under `out` (the project root, or a scratch copy). */
export async function writeGenerated(api: Api, root: string, out = root): Promise<string[]> {
  const files = await render(api, root);
  for (const [path, text] of files) {
    await mkdir(dirname(join(out, path)), { recursive: true });
    await writeFile(join(out, path), text);
  }
  return [...files.keys()];
}
