// The calibration panel, when the leads have outcomes: conversion by band and by score range
// (with the conversion of every lead at or above each range, as a table and a chart), how well
// the MQL line separates converters, and two suggested thresholds, each applied with one click.
// The arithmetic is calibration.js's; this draws it for the edited model's scores.
import * as calibration from "./calibration.js";
import { barChart } from "./charts.js";
import { bandName } from "./impact.js";
import { $, h, fill, formatNumber, formatPercent } from "./dom.js";
import { OUTCOME_UNKNOWN, OUTCOME_YES } from "./constants.js";
import { isObject, state } from "./page.js";
import { editModel } from "./model-panel.js";
import { debounce } from "./worker-client.js";

const COLORS = { rate: "#0f766e", target: "#b45309" };

const rateChart = barChart($("#calibration-chart"), {
  yFormat: (v) => `${Math.round(v * 100)}%`,
  yMax: 1,
});

/** The leads with a known outcome as calibration rows `{ total, band, mql, converted }`. */
function calibrationRows(table, outcomes) {
  const rows = [];
  for (let i = 0; i < table.totals.length; i++) {
    if (outcomes[i] === OUTCOME_UNKNOWN) continue;
    rows.push({
      total: table.totals[i],
      band: bandName(table, i),
      mql: table.mql[i] === 1,
      converted: outcomes[i] === OUTCOME_YES,
    });
  }
  return rows;
}

export function renderCalibration() {
  const scores = state.scores;
  const outcomes = scores?.set.outcomes;
  $("#calibration-empty").hidden = Boolean(outcomes);
  $("#calibration-body").hidden = !outcomes;
  if (!outcomes) return;
  const rows = calibrationRows(scores.after, outcomes);
  const baselineRows = calibrationRows(scores.before, outcomes);
  const split = calibration.mqlSplit(rows);
  const splitBefore = calibration.mqlSplit(baselineRows);
  const threshold = isObject(state.model) ? state.model.mql?.threshold : undefined;
  fill(
    $("#calibration-split"),
    `MQLs convert at `,
    h("strong", { id: "mql-precision" }, formatPercent(split.mqls.rate)),
    ` (${formatNumber(split.mqls.converted)} of ${formatNumber(split.mqls.leads)}), the rest at `,
    h("strong", {}, formatPercent(split.others.rate)),
    ` (${formatNumber(split.others.converted)} of ${formatNumber(split.others.leads)}). `,
    `MQLs hold ${formatPercent(split.recall)} of the ${formatNumber(split.all.converted)} conversions; the base rate is ${formatPercent(split.all.rate)}.`,
    splitBefore.mqls.leads !== split.mqls.leads ||
      splitBefore.mqls.converted !== split.mqls.converted
      ? ` Baseline: MQLs converted at ${formatPercent(splitBefore.mqls.rate)} (${formatNumber(splitBefore.mqls.leads)} MQLs), holding ${formatPercent(splitBefore.recall)} of conversions.`
      : "",
  );

  const bandOrder = scores.after.bands;
  const byBand = calibration.byBand(rows, bandOrder);
  fill(
    $("#calibration-by-band tbody"),
    byBand.map((row) => rateRow(row.band ?? "(no band)", row)),
  );
  fill($("#calibration-by-band tfoot"), rateRow("All", split.all));

  const mode = $("#calibration-ranges").value;
  const ranges =
    mode === "deciles"
      ? calibration.byQuantile(rows, 10)
      : calibration.byScoreRange(rows, Number(mode));
  // Conversion of every lead at or above each range's first score.
  let leadsAbove = 0;
  let convertedAbove = 0;
  const above = new Array(ranges.length);
  for (let i = ranges.length - 1; i >= 0; i--) {
    leadsAbove += ranges[i].leads;
    convertedAbove += ranges[i].converted;
    above[i] = calibration.rate(convertedAbove, leadsAbove);
  }
  fill(
    $("#calibration-by-range tbody"),
    ranges.map((range, i) => {
      const row = rateRow(range.label, range, above[i]);
      if (threshold !== undefined && range.from <= threshold && threshold <= range.to)
        row.classList.add("at-line");
      return row;
    }),
  );
  fill($("#calibration-by-range tfoot"), rateRow("All", split.all, split.all.rate));
  const target = Number($("#target-rate").value) / 100;
  rateChart.update({
    // The chart names each range by its first score (the table has the full ranges).
    labels: ranges.map((range, i) =>
      mode !== "deciles" && i === ranges.length - 1 ? range.label : String(range.from),
    ),
    bars: [
      { label: "conversion rate", values: ranges.map((range) => range.rate), color: COLORS.rate },
    ],
    line:
      target > 0
        ? { label: `target ${Math.round(target * 100)}%`, value: target, color: COLORS.target }
        : null,
    summary: `Conversion rate by score range: ${ranges.map((range) => `${range.label} ${formatPercent(range.rate)}`).join("; ")}`,
  });
  renderSuggestions(rows, threshold, target);
}

