// npm run test:docs: opens the built reference (site/, from npm run docs) in Debian's Chromium,
// driven by playwright-core (no browser download), served from a loopback port. Every request to
// another origin is refused and recorded. Each page must render offline; each API page must list
// every operation of its spec with its evidence badge and show its orgkit call; the TypeScript
// reference must show the clients and the fields of the generated types. Screenshots go to
// site/screenshots/ (CI artifacts). Exits 1 on any problem.

import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { cliCommands } from "../cli/commands.js";
import { usageLine } from "../cli/help.js";
import { type Api, apis } from "./lib/apis.js";
import { commandAnchor } from "./lib/docs-cli.js";
import { operationsOf, sampleFile } from "./lib/operations.js";
import { isOwnRequest } from "./lib/origins.js";
import { loadSpec, type SpecDocument } from "./lib/spec.js";
import { serveDirectory } from "./lib/static-server.js";

const site = "site";
const screenshots = `${site}/screenshots`;
const chromiumPath = "/usr/bin/chromium"; // Debian's package; playwright-core never downloads one
const waitLimit = 15_000;

for (const page of ["index.html", "api/index.html", "cli.html", ...apis.map((api) => `${api.name}.html`)]) {
  if (!existsSync(`${site}/${page}`)) fail(`${site}/${page} is missing: run npm run docs first.`);
}
if (!existsSync(chromiumPath)) fail(`${chromiumPath} is missing: apt-get install -y chromium`);

