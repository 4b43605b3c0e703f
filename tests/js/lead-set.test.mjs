// The resident lead set through the package: leads read once, then where every lead stands
// under one model after another in typed arrays, each column equal to what scoring the leads in
// full gives, by whichever path the set took (reweigh, refold, rescore), or from its rule table
// carried in bytes; one lead's result and story; bad input is an InputError with a path, and the
// set keeps working.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Scorer, LeadSet } from "leadscore/full";
import { exampleModel, exampleLeads, EXAMPLE_AS_OF } from "./fixtures.mjs";
import { generateLead, generatorOptions } from "leadscore/generate";

const generated = (() => {
  const options = generatorOptions({ leads: 300, seed: "lead-set", eventsPerLead: 30 });
  return Array.from({ length: options.leads }, (_, i) => generateLead(i, options).lead);
})();

/** Asserts that `standings` holds, lead by lead, what `scorer.scoreBatch(leads)` gives. */
function assertStandings(standings, scorer, model, leads, asOf) {
  const results = scorer.scoreBatch(leads, { asOf });
  const bands = (model.bands ?? []).map((band) => band.name);
  const bits = LeadSet.flags();
  assert.equal(standings.total.length, leads.length);
  for (let i = 0; i < leads.length; i++) {
    const result = results[i];
    const where = `lead ${i} (${result.leadId})`;
    assert.equal(standings.fit[i], result.fit, where);
    assert.equal(standings.intent[i], result.intent, where);
    assert.equal(standings.total[i], result.total, where);
    assert.equal(standings.band[i], result.band === null ? -1 : bands.indexOf(result.band), where);
    assert.equal(Boolean(standings.flags[i] & bits.mql), result.mql, where);
    assert.equal(Boolean(standings.flags[i] & bits.handRaiser), result.handRaiser, where);
    assert.equal(Boolean(standings.flags[i] & bits.disqualified), result.disqualified, where);
    // A lead that reached the bar and is no MQL is blocked: the result names what blocks it.
    const reached = standings.flags[i] & (bits.instant | bits.threshold);
    if (result.mql)
      assert.equal(reached, result.mqlReason === "instant" ? bits.instant : bits.threshold, where);
    else if (reached) assert.ok(result.blockedBy.length > 0, where);
  }
}

test("every path answers what scoring every lead in full gives, in typed arrays", () => {
  const model = structuredClone(exampleModel);
  const set = new LeadSet(JSON.stringify(generated));
  assert.equal(set.size, generated.length);
  const asOf = EXAMPLE_AS_OF;

  const first = set.standings(new Scorer(model), { asOf });
  assert.equal(first.work, "rescore");
  assert.equal(first.asOf, "2026-11-20T17:00:00.000Z");
  assert.ok(first.total instanceof Float64Array && first.band instanceof Int32Array);
  assert.ok(first.flags instanceof Uint8Array);
  assertStandings(first, new Scorer(model), model, generated, asOf);

  // Points, threshold and bands: from the rule table alone.
  model.mql.threshold -= 15;
  model.intent.rules[0].points += 7;
  model.bands = [{ name: "cold" }, { name: "warm", min: 25 }, { name: "hot", min: 60 }];
  const edited = new Scorer(model);
  const reweighed = set.standings(edited, { asOf });
  assert.equal(reweighed.work, "reweigh");
  assertStandings(reweighed, edited, model, generated, asOf);
  assertStandings(set.reweigh(edited), edited, model, generated, asOf);

  // Another as-of time: the matched events folded again.
  const earlier = "2026-10-01T00:00:00Z";
  const refolded = set.standings(edited, { asOf: earlier });
  assert.equal(refolded.work, "refold");
  assertStandings(refolded, edited, model, generated, earlier);

  // Another shape (a limit): the resident leads matched again.
  model.intent.rules[0].limit = { max: 3 };
  const reshaped = new Scorer(model);
  const rescored = set.standings(reshaped, { asOf });
  assert.equal(rescored.work, "rescore");
  assertStandings(rescored, reshaped, model, generated, asOf);
  assert.equal(set.rescore(reshaped, { asOf }).work, "rescore");
});

