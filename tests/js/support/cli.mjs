// Running the built `leadscore` command in tests: a child process of this Node in the repository
// (so the example paths work), its exit code and output; a scratch folder removed after the
// file's tests; and JSON Lines read back.
import { test } from "node:test";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repo } from "../fixtures.mjs";

export const bin = join(repo, "pkg/bin/leadscore.mjs");

/** Runs `leadscore ...args` (standard input `input`, more environment `env`): `{ code, stdout, stderr }`. */
export function leadscore(args, { input, env } = {}) {
  const run = spawnSync(process.execPath, [bin, ...args.map(String)], {
    cwd: repo,
    input,
    encoding: "utf8",
    env: { ...process.env, ...env },
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.error) throw run.error;
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/**
 * A scratch folder for this test file (`name` in its name), removed after its tests: `{ dir,
 * file(name, text) }`, `file` writing a file there and returning its path.
 */
export function scratchFolder(name) {
  const dir = mkdtempSync(join(tmpdir(), `leadscore-${name}-`));
  test.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (fileName, text) => {
    const path = join(dir, fileName);
    writeFileSync(path, text);
    return path;
  };
  return { dir, file };
}

/** JSON Lines text as values. */
export const jsonLines = (text) =>
  text
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line));
