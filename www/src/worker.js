// The simulator's worker: reads the loaded leads once into a resident lead set in Wasm
// (leadscore's `LeadSet`), compiles models with leadscore's browser build and answers every edit
// from the resident leads the cheapest exact way (a change of points, caps, floors, the
// threshold, bands, grid or MQL minimums from the rule table without looking at an event;
// another as-of time by folding the events already matched; another shape by matching the
// resident leads again, never by reading their text again), so the page stays responsive
// however many leads there are. It answers with compact score tables (typed arrays) and, for one
// lead at a time, the full results before and after; and it sends the page the edited model's
// rule table, from which the page reweighs the next edits of weights itself (local-reweigh.js).
//
// Protocol: the page posts `{ id, type, ...args }` and gets `{ id, ok: true, value }` or
// `{ id, ok: false, error: { name, message, path, errors } }`. The worker posts
// `{ type: "ready", version }` once the Wasm module is loaded, and the page waits for it.
import { Scorer, LeadSet, modelVersion } from "leadscore/full";
import { generateLead, generatorOptions } from "leadscore/generate";
import Papa from "papaparse";
import exampleLeads from "../../examples/leads/b2b-leads.json";
import { guessIdColumn, guessOutcomeColumn, outcomeColumns, rowsToLeads } from "./csv-leads.js";
import { standingsTable } from "./impact.js";
import { scorerCache } from "./scorer-cache.js";
import { DEMO_AS_OF, OUTCOME_NO, OUTCOME_YES, OUTCOME_UNKNOWN } from "./constants.js";

/** The generator's limits here: memory for the JSON text of the histories. */
const MAX_LEADS = 100_000;
const MAX_EVENTS = 2_000_000;

let leadSet = null; // { resident, source, ids, names, attributes, eventCounts, outcomes }
let csv = null; // { name, headers, rows, candidates, ragged }
let generation = 0;
const MQL_BIT = LeadSet.flags().mql;
let last = null; // the models and time of the last scores, for explaining one lead

const scorerFor = scorerCache((text) => new Scorer(text), 4);

const COST = { reweigh: 0, refold: 1, rescore: 2 };
/** The costlier of two answers' work: what the edit took. */
const costlier = (a, b) => (COST[a] >= COST[b] ? a : b);

/** Where every resident lead stands under the model `text` as of `asOf`, timed. */
function standingsFor(text, asOf) {
  const started = performance.now();
  const standings = leadSet.resident.standings(scorerFor(text), { asOf });
  return { standings, ms: performance.now() - started };
}

function bandNames(text) {
  const model = JSON.parse(text);
  return Array.isArray(model.bands) ? model.bands.map((band) => band.name) : [];
}

/** Warnings of the current model: per code, the leads that have it and the first message. */
function warningSummary(text, asOf) {
  return leadSet.resident.warnings(scorerFor(text), { asOf }).map((warning) => ({
    code: warning.code,
    leads: warning.leads,
    example: `${warning.first.leadId}: ${warning.first.path}: ${warning.first.message}`,
  }));
}

/** The rule table of the model `current` as of `asOf` in bytes, and what the page keeps beside. */
function ruleTable({ current, asOf, warnings }) {
  const bytes = leadSet.resident.ruleTable(scorerFor(current), { asOf });
  return { bytes, model: current, asOf, generation, warnings };
}

function useLeads(
  leads,
  { outcomes = null, kind, label, defaultAsOf, notes = [], generatedBy = null },
) {
  // Read first: leads the engine refuses leave the loaded set as it was.
  const text = JSON.stringify(leads);
  const resident = new LeadSet(text);
  generation++;
  last = null;
  const attributeNames = new Set();
  leadSet?.resident.free();
  leadSet = {
    resident,
    // What the full-build worker's accounts read: the generator's options for generated leads
    // (it makes the same leads again rather than this worker keeping their events' text), else
    // the leads' text (events and CSV rows of a size to keep).
    source: generatedBy ? { generate: generatedBy } : { text },
    ids: leads.map((lead) => String(lead.id)),
    names: leads.map((lead) => String(lead.attributes?.name ?? lead.attributes?.Name ?? "")),
    companies: leads.map((lead) =>
      String(lead.attributes?.company ?? lead.attributes?.Company ?? ""),
    ),
    attributes: leads.map((lead) => lead.attributes ?? {}),
    eventCounts: leads.map((lead) => lead.events?.length ?? 0),
    outcomes,
  };
  let firstEvent = Infinity;
  let lastEvent = -Infinity;
  for (const lead of leads)
    for (const event of Array.isArray(lead.events) ? lead.events : []) {
      const at = Date.parse(event?.at);
      if (at < firstEvent) firstEvent = at;
      if (at > lastEvent) lastEvent = at;
    }
  for (const attributes of leadSet.attributes)
    for (const name in attributes) attributeNames.add(name);
  return {
    generation,
    kind,
    label,
    count: leads.length,
    ids: leadSet.ids,
    names: leadSet.names,
    companies: leadSet.companies,
    outcomes,
    events: leadSet.eventCounts.reduce((a, b) => a + b, 0),
    span: firstEvent <= lastEvent ? { first: firstEvent, last: lastEvent } : null,
    attributeNames: [...attributeNames],
    defaultAsOf,
    notes,
  };
}

