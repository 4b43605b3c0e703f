// The npm package as a user gets it: `npm pack` of pkg/, installed from the tarball into a
// scratch project (tests/packaging/scratch/), then used from CommonJS, from an ES module,
// through its `leadscore` command, bundled by esbuild for a browser page that runs in headless
// Chromium, and type-checked by tsc in strict mode (nodenext ESM and CJS, and bundler resolution).
//
// Needs pkg/ built (pkg-config/build.sh), the npm registry (for the CLI's dependencies) and
// Chromium at /usr/bin/chromium (scripts/setup.sh --browser installs it).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync, copyFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { build } from "esbuild";
import { installPackedProject, openChromium, repo, serveStatic } from "./project.mjs";

const EXAMPLE_TOTALS = [95, 60, 10, 85, 35, 75, 70, 30];

let installed;
let project;
let tarball;

before(() => {
  installed = installPackedProject();
  ({ project, tarball } = installed);
});

after(() => installed?.remove());

const node = (args, options = {}) =>
  execFileSync(process.execPath, args, { cwd: project, encoding: "utf8", ...options });

test("the tarball holds the package and nothing else", () => {
  const listing = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" })
    .trim()
    .split("\n")
    .sort();
  for (const expected of [
    "package/package.json",
    "package/index.d.ts",
    "package/index.d.cts",
    "package/node/index.mjs",
    "package/node/leadscore.cjs",
    "package/node/leadscore_bg.wasm",
    "package/web/index.js",
    "package/web/leadscore_bg.wasm",
    "package/bin/leadscore.mjs",
    "package/cli/main.mjs",
    "package/cli/generate.mjs",
    "package/cli/generate-history.mjs",
    "package/README.md",
  ]) {
    assert.ok(listing.includes(expected), `${expected} is packed`);
  }
  for (const expected of [
    "package/full.d.ts",
    "package/full.d.cts",
    "package/node/full/index.mjs",
    "package/node/full/leadscore.cjs",
    "package/web/full/index.js",
    "package/web/full/leadscore_bg.wasm",
  ]) {
    assert.ok(listing.includes(expected), `${expected} is packed`);
  }
  for (const expected of [
    "package/visitor/index.js",
    "package/visitor/index.d.ts",
    "package/visitor/leadscore-visitor.min.js",
    "package/visitor/leadscore-visitor.wasm",
    "package/visitor/engine/leadscore_bg.wasm",
  ]) {
    assert.ok(listing.includes(expected), `${expected} is packed`);
  }
  assert.deepStrictEqual(
    listing.filter(
      (path) =>
        !/^package\/(package\.json|README\.md|(index|full)\.d\.c?ts|node\/|web\/|visitor\/|bin\/|cli\/)/.test(
          path,
        ),
    ),
    [],
  );
});

test("CommonJS require works, without loading the command line's dependencies", () => {
  const output = JSON.parse(node(["use.cjs"]));
  assert.deepStrictEqual(output.totals, EXAMPLE_TOTALS);
  assert.equal(output.version, 1);
  assert.match(output.entry, /node_modules[\\/]leadscore[\\/]node[\\/]leadscore\.cjs$/);
});

test("ES module import works", () => {
  const output = JSON.parse(node(["use.mjs"]));
  assert.deepStrictEqual(output.totals, EXAMPLE_TOTALS);
  assert.match(output.entry, /node_modules\/leadscore\/node\/index\.mjs$/);
});

test("the leadscore command is installed and runs", () => {
  const bin = join(project, "node_modules/.bin/leadscore");
  const valid = spawnSync(bin, ["validate", "model.json"], { cwd: project, encoding: "utf8" });
  assert.equal(valid.status, 0, valid.stderr);
  assert.equal(valid.stdout, "model.json: valid (B2B default, 12 rules)\n");
  const scored = spawnSync(
    bin,
    [
      "score",
      "--model",
      "model.json",
      "--leads",
      "leads.json",
      "--as-of",
      "2026-11-20T17:00:00Z",
      "--format",
      "csv",
    ],
    { cwd: project, encoding: "utf8" },
  );
  assert.equal(scored.status, 0, scored.stderr);
  assert.deepStrictEqual(
    scored.stdout
      .trim()
      .split("\n")
      .slice(1)
      .map((row) => Number(row.split(",")[3])),
    EXAMPLE_TOTALS,
  );
  const generated = spawnSync(bin, ["generate", "--leads", "3", "--seed", "packaging"], {
    cwd: project,
    encoding: "utf8",
  });
  assert.equal(generated.stdout.trim().split("\n").length, 3);
});

