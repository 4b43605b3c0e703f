#!/usr/bin/env node
// `npm audit --omit=dev` of the published package's production dependencies, resolved from the
// registry as a user's install would (the manifest in pkg/, in a scratch folder, lockfile only,
// no scripts run). Fails on any advisory. When the advisory database cannot be reached (offline,
// or a registry mirror without the audit endpoint), it says so and passes, unless
// LEADSCORE_AUDIT_STRICT=1 (for CI with the public registry).
//   node scripts/audit-package.mjs        (after bash pkg-config/build.sh)
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const strict = process.env.LEADSCORE_AUDIT_STRICT === "1";
const scratch = mkdtempSync(join(tmpdir(), "leadscore-audit-"));

function npm(args) {
  return spawnSync("npm", args, { cwd: scratch, encoding: "utf8" });
}

function unchecked(why) {
  console.log(`audit: not checked: ${why}`);
  process.exitCode = strict ? 1 : 0;
}

try {
  copyFileSync(join(repo, "pkg", "package.json"), join(scratch, "package.json"));
  const resolved = npm([
    "install",
    "--package-lock-only",
    "--ignore-scripts",
    "--no-audit",
    "--no-fund",
    "--loglevel=error",
  ]);
  if (resolved.status !== 0) {
    unchecked(
      `the dependencies could not be resolved from the registry (${resolved.stderr.trim().split("\n").pop()})`,
    );
  } else {
    const audit = npm(["audit", "--omit=dev", "--json"]);
    let report;
    try {
      report = JSON.parse(audit.stdout);
    } catch {
      report = {};
    }
    const counts = report.metadata?.vulnerabilities;
    if (!counts) {
      unchecked(
        `the advisory database answered ${report.statusCode ?? "nothing"} (${report.message ?? audit.stderr.trim().split("\n").pop()})`,
      );
    } else {
      const found = Object.entries(report.vulnerabilities ?? {}).map(
        ([name, v]) => `${name} (${v.severity})`,
      );
      const dependencies = report.metadata.dependencies?.prod ?? "?";
      console.log(
        `audit: ${counts.total} advisories in the package's ${dependencies} production packages${found.length ? `: ${found.join(", ")}` : ""}`,
      );
      if (counts.total > 0) process.exitCode = 1;
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