/** A table row: leads, conversions and rate (as a bar too), and the rate at or above when given. */
function rateRow(label, { leads, converted, rate }, rateAbove) {
  const cells = [
    h("th", { scope: "row" }, label),
    h("td", { class: "num" }, formatNumber(leads)),
    h("td", { class: "num" }, formatNumber(converted)),
    h(
      "td",
      { class: "num rate" },
      h("span", { class: "rate-bar", style: `--rate:${rate ?? 0}`, "aria-hidden": "true" }),
      h("span", { class: "rate-text" }, formatPercent(rate)),
    ),
  ];
  if (rateAbove !== undefined) cells.push(h("td", { class: "num" }, formatPercent(rateAbove)));
  return h("tr", {}, cells);
}

/** The threshold for the target rate and the one with the best F1, each with its Apply button. */
function renderSuggestions(rows, threshold, target) {
  const minLeads = Math.max(1, Number($("#min-leads").value) || 1);
  const apply = (value, id) =>
    h(
      "button",
      {
        type: "button",
        id,
        class: "primary",
        disabled: value === threshold || state.problems.length > 0 || state.jsonError !== null,
        onclick: () => editModel("mql.threshold", value, { structural: true }),
      },
      value === threshold ? "Applied" : `Apply ${value}`,
    );
  const byTarget =
    target > 0 ? calibration.suggestForTarget(rows, { target, minLeads }) : { threshold: null };
  fill(
    $("#suggest-target"),
    byTarget.threshold === null
      ? `No 10-point range with ${minLeads}+ leads converts at ${formatPercent(target, 0)} or better, so no threshold reaches that target.`
      : [
          h("strong", {}, `Target ${formatPercent(target, 0)}: threshold ${byTarget.threshold}. `),
          `From ${byTarget.threshold} up, every range converts at ${formatPercent(target, 0)} or better; the ${formatNumber(byTarget.leadsAbove)} leads at or above it convert at ${formatPercent(byTarget.rateAbove)}. `,
          apply(byTarget.threshold, "apply-target"),
        ],
  );
  const best = calibration.suggestBestF1(rows);
  fill(
    $("#suggest-f1"),
    best === null
      ? "No lead converted: nothing to balance."
      : [
          h("strong", {}, `Best F1: threshold ${best.threshold}. `),
          `Precision ${formatPercent(best.precision)}, recall ${formatPercent(best.recall)}, F1 ${best.f1.toFixed(3)}, ${formatNumber(best.leadsAbove)} leads at or above. `,
          apply(best.threshold, "apply-f1"),
        ],
  );
}

export function wireCalibration() {
  $("#calibration-ranges").addEventListener("change", renderCalibration);
  $("#target-rate").addEventListener("input", debounce(renderCalibration, 150));
  $("#min-leads").addEventListener("input", debounce(renderCalibration, 150));
}
