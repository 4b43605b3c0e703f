// The `leadscore` command of the built package (pkg/bin/leadscore.mjs), run as a child process:
// its input formats, output formats, bad lines, exit codes and the README's demo table.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { Scorer } from "leadscore";
import { Scorer as FullScorer } from "leadscore/full";
import { repo, exampleModel, exampleLeads, EXAMPLE_AS_OF } from "./fixtures.mjs";

const bin = join(repo, "pkg/bin/leadscore.mjs");
const MODEL = "examples/models/b2b-default.json";
const LEADS = "examples/leads/b2b-leads.json";
const scratch = mkdtempSync(join(tmpdir(), "leadscore-cli-"));
test.after(() => rmSync(scratch, { recursive: true, force: true }));
const file = (name, text) => {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
};

/** Runs the command; returns { code, stdout, stderr }. */
function leadscore(args, { input, env } = {}) {
  const run = spawnSync(process.execPath, [bin, ...args], {
    cwd: repo,
    input,
    encoding: "utf8",
    env: { ...process.env, ...env },
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.error) throw run.error;
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const jsonLines = (text) =>
  text
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line));
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

test("CSV in: the id column, numeric text for numeric conditions, events from a second file", () => {
  const leads = file(
    "crm.csv",
    [
      "Lead ID,name,email,title,companySize,industry",
      "L1,Ana Ruiz,ana@acme.example,VP Marketing,900,Software",
      "L2,Bo Chen,bo@tiny.example,Founder,12,SaaS",
      ",No Id,x@y.example,CTO,300,Software",
      "L4,Too,many,cells,1,2,3",
      'L5,"Quoted, Name",q@x.example,"Director, IT",250,Healthcare',
      "L6,Cy Diaz,,Student,,Education",
    ].join("\r\n"),
  );
  const events = file(
    "crm-events.csv",
    [
      "lead,type,at,id,path,contentType",
      "L1,visit,2026-11-19T10:30:00Z,e1,,",
      "L1,page_view,2026-11-19T10:32:00Z,e2,/pricing,",
      "L2,demo_request,2026-11-19T15:10:00Z,e3,,",
      "L5,content_download,2026-11-18T09:00:00Z,e4,,case_study",
      "L5,visit,not-a-time,e5,,",
      "L9,visit,2026-11-18T09:00:00Z,e6,,",
    ].join("\n"),
  );
  const args = [
    "score",
    "-m",
    MODEL,
    "-l",
    leads,
    "--id-column",
    "Lead ID",
    "--events",
    events,
    "--events-id-column",
    "lead",
    "--as-of",
    EXAMPLE_AS_OF,
  ];
  const run = leadscore(args);
  assert.equal(run.code, 1);
  const results = jsonLines(run.stdout);
  assert.deepStrictEqual(
    results.map((r) => r.leadId),
    ["L1", "L2", "L6"],
  );
  // The same leads built by hand score the same: "900" meets the 200..5000 size rule.
  const ana = {
    id: "L1",
    attributes: {
      name: "Ana Ruiz",
      email: "ana@acme.example",
      title: "VP Marketing",
      companySize: 900,
      industry: "Software",
    },
    events: [
      { id: "e1", type: "visit", at: "2026-11-19T10:30:00Z" },
      { id: "e2", type: "page_view", at: "2026-11-19T10:32:00Z", props: { path: "/pricing" } },
    ],
  };
  const { contributions, ...anaExpected } = scorer.score(ana, { asOf: EXAMPLE_AS_OF });
  assert.deepStrictEqual(results[0], anaExpected);
  assert.equal(results[0].total, 55);
  assert.deepStrictEqual([results[1].handRaiser, results[1].blockedBy], [true, ["disqualified"]]);
  assert.deepStrictEqual(results[2].missingFields, ["email"]);
  assert.deepStrictEqual(run.stderr.split("\n").slice(0, 4), [
    'line 4: id: the "Lead ID" cell is empty',
    "line 5: Invalid Record Length: columns length is 6, got 7",
    'line 6: events[1].at: "not-a-time" is not an RFC 3339 time such as "2026-11-21T09:30:00Z" (premature end of input) (events file line 6)',
    `note: ${events} has events for 1 lead id that is not in the leads`,
  ]);
  assert.match(run.stderr, /scored 3 leads \(1 MQL\), skipped 3 in /);

  const noIdColumn = leadscore(["score", "-m", MODEL, "-l", leads, "--as-of", EXAMPLE_AS_OF]);
  assert.equal(noIdColumn.code, 2);
  assert.equal(noIdColumn.stdout, "");
  assert.match(
    noIdColumn.stderr,
    /has no column "id"; choose the id column with --id-column \(its columns: "Lead ID", "name",/,
  );
  const eventsWithoutColumn = leadscore([
    "score",
    "-m",
    MODEL,
    "-l",
    leads,
    "--id-column",
    "Lead ID",
    "--events",
    events,
  ]);
  assert.equal(eventsWithoutColumn.code, 2);
  assert.match(eventsWithoutColumn.stderr, /needs the columns "Lead ID"/);
  const eventsWithJson = leadscore(["score", "-m", MODEL, "-l", LEADS, "--events", events]);
  assert.equal(eventsWithJson.code, 2);
});

test("events CSV keyed by an id column named id: the events' own ids come from eventId", () => {
  const leads = file("by-id.csv", ["id,title,companySize", "L1,VP Marketing,500"].join("\n"));
  const events = (header, rows) =>
    file(`by-id-events-${header.length}.csv`, [header, ...rows].join("\n"));
  const run = (eventsFile) =>
    leadscore([
      "score",
      "-m",
      MODEL,
      "-l",
      leads,
      "--events",
      eventsFile,
      "--as-of",
      "2026-11-05T00:00:00Z",
    ]);
  // Lead ids under `id` and no event ids: three events, none taken for a repeat of another.
  const plain = run(
    events("id,type,at,path", [
      "L1,page_view,2026-11-01T10:00:00Z,/pricing",
      "L1,page_view,2026-11-02T10:00:00Z,/pricing",
      "L1,demo_request,2026-11-03T10:00:00Z,",
    ]),
  );
  assert.equal(plain.code, 0, plain.stderr);
  const [result] = jsonLines(plain.stdout);
  assert.deepEqual(result.warnings, []);
  assert.equal(result.handRaiser, true);
  assert.equal(result.trigger.event.type, "demo_request");
  // With an eventId column, a delivery repeated is one event.
  const withIds = run(
    events("id,eventId,type,at,path", [
      "L1,e1,page_view,2026-11-01T10:00:00Z,/pricing",
      "L1,e1,page_view,2026-11-01T10:00:00Z,/pricing",
      "L1,e2,demo_request,2026-11-03T10:00:00Z,",
    ]),
  );
  assert.equal(withIds.code, 0, withIds.stderr);
  const [deduplicated] = jsonLines(withIds.stdout);
  assert.deepEqual(
    deduplicated.warnings.map((w) => [w.code, w.count, w.path]),
    [["duplicateEventId", 1, "events[1].id"]],
  );
  assert.equal(deduplicated.trigger.event.id, "e2");
});

test("the real CRM export: 9,237 leads by Prospect ID, numeric cells read by numeric conditions", (t) => {
  const csvPath = join(repo, "..", "shared", "data", "x-education-leads.csv");
  if (!existsSync(csvPath)) {
    t.skip(`${csvPath} is not there (shared/ sits beside the repository)`);
    return;
  }
  const model = file(
    "x-education.json",
    JSON.stringify({
      version: 1,
      name: "X Education",
      fit: {
        rules: [
          {
            id: "working-professional",
            attribute: "What is your current occupation",
            when: { equals: "Working Professional" },
            points: 30,
          },
          { id: "engaged-visitor", attribute: "TotalVisits", when: { min: 5 }, points: 10 },
          {
            id: "time-on-site",
            attribute: "Total Time Spent on Website",
            when: { above: 1000 },
            points: 20,
          },
          {
            id: "do-not-email",
            attribute: "Do Not Email",
            when: { equals: "Yes" },
            disqualify: true,
          },
        ],
      },
      mql: { threshold: 30 },
    }),
  );
  const run = leadscore([
    "score",
    "-m",
    model,
    "-l",
    csvPath,
    "--id-column",
    "Prospect ID",
    "--as-of",
    EXAMPLE_AS_OF,
    "--format",
    "csv",
    "--explain",
  ]);
  assert.equal(run.code, 0, run.stderr);
  const rows = parse(run.stdout, { columns: true });
  const source = parse(readFileSync(csvPath), { columns: true, bom: true });
  assert.equal(rows.length, 9237);
  assert.equal(source.length, 9237);
  let checked = 0;
  rows.forEach((row, i) => {
    const lead = source[i];
    assert.equal(row.leadId, lead["Prospect ID"]);
    const expectedFit =
      (lead["What is your current occupation"] === "Working Professional" ? 30 : 0) +
      (lead.TotalVisits !== "" && Number(lead.TotalVisits) >= 5 ? 10 : 0) +
      (Number(lead["Total Time Spent on Website"]) > 1000 ? 20 : 0);
    assert.equal(Number(row.fit), expectedFit, `${row.leadId}`);
    assert.equal(
      row.mql === "true",
      expectedFit >= 30 && lead["Do Not Email"] !== "Yes",
      `${row.leadId}`,
    );
    if (expectedFit > 0) checked++;
  });
  assert.ok(checked > 3000, `${checked} leads earned numeric-condition points`);
  assert.match(run.stderr, /scored 9,237 leads/);
});

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
