// The simulator (www/dist, built by `node www/build.mjs`) served by scripts/serve.mjs and open in
// headless Chromium, for the page tests: one page whose page errors, dialogs and console errors
// and warnings are collected in `problems` (a test asserts it empty), a folder for screenshots,
// and `ready()`, which waits until the page has scored.
//
//   const sim = await openSimulator({ screens: "whatif" });
//   after(() => sim.close());
import assert from "node:assert/strict";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "../../../scripts/serve.mjs";
import { CHROMIUM, launchChromium } from "../../../scripts/chromium.mjs";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/**
 * Resolves once `page` has scored its leads (ready, and the MQL count drawn) and finished a render,
 * the parts it draws in idle time included (`data-renders` counts finished renders).
 */
export function simulatorReady(page, timeout = 60_000) {
  return page.waitForFunction(
    () =>
      document.body.dataset.state === "ready" &&
      document.querySelector("#mql-after").textContent !== "–" &&
      Number(document.body.dataset.renders ?? 0) > 0,
    null,
    { timeout },
  );
}

/**
 * Serves www/dist, opens Chromium (1366 x 900 unless `viewport` says otherwise; `contextOptions`
 * go to playwright's context) and one page on it, loaded and scored unless `load` is false.
 * `{ server, context, page, problems, screens, ready(), close() }`; `screens` is a fresh folder
 * named after `screens`, printed on close.
 */
export async function openSimulator({
  screens: name,
  viewport = { width: 1366, height: 900 },
  contextOptions = {},
  load = true,
} = {}) {
  assert.ok(
    existsSync(join(repo, "www/dist/index.html")),
    "www/dist is built (node www/build.mjs)",
  );
  assert.ok(
    existsSync(CHROMIUM),
    `Chromium at ${CHROMIUM} (scripts/setup.sh --browser installs it)`,
  );
  const server = await serve({ root: join(repo, "www/dist"), port: 0 });
  const chromium = await launchChromium({ viewport, contextOptions });
  const page = await chromium.context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("dialog", (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    dialog.dismiss();
  });
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning")
      problems.push(`console ${message.type()}: ${message.text()}`);
  });
  const screens = mkdtempSync(join(tmpdir(), `leadscore-${name}-screens-`));
  const sim = {
    server,
    context: chromium.context,
    page,
    problems,
    screens,
    ready: (timeout) => simulatorReady(page, timeout),
    async close() {
      await chromium.close();
      await server.close();
      // Last, so that the path is easy to find in the output.
      console.log(`# ${name} screenshots: ${screens}`);
    },
  };
  if (load) {
    await page.goto(server.url);
    await sim.ready();
  }
  return sim;
}
