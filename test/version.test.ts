import { readFile } from "node:fs/promises";
import { expect, test } from "vitest";
import { VERSION } from "../src/index.js";

test("VERSION is package.json's version", async () => {
  const { version } = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  expect(VERSION).toBe(version);
});
