// `leadscore calibrate` and `leadscore funnel` of the built package, run as child processes: the
// real CRM export through the fit rules, generated leads with outcomes in a separate file, the
// fitted model written and valid, and every kind of bad input stopped with where it is.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { validateModel } from "leadscore";
import { repo } from "./fixtures.mjs";
import { bin, leadscore, scratchFolder } from "./support/cli.mjs";

const EXPORT = "../shared/data/x-education-leads.csv";
const HONEST = "examples/models/x-education-honest.json";
const B2B = "examples/models/b2b-default.json";
const AS_OF = "2026-11-20T17:00:00Z";
const { dir: scratch, file } = scratchFolder("calibrate");

/** Writes `count` generated leads (JSON Lines) and their outcomes; returns both paths. */
function generate(name, count, seed) {
  const leads = join(scratch, `${name}.jsonl`);
  const outcomes = join(scratch, `${name}-outcomes.jsonl`);
  const args = ["generate", "--leads", count, "--seed", seed, "--outcomes", outcomes, "-o", leads];
  execFileSync(process.execPath, [bin, ...args, "-q"]);
  return { leads, outcomes };
}

const noExport = existsSync(join(repo, EXPORT)) ? false : `the CRM export is not at ${EXPORT}`;
const exportArgs = [
  "--leads",
  EXPORT,
  "--id-column",
  "Prospect ID",
  "--outcome-column",
  "Converted",
];

test(
  "the real export: the report as JSON, and a fitted model that validates",
  { skip: noExport },
  () => {
    const fitted = join(scratch, "fitted.json");
    const run = leadscore([
      "calibrate",
      "--model",
      HONEST,
      ...exportArgs,
      "--format",
      "json",
      "--write-model",
      fitted,
    ]);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.equal(report.leads.all.leads, 9237);
    assert.ok(report.leads.all.converted > 3000);
    assert.ok(report.comparison.original.auc.auc > 0.8, report.comparison.says);
    assert.ok(report.comparison.fitted.auc.auc >= report.comparison.original.auc.auc - 0.01);
    const model = JSON.parse(readFileSync(fitted, "utf8"));
    assert.deepEqual(validateModel(model), []);
    assert.deepEqual(model, report.fitted.model);
    assert.match(
      run.stderr,
      /calibrated 9,237 leads \(\d[\d,]* held out\): holdout AUC 0\.\d{3} as is, 0\.\d{3} fitted/,
    );
  },
);

