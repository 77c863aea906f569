import { apis } from "../../scripts/lib/apis.js";
import { loadSpec, type SpecDocument } from "../../scripts/lib/spec.js";

/** The dereferenced spec of one API, by name. */
export function specOf(name: (typeof apis)[number]["name"]): Promise<SpecDocument> {
  return loadSpec(apis.find((api) => api.name === name)!);
}

export const httpMethods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;
