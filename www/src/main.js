// The what-if simulator page: a model (form and raw JSON, one source of truth), a set of leads
// (the examples, generated ones, or a CRM export), and what the edited model does to those leads
// compared with a baseline, plus calibration against known outcomes. Scoring happens in a
// worker (worker.js) with leadscore's browser build; this module owns the page.
import b2bModel from "../../examples/models/b2b-default.json";
import xEducationModel from "../../examples/models/x-education.json";
import { startWorker, latestOnly, debounce } from "./worker-client.js";
import { renderModelForm, showProblems } from "./model-form.js";
import { $, h, fill, formatNumber, formatPercent, formatSigned } from "./dom.js";
import { setAt, locatePath, lineColumn } from "./paths.js";
import { bandDistribution, bandName, changeCounts, changedLeads, mqlCount } from "./impact.js";
import * as calibration from "./calibration.js";
import { compareContributions, crossing, why } from "./explain.js";
import { barChart } from "./charts.js";
import { DEMO_AS_OF, OUTCOME_UNKNOWN, OUTCOME_YES } from "./constants.js";
import "./style.css";

const EXAMPLES = [
  { key: "b2b-default", label: "B2B default", model: b2bModel },
  { key: "x-education", label: "X Education (fit only)", model: xEducationModel },
];
const PAGE = 50;
const COLORS = { before: "#6b7280", after: "#4338ca", rate: "#0f766e", target: "#b45309" };

const state = {
  model: null,
  jsonError: null,
  baseline: { text: "", label: "" },
  problems: [],
  leadSet: null,
  csv: null,
  leadsError: null,
  asOf: DEMO_AS_OF,
  asOfError: null,
  scores: null,
  scoresVersion: 0,
  failure: null,
  filter: "changes",
  shown: PAGE,
  open: new Set(),
};

const ui = {
  status: $("#status"),
  exampleSelect: $("#model-example"),
  modelFile: $("#model-file"),
  modelName: $("#model-name"),
  problems: $("#model-problems"),
  fieldset: $("#model-fieldset"),
  fields: $("#model-fields"),
  editor: $("#model-json"),
  editorStatus: $("#model-json-status"),
  asOf: $("#as-of"),
  asOfError: $("#as-of-error"),
  leadsSummary: $("#leads-summary"),
  leadsNotes: $("#leads-notes"),
  generateForm: $("#generate-form"),
  csvForm: $("#csv-form"),
  csvFile: $("#csv-file"),
  csvId: $("#csv-id"),
  csvOutcome: $("#csv-outcome"),
  stale: $("#stale"),
  changesList: $("#changes-list"),
  changesEmpty: $("#changes-empty"),
  changesMore: $("#changes-more"),
};

const bandChart = barChart($("#band-chart"));
const rateChart = barChart($("#calibration-chart"), { yFormat: (v) => `${Math.round(v * 100)}%`, yMax: 1 });

// ---------------------------------------------------------------------------------------------
// The worker and scoring.

const client = startWorker(new URL("./worker.js", import.meta.url));
const scoring = latestOnly(scoreNow);
const scoreSoon = debounce(() => scoring.run(), 150);

function setBusy(text) {
  document.body.dataset.state = text ? "busy" : state.failure ? "error" : "ready";
  if (text) ui.status.textContent = text;
}

async function scoreNow() {
  if (!state.leadSet || state.jsonError) {
    render();
    return;
  }
  const current = JSON.stringify(state.model);
  setBusy(`Scoring ${formatNumber(state.leadSet.count)} leads…`);
  const started = performance.now();
  try {
    const value = await client.request("score", { baseline: state.baseline.text, current, asOf: state.asOf });
    // Leads loaded since the request was sent: the worker scored those, which this page does
    // not know yet; the load's own run follows.
    if (value.generation !== state.leadSet.generation) return;
    state.scores = { ...value, roundTrip: performance.now() - started, set: state.leadSet, model: current };
    state.scoresVersion++;
    state.problems = [];
    state.asOfError = null;
    state.failure = null;
  } catch (error) {
    if (error.name === "ModelError" && error.which === "baseline") {
      // The baseline never compiled (a file opened with mistakes): this version is the first
      // that does, so it becomes the baseline.
      state.baseline = { text: current, label: "the first valid version of the model" };
      scoring.run();
      return;
    }
    if (error.name === "ModelError") state.problems = error.errors?.length ? error.errors : [{ path: error.path ?? "", message: error.message }];
    else if (error.name === "InputError" && error.path === "asOf") state.asOfError = error.message;
    else state.failure = error.message;
  }
  render();
}

