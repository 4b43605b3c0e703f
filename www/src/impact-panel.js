// The impact panel: the baseline (pin the edited model as the new one, or go back to it), MQLs
// before and after, how many leads changed and how long scoring took, and leads per band as a
// chart and a table, above the changes list; a banner says when the results are not those of the
// model on screen (a problem in the model or the as-of time, or a failure).
import { barChart } from "./charts.js";
import { bandDistribution, changeCounts, mqlCount } from "./impact.js";
import {
  $,
  h,
  formatNumber,
  formatPercent,
  formatSigned,
  setClass,
  setHidden,
  setText,
} from "./dom.js";
import { state } from "./page.js";
import { scoring } from "./scoring.js";
import { revertToBaseline } from "./model-panel.js";
import { renderChanges } from "./changes-list.js";
import { renderHistogram } from "./histogram.js";
import { drawnOnScreen } from "./on-screen.js";

const COLORS = { before: "#6b7280", after: "#4338ca" };

const ui = { stale: $("#stale"), pin: $("#pin-baseline"), revert: $("#revert-baseline") };
const bandChart = barChart($("#band-chart"));

export function renderImpact() {
  const scores = state.scores;
  setText($("#baseline-line"), `Baseline: ${state.baseline.label}.`);
  const stale = state.problems.length > 0 || state.jsonError || state.asOfError || state.failure;
  setHidden(ui.stale, !stale || !scores);
  setText(
    ui.stale,
    state.failure
      ? `Scoring failed: ${state.failure}. The results are from the last run that worked.`
      : state.asOfError
        ? "These results are from the last valid as-of time: fix the time under Leads to see the change."
        : "These results are from the last valid model: fix the problem shown in the model to see the change.",
  );
  if (!scores) return;
  const { before, after } = scores;
  const n = before.totals.length;
  const mqlBefore = mqlCount(before);
  const mqlAfter = mqlCount(after);
  setText($("#mql-before"), formatNumber(mqlBefore));
  setText($("#mql-after"), formatNumber(mqlAfter));
  setText(
    $("#mql-note"),
    `${formatSigned(mqlAfter - mqlBefore)} · ${formatPercent(mqlAfter / Math.max(n, 1))} of ${formatNumber(n)} leads`,
  );
  const counts = changeCounts(before, after);
  const changed = n - counts.none;
  impact = { n, mqlBefore, mqlAfter, changed };
  setText($("#changed-count"), formatNumber(changed));
  setText(
    $("#changed-note"),
    `${formatNumber(counts["became-mql"])} became MQLs, ${formatNumber(counts["no-longer-mql"])} no longer, ${formatNumber(counts.band)} changed band only`,
  );
  if (scores.onScreen !== undefined) showOnScreen(scores.onScreen);
  setText($("#timing-note"), editFigure(scores, n));
  $("#timing-note").dataset.work = scores.work;
  $("#timing-note").dataset.where = scores.here ? "page" : "worker";

  drawHistogram();

  renderBandTable(bandDistribution(before, after));
  drawChanges();
}

/** The cards' figures for the scores drawn last (impactSentence), or null. */
let impact = null;

/**
 * The cards' outcome in one sentence, as a screen reader is told it once edits pause: how many
 * leads are MQLs, against the baseline, and how many changed.
 */
export function impactSentence() {
  if (!impact) return "";
  const { n, mqlBefore, mqlAfter, changed } = impact;
  const delta =
    mqlAfter === mqlBefore ? "as many as" : `${formatSigned(mqlAfter - mqlBefore)} from`;
  return `${formatNumber(mqlAfter)} of ${formatNumber(n)} leads are MQLs, ${delta} the baseline's ${formatNumber(mqlBefore)}; ${formatNumber(changed)} ${changed === 1 ? "lead" : "leads"} changed.`;
}