/** The generated leads' set, and the rule table in bytes of the example model (a copy to edit). */
function carriedTable() {
  const model = structuredClone(exampleModel);
  const set = new LeadSet(JSON.stringify(generated));
  const asOf = EXAMPLE_AS_OF;
  const tabulated = new Scorer(model);
  return { model, set, asOf, tabulated, table: set.ruleTable(tabulated, { asOf }) };
}

test("a rule table carried in bytes reweighs without the leads, exactly as the set does", () => {
  const { model, set, asOf, tabulated, table } = carriedTable();
  assert.ok(table instanceof Uint8Array);
  model.mql.threshold -= 15;
  model.intent.rules[1].points += 9;
  const edited = new Scorer(model);
  const carried = LeadSet.reweighTable(table, tabulated, edited);
  assert.equal(carried.work, "reweigh");
  assert.deepStrictEqual(carried, set.standings(edited, { asOf }));
  assertStandings(carried, edited, model, generated, asOf);
  // Another shape needs the leads: null.
  model.intent.rules[0].limit = { max: 3 };
  assert.equal(LeadSet.reweighTable(table, tabulated, new Scorer(model)), null);
  assert.throws(() => LeadSet.reweighTable(table.subarray(0, 40), tabulated, edited), {
    name: "InputError",
    path: "table",
  });
  assert.deepStrictEqual(LeadSet.reweighTable(table, tabulated, edited), carried);
});

test("a rule table kept in the engine reweighs each edit as its bytes do, checked once", () => {
  const { model, set, asOf, tabulated, table } = carriedTable();
  const kept = LeadSet.keepTable(table, tabulated);
  tabulated.free(); // the kept table holds what it needs of the model
  // Edits of the decision only (threshold, bands, MQL minimums) keep the last answer's points.
  for (const edit of [
    (m) => (m.mql.threshold -= 15),
    (m) => (m.mql.threshold += 25),
    (m) => (m.bands.at(-1).min -= 10),
    (m) => (m.intent.rules[1].points += 9),
    (m) => (m.mql.minFit = 10),
    (m) => (m.fit.rules[0].points = -7),
    (m) => delete m.mql.minFit,
  ]) {
    edit(model);
    const edited = new Scorer(model);
    const reweighed = kept.reweigh(edited);
    assert.equal(reweighed.work, "reweigh");
    assert.deepStrictEqual(reweighed, set.standings(edited, { asOf }));
    assertStandings(reweighed, edited, model, generated, asOf);
    // In compact columns: what JavaScript stores of each column, with its counts.
    const compact = kept.reweighCompact(edited);
    assert.equal(compact.pointsKept, true, "the same model again keeps the points");
    assert.deepStrictEqual(compact.totals, new Int32Array(reweighed.total));
    assert.deepStrictEqual(compact.fit, new Int32Array(reweighed.fit));
    assert.deepStrictEqual(compact.intent, new Int32Array(reweighed.intent));
    assert.deepStrictEqual(
      compact.band,
      Uint8Array.from(reweighed.band, (b) => (b < 0 ? 255 : b)),
    );
    const mql = Uint8Array.from(reweighed.flags, (f) => (f & LeadSet.flags().mql ? 1 : 0));
    assert.deepStrictEqual(compact.mql, mql);
    assert.deepStrictEqual(compact.fitBand, new Int16Array(reweighed.fitBand));
    assert.deepStrictEqual(compact.intentBand, new Int16Array(reweighed.intentBand));
    assert.deepEqual(
      compact.bands,
      (model.bands ?? []).map((band) => band.name),
    );
    assert.equal(
      compact.mqlCount,
      mql.reduce((sum, m) => sum + m, 0),
    );
    const counts = new Uint32Array(256);
    for (const b of compact.band) counts[b]++;
    assert.deepStrictEqual(compact.bandCounts, counts);
    assert.deepEqual(compact.range, [Math.min(...compact.totals), Math.max(...compact.totals)]);
    assert.equal(compact.asOf, reweighed.asOf);
  }
  model.intent.rules[0].limit = { max: 3 };
  assert.equal(kept.reweigh(new Scorer(model)), null, "another shape needs the leads");
  assert.equal(kept.reweighCompact(new Scorer(model)), null);
  kept.free();
  const other = new Scorer(exampleModel);
  assert.throws(() => LeadSet.keepTable(table.subarray(0, 40), other), {
    name: "InputError",
    path: "table",
  });
  const fewer = structuredClone(exampleModel);
  fewer.fit.rules.pop();
  assert.throws(() => LeadSet.keepTable(table, new Scorer(fewer)), /other rules/);
});