// ---------------------------------------------------------------------------------------------
// The model: form and raw JSON.

const pretty = (model) => JSON.stringify(model, null, 2);
const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

function loadModel(model, label) {
  state.model = structuredClone(model);
  state.jsonError = null;
  state.problems = [];
  state.baseline = { text: JSON.stringify(state.model), label: `the model as loaded (${label})` };
  setEditorText(pretty(state.model));
  drawForm();
  scoring.run();
}

function setEditorText(text) {
  const { scrollTop } = ui.editor;
  ui.editor.value = text;
  ui.editor.scrollTop = scrollTop;
}

function drawForm() {
  renderModelForm(ui.fields, isObject(state.model) ? state.model : {}, onFormEdit);
  showProblems(ui.fields, state.problems);
}

function onFormEdit(path, value, { structural }) {
  const next = structuredClone(state.model);
  setAt(next, path, value);
  state.model = next;
  setEditorText(pretty(next));
  if (structural) {
    drawForm();
    scoring.run();
  } else scoreSoon();
}

const onEditorInput = debounce(() => {
  const text = ui.editor.value;
  try {
    state.model = JSON.parse(text);
    state.jsonError = null;
  } catch (error) {
    state.jsonError = jsonErrorAt(text, error);
    render();
    return;
  }
  drawForm();
  scoring.run();
}, 250);

/** A JSON.parse error with its line and column, from the position V8 reports. */
function jsonErrorAt(text, error) {
  const position = /position (\d+)/.exec(error.message)?.[1];
  const offset = position === undefined ? text.length : Number(position);
  const { line, column } = lineColumn(text, offset);
  const message = error.message.replace(/^JSON\.parse: /, "").replace(/ in JSON at position \d+.*$/, "").replace(/ \(line \d+ column \d+\)$/, "");
  return { message, offset, line, column };
}

/** Selects the value at a problem's path in the raw editor. */
function showInEditor(path) {
  const text = ui.editor.value;
  let place;
  try {
    place = locatePath(text, path);
  } catch {
    place = { start: 0, end: 0 };
  }
  ui.editor.focus();
  ui.editor.setSelectionRange(place.start, place.end);
  const { line } = lineColumn(text, place.start);
  const lineHeight = parseFloat(getComputedStyle(ui.editor).lineHeight) || 18;
  ui.editor.scrollTop = Math.max(0, (line - 4) * lineHeight);
}

function renderProblems() {
  const problems = state.problems;
  // The form edits an object: JSON that does not parse, or is not an object, locks it.
  ui.fieldset.disabled = state.jsonError !== null || !isObject(state.model);
  showProblems(ui.fields, state.jsonError ? [] : problems);
  ui.editor.toggleAttribute("aria-invalid", state.jsonError !== null || problems.length > 0);
  if (state.jsonError) {
    const { message, line, column, offset } = state.jsonError;
    fill(ui.problems,
      h("p", {}, h("strong", {}, "The raw JSON does not parse: "), `${message} at line ${line}, column ${column}. `,
        h("button", { type: "button", class: "link", onclick: () => {
          ui.editor.focus();
          ui.editor.setSelectionRange(offset, Math.min(offset + 1, ui.editor.value.length));
        } }, "Show it")),
      h("p", { class: "hint" }, "The form is locked until the JSON parses; the results are from the last valid model."));
    ui.problems.hidden = false;
    ui.editorStatus.textContent = `Not JSON: ${message} (line ${line}, column ${column}).`;
    ui.editorStatus.className = "json-status bad";
    return;
  }
  if (problems.length > 0) {
    fill(ui.problems,
      h("p", {}, h("strong", {}, `${problems.length === 1 ? "One problem" : `${problems.length} problems`} in the model. `), "The results show the last valid model."),
      h("ul", {}, problems.map((problem) => h("li", { dataset: { problemPath: problem.path } },
        h("code", {}, problem.path || "(the model)"), " ", problem.message, " ",
        h("button", { type: "button", class: "link", onclick: () => showInEditor(problem.path) }, "Show in JSON")))));
    ui.problems.hidden = false;
    ui.editorStatus.textContent = `${problems.length === 1 ? "1 problem" : `${problems.length} problems`}: ${problems.map((p) => `${p.path || "(the model)"}: ${p.message}`).join("; ")}`;
    ui.editorStatus.className = "json-status bad";
    return;
  }
  ui.problems.hidden = true;
  ui.problems.replaceChildren();
  ui.editorStatus.textContent = state.scores ? "Valid model." : "";
  ui.editorStatus.className = "json-status good";
}