const handlers = {
  examples() {
    return useLeads(structuredClone(exampleLeads), {
      kind: "examples",
      label: `${exampleLeads.length} example leads`,
      defaultAsOf: DEMO_AS_OF,
    });
  },

  generate({ leads, seed, eventsPerLead, contactsPerAccount }) {
    const options = generatorOptions({ leads, seed, eventsPerLead, contactsPerAccount });
    if (options.leads > MAX_LEADS)
      throw new RangeError(
        `at most ${MAX_LEADS.toLocaleString("en-US")} leads here (asked for ${options.leads.toLocaleString("en-US")})`,
      );
    if (options.leads * options.eventsPerLead > MAX_EVENTS) {
      throw new RangeError(
        `about ${(options.leads * options.eventsPerLead).toLocaleString("en-US")} events is more than this page holds (${MAX_EVENTS.toLocaleString("en-US")}): fewer leads or events per lead`,
      );
    }
    const started = performance.now();
    const generated = [];
    const outcomes = new Uint8Array(options.leads);
    for (let i = 0; i < options.leads; i++) {
      const { lead, outcome } = generateLead(i, options);
      generated.push(lead);
      outcomes[i] = outcome.converted ? OUTCOME_YES : OUTCOME_NO;
    }
    const set = useLeads(generated, {
      outcomes,
      kind: "generated",
      label: `${options.leads.toLocaleString("en-US")} generated leads (seed ${JSON.stringify(options.seed)})`,
      defaultAsOf: DEMO_AS_OF,
      generatedBy: options,
    });
    return { ...set, generateMs: performance.now() - started };
  },

  /** A CSV read; `columns` (from a link) are the id and outcome columns to use, when given. */
  async csv({ file, name, columns = null }) {
    const text = typeof file === "string" ? file : await file.text();
    const parsed = Papa.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, {
      skipEmptyLines: "greedy",
    });
    const fatal = parsed.errors.find((error) => error.type === "Quotes");
    if (fatal)
      throw new Error(`${name} is not readable CSV: ${fatal.message} (row ${fatal.row + 2})`);
    if (parsed.data.length < 2) throw new Error(`${name} has no rows under its header`);
    const [rawHeaders, ...rows] = parsed.data;
    const headers = rawHeaders.map((header) => header.trim());
    const candidates = outcomeColumns(headers, rows);
    csv = {
      name,
      headers,
      rows,
      candidates,
      ragged: parsed.errors.filter((error) => error.type === "FieldMismatch").length,
    };
    return handlers.csvColumns({
      idColumn: columns?.idColumn !== undefined ? columns.idColumn : guessIdColumn(headers),
      outcomeColumn:
        columns?.outcomeColumn !== undefined
          ? columns.outcomeColumn
          : guessOutcomeColumn(candidates),
    });
  },

  /**
   * The CSV read last as leads, with `idColumn` and `outcomeColumn` (null: row numbers, no
   * outcome); a column the file lacks (a link's choice) is guessed instead, and a note says so.
   */
  csvColumns({ idColumn, outcomeColumn }) {
    if (!csv) throw new Error("no CSV loaded");
    const chosen = [];
    if (idColumn !== null && !csv.headers.includes(idColumn)) {
      const guess = guessIdColumn(csv.headers);
      chosen.push(
        `${csv.name} has no column “${idColumn}” for the lead id: ${guess === null ? "rows are numbered" : `“${guess}” is used`}`,
      );
      idColumn = guess;
    }
    if (outcomeColumn !== null && !csv.candidates.includes(outcomeColumn)) {
      const guess = guessOutcomeColumn(csv.candidates);
      chosen.push(
        `${csv.name} has no outcome column “${outcomeColumn}” (one whose cells are all yes or no): ${guess === null ? "no outcomes are used" : `“${guess}” is used`}`,
      );
      outcomeColumn = guess;
    }
    const { leads, outcomes, notes } = rowsToLeads(csv.headers, csv.rows, {
      idColumn,
      outcomeColumn,
    });
    notes.unshift(...chosen);
    if (csv.ragged > 0)
      notes.unshift(
        `${csv.ragged} row${csv.ragged === 1 ? " has" : "s have"} more or fewer cells than the header`,
      );
    const codes =
      outcomes &&
      Uint8Array.from(outcomes, (o) =>
        o === null ? OUTCOME_UNKNOWN : o ? OUTCOME_YES : OUTCOME_NO,
      );
    const set = useLeads(leads, {
      outcomes: codes,
      kind: "csv",
      label: `${leads.length.toLocaleString("en-US")} leads from ${csv.name}`,
      defaultAsOf: null,
      notes,
    });
    return {
      ...set,
      csv: {
        name: csv.name,
        headers: csv.headers,
        outcomeCandidates: csv.candidates,
        idColumn,
        outcomeColumn,
      },
    };
  },

  /**
   * Both models' score tables; `held` names the baseline scores the page already holds (`{
   * baseline, asOf, generation }`): when they are this request's, the baseline is not scored or
   * sent again (`before: null`).
   */
  score({ baseline, current, asOf, held = null, tableWanted = false }) {
    if (!leadSet) throw new Error("no leads loaded");
    const compileStarted = performance.now();
    scorerFor(current);
    try {
      scorerFor(baseline);
    } catch (error) {
      // A baseline that does not compile (a model file opened with mistakes): the page moves
      // the baseline to the first version that does.
      error.which = "baseline";
      throw error;
    }
    const compileMs = performance.now() - compileStarted;
    const keep =
      held?.baseline === baseline && held?.asOf === asOf && held?.generation === generation;
    // The baseline first, so that the edited model's answer is the last one (its table the
    // newest) and its figure is the edit's.
    const before = keep ? null : standingsFor(baseline, asOf);
    const after = current === baseline && before ? before : standingsFor(current, asOf);
    last = { baseline, current, asOf };
    const beforeTable = before && standingsTable(before.standings, bandNames(baseline), MQL_BIT);
    const afterTable =
      after === before ? beforeTable : standingsTable(after.standings, bandNames(current), MQL_BIT);
    const transfer = [...new Set([beforeTable, afterTable])]
      .filter(Boolean)
      .flatMap((table) => [
        table.totals.buffer,
        table.band.buffer,
        table.mql.buffer,
        table.fit.buffer,
        table.intent.buffer,
        table.fitBand.buffer,
        table.intentBand.buffer,
      ]);
    const warnings = warningSummary(current, asOf);
    // The edited model's rule table, for the page to reweigh the next edits itself.
    const table = tableWanted && ruleTable({ current, asOf, warnings });
    if (table) transfer.push(table.bytes.buffer);
    return {
      value: {
        generation,
        before: beforeTable,
        after: afterTable,
        table,
        warnings,
        work: before ? costlier(before.standings.work, after.standings.work) : after.standings.work,
        ms: {
          compile: compileMs,
          baseline: before && after !== before ? before.ms : 0,
          current: after.ms,
        },
      },
      transfer,
    };
  },

  /** The models and time the page now shows (an edit it reweighed itself), for `explain`. */
  follow({ baseline, current, asOf }) {
    last = { baseline, current, asOf };
    return null;
  },

  explain({ index }) {
    if (!leadSet || !last || index < 0 || index >= leadSet.ids.length)
      throw new Error(`no lead #${index}`);
    const { resident } = leadSet;
    return {
      id: leadSet.ids[index],
      name: leadSet.names[index],
      attributes: leadSet.attributes[index],
      events: leadSet.eventCounts[index],
      outcome: leadSet.outcomes ? leadSet.outcomes[index] : null,
      before: resident.result(index, scorerFor(last.baseline), { asOf: last.asOf }),
      after: resident.result(index, scorerFor(last.current), { asOf: last.asOf }),
    };
  },

  /** When each of the leads `indices` (those on screen) crossed the line, their events replayed. */
  crossings({ indices }) {
    if (!leadSet || !last) throw new Error("no scores yet");
    const scorer = scorerFor(last.current);
    return indices.map((index) =>
      index >= 0 && index < leadSet.ids.length
        ? leadSet.resident.result(index, scorer, { asOf: last.asOf }).crossedAt
        : null,
    );
  },

  story({ index }) {
    if (!leadSet || !last || index < 0 || index >= leadSet.ids.length)
      throw new Error(`no lead #${index}`);
    return leadSet.resident.story(index, scorerFor(last.current), { asOf: last.asOf });
  },

  /** Where the full-build worker's accounts get the loaded leads: `{ generation, text | generate }`. */
  leadsSource() {
    if (!leadSet) throw new Error("no leads loaded");
    return { generation, ...leadSet.source };
  },

  validate({ model }) {
    try {
      scorerFor(model);
      return [];
    } catch (error) {
      if (error?.name === "ModelError") return error.errors;
      throw error;
    }
  },
};

self.addEventListener("message", async ({ data }) => {
  const { id, type, ...args } = data;
  try {
    const handler = handlers[type];
    if (!handler) throw new Error(`unknown request ${type}`);
    const answer = await handler(args);
    if (answer && answer.transfer)
      self.postMessage({ id, ok: true, value: answer.value }, answer.transfer);
    else self.postMessage({ id, ok: true, value: answer });
  } catch (error) {
    self.postMessage({
      id,
      ok: false,
      error: {
        name: error?.name ?? "Error",
        message: error?.message ?? String(error),
        path: error?.path ?? null,
        errors: error?.errors ?? null,
        which: error?.which ?? null,
      },
    });
  }
});

self.postMessage({ type: "ready", version: modelVersion() });
