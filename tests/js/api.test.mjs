// The JavaScript API of the built package, imported as an ES module: scoring the examples,
// options, batches, and real Error objects that leave the module working.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { Scorer, validateModel, modelVersion } from "leadscore";
import { exampleModel, exampleLeads, EXAMPLE_AS_OF } from "./fixtures.mjs";

const asOf = EXAMPLE_AS_OF;

test("scores the example leads with the numbers the seed model implies", () => {
  const scorer = new Scorer(exampleModel);
  const rows = scorer
    .scoreBatch(exampleLeads, { asOf })
    .map((r) => [r.leadId, r.fit, r.intent, r.total, r.band, r.mql, r.mqlReason]);
  assert.deepStrictEqual(rows, [
    ["lead-001", 35, 60, 95, "sales-ready", true, "threshold"],
    ["lead-002", 10, 50, 60, "hot", true, "instant"],
    ["lead-003", -15, 25, 10, "cold", false, null],
    ["lead-004", 15, 70, 85, "sales-ready", false, "instant"],
    ["lead-005", 35, 0, 35, "warm", false, null],
    ["lead-006", 20, 55, 75, "sales-ready", true, "threshold"],
    ["lead-007", 35, 35, 70, "sales-ready", false, "threshold"],
    ["lead-008", 20, 10, 30, "warm", false, null],
  ]);
  for (const result of scorer.scoreBatch(exampleLeads, { asOf })) {
    const sum = result.contributions.reduce((total, c) => total + c.points, 0);
    assert.equal(sum, result.total, `${result.leadId}: contributions add up to the total`);
  }
});

test("a bad model throws a ModelError naming every problem by path", () => {
  const bad = structuredClone(exampleModel);
  bad.intent.rules[3].window.days = 0;
  bad.intent.decay.steps[1].keep = 2;
  bad.fit.rules[0].when = { containsAny: [] };
  let caught;
  try {
    new Scorer(bad);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof Error);
  assert.equal(caught.name, "ModelError");
  assert.equal(caught.path, "fit.rules[0].when.containsAny");
  assert.deepStrictEqual(
    caught.errors.map((e) => e.path),
    ["fit.rules[0].when.containsAny", "intent.decay.steps[1].keep", "intent.rules[3].window.days"],
  );
  assert.match(caught.message, /and 2 more problems/);
  assert.deepStrictEqual(
    validateModel(bad).map((e) => e.path),
    caught.errors.map((e) => e.path),
  );
  assert.deepStrictEqual(validateModel(exampleModel), []);
  assert.deepStrictEqual(validateModel(JSON.stringify(exampleModel)), []);
});

test("typos in a model are caught with a suggestion", () => {
  const bad = structuredClone(exampleModel);
  bad.intent.rules[0].decay = { kind: "exponential", halfLifeDay: 30 };
  const problems = validateModel(bad);
  assert.deepStrictEqual(
    problems.map((p) => p.path),
    ["intent.rules[0].decay.halfLifeDay", "intent.rules[0].decay.halfLifeDays"],
  );
  assert.match(problems[0].message, /did you mean `halfLifeDays`\?/);
});

test("bad input throws an InputError with a path, and the scorer keeps working", () => {
  const scorer = new Scorer(exampleModel);
  const good = exampleLeads[0];
  const stillWorks = () => assert.equal(scorer.score(good, { asOf }).total, 95);
  const cases = [
    [{ id: "x", events: [{ type: "visit", at: "last week" }] }, {}, "events[0].at"],
    [{ id: "x", events: [{ type: "visit", at: 1.5 }] }, {}, "events[0].at"],
    [{ id: "x", events: [{ type: "", at: asOf }] }, {}, "events[0].type"],
    [
      { id: "x", events: [{ type: "visit", at: asOf, properties: {} }] },
      {},
      "events[0].properties",
    ],
    [{ id: "x", attributes: "VP" }, {}, "attributes"],
    [{ attributes: {} }, {}, ""],
    [{ id: "x" }, { asOf: "soon" }, "asOf"],
    [{ id: "x" }, { asOf: new Date(NaN) }, "asOf"],
    [{ id: "x" }, { asOf: {} }, "asOf"],
    ["{ not json", {}, ""],
    [undefined, {}, ""],
    [{ id: 1n }, {}, ""],
  ];
  for (const [lead, options, path] of cases) {
    assert.throws(
      () => scorer.score(lead, { asOf, ...options }),
      (error) => error instanceof Error && error.name === "InputError" && error.path === path,
      `expected an InputError at ${JSON.stringify(path)} for ${inspect(lead)}`,
    );
    stillWorks();
  }
  const cyclic = { id: "c" };
  cyclic.self = cyclic;
  assert.throws(() => scorer.score(cyclic, { asOf }), { name: "InputError" });
  stillWorks();
  assert.throws(() => new Scorer({ version: 1 }), { name: "ModelError", path: "mql" });
  stillWorks();
});

test("asOf may be a Date, RFC 3339 text or epoch milliseconds, and defaults to now", () => {
  const scorer = new Scorer(exampleModel);
  const lead = exampleLeads[1];
  const byText = scorer.score(lead, { asOf });
  assert.deepStrictEqual(scorer.score(lead, { asOf: new Date(asOf) }), byText);
  assert.deepStrictEqual(scorer.score(lead, { asOf: Date.parse(asOf) }), byText);
  assert.deepStrictEqual(scorer.score(lead, { asOf: "2026-11-20T18:00:00+01:00" }), byText);
  const before = Date.now();
  const now = scorer.score(lead);
  assert.ok(Math.abs(Date.parse(now.asOf) - before) < 60_000);
  // Event times may be Dates too: JSON.stringify writes them as RFC 3339.
  const withDates = { ...lead, events: lead.events.map((e) => ({ ...e, at: new Date(e.at) })) };
  assert.deepStrictEqual(scorer.score(withDates, { asOf }), byText);
});