// ---------------------------------------------------------------------------------------------
// Leads.

const nowText = () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z");

async function loadLeads(kind, request) {
  state.leadsError = null;
  setBusy(kind === "csv" ? "Reading the CSV…" : kind === "generated" ? "Generating leads…" : "Loading the example leads…");
  try {
    const set = await request;
    state.leadSet = set;
    state.asOf = set.defaultAsOf ?? nowText();
    ui.asOf.value = state.asOf;
    state.open.clear();
    state.shown = PAGE;
    if (set.csv) state.csv = set.csv;
    scoring.run();
  } catch (error) {
    state.leadsError = error.message;
    render();
  }
}

function chooseSource(kind) {
  ui.generateForm.hidden = kind !== "generated";
  ui.csvForm.hidden = kind !== "csv";
  if (kind === "examples") loadLeads(kind, client.request("examples"));
  else if (kind === "generated") generate();
  else if (kind === "csv" && state.csv) useCsvColumns();
}

function generate() {
  loadLeads("generated", client.request("generate", {
    leads: Number($("#gen-count").value),
    seed: $("#gen-seed").value,
    eventsPerLead: Number($("#gen-events").value),
  }));
}

function useCsvColumns() {
  loadLeads("csv", client.request("csvColumns", {
    idColumn: ui.csvId.value === "" ? null : ui.csvId.value,
    outcomeColumn: ui.csvOutcome.value === "" ? null : ui.csvOutcome.value,
  }));
}

let csvDrawn = null;

function renderCsvColumns() {
  const csv = state.csv;
  $("#csv-id-field").hidden = !csv;
  $("#csv-outcome-field").hidden = !csv;
  // Drawn once per file or choice of columns, so a render never resets a select in use.
  if (!csv || csv === csvDrawn) return;
  csvDrawn = csv;
  fill(ui.csvId, h("option", { value: "" }, "(row number)"), csv.headers.map((header) => h("option", { value: header, selected: header === csv.idColumn }, header)));
  fill(ui.csvOutcome, h("option", { value: "" }, "none"), csv.outcomeCandidates.map((header) => h("option", { value: header, selected: header === csv.outcomeColumn }, header)));
}

/** Attribute names a model's fit rules and required fields read (the first part of a dotted name). */
function modelAttributes(model) {
  const names = new Set();
  for (const rule of isObject(model) && Array.isArray(model.fit?.rules) ? model.fit.rules : []) if (typeof rule?.attribute === "string") names.add(rule.attribute.split(".")[0]);
  return names;
}

function renderLeads() {
  const set = state.leadSet;
  ui.asOfError.hidden = !state.asOfError;
  ui.asOfError.textContent = state.asOfError ? `asOf: ${state.asOfError}` : "";
  ui.asOf.toggleAttribute("aria-invalid", Boolean(state.asOfError));
  if (!set) {
    ui.leadsSummary.textContent = "No leads loaded yet.";
    return;
  }
  const outcomes = set.outcomes ? Array.from(set.outcomes).filter((o) => o === OUTCOME_YES).length : null;
  ui.leadsSummary.textContent = [
    set.label,
    set.events > 0 ? `${formatNumber(set.events)} events` : "no events",
    outcomes === null ? "no outcomes" : `${formatNumber(outcomes)} converted`,
  ].join(" · ");
  const notes = [];
  if (state.leadsError) notes.push(h("p", { class: "banner banner-error", role: "alert" }, state.leadsError));
  for (const note of set.notes ?? []) notes.push(h("p", { class: "hint" }, note));
  const present = new Set(set.attributeNames);
  const read = [...modelAttributes(state.model)];
  if (read.length > 0 && !read.some((name) => present.has(name))) {
    const better = EXAMPLES.map((example) => {
      const wanted = [...modelAttributes(example.model)];
      return { example, share: wanted.filter((name) => present.has(name)).length / wanted.length };
    }).filter(({ share }) => share >= 0.5).sort((a, b) => b.share - a.share)[0];
    notes.push(h("p", { class: "banner banner-warn", id: "model-mismatch" },
      `The model reads none of these leads' attributes (it looks at ${read.slice(0, 4).join(", ")}${read.length > 4 ? "…" : ""}), so its fit rules score nothing here. `,
      better ? h("button", { type: "button", id: "use-suggested-model", onclick: () => useExample(better.example.key) }, `Use the ${better.example.label} model`) : null));
  }
  fill(ui.leadsNotes, notes);
  for (const warning of state.scores?.warnings ?? []) {
    ui.leadsNotes.append(h("p", { class: "hint" }, `${formatNumber(warning.leads)} lead${warning.leads === 1 ? "" : "s"} with ${warning.code} warnings, such as ${warning.example}`));
  }
}

