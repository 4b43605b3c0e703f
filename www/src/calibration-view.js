// The calibration panel, when the leads have outcomes: what the core's `checkScores` finds for the
// edited model's scores (run in the full-build worker): separation (AUC with its interval, the top
// decile's lift) and the MQL line's precision and recall; conversion by band and by score range
// or decile, each with its 95% Wilson interval and the conversion at or above it (a table and a
// chart); the threshold advice against the healthy MQL-to-SQL band, the target-rate and best-F1
// thresholds each applied with one click; and a fitted model (from `leadscore calibrate
// --write-model`) loaded as the edited model, to compare with the baseline.
import { holdsThreshold, scoreCheckInput } from "./calibration.js";
import { barChart } from "./charts.js";
import { $, h, fill, formatNumber, formatPercent } from "./dom.js";
import { isObject, setStatus, state } from "./page.js";
import { editModel, replaceModel } from "./model-panel.js";
import { debounce } from "./worker-client.js";
import { fullWorker } from "./full-worker-client.js";

const COLORS = { rate: "#0f766e", target: "#b45309" };

const rateChart = barChart($("#calibration-chart"), {
  yFormat: (v) => `${Math.round(v * 100)}%`,
  yMax: 1,
});

let latest = 0;

export async function renderCalibration() {
  const scores = state.scores;
  const outcomes = scores?.set.outcomes;
  $("#calibration-empty").hidden = Boolean(outcomes);
  $("#calibration-body").hidden = !outcomes;
  if (!outcomes) return;
  const mode = $("#calibration-ranges").value;
  const target = Number($("#target-rate").value) / 100;
  const input = scoreCheckInput(
    scores.after,
    outcomes,
    isObject(state.model) ? state.model : null,
    {
      rangeWidth: mode === "deciles" ? 10 : Number(mode),
      minMqls: Math.max(1, Math.round(Number($("#min-leads").value)) || 1),
      targetRate: target > 0 && target <= 1 ? target : null,
    },
  );
  const ticket = ++latest;
  // Busy until this check is drawn (for screen readers, and for whoever reads the figures:
  // `data-scores-version` then names the scores they were worked out from).
  const body = $("#calibration-body");
  const drawn = () => {
    body.removeAttribute("aria-busy");
    body.dataset.scoresVersion = String(version);
  };
  const version = state.scoresVersion;
  body.setAttribute("aria-busy", "true");
  if (input === null) {
    fill($("#calibration-split"), "The model has no numeric MQL threshold to calibrate.");
    drawn();
    return;
  }
  let check;
  try {
    const client = fullWorker("calibration");
    await client.ready;
    check = await client.request("check", input);
  } catch (error) {
    if (ticket !== latest) return;
    fill($("#calibration-split"), `Calibration failed: ${error.message}`);
    drawn();
    return;
  }
  if (ticket !== latest) return;
  drawCheck(check, { threshold: input.options.threshold, mode, target, left: input.left });
  drawn();
}

function interval({ low, high }) {
  return low === null ? "–" : `${formatPercent(low)}–${formatPercent(high)}`;
}