/** The distribution and the changed leads, in the edit's frame while they are in sight. */
const drawHistogram = drawnOnScreen([$("#score-histogram")], () => {
  const scores = state.scores;
  if (!scores) return;
  renderHistogram($("#score-histogram"), {
    before: scores.before,
    after: scores.after,
    model: parseOrNull(scores.model),
    baselineModel: parseOrNull(state.baseline.text),
  });
});
const drawChanges = drawnOnScreen([$("#changes-heading"), $("#changes-list")], () => {
  if (state.scores) renderChanges();
});

const bandRows = $("#band-table tbody");

/** The leads per band, a row a band, rewritten in place: an edit changes the numbers' text only. */
function renderBandTable(distribution) {
  while (bandRows.rows.length > distribution.length) bandRows.lastElementChild.remove();
  while (bandRows.rows.length < distribution.length)
    bandRows.append(
      h(
        "tr",
        {},
        h("th", { scope: "row" }),
        h("td", { class: "num" }, h("span", { class: "count" })),
        h("td", { class: "num" }, h("span", { class: "count" })),
        h("td", {}, h("span", { class: "count" })),
      ),
    );
  distribution.forEach((row, r) => {
    const cells = bandRows.rows[r].cells;
    setText(cells[0], bandLabel(row.band));
    // Each count in a box of its own size (`.count`): a new count lays out that box alone.
    setText(cells[1].firstChild, formatNumber(row.before));
    setText(cells[2].firstChild, formatNumber(row.after));
    setClass(
      cells[3],
      `num${row.after > row.before ? " up" : row.after < row.before ? " down" : ""}`,
    );
    setText(cells[3].firstChild, formatSigned(row.after - row.before));
  });
}

const bandLabel = (band) => band ?? "(no band)";

let charted = "";

/** The leads per band as a chart (drawn after the frame: the table beside it has the numbers). */
export function renderBandChart() {
  if (!state.scores) return;
  const distribution = bandDistribution(state.scores.before, state.scores.after);
  const summary = `Leads per band, baseline then edited: ${distribution.map((row) => `${bandLabel(row.band)} ${row.before} then ${row.after}`).join("; ")}`;
  if (summary === charted) return;
  charted = summary;
  bandChart.update({
    labels: distribution.map((row) => bandLabel(row.band)),
    bars: [
      { label: "baseline", values: distribution.map((row) => row.before), color: COLORS.before },
      { label: "edited", values: distribution.map((row) => row.after), color: COLORS.after },
    ],
    summary,
  });
}

function parseOrNull(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

const DONE = { reweigh: "reweighed", refold: "refolded", rescore: "rescored" };

/**
 * The figure for the last edit: "reweighed 10,000 leads in 3.1 ms", the engine's time for both
 * models and the costlier work of the two.
 */
export function editFigure(scores, n) {
  const ms = scores.ms.current + scores.ms.baseline;
  return `${DONE[scores.work] ?? "scored"} ${formatNumber(n)} leads in ${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
}

/** The "Last edit" card's figure: the last edit's time from its input event to painted. */
export function showOnScreen(ms) {
  setText($("#timing"), `${Math.round(ms)} ms`);
  $("#timing").dataset.onScreen = String(ms);
}

/** Pinning needs a valid, scored model other than the baseline; going back, one that differs. */
export function renderBaselineButtons() {
  const modelOk = state.problems.length === 0 && state.jsonError === null;
  ui.pin.disabled =
    !modelOk || !state.scores || JSON.stringify(state.model) === state.baseline.text;
  ui.revert.disabled =
    state.model !== null &&
    state.jsonError === null &&
    JSON.stringify(state.model) === state.baseline.text;
}

export function wireImpactPanel() {
  ui.pin.addEventListener("click", () => {
    state.baseline = {
      text: JSON.stringify(state.model),
      label: `pinned at ${new Date().toTimeString().slice(0, 8)}`,
    };
    scoring.run();
  });
  ui.revert.addEventListener("click", revertToBaseline);
}