// ---------------------------------------------------------------------------------------------
// Impact.

function renderImpact() {
  const scores = state.scores;
  $("#baseline-line").textContent = `Baseline: ${state.baseline.label}.`;
  const stale = state.problems.length > 0 || state.jsonError || state.asOfError || state.failure;
  ui.stale.hidden = !stale || !scores;
  ui.stale.textContent = state.failure ? `Scoring failed: ${state.failure}. The results are from the last run that worked.` : state.asOfError
      ? "These results are from the last valid as-of time: fix the time under Leads to see the change."
      : "These results are from the last valid model: fix the problem shown in the model to see the change.";
  if (!scores) return;
  const { before, after } = scores;
  const n = before.totals.length;
  const mqlBefore = mqlCount(before);
  const mqlAfter = mqlCount(after);
  $("#mql-before").textContent = formatNumber(mqlBefore);
  $("#mql-after").textContent = formatNumber(mqlAfter);
  $("#mql-note").textContent = `${formatSigned(mqlAfter - mqlBefore)} · ${formatPercent(mqlAfter / Math.max(n, 1))} of ${formatNumber(n)} leads`;
  const counts = changeCounts(before, after);
  const changed = n - counts.none;
  $("#changed-count").textContent = formatNumber(changed);
  $("#changed-note").textContent = `${formatNumber(counts["became-mql"])} became MQLs, ${formatNumber(counts["no-longer-mql"])} no longer, ${formatNumber(counts.band)} changed band only`;
  const engine = scores.ms.current || scores.ms.baseline;
  $("#timing").textContent = `${Math.round(scores.roundTrip)} ms`;
  $("#timing-note").textContent = `${formatNumber(n)} leads; the engine took ${engine.toFixed(engine < 10 ? 1 : 0)} ms in the worker${scores.ms.current === 0 && scores.ms.baseline === 0 ? " (cached)" : ""}`;

  const distribution = bandDistribution(before, after);
  const label = (band) => band ?? "(no band)";
  bandChart.update({
    labels: distribution.map((row) => label(row.band)),
    bars: [
      { label: "baseline", values: distribution.map((row) => row.before), color: COLORS.before },
      { label: "edited", values: distribution.map((row) => row.after), color: COLORS.after },
    ],
    summary: `Leads per band, baseline then edited: ${distribution.map((row) => `${label(row.band)} ${row.before} then ${row.after}`).join("; ")}`,
  });
  fill($("#band-table tbody"), distribution.map((row) => h("tr", {},
    h("th", { scope: "row" }, label(row.band)),
    h("td", { class: "num" }, formatNumber(row.before)),
    h("td", { class: "num" }, formatNumber(row.after)),
    h("td", { class: `num ${row.after > row.before ? "up" : row.after < row.before ? "down" : ""}` }, formatSigned(row.after - row.before)))));
  renderChanges();
}

const KIND_TEXT = { "became-mql": "became an MQL", "no-longer-mql": "no longer an MQL", band: "band changed", none: "unchanged" };

function sideText(side) {
  return `${side.total} ${side.band ?? ""}${side.mql ? " · MQL" : ""}`.replace(/\s+/g, " ").trim();
}

