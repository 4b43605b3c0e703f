// Calibration against the truth: the generator draws each lead's outcome from a hidden "true"
// model (pkg-config/cli/generate-outcome.mjs, trueLogOdds), so calibrating generated leads must recover
// what it knows. The fitted points must order the rules as the hidden model's terms do (Spearman's
// rank correlation at least 0.8) and separate converters on the holdout at least as well as the
// example model does.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Calibration } from "leadscore/full";
import { generateLeads, generatorOptions } from "leadscore/generate";
import { exampleModel } from "./fixtures.mjs";

/**
 * The hidden model's log-odds term for what each rule of the example model reads (the rules the
 * hidden model has a term for; email engagement and return visits act only through the latent
 * interest, and small companies are a disqualifier, which fits no points).
 */
const TRUE_EFFECTS = {
  "icp-title": 0.9, // a VP or C-suite title
  "company-size": 0.7, // 200 to 5,000 employees
  industry: 0.5,
  "student-or-intern": -2.0,
  "pricing-page": 0.6,
  "case-study": 0.35, // each, up to three
  "demo-request": 1.8,
  "careers-page": -1.2,
  unsubscribed: -1.0,
};

/** Ranks (1-based), ties sharing their mean rank. */
function ranks(values) {
  const order = values.map((value, at) => [value, at]).sort((a, b) => a[0] - b[0]);
  const result = new Array(values.length);
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && order[end + 1][0] === order[start][0]) end++;
    for (let k = start; k <= end; k++) result[order[k][1]] = (start + end) / 2 + 1;
    start = end + 1;
  }
  return result;
}

function spearman(a, b) {
  const [ra, rb] = [ranks(a), ranks(b)];
  const mean = (ra.length + 1) / 2;
  let [cov, va, vb] = [0, 0, 0];
  for (let i = 0; i < ra.length; i++) {
    cov += (ra[i] - mean) * (rb[i] - mean);
    va += (ra[i] - mean) ** 2;
    vb += (rb[i] - mean) ** 2;
  }
  return cov / Math.sqrt(va * vb);
}

test("spearman is 1 for the same order, -1 for the reverse, and handles ties", () => {
  assert.equal(spearman([1, 2, 3], [10, 20, 30]), 1);
  assert.equal(spearman([1, 2, 3], [3, 2, 1]), -1);
  assert.ok(Math.abs(spearman([1, 2, 2, 3], [1, 2, 3, 4]) - 0.9487) < 1e-4);
});

test("calibrating generated leads recovers the hidden model's order of effects", () => {
  const options = generatorOptions({ leads: 20000, seed: 11 });
  const leads = [];
  const outcomes = [];
  for (const { lead, outcome } of generateLeads(options)) {
    leads.push(lead);
    outcomes.push(outcome.converted);
  }
  const calibration = new Calibration(exampleModel);
  calibration.add(leads, outcomes, { asOf: options.endMs });
  const report = calibration.run({ seed: 1 });
  const fitted = Object.fromEntries(report.fitted.rules.map((rule) => [rule.ruleId, rule]));
  const rules = Object.keys(TRUE_EFFECTS);
  const coefficients = rules.map((id) => fitted[id].coefficient);
  const rho = spearman(
    coefficients,
    rules.map((id) => TRUE_EFFECTS[id]),
  );
  const shown = rules.map((id, at) => `${id} ${coefficients[at]?.toFixed(2)}`).join(", ");
  console.log(`Spearman ${rho.toFixed(3)} over ${rules.length} rules: ${shown}`);
  assert.ok(rho >= 0.8, `rank correlation ${rho}: ${shown}`);
  // Every effect keeps its sign in the fitted points.
  for (const id of rules)
    assert.equal(Math.sign(fitted[id].after), Math.sign(TRUE_EFFECTS[id]), id);
  const { original, fitted: after } = report.comparison;
  console.log(
    `holdout AUC: example model ${original.auc.auc.toFixed(4)}, fitted ${after.auc.auc.toFixed(4)}`,
  );
  assert.ok(after.auc.auc >= original.auc.auc, report.comparison.says);
});
