// The simulator's pure logic (www/src/*.js without the DOM), with expectations worked out by
// hand: CSV rows to leads, JSON paths, the impact diff and the explanations (the calibration
// view's, through the core, is simulator-calibration.test.mjs). Fast: no browser, no engine.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  guessIdColumn,
  guessOutcomeColumn,
  outcomeColumns,
  parseOutcome,
  rowsToLeads,
} from "../../www/src/csv-leads.js";
import {
  formatPath,
  getAt,
  lineColumn,
  locatePath,
  parsePath,
  setAt,
} from "../../www/src/paths.js";
import {
  NO_BAND,
  bandDistribution,
  changeCounts,
  changedLeads,
  mqlCount,
  scoreTable,
} from "../../www/src/impact.js";
import {
  compareContributions,
  crossing,
  describeCondition,
  describeDecay,
  why,
} from "../../www/src/explain.js";

test("CSV: the id column, outcome columns and outcomes are recognised", () => {
  assert.equal(guessIdColumn(["Lead Number", "Prospect ID", "Converted"]), "Prospect ID");
  assert.equal(guessIdColumn(["Name", "Email", "Score"]), "Email");
  assert.equal(guessIdColumn(["customer_id", "Name"]), "customer_id");
  assert.equal(guessIdColumn(["Name", "Paid"]), null);
  assert.deepStrictEqual(["1", "0", " Yes ", "no", "TRUE", "won", "maybe", ""].map(parseOutcome), [
    true,
    false,
    true,
    false,
    true,
    true,
    null,
    null,
  ]);
  const headers = ["id", "Converted", "Do Not Email", "Always no", "TotalVisits"];
  const rows = [
    ["a", "1", "No", "No", "3"],
    ["b", "0", "Yes", "No", "0"],
    ["c", "", "No", "No", "12"],
  ];
  assert.deepStrictEqual(outcomeColumns(headers, rows), ["Converted", "Do Not Email"]);
  assert.equal(guessOutcomeColumn(["Converted", "Do Not Email"]), "Converted");
  assert.equal(guessOutcomeColumn(["Do Not Email"]), null);
});

test("CSV rows become leads: other non-empty cells as text attributes, the outcome kept apart", () => {
  const headers = ["Prospect ID", "Converted", "TotalVisits", "Lead Source", "Tags"];
  const rows = [
    ["p-1", "1", "900", "Google", ""],
    ["", "0", "3", "Direct Traffic", "Ringing"],
    ["p-1", "n/a", " ", "Reference", "Busy"],
  ];
  const { leads, outcomes, notes } = rowsToLeads(headers, rows, {
    idColumn: "Prospect ID",
    outcomeColumn: "Converted",
  });
  assert.deepStrictEqual(leads, [
    { id: "p-1", attributes: { TotalVisits: "900", "Lead Source": "Google" } },
    {
      id: "row-2",
      attributes: { TotalVisits: "3", "Lead Source": "Direct Traffic", Tags: "Ringing" },
    },
    { id: "p-1", attributes: { "Lead Source": "Reference", Tags: "Busy" } },
  ]);
  assert.deepStrictEqual(outcomes, [true, false, null]);
  assert.deepStrictEqual(notes, [
    "1 row has no Prospect ID: named by row number",
    "1 row repeats an id already seen",
    "1 row has no readable Converted: left out of calibration",
  ]);
  // Without an id column the rows are numbered; without an outcome column there are no outcomes.
  const plain = rowsToLeads(headers, rows.slice(0, 1));
  assert.deepStrictEqual(plain, {
    leads: [
      {
        id: "row-1",
        attributes: {
          "Prospect ID": "p-1",
          Converted: "1",
          TotalVisits: "900",
          "Lead Source": "Google",
        },
      },
    ],
    outcomes: null,
    notes: [],
  });
  assert.throws(() => rowsToLeads(headers, rows, { idColumn: "nope" }), /no column named "nope"/);
});

test("JSON paths: parsed, formatted, read, written and found in text", () => {
  assert.deepStrictEqual(parsePath("intent.rules[3].decay.halfLifeDays"), [
    "intent",
    "rules",
    3,
    "decay",
    "halfLifeDays",
  ]);
  assert.deepStrictEqual(parsePath('intent.rules[0].where["a.b"]'), [
    "intent",
    "rules",
    0,
    "where",
    "a.b",
  ]);
  assert.deepStrictEqual(parsePath(""), []);
  assert.equal(formatPath(["fit", "rules", 0, "when", "a b"]), 'fit.rules[0].when["a b"]');
  const model = { mql: { threshold: 50 }, bands: [{ name: "a" }, { name: "b", min: 10 }] };
  assert.equal(getAt(model, "bands[1].min"), 10);
  assert.equal(getAt(model, "fit.rules[0]"), undefined);
  setAt(model, "mql.threshold", 40);
  setAt(model, "intent.decay.kind", "none");
  setAt(model, "bands[0]", undefined);
  setAt(model, "fit.cap", undefined);
  assert.deepStrictEqual(model, {
    mql: { threshold: 40 },
    bands: [{ name: "b", min: 10 }],
    intent: { decay: { kind: "none" } },
  });

  const text =
    '{\n  "mql": { "threshold": "fifty" },\n  "intent": { "rules": [ { "id": "x", "points": 5 } ] }\n}';
  const found = locatePath(text, "mql.threshold");
  assert.equal(text.slice(found.start, found.end), '"threshold": "fifty"');
  assert.equal(found.exact, true);
  const inArray = locatePath(text, "intent.rules[0].points");
  assert.equal(text.slice(inArray.start, inArray.end), '"points": 5');
  // A missing key: the nearest value that is there.
  const missing = locatePath(text, "intent.rules[0].decay.halfLifeDays");
  assert.equal(missing.path, "intent.rules[0]");
  assert.equal(missing.exact, false);
  assert.deepStrictEqual(lineColumn(text, text.indexOf('"fifty"')), { line: 2, column: 25 });
});