function renderChanges() {
  const { before, after, set } = state.scores;
  const all = changedLeads(before, after, { all: state.filter === "all" });
  const rows = state.filter === "all" || state.filter === "changes" ? all : all.filter((row) => row.kind === state.filter);
  const shown = rows.slice(0, state.shown);
  const version = state.scoresVersion;
  fill(ui.changesList, shown.map((row) => {
    const id = set.ids[row.index];
    const name = set.names[row.index];
    const details = h("details", { dataset: { index: row.index } },
      h("summary", {},
        h("span", { class: "lead-id" }, id),
        name ? h("span", { class: "lead-name" }, name) : null,
        h("span", { class: `kind kind-${row.kind}` }, KIND_TEXT[row.kind]),
        h("span", { class: "scores" },
          h("span", { class: "before" }, sideText(row.before)),
          h("span", { "aria-hidden": "true" }, " → "),
          h("span", { class: "visually-hidden" }, " now "),
          h("span", { class: "after" }, sideText(row.after)))),
      h("div", { class: "why", "aria-live": "polite" }, "Loading the explanation…"));
    details.addEventListener("toggle", () => {
      if (details.open) {
        state.open.add(row.index);
        explain(details, row.index, version);
      } else state.open.delete(row.index);
    });
    if (state.open.has(row.index)) details.open = true;
    return h("li", { class: "change", dataset: { kind: row.kind } }, details);
  }));
  ui.changesEmpty.hidden = rows.length > 0;
  ui.changesEmpty.textContent = state.filter === "all" ? "No leads." : "No lead changed its MQL status or band: edit the model to see what moves.";
  ui.changesMore.hidden = rows.length <= state.shown;
  ui.changesMore.textContent = `Show ${Math.min(PAGE, rows.length - state.shown)} more (of ${formatNumber(rows.length - state.shown)} left)`;
  $("#changes-heading").textContent = state.filter === "all" ? `All leads (${formatNumber(rows.length)})` : `Leads that changed (${formatNumber(rows.length)})`;
}

async function explain(details, index, version) {
  const target = details.querySelector(".why");
  if (target.dataset.version === String(version)) return;
  try {
    const lead = await client.request("explain", { index });
    if (version !== state.scoresVersion) return;
    target.dataset.version = String(version);
    fill(target, explanation(lead));
  } catch (error) {
    fill(target, h("p", { class: "field-error" }, `Could not explain this lead: ${error.message}`));
  }
}

function resultFacts(result, heading) {
  const facts = [
    ["Score", `${result.total} (fit ${result.fit}, intent ${result.intent})`],
    ["Band", [result.band ?? "none", result.grid ? ` · grid ${result.grid}` : ""].join("")],
    ["MQL", `${result.mql ? "yes" : "no"}: ${why(result)}`],
    ["Crossed", crossing(result)],
  ];
  if (result.trigger) facts.push(["Hand-raise", `${result.trigger.ruleId} on ${result.trigger.event.type} at ${result.trigger.event.at.slice(0, 16).replace("T", " ")} UTC`]);
  if (result.blockedBy.length > 0) facts.push(["Blockers", result.blockedBy.join(", ")]);
  if (result.lastEngagementAt) facts.push(["Last engaged", result.lastEngagementAt.slice(0, 10)]);
  return h("div", { class: "facts" }, h("h4", {}, heading), h("dl", {}, facts.map(([term, value]) => [h("dt", {}, term), h("dd", {}, value)])));
}

const decayText = (side) => (side === null ? "" : side.decayFactor === 1 ? "1" : side.decayFactor.toFixed(2));
const pointsText = (side) => (side === null ? "–" : String(side.points));

