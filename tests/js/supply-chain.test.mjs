// The npm package's supply chain, as the README's security note states it: the published
// manifest runs nothing on install, pins its dependencies to the exact versions this repository
// locks and tests, and nothing in its production dependency tree has an install script either.
// (`scripts/test.sh` also runs `npm audit --omit=dev` on that tree.)
//
// Needs pkg/ built (bash pkg-config/build.sh).
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const manifest = JSON.parse(readFileSync(join(repo, "pkg/package.json"), "utf8"));
const lock = JSON.parse(readFileSync(join(repo, "package-lock.json"), "utf8"));
const INSTALL_HOOKS = ["preinstall", "install", "postinstall", "prepare"];

test("the published package has no install scripts and nothing for node-gyp to build", () => {
  const hooks = Object.keys(manifest.scripts ?? {}).filter((name) => INSTALL_HOOKS.includes(name));
  assert.deepEqual(hooks, []);
  assert.equal(existsSync(join(repo, "pkg/binding.gyp")), false);
});

test("its dependencies are pinned to the versions the lockfile installs for the tests", () => {
  for (const [name, version] of Object.entries(manifest.dependencies)) {
    assert.match(version, /^\d+\.\d+\.\d+$/, `${name} is pinned to one version, not ${version}`);
    assert.equal(lock.packages[`node_modules/${name}`]?.version, version, `${name} as locked`);
  }
});

test("no package of its production dependency tree has an install script", () => {
  const seen = new Set();
  const visit = (name) => {
    if (seen.has(name)) return;
    seen.add(name);
    const entry = lock.packages[`node_modules/${name}`];
    assert.ok(entry, `${name} is in the lockfile`);
    assert.notEqual(entry.hasInstallScript, true, `${name} has an install script`);
    Object.keys(entry.dependencies ?? {}).forEach(visit);
  };
  Object.keys(manifest.dependencies).forEach(visit);
  assert.ok(seen.size >= Object.keys(manifest.dependencies).length);
});