// Results as the engine gives them, reduced to what the impact view reads.
const result = (leadId, total, band, mql) => ({ leadId, total, band, mql });

test("impact: MQLs before and after, band distribution and the changed leads, most telling first", () => {
  const before = scoreTable(
    [
      result("a", 60, "hot", true),
      result("b", 45, "warm", false),
      result("c", 10, "cold", false),
      result("d", 52, "hot", true),
      result("e", 30, "warm", false),
    ],
    ["cold", "warm", "hot"],
  );
  const after = scoreTable(
    [
      result("a", 60, "hot", true),
      result("b", 45, "warm", true),
      result("c", 22, "warm", false),
      result("d", 40, "warm", false),
      result("e", 30, null, false),
    ],
    ["cold", "warm", "hot"],
  );
  assert.equal(after.band[4], NO_BAND);
  assert.equal(mqlCount(before), 2);
  assert.equal(mqlCount(after), 2);
  assert.deepStrictEqual(changeCounts(before, after), {
    "became-mql": 1,
    "no-longer-mql": 1,
    band: 2,
    none: 1,
  });
  assert.deepStrictEqual(
    changedLeads(before, after).map((row) => [row.index, row.kind]),
    [
      [1, "became-mql"],
      [3, "no-longer-mql"],
      [2, "band"],
      [4, "band"],
    ],
  );
  assert.deepStrictEqual(changedLeads(before, after)[1].before, {
    total: 52,
    band: "hot",
    mql: true,
  });
  assert.equal(changedLeads(before, after, { all: true }).length, 5);
  assert.deepStrictEqual(bandDistribution(before, after), [
    { band: "cold", before: 1, after: 0 },
    { band: "warm", before: 2, after: 3 },
    { band: "hot", before: 2, after: 1 },
    { band: null, before: 0, after: 1 },
  ]);
  // A model with other bands: its names follow the baseline's.
  const renamed = scoreTable([result("a", 60, "A", true)], ["C", "B", "A"]);
  assert.deepStrictEqual(
    bandDistribution(scoreTable([result("a", 60, "hot", true)], ["cold", "hot"]), renamed).map(
      (r) => r.band,
    ),
    ["cold", "hot", "C", "B", "A"],
  );
});

test("explanations: why, the crossing, conditions, decay and contributions side by side", () => {
  const base = {
    mql: false,
    mqlReason: null,
    trigger: null,
    blockedBy: [],
    disqualifiedBy: [],
    missingFields: [],
    crossedAt: null,
    crossingEvent: null,
  };
  assert.equal(
    why({ ...base, mql: true, mqlReason: "threshold", crossedAt: "2026-11-13T16:45:00.000Z" }),
    "reached the threshold, crossed 2026-11-13",
  );
  assert.equal(
    why({
      ...base,
      mql: true,
      mqlReason: "instant",
      trigger: { ruleId: "demo-request" },
      crossedAt: "2026-11-19T15:10:00.000Z",
    }),
    "hand-raiser (demo-request), crossed 2026-11-19",
  );
  assert.equal(
    why({
      ...base,
      mqlReason: "threshold",
      blockedBy: ["disqualified", "missingFields"],
      disqualifiedBy: ["small-company"],
      missingFields: ["email"],
    }),
    "blocked: disqualified by small-company; missing email",
  );
  assert.equal(
    why({ ...base, crossedAt: "2026-07-14T09:00:00.000Z" }),
    "below the threshold now (was an MQL on 2026-07-14)",
  );
  assert.equal(why(base), "below the threshold");
  assert.equal(
    crossing({
      crossedAt: "2026-11-13T16:45:00.000Z",
      crossingEvent: {
        index: 5,
        id: "n-106",
        type: "content_download",
        at: "2026-11-13T16:45:00.000Z",
      },
    }),
    "2026-11-13 16:45 UTC, on content_download n-106",
  );
  assert.equal(crossing({ crossedAt: null }), "never crossed");
  assert.equal(describeCondition({ min: 200, max: 5000 }), "200 to 5,000");
  assert.equal(
    describeCondition({ in: ["a", "b", "c", "d", "e"] }),
    'is one of "a", "b", "c", "d" … (5)',
  );
  assert.equal(describeCondition({ not: { exists: true } }), "not (is present)");
  assert.equal(
    describeDecay({
      kind: "step",
      age: "lastEngagement",
      steps: [
        { afterDays: 30, keep: 0.75 },
        { afterDays: 90, keep: 0 },
      ],
    }),
    "step since the last engagement: 75% after 30 d, 0% after 90 d",
  );
  assert.equal(describeDecay({ kind: "exponential", halfLifeDays: 14 }), "half-life 14 d");
  const c = (ruleId, points, decayFactor = 1) => ({
    ruleId,
    group: "intent",
    label: ruleId,
    points,
    rawPoints: points,
    decayFactor,
    matched: 1,
    counted: 1,
    lastAt: null,
  });
  const rows = compareContributions(
    { contributions: [c("x", 10), c("gone", 5)] },
    { contributions: [c("new", 3), c("x", 5, 0.5)] },
  );
  assert.deepStrictEqual(
    rows.map((row) => [
      row.ruleId,
      row.before?.points ?? null,
      row.after?.points ?? null,
      row.after?.decayFactor ?? null,
    ]),
    [
      ["new", null, 3, 1],
      ["x", 10, 5, 0.5],
      ["gone", 5, null, null],
    ],
  );
});
