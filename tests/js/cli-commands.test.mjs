// The `leadscore` command's other commands and its usage (run as a child process): `validate`,
// `compile`, usage errors (exit 2) and the help that documents commands and exit codes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Scorer as FullScorer } from "leadscore/full";
import { exampleModel } from "./fixtures.mjs";
import { leadscore, scratchFolder } from "./support/cli.mjs";

const MODEL = "examples/models/b2b-default.json";
const LEADS = "examples/leads/b2b-leads.json";
const { dir: scratch, file } = scratchFolder("cli-commands");

test("validate: every problem with its path, exit 1; a good model, exit 0", () => {
  const bad = structuredClone(exampleModel);
  bad.intent.rules[3].window.days = 0;
  bad.intent.decay.steps[1].keep = 2;
  bad.fit.rules[0].when = { containsAny: [] };
  const badPath = file("bad-model.json", JSON.stringify(bad));
  const run = leadscore(["validate", badPath]);
  assert.equal(run.code, 1);
  const lines = run.stdout.trimEnd().split("\n");
  assert.deepStrictEqual(
    lines.map((line) => line.split(": ")[1]),
    ["fit.rules[0].when.containsAny", "intent.decay.steps[1].keep", "intent.rules[3].window.days"],
  );
  assert.ok(lines.every((line) => line.startsWith(`${badPath}: `)));
  assert.match(run.stderr, /3 problems/);

  const good = leadscore(["validate", MODEL]);
  assert.equal(good.code, 0);
  assert.equal(good.stdout, `${MODEL}: valid (B2B default, 12 rules)\n`);

  const notJson = leadscore(["validate", file("not-json.json", "{ version: 1")]);
  assert.equal(notJson.code, 1);
  assert.match(notJson.stdout, /not-json\.json: /);

  // `score` with a bad model lists the same problems and stops before reading any lead.
  const scoring = leadscore(["score", "-m", badPath, "-l", LEADS]);
  assert.equal(scoring.code, 3);
  assert.equal(scoring.stdout, "");
  assert.match(scoring.stderr, /intent\.rules\[3\]\.window\.days/);
  assert.match(scoring.stderr, /is not valid \(3 problems; see `leadscore validate`\)/);
});

test("compile: the model compiled ahead as JSON, for the visitor scorer's small engine; a bad model, exit 1", () => {
  const compiled = leadscore(["compile", MODEL]);
  assert.equal(compiled.code, 0, compiled.stderr);
  const written = JSON.parse(compiled.stdout);
  assert.deepStrictEqual(Object.keys(written), ["format", "name", "bytes"]);
  assert.deepStrictEqual(
    [written.format, written.name],
    ["leadscore-compiled-model", "B2B default"],
  );
  assert.deepStrictEqual(
    Uint8Array.from(atob(written.bytes), (c) => c.charCodeAt(0)),
    new FullScorer(exampleModel).compiled(),
  );
  const out = join(scratch, "compiled.json");
  assert.equal(leadscore(["compile", MODEL, "--out", out]).code, 0);
  assert.deepStrictEqual(JSON.parse(readFileSync(out, "utf8")), written);
  const bad = leadscore([
    "compile",
    file("bad-model.json", JSON.stringify({ version: 1, mql: {} })),
  ]);
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /mql\.threshold/);
  assert.match(bad.stderr, /not compiled/);
});

test("usage errors exit 2 and help documents the commands and exit codes", () => {
  const help = leadscore(["--help"]);
  assert.equal(help.code, 0);
  for (const text of [
    "score",
    "validate",
    "generate",
    "Exit codes:",
    "0  success",
    "1  problems found",
    "2  usage error",
    "3  stopped",
  ]) {
    assert.ok(help.stdout.includes(text), text);
  }
  const scoreHelp = leadscore(["score", "--help"]);
  assert.equal(scoreHelp.code, 0);
  for (const text of [
    "--id-column",
    "--on-error",
    "--as-of",
    "jsonl",
    "table",
    "line N: <path>: <message>",
    "Exit codes:",
  ]) {
    assert.ok(scoreHelp.stdout.includes(text), text);
  }
  assert.match(leadscore(["--version"]).stdout, /^\d+\.\d+\.\d+/);

  const usage = [
    [],
    ["frobnicate"],
    ["score", "--leads", LEADS],
    ["score", "-m", MODEL, "-l", LEADS, "--format", "xml"],
    ["score", "-m", MODEL, "-l", LEADS, "--on-error", "ignore"],
    ["score", "-m", MODEL, "-l", LEADS, "--as-of", "last tuesday"],
    ["score", "-m", "no-such-model.json", "-l", LEADS],
    ["score", "-m", MODEL, "-l", "no-such-leads.jsonl"],
    ["score", "-m", MODEL, "-l", LEADS, "--out", join(scratch, "no-such-dir", "out.jsonl")],
    ["score", "-m", MODEL, "-l", LEADS, "--batch-size", "0"],
    ["validate"],
    ["validate", "no-such-model.json"],
    ["generate", "--leads", "-5"],
    ["generate", "--leads", "many"],
    ["generate", "--end", "someday"],
    ["generate", "--outcomes", "-"],
  ];
  for (const args of usage) {
    const run = leadscore(args);
    assert.equal(run.code, 2, `${args.join(" ")}: ${run.stderr}`);
    assert.notEqual(run.stderr, "", args.join(" "));
    assert.doesNotMatch(run.stderr, /unexpected error|    at /, args.join(" "));
  }
  assert.match(
    leadscore(["score", "-m", MODEL, "-l", LEADS, "--as-of", "last tuesday"]).stderr,
    /--as-of "last tuesday" is not a time/,
  );
});
