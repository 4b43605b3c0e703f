// Calibration through the built package (`leadscore/full`): a Calibration over leads and their
// outcomes, the report as an object, text and Markdown, checkScores on a table of scores worked
// out by hand, and InputErrors with the path of what is wrong.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Calibration, checkScores, validateModel } from "leadscore/full";
import { generateLeads, generatorOptions } from "leadscore/generate";
import { exampleModel } from "./fixtures.mjs";

const generated = (leads, seed = 7) => {
  const options = generatorOptions({ leads, seed });
  const batch = [];
  const outcomes = [];
  for (const { lead, outcome } of generateLeads(options)) {
    batch.push(lead);
    outcomes.push(outcome.converted);
  }
  return { leads: batch, outcomes, asOf: options.endMs };
};

const { leads, outcomes, asOf } = generated(3000);

function calibrated(options = { seed: 1 }) {
  const calibration = new Calibration(exampleModel);
  calibration.add(leads, outcomes, { asOf });
  return { calibration, report: calibration.run(options) };
}

test("the report describes the model, fits points and compares both on the holdout", () => {
  const { calibration, report } = calibrated();
  assert.equal(calibration.size, 3000);
  assert.equal(report.leads.all.leads, 3000);
  assert.equal(report.leads.train.leads + report.leads.holdout.leads, 3000);
  assert.equal(report.split.method, "random");
  assert.equal(report.original.part, "all");
  assert.equal(report.fitted.part, "train");
  assert.equal(report.comparison.part, "holdout");
  const bands = report.original.byBand.rows;
  assert.deepEqual(
    bands.map((row) => row.label),
    exampleModel.bands.map((band) => band.name),
  );
  for (const row of bands) assert.ok(row.low <= row.rate && row.rate <= row.high, row.label);
  const auc = report.original.separation.auc;
  assert.ok(auc.low < auc.auc && auc.auc < auc.high && auc.auc > 0.6, JSON.stringify(auc));
  assert.deepEqual(validateModel(report.fitted.model), []);
  assert.equal(report.fitted.model.mql.threshold, report.fitted.threshold.threshold);
  assert.equal(report.original.signals.length, report.fitted.rules.length);
  assert.ok(report.comparison.says.startsWith("On the holdout"));
});

test("the same leads in another order give the same report", () => {
  const { report } = calibrated();
  const order = leads.map((_, at) => at).reverse();
  const calibration = new Calibration(JSON.stringify(exampleModel));
  calibration.add(
    order.map((at) => leads[at]),
    order.map((at) => outcomes[at]),
    { asOf },
  );
  assert.deepEqual(calibration.run({ seed: 1 }), report);
});