test("a time passed in place of the options object is an InputError, not a score as of now", () => {
  const scorer = new Scorer(exampleModel);
  const lead = exampleLeads[1];
  const state = scorer.initState({ id: lead.id, attributes: lead.attributes });
  const calls = {
    score: (options) => scorer.score(lead, options),
    scoreBatch: (options) => scorer.scoreBatch([lead], options),
    update: (options) => scorer.update(state, [], options),
  };
  for (const [name, call] of Object.entries(calls)) {
    for (const [given, word] of [
      [asOf, "text"],
      [Date.parse(asOf), "a number"],
      [new Date(asOf), "a Date"],
      [[asOf], "an array"],
      [true, "a boolean"],
    ]) {
      assert.throws(
        () => call(given),
        (e) =>
          e instanceof Error &&
          e.name === "InputError" &&
          e.path === "options" &&
          e.message.includes("{ asOf: ... }") &&
          e.message.includes(word),
        `${name} with ${word}`,
      );
    }
    // Left out, null, or an object: all fine.
    assert.doesNotThrow(() => call(undefined));
    assert.doesNotThrow(() => call(null));
    assert.doesNotThrow(() => call({ asOf }));
  }
  assert.deepStrictEqual(
    scorer.score(lead, { asOf }).total,
    scorer.scoreBatch([lead], { asOf })[0].total,
  );
  // A misspelt or foreign option is named, with the option it was probably meant to be.
  assert.throws(
    () => scorer.score(lead, { asof: asOf }),
    (e) =>
      e.name === "InputError" &&
      e.path === "options.asof" &&
      e.message.includes("did you mean `asOf`?"),
  );
  assert.throws(
    () => scorer.scoreBatch([lead], { asOf, onerror: "collect" }),
    (e) =>
      e.name === "InputError" && e.path === "options.onerror" && e.message.includes("`onError`"),
  );
  assert.throws(
    () => scorer.score(lead, { asOf, onError: "collect" }),
    (e) =>
      e.name === "InputError" && e.path === "options.onError" && e.message.includes("asOf, detail"),
  );
  assert.throws(
    () => scorer.update(state, [], { asOf, attribute: {} }),
    (e) =>
      e.name === "InputError" &&
      e.path === "options.attribute" &&
      e.message.includes("`attributes`"),
  );
  assert.equal(
    scorer.score(lead, { asOf }).total,
    scorer.score(lead, { asOf, detail: "full" }).total,
  );
});

test("a batch either throws for the first bad lead or collects failures in place", () => {
  const scorer = new Scorer(exampleModel);
  const leads = [exampleLeads[0], { id: "broken", events: [{ type: "visit" }] }, exampleLeads[1]];
  assert.throws(() => scorer.scoreBatch(leads, { asOf }), {
    name: "InputError",
    path: "[1].events[0]",
  });
  const results = scorer.scoreBatch(leads, { asOf, onError: "collect" });
  assert.equal(results.length, 3);
  assert.equal(results[0].total, 95);
  assert.deepStrictEqual(results[1].leadId, "broken");
  assert.equal(results[1].error.name, "InputError");
  assert.equal(results[1].error.path, "[1].events[0]");
  assert.match(results[1].error.message, /missing field `at`/);
  assert.equal(results[2].total, 60);
  assert.deepStrictEqual(scorer.scoreBatch([], { asOf }), []);
  assert.deepStrictEqual(
    scorer.scoreBatch(JSON.stringify(exampleLeads), { asOf }),
    scorer.scoreBatch(exampleLeads, { asOf }),
  );
  assert.throws(() => scorer.scoreBatch(exampleLeads[0], { asOf }), { name: "InputError" });
  assert.throws(() => scorer.scoreBatch(leads, { asOf, onError: "ignore" }), {
    name: "InputError",
    path: "onError",
  });
});

test("a summary leaves the explanation out and keeps the scores and the decision", () => {
  const scorer = new Scorer(exampleModel);
  const full = scorer.scoreBatch(exampleLeads, { asOf });
  const summaries = scorer.scoreBatch(JSON.stringify(exampleLeads), { asOf, detail: "summary" });
  assert.deepStrictEqual(
    summaries,
    full.map((r) => ({
      leadId: r.leadId,
      asOf: r.asOf,
      fit: r.fit,
      intent: r.intent,
      total: r.total,
      band: r.band,
      grid: r.grid,
      mql: r.mql,
      mqlReason: r.mqlReason,
      handRaiser: r.handRaiser,
      disqualified: r.disqualified,
      crossedAt: r.crossedAt,
    })),
  );
  assert.deepStrictEqual(scorer.score(exampleLeads[0], { asOf, detail: "summary" }), summaries[0]);
  assert.deepStrictEqual(scorer.score(exampleLeads[0], { asOf, detail: "full" }), full[0]);
  assert.throws(() => scorer.scoreBatch([], { detail: "brief" }), {
    name: "InputError",
    path: "detail",
  });
});

test("the scorer describes its model", () => {
  const scorer = new Scorer(exampleModel);
  assert.equal(scorer.modelName, "B2B default");
  assert.deepStrictEqual(scorer.ruleIds().slice(0, 3), ["icp-title", "company-size", "industry"]);
  assert.equal(modelVersion(), 1);
  scorer.free();
});