test("text and Markdown say the same report for people", { skip: noExport }, () => {
  const text = leadscore(["calibrate", "--model", HONEST, ...exportArgs, "--quiet"]);
  assert.equal(text.code, 0, text.stderr);
  assert.equal(text.stderr, "");
  assert.match(text.stdout, /^Calibration: X Education/);
  assert.match(text.stdout, /Conversion by band/);
  assert.match(text.stdout, /Fitted model \(training part\)/);
  const markdown = leadscore([
    "calibrate",
    "--model",
    HONEST,
    ...exportArgs,
    "--format",
    "markdown",
    "-q",
  ]);
  assert.match(markdown.stdout, /^# Calibration: X Education/);
});

test("generated leads with their outcomes in a separate file, joined by id", () => {
  const { leads, outcomes } = generate("gen", "1500", "3");
  const lines = readFileSync(outcomes, "utf8").trimEnd().split("\n");
  // One outcome missing and one for a lead that is not there: both said, neither fatal.
  lines[4] = JSON.stringify({ ...JSON.parse(lines[4]), converted: null });
  lines.push(JSON.stringify({ id: "nobody", converted: true }));
  const edited = file("edited-outcomes.jsonl", `${lines.join("\n")}\n`);
  const run = leadscore([
    "calibrate",
    "--model",
    B2B,
    "--leads",
    leads,
    "--outcomes",
    edited,
    "--as-of",
    AS_OF,
    "--format",
    "json",
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(
    run.stderr,
    /warning: .*1 lead has no converted \(line 5\): left out of calibration/,
  );
  assert.match(
    run.stderr,
    /warning: .*1 outcome is for leads not in .*\(line 1501 "nobody"\): ignored/,
  );
  assert.equal(JSON.parse(run.stdout).leads.all.leads, 1499);
});

test("leadscore funnel reads the records the sales desk writes", () => {
  const records = file(
    "records.jsonl",
    execFileSync(
      process.execPath,
      [join(repo, "bench/calibration/sales-desk.mjs"), "--leads", "600"],
      { encoding: "utf8" },
    ),
  );
  const json = leadscore([
    "funnel",
    "--records",
    records,
    "--now",
    "2026-12-31T00:00:00Z",
    "--format",
    "json",
  ]);
  assert.equal(json.code, 0, json.stderr);
  const report = JSON.parse(json.stdout);
  assert.ok(report.mqls > 0);
  const text = leadscore([
    "funnel",
    "--records",
    records,
    "--now",
    "2026-12-31T00:00:00Z",
    "--cohort",
    "week",
  ]);
  assert.match(text.stdout, /^Funnel\n/);
  // With the model and the leads (JSON Lines), each MQL's lead is scored as of its MQL, and the
  // rejections are broken down by an attribute the leads carry.
  const { leads } = generate("desk", "600", "7");
  const bySegment = leadscore([
    "funnel",
    "--records",
    records,
    "--now",
    "2026-12-31T00:00:00Z",
    "--model",
    B2B,
    "--leads",
    leads,
    "--segment",
    "industry",
    "--format",
    "json",
  ]);
  assert.equal(bySegment.code, 0, bySegment.stderr);
  const industries = JSON.parse(bySegment.stdout).rejectionsBy.find(
    (row) => row.attribute === "industry",
  );
  assert.ok(industries.rows.length > 1, JSON.stringify(industries));
  const bad = file(
    "bad.jsonl",
    `${readFileSync(records, "utf8").split("\n")[0]}\n{"version": 1}\n`,
  );
  const refused = leadscore(["funnel", "--records", bad]);
  assert.equal(refused.code, 3);
  assert.match(refused.stderr, /bad\.jsonl line 2: /);
});

test("bad input stops with what and where", () => {
  const csv = (rows) =>
    file(`leads-${rows.length}-${Math.random()}.csv`, `id,Converted,title\n${rows.join("\n")}\n`);
  const stop = (args, pattern) => {
    const run = leadscore(["calibrate", "--model", B2B, "--as-of", AS_OF, ...args]);
    assert.notEqual(run.code, 0, run.stdout);
    assert.match(run.stderr, pattern);
  };
  stop(
    ["--leads", csv(["a,1,vp", "b,maybe,vp", "c,0,vp", "d,2,vp"]), "--outcome-column", "Converted"],
    /2 Converted values are not an outcome .*line 3 "maybe", line 5 "2"/,
  );
  stop(
    ["--leads", csv(["a,1,vp", "b,0,vp"]), "--outcome-column", "Won"],
    /no lead has the outcome column "Won"/,
  );
  stop(
    ["--leads", csv(["a,1,vp", "b,0,vp", "a,0,vp"]), "--outcome-column", "Converted"],
    /lead id appears more than once.*"a" \(lines 2, 4\)/,
  );
  stop(
    ["--leads", csv(["a,1,vp", "b,1,vp"]), "--outcome-column", "Converted"],
    /all 2 leads with an outcome converted: calibration needs both outcomes/,
  );
  stop(
    [
      "--leads",
      csv(["a,1,vp", "b,0,vp", "c,0,vp"]),
      "--outcome-column",
      "Converted",
      "--folds",
      "5",
    ],
    /fold/,
  );
  const outcomes = file("outcomes.csv", "lead,won\na,1\n");
  stop(
    ["--leads", csv(["a,1,vp", "b,0,vp"]), "--outcomes", outcomes],
    /outcomes\.csv has no column "id" or "converted"/,
  );
  const bad = file(
    "bad.jsonl",
    '{"id":"a","converted":true}\n{"id":"b","converted":false,"events":[{"type":"visit"}]}\n',
  );
  stop(["--leads", bad], /bad\.jsonl line 2: events\[0\]/);
  const anonymous = file("anonymous.jsonl", '{"id":"a","converted":true}\n{"converted":false}\n');
  stop(["--leads", anonymous], /anonymous\.jsonl line 2: id: a lead needs an id/);
});

test("decision times from the outcomes file: a lead is scored as of its own, later events unseen", () => {
  const { leads, outcomes } = generate("timed", "1500", "4");
  // Each decision 30 days before the histories end: what came after is not seen.
  const earlier = new Date(Date.parse(AS_OF) - 30 * 86_400_000).toISOString();
  const timed = file(
    "timed-decisions.jsonl",
    readFileSync(outcomes, "utf8")
      .trimEnd()
      .split("\n")
      .map((line) => JSON.stringify({ ...JSON.parse(line), decidedAt: earlier }))
      .join("\n"),
  );
  const report = (outcomesFile, extra = []) => {
    const run = leadscore([
      "calibrate",
      "--model",
      B2B,
      "--leads",
      leads,
      "--outcomes",
      outcomesFile,
      "--as-of",
      AS_OF,
      "--format",
      "json",
      "-q",
      ...extra,
    ]);
    assert.equal(run.code, 0, run.stderr);
    return JSON.parse(run.stdout).original.separation.atThreshold;
  };
  const atEnd = report(outcomes);
  const atDecision = report(timed, ["--decided-at-column", "decidedAt"]);
  assert.deepEqual(
    report(outcomes, ["--as-of", earlier]),
    atDecision,
    "the same as scoring every lead as of then",
  );
  assert.ok(
    atDecision.mqls < atEnd.mqls,
    `${atDecision.mqls} MQLs as of the decisions, ${atEnd.mqls} at the end`,
  );
});
