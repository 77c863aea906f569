import { join } from "node:path";
import { bundle, createConfig } from "@redocly/openapi-core";
import type { Api } from "./apis.js";

/** The parts of an OpenAPI document the scripts read; the rest stays `unknown`. */
export interface SpecDocument {
  info: { title: string; summary?: string; description?: string; version: string };
  paths: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

/**
 * Reads one API's spec as plain JSON values, with every `$ref` resolved in place, or (with
 * `dereference: false`) bundled into one document whose `$ref`s still name their components.
 */
export async function loadSpec(api: Api, root = process.cwd(), dereference = true): Promise<SpecDocument> {
  const config = await createConfig({}, { extends: ["minimal"] });
  const { bundle: document } = await bundle({ ref: join(root, api.spec), config, dereference });
  return document.parsed as SpecDocument;
}
