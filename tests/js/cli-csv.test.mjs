// `leadscore score` of the built package reading CSV exports (run as a child process): the id
// column, numeric text for numeric conditions, events from a second file, and the real CRM export.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { Scorer } from "leadscore";
import { repo, exampleModel, EXAMPLE_AS_OF } from "./fixtures.mjs";
import { jsonLines, leadscore, scratchFolder } from "./support/cli.mjs";

const MODEL = "examples/models/b2b-default.json";
const LEADS = "examples/leads/b2b-leads.json";
const { file } = scratchFolder("cli-csv");
const scorer = new Scorer(exampleModel);

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
