import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Api, apis } from "./apis.js";
import { writeGenerated } from "./codegen.js";

/** A generated file whose committed text differs from what its spec generates now. */
export interface StaleFile {
  path: string;
  reason: "missing" | "differs";
}

/**
 * Regenerates one API into a scratch directory and compares each file byte for byte with the
 * committed one. One API at a time, so a failure always names the right spec.
 */
export async function findStale(api: Api, root: string): Promise<StaleFile[]> {
  const scratch = await mkdtemp(join(tmpdir(), `orgkit-${api.name}-`));
  try {
    const stale: StaleFile[] = [];
    for (const path of await writeGenerated(api, root, scratch)) {
      const fresh = await readFile(join(scratch, path));
      const committed = await readFile(join(root, path)).catch(() => undefined);
      if (!committed) stale.push({ path, reason: "missing" });
      else if (!committed.equals(fresh)) stale.push({ path, reason: "differs" });
    }
    return stale;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Checks every API in turn; returns the stale files of all of them. */
export async function findAllStale(root: string): Promise<StaleFile[]> {
  const stale: StaleFile[] = [];
  for (const api of apis) stale.push(...(await findStale(api, root)));
  return stale;
}