const problems: string[] = [];
const outside = new Set<string>();
const pagesVisited = new Set<string>();
let operationsChecked = 0;
await mkdir(screenshots, { recursive: true });
const server = await serveDirectory(site);
const profile = await mkdtemp(join(tmpdir(), "orgkit-docs-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath,
  headless: true,
  viewport: { width: 1280, height: 800 },
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
try {
  watchRequests(context, server.origin);
  const page = context.pages()[0] ?? (await context.newPage());
  watchErrors(page);
  page.on("load", () => pagesVisited.add(page.url().replace(/#.*/, "")));
  await checkIndex(page);
  for (const api of apis) await checkApiPage(page, api, await loadSpec(api));
  await checkTypeReference(page);
  await checkCommandsPage(page);
} catch (error) {
  problems.push(`the check itself failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await context.close();
  await server.close();
  await rm(profile, { recursive: true, force: true });
}

for (const url of outside) problems.push(`requested another origin: ${url}`);
if (problems.length > 0) {
  console.error(
    `docs check failed (${problems.length} problems):\n${problems.map((problem) => `  - ${problem}`).join("\n")}`,
  );
  process.exit(1);
}
console.log(
  `docs check: ${pagesVisited.size} pages rendered offline in Chromium, ${operationsChecked} operations listed with badge and orgkit call, no request to another origin; screenshots in ${screenshots}/`,
);

function watchRequests(browser: BrowserContext, origin: string): void {
  // A request the page's Content-Security-Policy refuses still shows here: it counts as well.
  browser.on("request", (request) => {
    if (!isOwnRequest(request.url(), origin)) outside.add(request.url());
  });
  void browser.route("**/*", (route) => {
    const url = route.request().url();
    if (isOwnRequest(url, origin)) return route.continue();
    outside.add(url);
    return route.abort("blockedbyclient");
  });
}

function watchErrors(page: Page): void {
  page.on("pageerror", (error) => problems.push(`${page.url()}: script error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`${page.url()}: console error: ${message.text()}`);
  });
}

async function checkIndex(page: Page): Promise<void> {
  await page.goto(`${server.origin}/index.html`, { waitUntil: "load" });
  const text = await page.locator("body").innerText();
  for (const expected of ["npm install orgkit", "createRecruboClient", "TypeScript reference"]) {
    if (!text.includes(expected)) problems.push(`index.html does not show "${expected}"`);
  }
  const links = await page
    .locator("a")
    .evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute("href") ?? ""));
  for (const target of ["api/index.html", "cli.html", ...apis.map((api) => `${api.name}.html`)]) {
    if (!links.includes(target)) problems.push(`index.html does not link to ${target}`);
  }
  await page.screenshot({ path: `${screenshots}/index.png`, fullPage: true });
}

async function checkApiPage(page: Page, api: Api, spec: SpecDocument): Promise<void> {
  await page.goto(`${server.origin}/${api.name}.html`, { waitUntil: "load" });
  await page.locator('[data-component-name="Menu/Menu"]').waitFor({ timeout: waitLimit });
  await page.screenshot({ path: `${screenshots}/${api.name}.png` });

  const operations = operationsOf(spec);
  for (const operation of operations) {
    const where = `${api.name}.html, ${operation.operationId}`;
    const item = menuItem(page, "operation", operation.summary);
    // Redoc's sidebar shows one group's operations at a time: open the operation's group (its tag).
    if (!(await item.isVisible())) await openGroup(page, operation.tag, item);
    if (!(await item.isVisible())) {
      problems.push(`${where}: the sidebar does not list "${operation.summary}" under "${operation.tag}"`);
      continue;
    }
    const label = (await item.innerText()).toLowerCase();
    if (!label.includes(operation.evidence))
      problems.push(
        `${where}: no "${operation.evidence}" badge beside "${operation.summary}" (sidebar shows "${label}")`,
      );

    await item.locator("a").first().click();
    const sample = await readFile(sampleFile(api, operation.operationId), "utf8");
    const lines = sample.split("\n").map(squeeze).filter(Boolean);
    const shown = await page
      .waitForFunction(
        ({ summary, lines }) => {
          const text = document.body.innerText.replace(/\s+/g, "");
          return text.includes(summary.replace(/\s+/g, "")) && lines.every((line) => text.includes(line));
        },
        { summary: operation.summary, lines },
        { timeout: waitLimit },
      )
      .then(
        () => true,
        () => false,
      );
    if (shown) operationsChecked++;
    else
      problems.push(
        `${where}: the page does not show "${operation.summary}" with its orgkit call (${sampleFile(api, operation.operationId)})`,
      );
    if (operation === operations[0])
      await page.screenshot({ path: `${screenshots}/${api.name}-${operation.operationId}.png` });
  }

  // The collapsed sidebar shows Redoc's small credit logo, another asset that must not be fetched.
  await page.locator('button[aria-label="Hide sidebar"]').click();
  await page.locator('button[aria-label="Show sidebar"]').waitFor({ timeout: waitLimit });
  await page.screenshot({ path: `${screenshots}/${api.name}-collapsed.png` });
  // Redoc remembers the choice in local storage: open the sidebar again for the next page.
  await page.locator('button[aria-label="Show sidebar"]').click();
  await page.locator('button[aria-label="Hide sidebar"]').waitFor({ timeout: waitLimit });
}

function menuItem(page: Page, type: "group" | "operation", text: string): Locator {
  return page
    .locator(
      `[data-component-name="Menu/MenuItem"].menu-item-type-${type}:has(> a span[data-text=${JSON.stringify(text)}])`,
    )
    .first();
}

/** Opens a sidebar group until `item` shows: until Redoc has hydrated the server-rendered page, a click does nothing. */
async function openGroup(page: Page, tag: string, item: Locator): Promise<void> {
  const group = menuItem(page, "group", tag).locator("> a");
  for (let attempt = 0; attempt < 20 && !(await item.isVisible()); attempt++) {
    await group.click();
    await item.waitFor({ state: "visible", timeout: 750 }).catch(() => undefined);
  }
}

/** site/cli.html: every command of the generated tables, under its anchor, with its usage line. */
async function checkCommandsPage(page: Page): Promise<void> {
  await page.goto(`${server.origin}/cli.html`, { waitUntil: "load" });
  for (const each of cliCommands) {
    const words = [each.api, each.resource, each.method];
    const section = page.locator(`[id="${commandAnchor(words)}"] + pre`);
    const text = (await section.count()) > 0 ? await section.innerText() : "";
    if (!text.includes(usageLine(each)))
      problems.push(`cli.html does not show orgkit ${words.join(" ")} with its usage (${usageLine(each)})`);
  }
  await page.screenshot({ path: `${screenshots}/cli.png` });
}

async function checkTypeReference(page: Page): Promise<void> {
  await page.goto(`${server.origin}/api/index.html`, { waitUntil: "load" });
  const modules = await page.locator("body").innerText();
  for (const name of ["orgkit", "orgkit/sandbox", "orgkit/sandbox/nock", "orgkit/sandbox/msw"]) {
    if (!modules.includes(name)) problems.push(`api/index.html does not list the module ${name}`);
  }
  await page.screenshot({ path: `${screenshots}/api.png`, fullPage: true });

  await openLink(page, "orgkit");
  const surface = await page.locator("body").innerText();
  for (const name of [
    "createRecruboClient",
    "createBlynkClient",
    "collect",
    "ApiError",
    "RecruboClientOptions",
    "BlynkClientOptions",
  ]) {
    if (!surface.includes(name)) problems.push(`the orgkit module page does not list ${name}`);
  }
  await page.screenshot({ path: `${screenshots}/api-orgkit.png`, fullPage: true });

  // The per-API aliases must show the generated schema's fields, not an index path into it.
  for (const api of apis) {
    const alias = `${api.name === "recrubo" ? "Recrubo" : "Blynk"}Organization`;
    const spec = (await loadSpec(api)) as SpecDocument & {
      components?: { schemas?: Record<string, { properties?: object }> };
    };
    const fields = Object.keys(spec.components?.schemas?.Organization?.properties ?? {});
    if (fields.length === 0) problems.push(`${api.name}: the spec's Organization schema has no properties to look for`);
    await page.goto(`${server.origin}/api/modules/orgkit.html`, { waitUntil: "load" });
    await openLink(page, alias);
    const shown = await page.locator("body").innerText();
    if (shown.includes('components["schemas"]'))
      problems.push(`${page.url()}: ${alias} is shown as an index path into the generated types`);
    for (const field of fields) {
      if (!shown.includes(field)) problems.push(`${page.url()}: ${alias} does not show the field ${field}`);
    }
    await page.screenshot({ path: `${screenshots}/api-${alias}.png` });
  }
}

async function openLink(page: Page, name: string): Promise<void> {
  await page.locator(".col-content").getByRole("link", { name, exact: true }).first().click();
  await page.waitForLoadState("load");
}

function squeeze(line: string): string {
  return line.replace(/\s+/g, "");
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}
