// The simulator's worker: holds the loaded leads (as JSON text, the engine's fast path), compiles
// models with leadscore's browser build and scores every lead, so the page stays responsive
// however many leads there are. It answers with compact score tables (typed arrays) and, for one
// lead at a time, the full results before and after.
//
// Protocol: the page posts `{ id, type, ...args }` and gets `{ id, ok: true, value }` or
// `{ id, ok: false, error: { name, message, path, errors } }`. The worker posts
// `{ type: "ready", version }` once the Wasm module is loaded, and the page waits for it.
import { Scorer, modelVersion } from "leadscore";
import { generateLead, generatorOptions } from "leadscore/generate";
import Papa from "papaparse";
import exampleLeads from "../../examples/leads/b2b-leads.json";
import { guessIdColumn, guessOutcomeColumn, outcomeColumns, rowsToLeads } from "./csv-leads.js";
import { scoreTable } from "./impact.js";
import { DEMO_AS_OF, OUTCOME_NO, OUTCOME_YES, OUTCOME_UNKNOWN } from "./constants.js";

/** The generator's limits here: memory for the JSON text of the histories. */
const MAX_LEADS = 100_000;
const MAX_EVENTS = 2_000_000;

let leadSet = null; // { text, ids, names, attributes, eventCounts, outcomes }
let csv = null; // { name, headers, rows, candidates, ragged }
let generation = 0;
const scorers = new Map(); // model text -> Scorer (a few, least recently used first)
const scored = new Map(); // `${generation}|${asOf}|${model text}` -> results (the last two)
let last = { before: null, after: null };

function scorerFor(text) {
  let scorer = scorers.get(text);
  if (scorer) scorers.delete(text);
  else scorer = new Scorer(text);
  scorers.set(text, scorer);
  while (scorers.size > 4) {
    const [oldest, evicted] = scorers.entries().next().value;
    scorers.delete(oldest);
    evicted.free();
  }
  return scorer;
}

function resultsFor(text, asOf) {
  const key = `${generation}|${asOf}|${text}`;
  let entry = scored.get(key);
  if (entry) {
    scored.delete(key);
    scored.set(key, entry);
    return { ...entry, cached: true };
  }
  const scorer = scorerFor(text);
  const started = performance.now();
  const results = scorer.scoreBatch(leadSet.text, { asOf });
  entry = { results, ms: performance.now() - started };
  scored.set(key, entry);
  while (scored.size > 2) scored.delete(scored.keys().next().value);
  return { ...entry, cached: false };
}

function bandNames(text) {
  const model = JSON.parse(text);
  return Array.isArray(model.bands) ? model.bands.map((band) => band.name) : [];
}

/** Warnings across all results: per code, the leads that have it and the first message. */
function warningSummary(results) {
  const byCode = new Map();
  for (const result of results) {
    for (const warning of result.warnings) {
      const entry = byCode.get(warning.code) ?? {
        code: warning.code,
        leads: 0,
        example: `${result.leadId}: ${warning.path}: ${warning.message}`,
      };
      entry.leads++;
      byCode.set(warning.code, entry);
    }
  }
  return [...byCode.values()];
}

function useLeads(leads, { outcomes = null, kind, label, defaultAsOf, notes = [] }) {
  generation++;
  scored.clear();
  last = { before: null, after: null };
  const attributeNames = new Set();
  leadSet = {
    text: JSON.stringify(leads),
    ids: leads.map((lead) => String(lead.id)),
    names: leads.map((lead) => String(lead.attributes?.name ?? lead.attributes?.Name ?? "")),
    attributes: leads.map((lead) => lead.attributes ?? {}),
    eventCounts: leads.map((lead) => lead.events?.length ?? 0),
    outcomes,
  };
  for (const attributes of leadSet.attributes)
    for (const name in attributes) attributeNames.add(name);
  return {
    generation,
    kind,
    label,
    count: leads.length,
    ids: leadSet.ids,
    names: leadSet.names,
    outcomes,
    events: leadSet.eventCounts.reduce((a, b) => a + b, 0),
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

  generate({ leads, seed, eventsPerLead }) {
    const options = generatorOptions({ leads, seed, eventsPerLead });
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
    });
    return { ...set, generateMs: performance.now() - started };
  },

  async csv({ file, name }) {
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
      idColumn: guessIdColumn(headers),
      outcomeColumn: guessOutcomeColumn(candidates),
    });
  },

  csvColumns({ idColumn, outcomeColumn }) {
    if (!csv) throw new Error("no CSV loaded");
    const { leads, outcomes, notes } = rowsToLeads(csv.headers, csv.rows, {
      idColumn,
      outcomeColumn,
    });
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

  score({ baseline, current, asOf }) {
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
    const before = resultsFor(baseline, asOf);
    const after = current === baseline ? before : resultsFor(current, asOf);
    last = { before: before.results, after: after.results };
    const beforeTable = scoreTable(before.results, bandNames(baseline));
    const afterTable = scoreTable(after.results, bandNames(current));
    const transfer = [beforeTable, afterTable].flatMap((table) => [
      table.totals.buffer,
      table.band.buffer,
      table.mql.buffer,
    ]);
    return {
      value: {
        generation,
        before: beforeTable,
        after: afterTable,
        warnings: warningSummary(after.results),
        ms: {
          compile: compileMs,
          baseline: before.cached ? 0 : before.ms,
          current: after === before ? 0 : after.cached ? 0 : after.ms,
        },
      },
      transfer,
    };
  },

  explain({ index }) {
    if (!leadSet || !last.after || index < 0 || index >= leadSet.ids.length)
      throw new Error(`no lead #${index}`);
    return {
      id: leadSet.ids[index],
      name: leadSet.names[index],
      attributes: leadSet.attributes[index],
      events: leadSet.eventCounts[index],
      outcome: leadSet.outcomes ? leadSet.outcomes[index] : null,
      before: last.before[index],
      after: last.after[index],
    };
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