test("the report reads as text and Markdown", () => {
  const { calibration, report } = calibrated();
  const text = calibration.render("text");
  assert.match(text, /^Calibration: B2B default\n=+\n/);
  assert.match(text, /Conversion by band \(all leads\)/);
  assert.ok(text.includes(report.comparison.says));
  const markdown = calibration.render("markdown");
  assert.match(markdown, /^# Calibration: B2B default/);
  assert.match(markdown, /\n\| *Band *\| *Leads *\|/);
  assert.throws(() => calibration.render("html"), { name: "InputError", path: "format" });
  assert.throws(() => new Calibration(exampleModel).render("text"), {
    name: "InputError",
    message: /call run\(\) first/,
  });
});

test("outcomes set by lead id: leads without one are skipped, unknown ids listed", () => {
  const calibration = new Calibration(exampleModel);
  const byId = {};
  leads.slice(0, 200).forEach((lead, at) => {
    byId[lead.id] = at % 2 === 0 ? outcomes[at] : { converted: outcomes[at], decidedAt: asOf };
  });
  byId["nobody"] = true;
  calibration.setOutcomes(byId);
  assert.equal(calibration.add(leads.slice(0, 250), null, { asOf }), 200);
  assert.deepEqual(
    calibration.skipped,
    leads.slice(200, 250).map((lead) => lead.id),
  );
  assert.deepEqual(calibration.unmatched, ["nobody"]);
});

test("a lead is scored as of its decision time: later events are not seen", () => {
  const lead = {
    id: "a",
    attributes: { email: "a@example.com", companySize: 1000, title: "VP Sales" },
    events: [{ type: "demo_request", at: "2026-03-02T00:00:00Z" }],
  };
  const rows = (decidedAt) => {
    const calibration = new Calibration(exampleModel);
    calibration.add([lead, ...leads.slice(0, 20)], [true, ...outcomes.slice(0, 20)], {
      asOf,
      decidedAt: [decidedAt, ...new Array(20).fill(null)],
    });
    const table = calibration.features({ holdoutShare: 0.5 });
    const row = table.leads.find((row) => row.id === "a");
    return { ...row, features: row.features[table.rules.indexOf("demo-request")] };
  };
  assert.equal(rows("2026-03-01T00:00:00Z").features, 0);
  assert.notEqual(rows("2026-03-01T00:00:00Z").gate, "instant");
  assert.equal(rows("2026-03-03T00:00:00Z").features, 1);
  assert.equal(rows("2026-03-03T00:00:00Z").gate, "instant");
});

test("checkScores: conversion, AUC with ties and advice worked out by hand", () => {
  // Scores 10, 20, 20, 30 with outcomes no, no, yes, yes: of the 4 pairs of a converter and a
  // non-converter, 3 are ordered right and one (20 against 20) is a tie: AUC (3 + 0.5) / 4.
  const check = checkScores(
    { totals: new Float64Array([10, 20, 20, 30]), outcomes: [0, 0, 1, 1] },
    { threshold: 20, bands: [{ name: "cold" }, { name: "hot", min: 20 }], minMqls: 1 },
  );
  assert.equal(check.separation.auc.auc, 0.875);
  assert.deepEqual(
    check.byBand.rows.map((row) => [row.label, row.leads, row.converted]),
    [
      ["cold", 1, 0],
      ["hot", 3, 2],
    ],
  );
  const atThreshold = check.separation.atThreshold;
  assert.deepEqual([atThreshold.mqls, atThreshold.converted, atThreshold.recall], [3, 2, 1]);
  // Wilson's 95% interval for 0 of 1: from 0 to z^2 / (1 + z^2) = 0.7935.
  assert.equal(check.byBand.rows[0].low, 0);
  assert.ok(Math.abs(check.byBand.rows[0].high - 0.7935) < 1e-4, check.byBand.rows[0].high);
});

test("bad input is an InputError naming what and where", () => {
  const calibration = new Calibration(exampleModel);
  assert.throws(() => calibration.add(leads.slice(0, 2), [true]), {
    name: "InputError",
    path: "outcomes",
    message: /2 leads/,
  });
  assert.throws(() => calibration.add(leads.slice(0, 2), [true, "maybe"]), {
    name: "InputError",
    path: "outcomes[1]",
  });
  assert.throws(() => calibration.add([leads[0], leads[0]], [true, false]), {
    name: "InputError",
    path: "leads[1].id",
  });
  assert.throws(() => calibration.add([{ id: "x", events: [{ type: "visit" }] }], [true]), {
    name: "InputError",
    path: /^leads\[0\]\.events\[0\]/,
  });
  assert.equal(calibration.size, 0, "nothing of a bad batch is added");
  assert.throws(() => calibration.run({ holdoutshare: 0.2 }), {
    name: "InputError",
    path: "options.holdoutshare",
  });
  assert.throws(() => calibration.run({ folds: 1 }), { name: "InputError", path: "folds" });
  assert.throws(() => new Calibration({ version: 1 }), { name: "ModelError" });
  calibration.add(leads.slice(0, 40), new Array(40).fill(false), { asOf });
  assert.throws(() => calibration.run(), {
    name: "InputError",
    message: /one class|no lead converted|both/i,
  });
  assert.throws(() => checkScores({ totals: [1, "x"], outcomes: [0, 1] }, { threshold: 1 }), {
    name: "InputError",
    path: "totals[1]",
  });
  assert.throws(() => checkScores({ totals: [1, 2], outcomes: [0, 1] }, {}), {
    name: "InputError",
    path: "threshold",
  });
});

test("a calibration keeps a scorer's limits: the model, each batch and each lead", () => {
  assert.throws(() => new Calibration(exampleModel, { limits: { rulesPerModel: 2 } }), {
    name: "ModelError",
  });
  assert.throws(() => new Calibration(exampleModel, { limit: {} }), {
    name: "InputError",
    path: "options.limit",
  });
  const calibration = new Calibration(exampleModel, { limits: { eventsPerLead: 3, batchSize: 4 } });
  const few = (lead) => ({ ...lead, events: lead.events.slice(0, 3) });
  const many = leads.find((lead) => lead.events.length > 3);
  assert.throws(() => calibration.add([few(leads[0]), many], [true, false], { asOf }), {
    name: "InputError",
    path: "leads[1].events[3]",
  });
  assert.throws(() => calibration.add(leads.slice(0, 5).map(few), outcomes.slice(0, 5), { asOf }), {
    name: "InputError",
    path: "leads[4]",
  });
  // Nothing of a refused batch was added, and the calibration goes on.
  assert.equal(calibration.size, 0);
  assert.equal(calibration.add(leads.slice(0, 4).map(few), outcomes.slice(0, 4), { asOf }), 4);
});
