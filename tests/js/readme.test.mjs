// The README's examples run against the built package: each fenced block after a
// `<!-- test: NAME -->` marker is saved as NAME in the repository root, run with Node, and what
// it prints must match its `// prints:` comments.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { repo } from "./fixtures.mjs";

function examples(markdown) {
  const found = [];
  const pattern = /<!-- test: (\S+) -->\n```\w*\n([\s\S]*?)```/g;
  for (const match of markdown.matchAll(pattern)) found.push({ name: match[1], code: match[2] });
  return found;
}

function expectedOutput(code) {
  const lines = [];
  for (const line of code.split("\n")) {
    const printed = /\/\/ prints: (.*)$/.exec(line);
    if (printed) lines.push(printed[1]);
  }
  return lines;
}

const blocks = examples(readFileSync(join(repo, "README.md"), "utf8"));

test("the README has runnable examples", () => {
  assert.ok(blocks.length >= 3);
});

for (const { name, code } of blocks) {
  test(`README example ${name}`, () => {
    const file = join(repo, `.readme-example-${name}`);
    writeFileSync(file, code);
    try {
      const output = execFileSync(process.execPath, [file], { cwd: repo, encoding: "utf8" });
      assert.deepStrictEqual(output.trimEnd().split("\n"), expectedOutput(code));
    } finally {
      rmSync(file, { force: true });
    }
  });
}
