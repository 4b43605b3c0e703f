// `leadscore generate | leadscore score` streams: peak memory stays flat whatever the number of
// leads, from JSON Lines and from a CSV export (the generated leads turned into CSV on the way by
// support/leads-to-csv.mjs, their attributes as columns; a CSV's events come in a second file,
// which the command reads into memory, so they are left out). Runs each pipe at two sizes and
// compares each process's peak resident set size; timings are printed, never asserted.
//
// By default 20,000 vs 200,000 leads of about 10 events each (some 20 s). The full check,
// 10,000 vs 1,000,000 leads of about 50 events (5.5 GB of JSON through the pipe, several
// minutes): scripts/memory-check.sh, or set LEADSCORE_MEMORY_LEADS and LEADSCORE_MEMORY_EVENTS.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { repo } from "./fixtures.mjs";

const [small, large] = (process.env.LEADSCORE_MEMORY_LEADS ?? "20000,200000")
  .split(",")
  .map(Number);
const eventsPerLead = Number(process.env.LEADSCORE_MEMORY_EVENTS ?? 10);
/**
 * Allowed growth of the peak from the small run to the large one. A process that kept its
 * input would grow by the input's size (about 1.2 KB per lead at 10 events, 5.5 KB at 50: over
 * 200 MB for the default run); V8 settling its heap sizes after the first few thousand leads
 * accounts for up to about 40 MB.
 */
const ALLOWED_GROWTH_KB = 64 * 1024;

const bin = join(repo, "pkg/bin/leadscore.mjs");
const preload = join(repo, "tests/js/support/report-peak-rss.mjs");

const toCsv = join(repo, "tests/js/support/leads-to-csv.mjs");

function pipeline(leads, input) {
  const node = `${JSON.stringify(process.execPath)} --import ${JSON.stringify(preload)} ${JSON.stringify(bin)}`;
  const convert =
    input === "csv" ? `| ${JSON.stringify(process.execPath)} ${JSON.stringify(toCsv)} ` : "";
  const command =
    `set -o pipefail; ${node} generate --leads ${leads} ` +
    `--events-per-lead ${input === "csv" ? 0 : eventsPerLead} --seed memory ` +
    convert +
    `| ${node} score --model examples/models/b2b-default.json --as-of 2026-11-20T17:00:00Z ` +
    `--input-format ${input} --format jsonl | wc -l`;
  const started = process.hrtime.bigint();
  const run = spawnSync("bash", ["-c", command], { cwd: repo, encoding: "utf8" });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  assert.equal(run.status, 0, run.stderr);
  assert.equal(Number(run.stdout.trim()), leads, "every lead was scored");
  const peak = (name) =>
    Number(new RegExp(`peak-rss-kb\\[${name}\\]=(\\d+)`).exec(run.stderr)?.[1]);
  const summary = /scored .*/.exec(run.stderr)?.[0];
  return { leads, seconds, generate: peak("generate"), score: peak("score"), summary };
}

for (const input of ["jsonl", "csv"])
  test(`peak memory of generate | score (${input}) is flat from ${small.toLocaleString("en-US")} to ${large.toLocaleString("en-US")} leads`, (t) => {
    const runs = [pipeline(small, input), pipeline(large, input)];
    for (const run of runs) {
      const events = input === "csv" ? "no events (CSV)" : `~${eventsPerLead} events`;
      const line =
        `${run.leads.toLocaleString("en-US")} leads x ${events}: ${run.seconds.toFixed(1)} s, ` +
        `${Math.round(run.leads / run.seconds).toLocaleString("en-US")} leads/s through the pipe; peak RSS ` +
        `generate ${(run.generate / 1024).toFixed(0)} MB, score ${(run.score / 1024).toFixed(0)} MB (${run.summary})`;
      t.diagnostic(line);
    }
    const [a, b] = runs;
    for (const command of ["generate", "score"]) {
      assert.ok(a[command] > 0 && b[command] > 0, `${command} reported its peak`);
      assert.ok(
        b[command] - a[command] < ALLOWED_GROWTH_KB,
        `${command}: peak ${a[command]} KB for ${a.leads} leads but ${b[command]} KB for ${b.leads}`,
      );
    }
  });
