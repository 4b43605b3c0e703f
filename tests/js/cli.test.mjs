// The `leadscore` command of the built package (pkg/bin/leadscore.mjs), run as a child process:
// its input formats, output formats, bad lines, exit codes and the README's demo table.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { Scorer } from "leadscore";
import { repo, exampleModel, exampleLeads, EXAMPLE_AS_OF } from "./fixtures.mjs";
import { bin, jsonLines, leadscore, scratchFolder } from "./support/cli.mjs";

const MODEL = "examples/models/b2b-default.json";
const LEADS = "examples/leads/b2b-leads.json";
const { dir: scratch, file } = scratchFolder("cli");
const scorer = new Scorer(exampleModel);
const expected = scorer.scoreBatch(exampleLeads, { asOf: EXAMPLE_AS_OF });
const withoutContributions = (results) => results.map(({ contributions, ...rest }) => rest);

test("the README's demo table is what `leadscore score --format table` prints", () => {
  const readme = readFileSync(join(repo, "README.md"), "utf8");
  const table = /scripts\/demo\.sh[\s\S]*?```text\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(table, "the README shows the demo's table");
  const run = leadscore([
    "score",
    "--model",
    MODEL,
    "--leads",
    LEADS,
    "--as-of",
    EXAMPLE_AS_OF,
    "--format",
    "table",
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, table);
  assert.match(run.stderr, /^scored 8 leads \(3 MQLs\), skipped 0 in \d+\.\d s/);
  const demo = readFileSync(join(repo, "scripts/demo.sh"), "utf8");
  assert.match(
    demo,
    /leadscore\.mjs score --model examples\/models\/b2b-default\.json --leads examples\/leads\/b2b-leads\.json --as-of 2026-11-20T17:00:00Z --format table/,
  );
});

test("JSON Lines out: the library's results, contributions only with --explain", () => {
  const plain = leadscore(["score", "-m", MODEL, "-l", LEADS, "--as-of", EXAMPLE_AS_OF]);
  assert.equal(plain.code, 0, plain.stderr);
  assert.deepStrictEqual(jsonLines(plain.stdout), withoutContributions(expected));
  const explained = leadscore([
    "score",
    "-m",
    MODEL,
    "-l",
    LEADS,
    "--as-of",
    EXAMPLE_AS_OF,
    "--explain",
  ]);
  const results = jsonLines(explained.stdout);
  assert.deepStrictEqual(
    results.map(({ why, ...rest }) => rest),
    expected,
  );
  assert.deepStrictEqual(
    results.map((r) => r.why),
    [
      "reached the threshold, crossed 2026-11-13",
      "hand-raiser (demo-request), crossed 2026-11-19",
      "below the threshold",
      "blocked: disqualified",
      "below the threshold now (was an MQL on 2026-07-14)",
      "reached the threshold, crossed 2026-11-14",
      "blocked: missingFields",
      "below the threshold now (was an MQL on 2026-11-15)",
    ],
  );
});

test("a JSON array, JSON Lines and standard input give the same results", () => {
  const jsonl = file(
    "leads.jsonl",
    exampleLeads.map((lead) => JSON.stringify(lead)).join("\n") + "\n",
  );
  const noExtension = file("leads-data", JSON.stringify(exampleLeads, null, 2));
  const runs = [
    leadscore(["score", "-m", MODEL, "-l", jsonl, "--as-of", EXAMPLE_AS_OF, "-q"]),
    leadscore(["score", "-m", MODEL, "-l", noExtension, "--as-of", EXAMPLE_AS_OF, "-q"]),
    leadscore(["score", "-m", MODEL, "--as-of", EXAMPLE_AS_OF, "-q"], {
      input: readFileSync(jsonl),
    }),
    leadscore(["score", "-m", MODEL, "-l", "-", "--as-of", EXAMPLE_AS_OF, "-q"], {
      input: JSON.stringify(exampleLeads),
    }),
    leadscore(["score", "-m", MODEL, "--input-format", "json", "--as-of", EXAMPLE_AS_OF, "-q"], {
      input: `\uFEFF${JSON.stringify(exampleLeads)}`,
    }),
  ];
  for (const run of runs) {
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, "");
    assert.deepStrictEqual(jsonLines(run.stdout), withoutContributions(expected));
  }
});

test("CSV out: one row per lead with the key fields; --out writes a file", () => {
  const out = join(scratch, "results.csv");
  const run = leadscore([
    "score",
    "-m",
    MODEL,
    "-l",
    LEADS,
    "--as-of",
    EXAMPLE_AS_OF,
    "--format",
    "csv",
    "--out",
    out,
    "--explain",
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, "");
  const rows = parse(readFileSync(out, "utf8"), { columns: true });
  assert.equal(rows.length, 8);
  rows.forEach((row, i) => {
    const r = expected[i];
    assert.deepStrictEqual(
      [
        row.leadId,
        Number(row.fit),
        Number(row.intent),
        Number(row.total),
        row.band,
        row.grid,
        row.mql === "true",
        row.mqlReason || null,
        row.blockedBy,
      ],
      [
        r.leadId,
        r.fit,
        r.intent,
        r.total,
        r.band,
        r.grid,
        r.mql,
        r.mqlReason,
        r.blockedBy.join(";"),
      ],
    );
    assert.equal(
      row.contributions,
      r.contributions.map((c) => `${c.ruleId}=${c.points}`).join(";"),
    );
  });
  assert.equal(rows[1].why, "hand-raiser (demo-request), crossed 2026-11-19");
});

test("bad JSON Lines are reported with their line number and path, skipped, and counted", () => {
  const lines = [
    JSON.stringify(exampleLeads[0]),
    "",
    '{"id":"b","events":[{"type":"visit","at":"yesterday"}]}',
    '{"id": tru}',
    '{"id":"c"}, {"id":"d"}',
    '{"id":"e","foo":1}',
    JSON.stringify(exampleLeads[1]),
  ];
  const leads = file("bad.jsonl", lines.join("\n"));
  const run = leadscore(["score", "-m", MODEL, "-l", leads, "--as-of", EXAMPLE_AS_OF]);
  assert.equal(run.code, 1);
  assert.deepStrictEqual(
    jsonLines(run.stdout).map((r) => r.leadId),
    ["lead-001", "lead-002"],
  );
  const reports = run.stderr.trimEnd().split("\n");
  assert.deepStrictEqual(reports.slice(0, 4), [
    'line 3: events[0].at: "yesterday" is not an RFC 3339 time such as "2026-11-21T09:30:00Z" (premature end of input) (column 52)',
    "line 4: expected ident (column 11)",
    "line 5: expected one lead, found 2 JSON values",
    "line 6: foo: unknown field `foo`, expected one of `id`, `attributes`, `events` (column 15)",
  ]);
  assert.match(reports[4], /^scored 2 leads \(2 MQLs\), skipped 4 in /);

  const failing = leadscore([
    "score",
    "-m",
    MODEL,
    "-l",
    leads,
    "--as-of",
    EXAMPLE_AS_OF,
    "--on-error",
    "fail",
  ]);
  assert.equal(failing.code, 3);
  assert.deepStrictEqual(
    jsonLines(failing.stdout).map((r) => r.leadId),
    ["lead-001"],
  );
  assert.match(failing.stderr, /^line 3: events\[0\]\.at: /);
  assert.match(failing.stderr, /stopped at line 3 \(--on-error fail\) after scoring 1 lead\n$/);
});

test("a bad lead in a JSON array is reported at its exact line with its index", () => {
  const leads = structuredClone(exampleLeads);
  leads[2].events[1].at = "nope";
  leads[4].bogus = 1;
  const text = JSON.stringify(leads, null, 2);
  const lineOf = (needle) => text.slice(0, text.indexOf(needle)).split("\n").length;
  const run = leadscore([
    "score",
    "-m",
    MODEL,
    "-l",
    file("bad.json", text),
    "--as-of",
    EXAMPLE_AS_OF,
    "--format",
    "csv",
  ]);
  assert.equal(run.code, 1);
  assert.equal(parse(run.stdout, { columns: true }).length, 6);
  const reports = run.stderr.split("\n");
  assert.match(
    reports[0],
    new RegExp(
      `^line ${lineOf('"nope"')}: \\[2\\]\\.events\\[1\\]\\.at: "nope" is not an RFC 3339 time`,
    ),
  );
  assert.match(
    reports[1],
    new RegExp(`^line ${lineOf('"bogus"')}: \\[4\\]\\.bogus: unknown field \`bogus\``),
  );
});

