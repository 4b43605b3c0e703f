// The page's own reweigh (www/src/local-reweigh.js, run here in Node on the package's Node
// build): from the rule table a worker's LeadSet sends, an edit of weights gives exactly the
// compact table the worker gives for it, and whatever the table cannot answer (another shape,
// as-of time or set of leads, a model that does not compile) is left to the worker.
import { test } from "node:test";
import assert from "node:assert/strict";
import { LeadSet, Scorer } from "leadscore/full";
import { generateLead, generatorOptions } from "leadscore/generate";
import {
  REWEIGH_HERE_FROM,
  REWEIGH_HERE_UP_TO,
  keepTable,
  reweighHere,
  takesTables,
} from "../../www/src/local-reweigh.js";
import {
  bandDistribution,
  changeCounts,
  changeRanks,
  mqlCount,
  standingsTable,
} from "../../www/src/impact.js";
import { histogramBins } from "../../www/src/histogram.js";
import { readFileSync } from "node:fs";

const model = JSON.parse(
  readFileSync(new URL("../../examples/models/b2b-default.json", import.meta.url), "utf8"),
);

const AS_OF = "2026-11-20T17:00:00Z";
const options = generatorOptions({ leads: 2000, seed: "local-reweigh", eventsPerLead: 30 });
const leads = Array.from({ length: options.leads }, (_, i) => generateLead(i, options).lead);

/** What the worker answers for `edited`: its LeadSet's standings as the page's compact table. */
function workersTable(set, edited) {
  const standings = set.standings(new Scorer(JSON.stringify(edited)), { asOf: AS_OF });
  const bands = (edited.bands ?? []).map((band) => band.name);
  return { standings, table: standingsTable(standings, bands, LeadSet.flags().mql) };
}

test("an edit of weights is reweighed on the page exactly as the worker's LeadSet does", async () => {
  const set = new LeadSet(JSON.stringify(leads));
  const text = JSON.stringify(model);
  const bytes = set.ruleTable(new Scorer(text), { asOf: AS_OF });
  const warnings = [{ code: "unknownEventType", leads: 1, example: "kept as sent" }];
  assert.equal(reweighHere({ current: text, asOf: AS_OF, generation: 7 }), null, "no table yet");
  assert.ok(takesTables(leads.length) && !takesTables(REWEIGH_HERE_FROM - 1));
  assert.ok(!takesTables(REWEIGH_HERE_UP_TO + 1));
  await keepTable({ bytes, model: text, asOf: AS_OF, generation: 7, warnings });

  const edits = [
    (m) => (m.mql.threshold = 31),
    (m) => (m.intent.rules[0].points += 13),
    (m) => (m.fit.rules[1].points = -4),
    (m) => (m.bands = [{ name: "cold" }, { name: "hot", min: 35 }]),
    (m) => (m.mql.minFit = 10),
  ];
  const edited = structuredClone(model);
  // The baseline on screen: the engine ranks each answer's changes against it.
  const before = workersTable(set, model).table;
  for (const edit of edits) {
    edit(edited);
    const current = JSON.stringify(edited);
    const here = reweighHere({ current, asOf: AS_OF, generation: 7, before });
    assert.ok(here, current);
    const { standings, table } = workersTable(set, edited);
    assert.equal(standings.work, "reweigh");
    assert.deepStrictEqual(here.after, table);
    // The counts the engine made with the answer are the table's own.
    assert.equal(mqlCount(here.after), mqlCount(structuredClone(table)));
    const [mine, theirs] = [here.after, structuredClone(table)];
    assert.deepEqual(bandDistribution(mine, mine), bandDistribution(theirs, theirs));
    assert.deepEqual(histogramBins(mine, mine, [31]), histogramBins(theirs, theirs, [31]));
    assert.deepStrictEqual(changeRanks(before, mine), changeRanks(before, theirs));
    assert.deepStrictEqual(changeCounts(before, mine), changeCounts(before, theirs));
    assert.equal(here.work, "reweigh");
    assert.equal(here.warnings, warnings);
  }
  // An edit of the threshold after the page's own answer keeps that table's point columns.
  const shown = reweighHere({ current: JSON.stringify(edited), asOf: AS_OF, generation: 7 }).after;
  edited.mql.threshold += 7;
  const next = reweighHere({
    current: JSON.stringify(edited),
    asOf: AS_OF,
    generation: 7,
    previous: shown,
  }).after;
  assert.equal(next.totals, shown.totals);
  assert.equal(next.fit, shown.fit);
  assert.deepStrictEqual(next, workersTable(set, edited).table);
  // The worker's part: another shape, as-of time or set of leads, a model that does not compile.
  const reshaped = structuredClone(edited);
  reshaped.intent.rules[0].limit = { max: 2 };
  const current = JSON.stringify(edited);
  assert.equal(
    reweighHere({ current: JSON.stringify(reshaped), asOf: AS_OF, generation: 7 }),
    null,
  );
  assert.equal(reweighHere({ current, asOf: "2026-11-01T00:00:00Z", generation: 7 }), null);
  assert.equal(reweighHere({ current, asOf: AS_OF, generation: 8 }), null);
  assert.equal(reweighHere({ current: '{"fit":', asOf: AS_OF, generation: 7 }), null);
});
