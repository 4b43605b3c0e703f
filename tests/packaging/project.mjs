// What the packaging tests share: the package as a user gets it (`npm pack` of pkg/, installed
// from the tarball into a copy of scratch/ in a temporary folder, with the example model, leads
// and playbook beside), a static server for built pages, and headless Chromium.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "../../scripts/chromium.mjs";

export const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Packs pkg/ and installs the tarball into a scratch project: `{ work, project, tarball, remove() }`. */
export function installPackedProject() {
  assert.ok(existsSync(join(repo, "pkg/package.json")), "pkg/ is built (bash pkg-config/build.sh)");
  const work = mkdtempSync(join(tmpdir(), "leadscore-packaging-"));
  const packed = JSON.parse(
    execFileSync(
      "npm",
      ["pack", join(repo, "pkg"), "--pack-destination", work, "--json", "--loglevel=error"],
      { encoding: "utf8" },
    ),
  );
  const tarball = join(work, packed[0].filename);
  const project = join(work, "project");
  cpSync(join(repo, "tests/packaging/scratch"), project, { recursive: true });
  copyFileSync(join(repo, "examples/models/b2b-default.json"), join(project, "model.json"));
  copyFileSync(join(repo, "examples/leads/b2b-leads.json"), join(project, "leads.json"));
  copyFileSync(join(repo, "examples/playbooks/b2b-default.json"), join(project, "playbook.json"));
  execFileSync(
    "npm",
    ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", tarball],
    { cwd: project, stdio: ["ignore", "ignore", "inherit"] },
  );
  return { work, project, tarball, remove: () => rmSync(work, { recursive: true, force: true }) };
}

/** A static file server on 127.0.0.1 for `root`, recording the paths it served. */
export async function serveStatic(root) {
  const types = {
    ".html": "text/html",
    ".js": "text/javascript",
    ".wasm": "application/wasm",
    ".json": "application/json",
  };
  const served = [];
  const server = createServer((request, response) => {
    const path = new URL(request.url, "http://127.0.0.1").pathname;
    try {
      const body = readFileSync(join(root, path.replace(/^\/+/, "")));
      served.push(path);
      response.writeHead(200, {
        "content-type": types[extname(path)] ?? "application/octet-stream",
      });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    served,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * Headless Chromium with a fresh profile and one page whose page errors and console errors and
 * warnings are collected in `problems`: `{ context, page, problems, close() }`.
 */
export async function openChromium() {
  assert.ok(
    existsSync(CHROMIUM),
    `Chromium at ${CHROMIUM} (scripts/setup.sh --browser installs it)`,
  );
  const profile = mkdtempSync(join(tmpdir(), "leadscore-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning")
      problems.push(`console ${message.type()}: ${message.text()}`);
  });
  return {
    context,
    page,
    problems,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