test("esbuild bundles the browser build, and the bundle scores in headless Chromium", async () => {
  const dist = join(project, "dist");
  const result = await build({
    absWorkingDir: project,
    entryPoints: ["browser-entry.js", "full/browser-full.js"],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    outdir: dist,
    metafile: true,
    logLevel: "silent",
  });
  const inputs = Object.keys(result.metafile.inputs);
  assert.ok(
    inputs.some((path) => path.endsWith("node_modules/leadscore/web/index.js")),
    "the browser entry point was bundled",
  );
  assert.deepStrictEqual(
    inputs.filter((path) =>
      /node_modules\/leadscore\/(node|cli|bin)\/|commander|csv-|cli-progress/.test(path),
    ),
    [],
  );
  // esbuild keeps `new URL("./leadscore_bg.wasm", import.meta.url)` as it is: the .wasm goes
  // next to the bundle. The package exports it so a build script can find it.
  const resolve = createRequire(join(project, "package.json")).resolve;
  copyFileSync(resolve("leadscore/leadscore_bg.wasm"), join(dist, "leadscore_bg.wasm"));
  copyFileSync(join(project, "index.html"), join(dist, "index.html"));
  // The full build (with the lifecycle) is a page of its own, with its own .wasm beside it.
  assert.ok(
    inputs.some((path) => path.endsWith("node_modules/leadscore/web/full/index.js")),
    "the full browser entry was bundled",
  );
  copyFileSync(resolve("leadscore/full_bg.wasm"), join(dist, "full/leadscore_bg.wasm"));
  copyFileSync(join(project, "full/index.html"), join(dist, "full/index.html"));

  const server = await serveStatic(dist);
  let browser;
  try {
    browser = await openChromium();
    const { page, problems } = browser;
    await page.goto(`${server.url}/index.html`);
    await page.waitForFunction(
      () => window.leadscoreResult !== undefined || document.title === "scored",
      null,
      { timeout: 30_000 },
    );
    const output = await page.evaluate(() => window.leadscoreResult);
    assert.deepStrictEqual(problems, []);
    assert.deepStrictEqual(output, {
      version: 1,
      totals: EXAMPLE_TOTALS,
      error: { isError: true, name: "InputError", path: "events[0].at" },
    });
    assert.ok(
      server.served.includes("/leadscore_bg.wasm"),
      "the page fetched the .wasm beside the bundle",
    );
    await page.goto(`${server.url}/full/index.html`);
    await page.waitForFunction(() => window.leadscoreResult !== undefined, null, {
      timeout: 30_000,
    });
    const full = await page.evaluate(() => window.leadscoreResult);
    assert.deepStrictEqual(problems, []);
    assert.deepStrictEqual(full, {
      totals: EXAMPLE_TOTALS,
      stage: "mql",
      owner: true,
      effects: true,
    });
    assert.ok(
      server.served.includes("/full/leadscore_bg.wasm"),
      "the full page fetched its own .wasm",
    );
  } finally {
    await browser?.close();
    await server.close();
  }
});

test("tsc --noEmit (strict) accepts the typed usage and rejects the misuse it marks", () => {
  const tsc = join(repo, "node_modules/typescript/bin/tsc");
  for (const config of ["tsconfig.json", "tsconfig.bundler.json"]) {
    const run = spawnSync(process.execPath, [tsc, "--project", config, "--pretty", "false"], {
      cwd: project,
      encoding: "utf8",
    });
    assert.equal(run.status, 0, `${config}:\n${run.stdout}${run.stderr}`);
  }
  // The check can fail: drop one expected error and tsc must complain about the unused directive.
  const broken = readFileSync(join(project, "typed.mts"), "utf8").replace(
    "// @ts-expect-error the total is a number\nconst wrong: string = result.total;",
    "// @ts-expect-error nothing wrong here\nconst wrong: number = result.total;",
  );
  mkdirSync(join(project, "broken"));
  writeFileSync(join(project, "broken/typed.mts"), broken);
  writeFileSync(
    join(project, "broken/tsconfig.json"),
    JSON.stringify({ extends: "../tsconfig.json", files: ["typed.mts"] }),
  );
  const run = spawnSync(
    process.execPath,
    [tsc, "--project", "broken/tsconfig.json", "--pretty", "false"],
    { cwd: project, encoding: "utf8" },
  );
  assert.notEqual(run.status, 0);
  assert.match(run.stdout, /Unused '@ts-expect-error' directive/);
});