test("a JSON array that breaks off stops the run after scoring the leads before the break", () => {
  const run = leadscore(["score", "-m", MODEL, "--as-of", EXAMPLE_AS_OF, "-q"], {
    input: `[${JSON.stringify(exampleLeads[0])},\n{"id":"y"`,
  });
  assert.equal(run.code, 3);
  assert.deepStrictEqual(
    jsonLines(run.stdout).map((r) => r.leadId),
    ["lead-001"],
  );
  assert.match(
    run.stderr,
    /line 2: the JSON array is not well formed: the input ends before the closing `\]`/,
  );
  const trailing = leadscore(["score", "-m", MODEL, "--as-of", EXAMPLE_AS_OF, "-q"], {
    input: `[{"id":"a"}] {"id":"b"}`,
  });
  assert.equal(trailing.code, 3);
  assert.match(trailing.stderr, /after the array's closing/);
});

test("--as-of defaults to now, once for the whole run", () => {
  const before = Date.now();
  const run = leadscore(["score", "-m", MODEL, "-l", LEADS, "--batch-size", "3"]);
  const after = Date.now();
  assert.equal(run.code, 0, run.stderr);
  const asOfs = new Set(jsonLines(run.stdout).map((r) => r.asOf));
  assert.equal(asOfs.size, 1);
  const asOf = Date.parse([...asOfs][0]);
  assert.ok(asOf >= before - 1 && asOf <= after, [...asOfs][0]);
  const now = leadscore(["score", "-m", MODEL, "-l", LEADS, "--as-of", "now", "-q"]);
  assert.ok(Math.abs(Date.parse(jsonLines(now.stdout)[0].asOf) - Date.now()) < 60_000);
  const offset = leadscore([
    "score",
    "-m",
    MODEL,
    "-l",
    LEADS,
    "--as-of",
    "2026-11-20T18:00:00+01:00",
    "-q",
  ]);
  assert.deepStrictEqual(
    jsonLines(offset.stdout).map((r) => r.total),
    expected.map((r) => r.total),
  );
});

test("small batches give the same results as one big batch", () => {
  const generated = leadscore([
    "generate",
    "--leads",
    "300",
    "--seed",
    "batches",
    "--events-per-lead",
    "8",
  ]);
  const one = leadscore(
    ["score", "-m", MODEL, "--as-of", EXAMPLE_AS_OF, "--batch-size", "1000", "-q"],
    { input: generated.stdout },
  );
  const many = leadscore(
    ["score", "-m", MODEL, "--as-of", EXAMPLE_AS_OF, "--batch-size", "7", "-q", "--explain"],
    { input: generated.stdout },
  );
  assert.equal(one.code, 0);
  assert.equal(jsonLines(one.stdout).length, 300);
  assert.deepStrictEqual(
    jsonLines(many.stdout).map(({ contributions, why, ...rest }) => rest),
    jsonLines(one.stdout),
  );
});

test("a reader that goes away (| head) ends the run quietly", () => {
  const run = spawnSync(
    "bash",
    [
      "-c",
      `node ${JSON.stringify(bin)} generate --leads 20000 --events-per-lead 5 | node ${JSON.stringify(bin)} score -m ${MODEL} --as-of ${EXAMPLE_AS_OF} | head -n 2; echo "exit \${PIPESTATUS[1]}"`,
    ],
    {
      cwd: repo,
      encoding: "utf8",
    },
  );
  const lines = run.stdout.trimEnd().split("\n");
  assert.equal(lines.length, 3);
  assert.equal(JSON.parse(lines[0]).leadId, "gen-000001");
  assert.equal(lines[2], "exit 0");
  assert.doesNotMatch(run.stderr, /EPIPE|Error/);
});

test("a progress bar on stderr only when it is a terminal", () => {
  const leads = file(
    "progress.jsonl",
    leadscore(["generate", "--leads", "2000", "--events-per-lead", "5"]).stdout,
  );
  const out = join(scratch, "progress-out.jsonl");
  const command = `node ${JSON.stringify(bin)} score -m ${MODEL} -l ${JSON.stringify(leads)} --as-of ${EXAMPLE_AS_OF} --out ${JSON.stringify(out)}`;
  // `script` gives the command a terminal.
  const terminal = spawnSync("script", ["-qec", command, "/dev/null"], {
    cwd: repo,
    encoding: "utf8",
  });
  assert.equal(terminal.status, 0, terminal.stderr);
  assert.match(terminal.stdout, /\d+% \| [\d,]+ leads \| [\d,]+ leads\/s \| ETA/);
  assert.match(terminal.stdout, /scored 2,000 leads/);
  const piped = leadscore([
    "score",
    "-m",
    MODEL,
    "-l",
    leads,
    "--as-of",
    EXAMPLE_AS_OF,
    "--out",
    out,
  ]);
  assert.equal(piped.code, 0);
  assert.match(
    piped.stderr,
    /^scored 2,000 leads \([\d,]+ MQLs\), skipped 0 in \d+\.\d s(, [\d,]+ leads\/s)?\n$/,
  );
  assert.equal(readFileSync(out, "utf8").trimEnd().split("\n").length, 2000);
});

test("a reader that stops early (`| head`) ends the command quietly, not with an EPIPE trace", () => {
  for (const args of [
    ["--help"],
    ["generate", "--leads", "20000", "--seed", "1"],
    ["score", "-m", MODEL, "-l", LEADS, "--as-of", EXAMPLE_AS_OF],
  ]) {
    const command = `node ${JSON.stringify(bin)} ${args.join(" ")} | head -c 10 > /dev/null; echo "exit ${"$"}{PIPESTATUS[0]}"`;
    const run = spawnSync("bash", ["-c", command], { cwd: repo, encoding: "utf8" });
    assert.equal(run.stdout, "exit 0\n", `${args[0]}: ${run.stderr}`);
    assert.doesNotMatch(run.stderr, /EPIPE/, args[0]);
  }
});
