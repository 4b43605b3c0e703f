// The page's state in its URL (page-link.js encodes it): written after each render that scored,
// a new history entry once the page has been still for a moment (edits in a burst replace the
// same entry), so that back and forward step through the edits; read at start and on back and
// forward, where it loads the example model with the edits, the leads and the as-of time (a
// CSV export it names is asked for again: a link cannot carry the file).
import { $ } from "./dom.js";
import { EXAMPLES, state } from "./page.js";
import { applyDiff, decodeLink, encodeLink, modelDiff } from "./page-link.js";
import { showModel, useExample } from "./model-panel.js";
import { askForCsv, loadExampleLeads, useCsvFromLink } from "./lead-sources.js";
import { scoring } from "./scoring.js";

const QUIET_MS = 1000;
let lastWrite = 0;
let applying = false;

function currentLink() {
  const example = EXAMPLES.find((e) => e.key === $("#model-example").value) ?? EXAMPLES[0];
  const kind = state.leadSet?.kind;
  const leads =
    kind === "generated"
      ? {
          kind,
          n: Number($("#gen-count").value),
          seed: $("#gen-seed").value,
          events: Number($("#gen-events").value),
          contacts: Number($("#gen-contacts").value),
        }
      : kind === "csv"
        ? {
            kind,
            file: state.csv?.name ?? "",
            idColumn: state.csv?.idColumn ?? null,
            outcomeColumn: state.csv?.outcomeColumn ?? null,
          }
        : { kind };
  return encodeLink({
    example: example.key,
    edits: modelDiff(example.model, state.model),
    leads,
    asOf: state.asOf,
  });
}

/** Writes the state into the URL (after a render that scored). */
export function syncUrl() {
  if (applying || !state.scores || state.jsonError) return;
  const link = currentLink();
  if (link === location.hash) return;
  const now = Date.now();
  if (now - lastWrite < QUIET_MS) history.replaceState(null, "", link);
  else history.pushState(null, "", link);
  lastWrite = now;
}

/** Loads the state a link holds; false when the URL holds none. */
export async function applyUrl() {
  const link = decodeLink(location.hash);
  const example = link && EXAMPLES.find((e) => e.key === link.example);
  if (!example) return false;
  applying = true;
  try {
    useExample(example.key);
    if (link.edits.length > 0) showModel(applyDiff(example.model, link.edits));
    state.linkAsOf = link.asOf;
    const current = state.leadSet;
    if (link.leads?.kind === "csv") {
      const { file, idColumn, outcomeColumn } = link.leads;
      const sameColumns =
        (idColumn === undefined || idColumn === state.csv?.idColumn) &&
        (outcomeColumn === undefined || outcomeColumn === state.csv?.outcomeColumn);
      if (state.csv?.name !== file) askForCsv(link.leads);
      // The CSV read last is that file: its leads again, with the link's columns.
      else if (current?.kind !== "csv" || !sameColumns) useCsvFromLink(link.leads);
      else if (link.asOf) setAsOf(link.asOf);
      return true;
    }
    const same =
      current &&
      current.kind === (link.leads?.kind ?? current.kind) &&
      (link.leads?.kind !== "generated" ||
        (Number($("#gen-count").value) === link.leads.n &&
          $("#gen-seed").value === link.leads.seed &&
          Number($("#gen-events").value) === link.leads.events &&
          Number($("#gen-contacts").value) === (link.leads.contacts ?? 1)));
    if (!same && link.leads?.kind === "generated") {
      $("#gen-count").value = String(link.leads.n);
      $("#gen-seed").value = link.leads.seed;
      $("#gen-events").value = String(link.leads.events);
      $("#gen-contacts").value = String(link.leads.contacts ?? 1);
      const radio = $('input[name="lead-source"][value="generated"]');
      radio.checked = true;
      radio.dispatchEvent(new Event("change"));
    } else if (!same || !current) {
      $('input[name="lead-source"][value="examples"]').checked = true;
      await loadExampleLeads();
    } else if (link.asOf) setAsOf(link.asOf);
  } finally {
    lastWrite = Date.now();
    setTimeout(() => (applying = false), 0);
  }
  return true;
}

/** Scores the leads loaded as of the link's time. */
function setAsOf(asOf) {
  state.asOf = asOf;
  $("#as-of").value = asOf;
  state.linkAsOf = null;
  scoring.run();
}

export function wireUrlState() {
  window.addEventListener("popstate", () => applyUrl());
}