function explanation(lead) {
  const rows = compareContributions(lead.before, lead.after);
  const outcome = lead.outcome === null ? null : lead.outcome === OUTCOME_UNKNOWN ? "unknown" : lead.outcome === OUTCOME_YES ? "converted" : "did not convert";
  const attributes = Object.entries(lead.attributes ?? {});
  return [
    h("div", { class: "facts-pair" }, resultFacts(lead.before, "Baseline"), resultFacts(lead.after, "Edited")),
    rows.length === 0
      ? h("p", { class: "muted" }, "No rule counted for this lead in either model.")
      : h("table", { class: "data compact contributions" },
          h("caption", {}, "Contributions: points after decay and caps, per rule"),
          h("thead", {}, h("tr", {},
            h("th", { scope: "col" }, "Rule"),
            h("th", { scope: "col" }, "Group"),
            h("th", { scope: "col", class: "num" }, "Before"),
            h("th", { scope: "col", class: "num" }, "After"),
            h("th", { scope: "col", class: "num" }, "Decay before"),
            h("th", { scope: "col", class: "num" }, "Decay after"),
            h("th", { scope: "col", class: "num" }, "Counted"))),
          h("tbody", {}, rows.map((row) => {
            const delta = (row.after?.points ?? 0) - (row.before?.points ?? 0);
            return h("tr", { class: delta !== 0 ? "changed" : null },
              h("th", { scope: "row" }, h("span", { class: "rule-name" }, row.label ?? row.ruleId), row.label ? h("code", {}, row.ruleId) : null),
              h("td", {}, row.group),
              h("td", { class: "num" }, pointsText(row.before)),
              h("td", { class: "num" }, pointsText(row.after)),
              h("td", { class: "num" }, decayText(row.before)),
              h("td", { class: "num" }, decayText(row.after)),
              h("td", { class: "num" }, row.after ? `${row.after.counted} of ${row.after.matched}` : row.before ? `${row.before.counted} of ${row.before.matched}` : ""));
          }))),
    h("p", { class: "hint" }, `${formatNumber(lead.events)} event${lead.events === 1 ? "" : "s"}`, outcome ? ` · outcome: ${outcome}` : ""),
    attributes.length > 0
      ? h("details", { class: "attributes" }, h("summary", {}, `Attributes (${attributes.length})`),
          h("dl", {}, attributes.map(([name, value]) => [h("dt", {}, name), h("dd", {}, typeof value === "string" ? value : JSON.stringify(value))])))
      : null,
  ];
}

// ---------------------------------------------------------------------------------------------
// Calibration.

function calibrationRows(table, outcomes) {
  const rows = [];
  for (let i = 0; i < table.totals.length; i++) {
    if (outcomes[i] === OUTCOME_UNKNOWN) continue;
    rows.push({ total: table.totals[i], band: bandName(table, i), mql: table.mql[i] === 1, converted: outcomes[i] === OUTCOME_YES });
  }
  return rows;
}

function renderCalibration() {
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
  fill($("#calibration-split"),
    `MQLs convert at `, h("strong", { id: "mql-precision" }, formatPercent(split.mqls.rate)), ` (${formatNumber(split.mqls.converted)} of ${formatNumber(split.mqls.leads)}), the rest at `,
    h("strong", {}, formatPercent(split.others.rate)), ` (${formatNumber(split.others.converted)} of ${formatNumber(split.others.leads)}). `,
    `MQLs hold ${formatPercent(split.recall)} of the ${formatNumber(split.all.converted)} conversions; the base rate is ${formatPercent(split.all.rate)}.`,
    splitBefore.mqls.leads !== split.mqls.leads || splitBefore.mqls.converted !== split.mqls.converted
      ? ` Baseline: MQLs converted at ${formatPercent(splitBefore.mqls.rate)} (${formatNumber(splitBefore.mqls.leads)} MQLs), holding ${formatPercent(splitBefore.recall)} of conversions.`
      : "");

  const bandOrder = scores.after.bands;
  const byBand = calibration.byBand(rows, bandOrder);
  fill($("#calibration-by-band tbody"), byBand.map((row) => rateRow(row.band ?? "(no band)", row)));
  fill($("#calibration-by-band tfoot"), rateRow("All", split.all));

  const mode = $("#calibration-ranges").value;
  const ranges = mode === "deciles" ? calibration.byQuantile(rows, 10) : calibration.byScoreRange(rows, Number(mode));
  // Conversion of every lead at or above each range's first score.
  let leadsAbove = 0;
  let convertedAbove = 0;
  const above = new Array(ranges.length);
  for (let i = ranges.length - 1; i >= 0; i--) {
    leadsAbove += ranges[i].leads;
    convertedAbove += ranges[i].converted;
    above[i] = calibration.rate(convertedAbove, leadsAbove);
  }
  fill($("#calibration-by-range tbody"), ranges.map((range, i) => {
    const row = rateRow(range.label, range, above[i]);
    if (threshold !== undefined && range.from <= threshold && threshold <= range.to) row.classList.add("at-line");
    return row;
  }));
  fill($("#calibration-by-range tfoot"), rateRow("All", split.all, split.all.rate));
  const target = Number($("#target-rate").value) / 100;
  rateChart.update({
    // The chart names each range by its first score (the table has the full ranges).
    labels: ranges.map((range, i) => (mode !== "deciles" && i === ranges.length - 1 ? range.label : String(range.from))),
    bars: [{ label: "conversion rate", values: ranges.map((range) => range.rate), color: COLORS.rate }],
    line: target > 0 ? { label: `target ${Math.round(target * 100)}%`, value: target, color: COLORS.target } : null,
    summary: `Conversion rate by score range: ${ranges.map((range) => `${range.label} ${formatPercent(range.rate)}`).join("; ")}`,
  });
  renderSuggestions(rows, threshold, target);
}