test("one lead's result and story agree with scoring it", () => {
  const scorer = new Scorer(exampleModel);
  const set = new LeadSet(exampleLeads);
  for (let i = 0; i < exampleLeads.length; i++) {
    const whole = scorer.score(exampleLeads[i], { asOf: EXAMPLE_AS_OF });
    assert.deepStrictEqual(set.result(i, scorer, { asOf: EXAMPLE_AS_OF }), whole);
    const story = set.story(i, scorer, { asOf: EXAMPLE_AS_OF });
    assert.deepStrictEqual(story.result, whole);
    assert.equal(story.events.length, exampleLeads[i].events.length);
    const last = story.moments.at(-1);
    assert.equal(last.total, whole.total);
    assert.equal(last.mql, whole.mql);
    const awarded = story.steps.reduce((sum, step) => sum + step.points, 0);
    const contributed = whole.contributions.reduce((sum, c) => sum + c.points, 0);
    assert.equal(awarded, contributed, `${whole.leadId}: the waterfall adds up`);
  }
});

test("the warnings say, per code, how many leads have one and the first", () => {
  const leads = [
    exampleLeads[0],
    { id: "odd", events: [{ type: "mystery_event", at: "2026-11-01T00:00:00Z" }] },
    { id: "odder", events: [{ type: "mystery_event", at: "2026-11-02T00:00:00Z" }] },
  ];
  const warnings = new LeadSet(leads).warnings(new Scorer(exampleModel), {
    asOf: EXAMPLE_AS_OF,
  });
  const unknown = warnings.find((w) => w.code === "unknownEventType");
  assert.ok(unknown, JSON.stringify(warnings));
  assert.equal(unknown.leads, 2);
  assert.equal(unknown.first.index, 1);
  assert.equal(unknown.first.leadId, "odd");
  assert.match(unknown.first.path, /^events\[0\]/);
});

test("bad input is an InputError naming where, and the set keeps working", () => {
  const inputError = (path) => (error) =>
    error instanceof Error && error.name === "InputError" && error.path === path;
  assert.throws(() => new LeadSet("[{"), { name: "InputError" });
  assert.throws(() => new LeadSet("{}"), { name: "InputError" });
  assert.throws(
    () => new LeadSet([exampleLeads[0], { id: "x", events: [{ type: "a", at: "yesterday" }] }]),
    (error) => inputError(error.path)(error) && error.path.startsWith("[1].events[0].at"),
  );
  const scorer = new Scorer(exampleModel);
  const set = new LeadSet(exampleLeads);
  assert.throws(() => set.reweigh(scorer), inputError("scorer"));
  assert.throws(() => set.standings(scorer, { asOf: "soon" }), inputError("asOf"));
  assert.throws(() => set.standings(scorer, { asof: EXAMPLE_AS_OF }), { name: "InputError" });
  assert.throws(() => set.result(exampleLeads.length, scorer), inputError("index"));
  assert.throws(() => set.story(99, scorer, { asOf: EXAMPLE_AS_OF }), inputError("index"));
  assert.throws(() => set.standings({}, { asOf: EXAMPLE_AS_OF }));
  const after = set.standings(scorer, { asOf: EXAMPLE_AS_OF });
  assertStandings(after, scorer, exampleModel, exampleLeads, EXAMPLE_AS_OF);
  assert.equal(new LeadSet([]).standings(scorer, { asOf: EXAMPLE_AS_OF }).asOf, null);
});
