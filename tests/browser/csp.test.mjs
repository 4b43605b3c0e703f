// The what-if simulator (www/dist) under the Content-Security-Policy the README's security note
// gives: `script-src 'self' 'wasm-unsafe-eval'` and nothing else from anywhere else. The page
// loads, its worker compiles the engine and scores the example leads, and no violation is
// reported. (The package alone under the same policy: the parity check's browser page.)
//
// Needs www/dist built (node www/build.mjs) and Chromium at /usr/bin/chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "../../scripts/serve.mjs";
import { CHROMIUM, CHROMIUM_ARGS } from "../../scripts/chromium.mjs";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const POLICY =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self'; img-src 'self' data:";

let server;
let context;
let profile;

before(async () => {
  assert.ok(
    existsSync(join(repo, "www/dist/index.html")),
    "www/dist is built (node www/build.mjs)",
  );
  server = await serve({ root: join(repo, "www/dist"), port: 0 });
  profile = mkdtempSync(join(tmpdir(), "leadscore-csp-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
});

after(async () => {
  await context?.close();
  await server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

test("the simulator scores the example leads under a strict Content-Security-Policy", async () => {
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on(
    "console",
    (message) => message.type() === "error" && problems.push(`console: ${message.text()}`),
  );
  // Every response of the page and its worker carries the policy, as a server would send it.
  await page.route("**/*", async (route) => {
    const response = await route.fetch();
    await route.fulfill({
      response,
      headers: { ...response.headers(), "content-security-policy": POLICY },
    });
  });
  await page.goto(server.url);
  await page.waitForFunction(
    () =>
      document.body.dataset.state === "ready" &&
      document.querySelector("#mql-after").textContent !== "–",
    null,
    { timeout: 30_000 },
  );
  assert.equal(
    await page.locator("#mql-after").first().textContent(),
    "3",
    "the example leads' MQLs",
  );
  assert.deepEqual(problems, [], "no policy violation or error");
});