function rateRow(label, { leads, converted, rate }, rateAbove) {
  const cells = [
    h("th", { scope: "row" }, label),
    h("td", { class: "num" }, formatNumber(leads)),
    h("td", { class: "num" }, formatNumber(converted)),
    h("td", { class: "num rate" }, h("span", { class: "rate-bar", style: `--rate:${rate ?? 0}`, "aria-hidden": "true" }), h("span", { class: "rate-text" }, formatPercent(rate))),
  ];
  if (rateAbove !== undefined) cells.push(h("td", { class: "num" }, formatPercent(rateAbove)));
  return h("tr", {}, cells);
}

function renderSuggestions(rows, threshold, target) {
  const minLeads = Math.max(1, Number($("#min-leads").value) || 1);
  const apply = (value, id) => h("button", {
    type: "button",
    id,
    class: "primary",
    disabled: value === threshold || state.problems.length > 0 || state.jsonError !== null,
    onclick: () => onFormEdit("mql.threshold", value, { structural: true }),
  }, value === threshold ? "Applied" : `Apply ${value}`);
  const byTarget = target > 0 ? calibration.suggestForTarget(rows, { target, minLeads }) : { threshold: null };
  fill($("#suggest-target"),
    byTarget.threshold === null
      ? `No 10-point range with ${minLeads}+ leads converts at ${formatPercent(target, 0)} or better, so no threshold reaches that target.`
      : [h("strong", {}, `Target ${formatPercent(target, 0)}: threshold ${byTarget.threshold}. `),
         `From ${byTarget.threshold} up, every range converts at ${formatPercent(target, 0)} or better; the ${formatNumber(byTarget.leadsAbove)} leads at or above it convert at ${formatPercent(byTarget.rateAbove)}. `,
         apply(byTarget.threshold, "apply-target")]);
  const best = calibration.suggestBestF1(rows);
  fill($("#suggest-f1"),
    best === null
      ? "No lead converted: nothing to balance."
      : [h("strong", {}, `Best F1: threshold ${best.threshold}. `),
         `Precision ${formatPercent(best.precision)}, recall ${formatPercent(best.recall)}, F1 ${best.f1.toFixed(3)}, ${formatNumber(best.leadsAbove)} leads at or above. `,
         apply(best.threshold, "apply-f1")]);
}

// ---------------------------------------------------------------------------------------------
// Everything on screen.

function render() {
  renderProblems();
  renderLeads();
  renderImpact();
  renderCalibration();
  renderCsvColumns();
  const modelOk = state.problems.length === 0 && state.jsonError === null;
  $("#pin-baseline").disabled = !modelOk || !state.scores || JSON.stringify(state.model) === state.baseline.text;
  $("#revert-baseline").disabled = state.model !== null && state.jsonError === null && JSON.stringify(state.model) === state.baseline.text;
  const name = isObject(state.model) && typeof state.model.name === "string" ? state.model.name : "Unnamed model";
  const edited = state.jsonError !== null || JSON.stringify(state.model) !== state.baseline.text;
  fill(ui.modelName, h("strong", {}, name), edited ? h("span", { class: "badge" }, "edited") : null);
  document.body.dataset.renders = String(Number(document.body.dataset.renders ?? 0) + 1);
  const fatal = $("#fatal");
  fatal.hidden = !(state.failure && !state.scores);
  fatal.textContent = fatal.hidden ? "" : `The simulator cannot score: ${state.failure}. Reload the page; if it persists, rebuild it (node www/build.mjs) and check that leadscore_bg.wasm is served beside worker.js.`;
  if (state.failure && !state.scores) {
    ui.status.textContent = `Something went wrong: ${state.failure}`;
    document.body.dataset.state = "error";
  } else if (state.scores) {
    const n = state.scores.before.totals.length;
    ui.status.textContent = state.problems.length > 0 || state.jsonError
      ? "The model has problems: showing the last valid results."
      : `Scored ${formatNumber(n)} leads as of ${state.asOf} in ${Math.round(state.scores.roundTrip)} ms.`;
    setBusy(null);
  } else if (state.leadsError) {
    ui.status.textContent = state.leadsError;
    setBusy(null);
  }
}

