// The simulator's calibration view, without the DOM: what www/src/calibration.js builds from the
// page's score table, through the core's checkScores (what the calibration worker runs), with
// expectations worked out by hand on twelve leads.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkScores } from "leadscore/full";
import { holdsThreshold, scoreCheckInput } from "../../www/src/calibration.js";
import { OUTCOME_NO, OUTCOME_UNKNOWN, OUTCOME_YES } from "../../www/src/constants.js";

// Twelve leads: score, converted. MQLs are the leads at 30 or more.
const SCORES = [
  [0, false],
  [3, false],
  [7, true],
  [12, false],
  [15, false],
  [18, true],
  [25, true],
  [27, false],
  [31, true],
  [36, true],
  [44, true],
  [52, true],
];
const MODEL = {
  mql: { threshold: 30 },
  bands: [
    { name: "cold" },
    { name: "warm", min: 10 },
    { name: "hot", min: 30 },
    { name: "sales-ready", min: 60 },
  ],
};

/** The page's score table and outcome codes for `scores`, with an unknown outcome at the end. */
function page(scores = SCORES, threshold = 30) {
  const table = {
    totals: Int32Array.from([...scores.map(([total]) => total), 40]),
    mql: Uint8Array.from([...scores.map(([total]) => (total >= threshold ? 1 : 0)), 1]),
  };
  const outcomes = Uint8Array.from([
    ...scores.map(([, yes]) => (yes ? OUTCOME_YES : OUTCOME_NO)),
    OUTCOME_UNKNOWN,
  ]);
  return { table, outcomes };
}

function check(advice = {}, scores = SCORES, model = MODEL) {
  const { table, outcomes } = page(scores, model.mql.threshold);
  const input = scoreCheckInput(table, outcomes, model, { minMqls: 1, ...advice });
  assert.equal(input.left, 1, "the lead without an outcome is left out, and counted");
  return checkScores(input.table, input.options);
}

const rows = (table) => table.rows.map((row) => [row.label, row.leads, row.converted]);

test("the core's input: known outcomes only, the threshold and bands; none without a threshold", () => {
  const { table, outcomes } = page();
  const input = scoreCheckInput(table, outcomes, MODEL, { rangeWidth: 5, targetRate: null });
  assert.equal(input.table.totals.length, 12);
  assert.deepEqual([...input.table.outcomes], [0, 0, 1, 0, 0, 1, 1, 0, 1, 1, 1, 1]);
  assert.deepEqual(input.options, { threshold: 30, bands: MODEL.bands, rangeWidth: 5 });
  assert.equal(scoreCheckInput(table, outcomes, { mql: {} }), null);
  assert.equal(holdsThreshold({ from: 30, to: 39 }, 30), true);
  assert.equal(holdsThreshold({ from: null, to: 9 }, -5), true);
  assert.equal(holdsThreshold({ from: 50, to: null }, 49), false);
});

test("conversion by 10-point score range, with the conversion at or above each", () => {
  const { byRange } = check();
  assert.deepEqual(
    byRange.rows.map((row) => [row.from, row.leads, row.converted]),
    [
      [0, 3, 1],
      [10, 3, 1],
      [20, 2, 1],
      [30, 2, 2],
      [40, 1, 1],
      [50, 1, 1],
    ],
  );
  // From 20 up: 6 leads, 5 converted.
  assert.equal(byRange.rows[2].rateAtOrAbove, 5 / 6);
  assert.equal(byRange.rises, true);
});

test("conversion by band keeps the model's band order, empty bands included, with Wilson intervals", () => {
  const { byBand } = check();
  assert.deepEqual(rows(byBand), [
    ["cold", 3, 1],
    ["warm", 5, 2],
    ["hot", 4, 4],
    ["sales-ready", 0, 0],
  ]);
  // 4 of 4: the interval runs from n / (n + z^2) = 4 / 7.8415 = 0.5101 to 1.
  const hot = byBand.rows[2];
  assert.ok(Math.abs(hot.low - 4 / (4 + 1.959964 ** 2)) < 1e-4, hot.low);
  assert.equal(hot.high, 1);
  assert.equal(byBand.rows[3].rate, null);
});

test("the MQL line: precision, recall and AUC at the threshold", () => {
  const { separation } = check();
  const at = separation.atThreshold;
  assert.deepEqual([at.mqls, at.converted, at.precision, at.recall], [4, 4, 1, 4 / 7]);
  assert.deepEqual([separation.leads.leads, separation.leads.converted], [12, 7]);
  // Of the 7 x 5 pairs of a converter and a non-converter, the converter scores higher in 30
  // (7 beats 2 of the 5, 18 and 25 beat 4, the four MQLs all 5).
  assert.equal(separation.auc.auc, 30 / 35);
});

test("a target rate suggests the threshold from which every range reaches it", () => {
  // 50+, 40-49, 30-39 convert at 100%, 20-29 at 50%, 10-19 at 33%: a 50% target stops at 20.
  assert.equal(check({ targetRate: 0.5 }).advice.forRate.threshold, 20);
  assert.equal(check({ targetRate: 0.6 }).advice.forRate.threshold, 30);
  assert.equal(check({ targetRate: 1 }).advice.forRate.threshold, 30);
  // Ranges too small to judge are passed over: with 2 leads at least, 40-49 and 50+ (1 each) are.
  assert.equal(check({ targetRate: 1, minMqls: 2 }).advice.forRate.threshold, 30);
});

test("best F1 over every score seen", () => {
  // At 18: 7 leads at or above, 6 of them converted, 6 of all 7 conversions: P = R = F1 = 6/7.
  const best = check().advice.bestF1;
  assert.equal(best.threshold, 18);
  assert.equal(best.mqls, 7);
  assert.ok(Math.abs(best.f1 - 6 / 7) < 1e-12, best.f1);
  assert.match(best.says, /^Best F1 \(0\.857\) at 18/);
});
