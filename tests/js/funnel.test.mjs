// Funnel metrics through the built package (`leadscore/full`): lifecycle records from the
// synthetic sales desk (bench/calibration/sales-desk.mjs) counted again here by hand, the report
// as text and Markdown, and bad records refused with their line or index.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { funnel } from "leadscore/full";
import { exampleModel, readJson, repo } from "./fixtures.mjs";

const NOW = "2026-12-31T00:00:00Z";
const jsonLines = execFileSync(
  process.execPath,
  [join(repo, "bench/calibration/sales-desk.mjs"), "--leads", "800", "--seed", "3"],
  { encoding: "utf8" },
);
const records = jsonLines
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => JSON.parse(line));

test("MQL episodes and stage rates agree with the records counted by hand", () => {
  const report = funnel(jsonLines, { now: NOW });
  const steps = records.flatMap((record) => record.history);
  const count = (from, to) => steps.filter((step) => step.from === from && step.to === to).length;
  assert.equal(report.records, records.length);
  assert.equal(
    report.mqls,
    count("lead", "mql") + count("recycled", "mql") + count("nurture", "mql"),
  );
  assert.equal(report.stages.acceptance.reached, count("mql", "sal"));
  const rejected = steps.filter((step) => step.action === "reject").length;
  assert.equal(
    report.rejections.reduce((sum, row) => sum + row.count, 0),
    rejected,
  );
  const { rate, low, high } = report.stages.mqlToSql;
  assert.ok(low <= rate && rate <= high);
  assert.deepEqual(
    funnel(records, { now: NOW }),
    report,
    "an array of records reads as their JSON Lines do",
  );
});

test("with the playbook, speed to lead in business time; weekly cohorts start on Mondays", () => {
  const playbook = readJson("examples/playbooks/b2b-default.json");
  const report = funnel(jsonLines, { now: NOW, model: exampleModel, playbook, cohort: "week" });
  assert.ok(report.speedToLead.businessMedianMs !== null);
  assert.ok(report.cohorts.length > 4);
  for (const { cohort } of report.cohorts)
    assert.equal(new Date(`${cohort}T00:00:00Z`).getUTCDay(), 1, cohort);
});

test("the report reads as text and Markdown", () => {
  const text = funnel(jsonLines, { now: NOW, format: "text" });
  assert.match(text, /^Funnel\n======\n/);
  assert.match(text, /accepted \(SAL\)/);
  assert.match(funnel(jsonLines, { now: NOW, format: "markdown" }), /^# Funnel/);
});

test("bad records are InputErrors with their line or index", () => {
  const lines = jsonLines.split("\n");
  lines[2] = '{"version":1,"leadId":"x"}';
  assert.throws(() => funnel(lines.join("\n"), { now: NOW }), {
    name: "InputError",
    path: "line 3",
  });
  assert.throws(() => funnel([records[0], { leadId: 5 }], { now: NOW }), {
    name: "InputError",
    path: /^\[1\]/,
  });
  assert.throws(() => funnel(jsonLines, { now: NOW, cohort: "year" }), {
    name: "InputError",
    path: "cohort",
  });
  assert.throws(() => funnel(jsonLines, { now: NOW, playbook: {} }), {
    name: "InputError",
    path: "playbook",
  });
  assert.throws(() => funnel(jsonLines, { now: NOW, leads: [] }), {
    name: "InputError",
    path: "leads",
  });
  assert.throws(() => funnel(jsonLines, { nwo: NOW }), { name: "InputError", path: "options.nwo" });
});