// ---------------------------------------------------------------------------------------------
// Wiring.

function useExample(key) {
  const example = EXAMPLES.find((candidate) => candidate.key === key);
  ui.exampleSelect.value = key;
  loadModel(example.model, example.label);
}

function download() {
  const text = state.jsonError ? ui.editor.value : `${pretty(state.model)}\n`;
  const name = (isObject(state.model) && state.model.name ? String(state.model.name) : "model").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "model";
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const link = h("a", { href: url, download: `${name}.json` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  ui.status.textContent = `Downloaded ${name}.json.`;
}

async function copy() {
  const text = state.jsonError ? ui.editor.value : pretty(state.model);
  try {
    await navigator.clipboard.writeText(text);
    ui.status.textContent = "Copied the model's JSON to the clipboard.";
  } catch {
    ui.editor.focus();
    ui.editor.select();
    ui.status.textContent = "The browser did not allow copying: the JSON is selected in the editor, press Ctrl+C (⌘C).";
  }
}

function wire() {
  fill(ui.exampleSelect, EXAMPLES.map((example) => h("option", { value: example.key }, example.label)));
  ui.exampleSelect.addEventListener("change", () => useExample(ui.exampleSelect.value));
  ui.modelFile.addEventListener("change", async () => {
    const file = ui.modelFile.files[0];
    if (!file) return;
    const text = await file.text();
    ui.modelFile.value = "";
    try {
      loadModel(JSON.parse(text), file.name);
    } catch (error) {
      state.jsonError = jsonErrorAt(text, error);
      setEditorText(text);
      render();
    }
  });
  $("#model-download").addEventListener("click", download);
  $("#model-copy").addEventListener("click", copy);
  $("#model-form").addEventListener("submit", (event) => event.preventDefault());
  ui.editor.addEventListener("input", onEditorInput);

  for (const radio of document.querySelectorAll('input[name="lead-source"]')) radio.addEventListener("change", () => chooseSource(radio.value));
  ui.generateForm.addEventListener("submit", (event) => {
    event.preventDefault();
    generate();
  });
  ui.csvFile.addEventListener("change", () => {
    const file = ui.csvFile.files[0];
    if (file) loadLeads("csv", client.request("csv", { file, name: file.name }));
  });
  ui.csvId.addEventListener("change", useCsvColumns);
  ui.csvOutcome.addEventListener("change", useCsvColumns);

  const setAsOf = (value) => {
    ui.asOf.value = value;
    state.asOf = value.trim();
    scoring.run();
  };
  ui.asOf.addEventListener("input", debounce(() => setAsOf(ui.asOf.value), 400));
  $("#as-of-now").addEventListener("click", () => setAsOf(nowText()));
  $("#as-of-demo").addEventListener("click", () => setAsOf(DEMO_AS_OF));

  $("#pin-baseline").addEventListener("click", () => {
    state.baseline = { text: JSON.stringify(state.model), label: `pinned at ${new Date().toTimeString().slice(0, 8)}` };
    scoring.run();
  });
  $("#revert-baseline").addEventListener("click", () => {
    state.model = JSON.parse(state.baseline.text);
    state.jsonError = null;
    setEditorText(pretty(state.model));
    drawForm();
    scoring.run();
  });
  $("#changes-filter").addEventListener("change", (event) => {
    state.filter = event.target.value;
    state.shown = PAGE;
    if (state.scores) renderChanges();
  });
  ui.changesMore.addEventListener("click", () => {
    state.shown += PAGE;
    renderChanges();
  });
  $("#calibration-ranges").addEventListener("change", renderCalibration);
  $("#target-rate").addEventListener("input", debounce(renderCalibration, 150));
  $("#min-leads").addEventListener("input", debounce(renderCalibration, 150));
}

async function start() {
  wire();
  ui.asOf.value = state.asOf;
  try {
    await client.ready;
  } catch (error) {
    state.failure = `the scoring engine did not load (${error.message})`;
    render();
    return;
  }
  useExample(EXAMPLES[0].key);
  await loadLeads("examples", client.request("examples"));
}

start();
