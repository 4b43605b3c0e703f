// The package in the bundlers web teams use most: a page importing `leadscore` and
// `leadscore/visitor` (scratch/bundlers/) built by Vite (and served by its dev server, with no
// configuration) and by webpack 5, each run in headless Chromium. Both must ship the two engines' .wasm files themselves (from `new URL(...,
// import.meta.url)`), and the visitor's model is compiled ahead by the installed `leadscore`.
//
// Needs pkg/ built (pkg-config/build.sh), the npm registry (for the CLI's dependencies) and
// Chromium at /usr/bin/chromium (scripts/setup.sh --browser installs it).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build as viteBuild, createServer as viteServer } from "vite";
import webpack from "webpack";
import { installPackedProject, openChromium, repo, serveStatic } from "./project.mjs";

const EXAMPLE_TOTALS = [95, 60, 10, 85, 35, 75, 70, 30];
// The demo's visitor model: a visit and a page view of "/" score nothing, a case study 15.
const EXPECTED = {
  totals: EXAMPLE_TOTALS,
  scores: [0, 15],
  mql: false,
  kept: ["visit", "page_view", "content_download"],
};

let installed;
let page;

before(() => {
  installed = installPackedProject();
  page = join(installed.project, "bundlers");
  for (const file of ["model.json", "leads.json"])
    copyFileSync(join(installed.project, file), join(page, file));
  // The demo's visitor model, compiled ahead by the installed package's command.
  const compile = join(installed.project, "node_modules/.bin/leadscore");
  writeFileSync(
    join(page, "visitor-model.json"),
    execFileSync(compile, ["compile", join(repo, "www/demo/model.json")], { encoding: "utf8" }),
  );
});

after(() => installed?.remove());

/** Opens `url` in Chromium and returns what the page reported, with no page or console error. */
async function runPage(url) {
  const browser = await openChromium();
  try {
    const wasm = [];
    browser.page.on("response", (response) => {
      if (response.url().endsWith(".wasm")) wasm.push(response.headers()["content-type"]);
    });
    await browser.page.goto(url);
    await browser.page.waitForFunction(() => window.leadscoreResult !== undefined, null, {
      timeout: 30_000,
    });
    const output = await browser.page.evaluate(() => window.leadscoreResult);
    assert.deepStrictEqual(browser.problems, []);
    assert.equal(wasm.length, 2, "the scoring engine and the visitor's small engine, each once");
    return output;
  } finally {
    await browser.close();
  }
}

test("Vite builds the page, and it scores in headless Chromium", async () => {
  const outDir = join(page, "dist-vite");
  await viteBuild({
    root: page,
    logLevel: "silent",
    build: { outDir, target: "es2022", emptyOutDir: true },
  });
  assert.ok(
    readdirSync(join(outDir, "assets")).some((file) => file.endsWith(".wasm")),
    "Vite shipped the .wasm",
  );
  const server = await serveStatic(outDir);
  try {
    assert.deepStrictEqual(await runPage(`${server.url}/index.html`), EXPECTED);
  } finally {
    await server.close();
  }
});

test("the Vite dev server serves the page as it is, no configuration needed", async () => {
  const server = await viteServer({
    root: page,
    logLevel: "silent",
    server: { host: "127.0.0.1", port: 0 },
  });
  try {
    await server.listen();
    assert.deepStrictEqual(await runPage(server.resolvedUrls.local[0]), EXPECTED);
  } finally {
    await server.close();
  }
});

test("webpack 5 builds the page, and it scores in headless Chromium", async () => {
  const outDir = join(page, "dist-webpack");
  const stats = await new Promise((done, fail) => {
    webpack({
      mode: "production",
      context: page,
      entry: "./main.js",
      target: "web",
      output: { path: outDir, filename: "main.js", clean: true },
      performance: { hints: false },
    }).run((error, result) => (error ? fail(error) : done(result)));
  });
  assert.ok(!stats.hasErrors(), stats.toString("errors-only"));
  assert.ok(
    readdirSync(outDir).some((file) => file.endsWith(".wasm")),
    "webpack shipped the .wasm",
  );
  copyFileSync(join(page, "index.html"), join(outDir, "index.html"));
  const server = await serveStatic(outDir);
  try {
    assert.deepStrictEqual(await runPage(`${server.url}/index.html`), EXPECTED);
  } finally {
    await server.close();
  }
});
