// Chromium, Debian's build (never a downloaded one), driven by playwright-core: the scenario in a
// page and in a module worker, the page served from one loopback origin and the sandbox on
// another, so every request crosses origins as it would from a real web app.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { serveDirectory } from "../lib/static-server.js";
import type { ScenarioInput, ScenarioOutcome } from "./scenario.js";

type RemoteInput = Omit<ScenarioInput, "log" | "fetch">;

/** What browser-page.ts puts on the page. */
interface PageRuntimes {
  inPage(input: RemoteInput): Promise<ScenarioOutcome>;
  inModuleWorker(input: RemoteInput): Promise<ScenarioOutcome>;
}

export interface ChromiumSession {
  version: string;
  inPage(input: RemoteInput): Promise<ScenarioOutcome>;
  inModuleWorker(input: RemoteInput): Promise<ScenarioOutcome>;
  close(): Promise<void>;
}

export async function openChromium(
  browserFiles: string,
  executablePath = "/usr/bin/chromium",
): Promise<ChromiumSession> {
  const profile = await mkdtemp(`${tmpdir()}/orgkit-chromium-`);
  let files: Awaited<ReturnType<typeof serveDirectory>> | undefined;
  let browser: BrowserContext | undefined;
  try {
    files = await serveDirectory(browserFiles);
    // A fresh profile each run: no cache, no preflight remembered from a previous one.
    browser = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
    const page = await browser.newPage();
    // A page error (a module that fails to load, say) fails the run rather than going unseen.
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(`${files.origin}/`);
    await page.waitForFunction(() => "orgkitRuntimes" in globalThis);
    const run = (where: keyof PageRuntimes) => async (input: RemoteInput) => {
      const outcome = await evaluate(page, where, input);
      return pageErrors.length > 0
        ? { ...outcome, error: `${outcome.error ?? ""} page error: ${pageErrors.join("; ")}`.trim() }
        : outcome;
    };
    const opened = { browser, files };
    // The user agent string hides the minor version numbers; the DevTools protocol gives them all.
    const { product } = await (await browser.newCDPSession(page)).send("Browser.getVersion");
    return {
      version: `chromium ${product.replace(/^\D*/, "")}`,
      inPage: run("inPage"),
      inModuleWorker: run("inModuleWorker"),
      close: async () => {
        await opened.browser.close();
        await opened.files.close();
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close();
    await files?.close();
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}

function evaluate(page: Page, where: keyof PageRuntimes, input: RemoteInput): Promise<ScenarioOutcome> {
  return page.evaluate(
    ([name, given]) => (globalThis as unknown as { orgkitRuntimes: PageRuntimes }).orgkitRuntimes[name](given),
    [where, input] as const,
  );
}