function drawCheck(check, { threshold, mode, target, left }) {
  const { separation, advice } = check;
  const at = separation.atThreshold;
  const auc = separation.auc;
  fill(
    $("#calibration-split"),
    auc
      ? [
          "AUC ",
          h("strong", { id: "calibration-auc" }, auc.auc.toFixed(3)),
          auc.low === null ? "" : ` (95% interval ${auc.low.toFixed(3)}–${auc.high.toFixed(3)})`,
          separation.topDecileLift === null
            ? ". "
            : `; the top decile converts at ${separation.topDecileLift.toFixed(2)}× the average. `,
        ]
      : "Both outcomes are needed to measure separation. ",
    `At threshold ${threshold}: ${formatNumber(at.mqls)} MQLs convert at `,
    h("strong", { id: "mql-precision" }, formatPercent(at.precision)),
    ` (95% interval ${interval({ low: at.precisionLow, high: at.precisionHigh })}) and hold ${formatPercent(at.recall)} of the ${formatNumber(separation.leads.converted)} conversions; the base rate is ${formatPercent(separation.leads.rate)}.`,
    left > 0 ? ` ${formatNumber(left)} leads without an outcome are left out.` : "",
  );

  const bandRows = (check.byBand?.rows ?? []).map((row) => rateRow(row.label, row));
  if (check.blocked.leads > 0) bandRows.push(rateRow("never MQL (blocked)", check.blocked));
  fill($("#calibration-by-band tbody"), bandRows);
  fill($("#calibration-by-band tfoot"), rateRow("All", separation.leads));

  const table = mode === "deciles" ? check.byDecile : check.byRange;
  fill(
    $("#calibration-by-range tbody"),
    table.rows.map((row) => {
      const tr = rateRow(row.label, row, row.rateAtOrAbove);
      if (holdsThreshold(row, threshold)) tr.classList.add("at-line");
      return tr;
    }),
  );
  const scored = check.byRange.rows.reduce(
    (sum, row) => ({ leads: sum.leads + row.leads, converted: sum.converted + row.converted }),
    { leads: 0, converted: 0 },
  );
  const scoredRate = scored.leads > 0 ? scored.converted / scored.leads : null;
  fill(
    $("#calibration-by-range tfoot"),
    rateRow(
      "All that can be MQLs",
      { ...scored, rate: scoredRate, low: null, high: null },
      scoredRate,
    ),
  );
  fill($("#calibration-dips"), conversionSentence(table));
  rateChart.update({
    // The chart names a range by its first score (the table has the full ranges).
    labels: table.rows.map((row) =>
      mode === "deciles" || row.from === null || row.to === null ? row.label : String(row.from),
    ),
    bars: [
      { label: "conversion rate", values: table.rows.map((row) => row.rate), color: COLORS.rate },
    ],
    line:
      target > 0
        ? { label: `target ${Math.round(target * 100)}%`, value: target, color: COLORS.target }
        : null,
    summary: `Conversion rate by score: ${table.rows.map((row) => `${row.label} ${formatPercent(row.rate)}`).join("; ")}`,
  });
  drawAdvice(advice, threshold, target);
}

function conversionSentence(table) {
  if (table.rises && table.dips.length === 0) return "Conversion rises with the score.";
  const dips = table.dips.map((dip) => `${dip.from} to ${dip.to}${dip.clear ? " (clear)" : ""}`);
  return table.rises
    ? `Conversion rises with the score, within noise (small dips: ${dips.join(", ")}).`
    : `Conversion does not rise with the score: it falls from ${dips.join(", ")}.`;
}

/** A table row: leads, conversions, rate (as a bar too), its 95% interval, and the rate at or above when given. */
function rateRow(label, { leads, converted, rate, low, high }, rateAbove) {
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
    h(
      "td",
      { class: "num interval" },
      low === undefined || low === null ? "–" : interval({ low, high }),
    ),
  ];
  if (rateAbove !== undefined) cells.push(h("td", { class: "num" }, formatPercent(rateAbove)));
  return h("tr", {}, cells);
}

/** The core's threshold advice: where the model stands, the healthy range, and two to apply. */
function drawAdvice(advice, threshold, target) {
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
  fill($("#suggest-current"), advice.current.says);
  fill($("#suggest-healthy"), advice.healthy.says);
  const byRate = advice.forRate;
  fill(
    $("#suggest-target"),
    target <= 0
      ? ""
      : byRate === null
        ? `No score range with enough leads converts at ${formatPercent(target, 0)} or better, so no threshold reaches that target.`
        : [
            h("strong", {}, `Target ${formatPercent(target, 0)}: threshold ${byRate.threshold}. `),
            `${byRate.says} `,
            apply(byRate.threshold, "apply-target"),
          ],
  );
  const best = advice.bestF1;
  fill(
    $("#suggest-f1"),
    best === null
      ? "No lead converted: nothing to balance."
      : [
          h("strong", {}, `Best F1: threshold ${best.threshold}. `),
          `${best.says} `,
          apply(best.threshold, "apply-f1"),
        ],
  );
}

/** Opens a fitted model as the edited model; the baseline stays, so the page compares the two. */
async function loadFittedModel(input) {
  const file = input.files[0];
  if (!file) return;
  try {
    replaceModel(JSON.parse(await file.text()));
    setStatus(`Opened ${file.name}: the fitted model, compared with ${state.baseline.label}.`);
  } catch (error) {
    setStatus(`Could not open ${file.name}: ${error.message}`);
  } finally {
    input.value = "";
  }
}

export function wireCalibration() {
  $("#calibration-ranges").addEventListener("change", renderCalibration);
  $("#target-rate").addEventListener("input", debounce(renderCalibration, 150));
  $("#min-leads").addEventListener("input", debounce(renderCalibration, 150));
  $("#fitted-model-file").addEventListener("change", (event) => loadFittedModel(event.target));
}
