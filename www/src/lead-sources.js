// Where the leads come from: the example leads, generated ones (count, seed, events per lead,
// contacts per account) or a CRM export (CSV, with its id and outcome columns chosen here), each
// read by the worker; and the as-of time they are scored at (set, now, or the demo time).
import { $, h, fill, setHidden, setText } from "./dom.js";
import { DEMO_AS_OF } from "./constants.js";
import { PAGE, render, setBusy, state } from "./page.js";
import { client, scoring } from "./scoring.js";
import { debounce } from "./worker-client.js";

const ui = {
  asOf: $("#as-of"),
  asOfError: $("#as-of-error"),
  generateForm: $("#generate-form"),
  csvForm: $("#csv-form"),
  csvFile: $("#csv-file"),
  csvId: $("#csv-id"),
  csvOutcome: $("#csv-outcome"),
};

const nowText = () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z");

/** Loads the example leads, and scores them. */
export const loadExampleLeads = () => loadLeads("examples", client.request("examples"));

/**
 * Makes the lead set the worker answers `request` with the loaded leads (scored as of their
 * default time, or now), and scores them; `kind` says what the status line shows meanwhile.
 */
async function loadLeads(kind, request) {
  state.leadsError = null;
  setBusy(
    kind === "csv"
      ? "Reading the CSV…"
      : kind === "generated"
        ? "Generating leads…"
        : "Loading the example leads…",
  );
  try {
    const set = await request;
    state.leadSet = set;
    // A link's as-of time (url-state.js) wins over the leads' default, once.
    state.asOf = state.linkAsOf ?? set.defaultAsOf ?? nowText();
    state.linkAsOf = null;
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

/** The id and outcome columns a link chose for the CSV file it names, until that file is read. */
let linkColumns = null;

/** A link's column choices (`{ idColumn?, outcomeColumn? }`: those it gives). */
const columnsOf = ({ idColumn, outcomeColumn }) => ({ idColumn, outcomeColumn });

function showCsvImport() {
  $('input[name="lead-source"][value="csv"]').checked = true;
  ui.generateForm.hidden = true;
  ui.csvForm.hidden = false;
}

/**
 * A link names leads imported from a CSV file (`leads.file`, with the columns it chose), which it
 * cannot carry: the CSV import is chosen and the page says to import that file again, read then
 * with the link's columns. Nothing is scored meanwhile, unless other leads are already loaded
 * (the page then says it still shows those).
 */
export function askForCsv(leads) {
  const name = leads.file;
  linkColumns = { file: name, ...columnsOf(leads) };
  showCsvImport();
  const file = name ? `“${name}”` : "a CSV file";
  state.leadsError = `This link was made with leads imported from ${file}, which a link cannot carry: import that file again (it stays in your browser) to see the link's view.${state.leadSet ? ` Meanwhile this shows the leads loaded before: ${state.leadSet.label}.` : ""}`;
  setBusy(null);
  render();
}

function chooseSource(kind) {
  ui.generateForm.hidden = kind !== "generated";
  ui.csvForm.hidden = kind !== "csv";
  if (kind === "examples") loadExampleLeads();
  else if (kind === "generated") generate();
  else if (kind === "csv" && state.csv) useCsvColumns();
}

function generate() {
  loadLeads(
    "generated",
    client.request("generate", {
      leads: Number($("#gen-count").value),
      seed: $("#gen-seed").value,
      eventsPerLead: Number($("#gen-events").value),
      contactsPerAccount: Number($("#gen-contacts").value),
    }),
  );
}

/** The CSV read last is the file a link names: its leads, with the link's columns. */
export function useCsvFromLink(leads) {
  showCsvImport();
  useCsvColumns(columnsOf(leads));
}

/** The CSV read last as leads, with `columns` where given, else those chosen on the page. */
function useCsvColumns(columns = {}) {
  const selected = (select) => (select.value === "" ? null : select.value);
  loadLeads(
    "csv",
    client.request("csvColumns", {
      idColumn: columns.idColumn !== undefined ? columns.idColumn : selected(ui.csvId),
      outcomeColumn:
        columns.outcomeColumn !== undefined ? columns.outcomeColumn : selected(ui.csvOutcome),
    }),
  );
}

let csvDrawn = null;

/** The CSV's column choices (the lead id, the outcome), once a CSV is read. */
export function renderCsvColumns() {
  const csv = state.csv;
  setHidden($("#csv-id-field"), !csv);
  setHidden($("#csv-outcome-field"), !csv);
  // Drawn once per file or choice of columns, so a render never resets a select in use.
  if (!csv || csv === csvDrawn) return;
  csvDrawn = csv;
  columnChoice(ui.csvId, "(row number)", csv.headers, csv.idColumn);
  columnChoice(ui.csvOutcome, "none", csv.outcomeCandidates, csv.outcomeColumn);
}

/** Fills a select with the columns `headers` (`chosen` selected) after a "no column" option. */
function columnChoice(select, noColumn, headers, chosen) {
  fill(
    select,
    h("option", { value: "" }, noColumn),
    headers.map((header) => h("option", { value: header, selected: header === chosen }, header)),
  );
}

/** The engine's word on an as-of time that is not one. */
export function renderAsOf() {
  setHidden(ui.asOfError, !state.asOfError);
  setText(ui.asOfError, state.asOfError ? `asOf: ${state.asOfError}` : "");
  ui.asOf.toggleAttribute("aria-invalid", Boolean(state.asOfError));
}

export function wireLeadSources() {
  for (const radio of document.querySelectorAll('input[name="lead-source"]'))
    radio.addEventListener("change", () => chooseSource(radio.value));
  ui.generateForm.addEventListener("submit", (event) => {
    event.preventDefault();
    generate();
  });
  ui.csvFile.addEventListener("change", () => {
    const file = ui.csvFile.files[0];
    if (!file) return;
    const columns = linkColumns?.file === file.name ? linkColumns : null;
    linkColumns = null;
    loadLeads("csv", client.request("csv", { file, name: file.name, columns }));
  });
  ui.csvId.addEventListener("change", () => useCsvColumns());
  ui.csvOutcome.addEventListener("change", () => useCsvColumns());

  const setAsOf = (value) => {
    ui.asOf.value = value;
    state.asOf = value.trim();
    scoring.run();
  };
  ui.asOf.addEventListener(
    "input",
    debounce(() => setAsOf(ui.asOf.value), 400),
  );
  $("#as-of-now").addEventListener("click", () => setAsOf(nowText()));
  $("#as-of-demo").addEventListener("click", () => setAsOf(DEMO_AS_OF));
  ui.asOf.value = state.asOf;
}
