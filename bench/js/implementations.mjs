// Every row of the benchmark: an implementation (or an entry point of one) that scores the
// workload's leads as of the same time. Adding a row is one entry in ROWS.
//
// A row's `setup(ctx)` does what happens once per model (compiling it) and returns `run(input)`,
// which scores the whole input and returns one result per lead with `fit`, `intent` and `total`.
// The timed region is `run`: from the leads (objects, or the JSON text of the array for rows
// whose `input` is "text", or the objects `JSON.parse` made of it for rows whose `input` is
// "parsed") to every lead's totals. ctx: { model, modelText, asOf (RFC 3339),
// asOfMs }.
import { Scorer, LeadStore } from "leadscore";
import { compileModel } from "./handwritten.mjs";
import { jsonLogicScorer } from "./engines/json-logic.mjs";
import { jsonRulesScorer } from "./engines/json-rules.mjs";

export const ROWS = [
  {
    id: "scoreBatch",
    label: "leadscore `scoreBatch` (objects, the compact form: no JSON)",
    group: "leadscore",
    input: "objects",
    setup({ modelText, asOf }) {
      const scorer = new Scorer(modelText);
      const options = { asOf };
      return (leads) => scorer.scoreBatch(leads, options);
    },
  },
  {
    id: "scoreBatchObjectsSummary",
    label: 'leadscore `scoreBatch` (objects, `detail: "summary"`)',
    group: "leadscore",
    input: "objects",
    setup({ modelText, asOf }) {
      const scorer = new Scorer(modelText);
      const options = { asOf, detail: "summary" };
      return (leads) => scorer.scoreBatch(leads, options);
    },
  },
  {
    id: "scoreBatchText",
    label: "leadscore `scoreBatch` (JSON text)",
    group: "leadscore",
    input: "text",
    setup({ modelText, asOf }) {
      const scorer = new Scorer(modelText);
      const options = { asOf };
      return (text) => scorer.scoreBatch(text, options);
    },
  },
  {
    id: "scoreBatchSummary",
    label: 'leadscore `scoreBatch` (JSON text, `detail: "summary"`)',
    group: "leadscore",
    input: "text",
    setup({ modelText, asOf }) {
      const scorer = new Scorer(modelText);
      const options = { asOf, detail: "summary" };
      return (text) => scorer.scoreBatch(text, options);
    },
  },
  {
    id: "score",
    label: "leadscore `score` per lead",
    group: "leadscore",
    input: "objects",
    setup({ modelText, asOf }) {
      const scorer = new Scorer(modelText);
      const options = { asOf };
      return (leads) => leads.map((lead) => scorer.score(lead, options));
    },
  },
  {
    id: "handwritten",
    label: "hand-written JavaScript",
    group: "competitor",
    input: "objects",
    setup({ model, asOfMs }) {
      const scorer = compileModel(model);
      return (leads) => leads.map((lead) => scorer.score(lead, asOfMs));
    },
  },
  {
    id: "handwrittenText",
    label: "hand-written JavaScript (JSON text: `JSON.parse` first)",
    group: "competitor",
    input: "text",
    setup({ model, asOfMs }) {
      const scorer = compileModel(model);
      return (text) => JSON.parse(text).map((lead) => scorer.score(lead, asOfMs));
    },
  },
  {
    id: "jsonLogicCompiled",
    label: "json-logic-engine, compiled",
    group: "competitor",
    input: "objects",
    setup({ model, asOfMs }) {
      const scorer = jsonLogicScorer(model, "compiled");
      return (leads) => leads.map((lead) => scorer.score(lead, asOfMs));
    },
  },
  {
    id: "jsonLogicCompiledText",
    label: "json-logic-engine, compiled (JSON text: `JSON.parse` first)",
    group: "competitor",
    input: "text",
    setup({ model, asOfMs }) {
      const scorer = jsonLogicScorer(model, "compiled");
      return (text) => JSON.parse(text).map((lead) => scorer.score(lead, asOfMs));
    },
  },
  {
    id: "jsonLogicInterpreted",
    label: "json-logic-engine, interpreted",
    group: "competitor",
    input: "objects",
    setup({ model, asOfMs }) {
      const scorer = jsonLogicScorer(model, "interpreted");
      return (leads) => leads.map((lead) => scorer.score(lead, asOfMs));
    },
  },
  {
    id: "jsonRules",
    label: "json-rules-engine",
    group: "competitor",
    input: "objects",
    // About 50 times slower than the rest: timed on the first `slowLeads` leads (a rate per lead).
    slow: true,
    setup({ model, asOfMs }) {
      const scorer = jsonRulesScorer(model);
      return async (leads) => {
        const results = [];
        for (const lead of leads) results.push(await scorer.score(lead, asOfMs));
        return results;
      };
    },
  },
];

export function findRows(ids) {
  if (!ids) return ROWS;
  const wanted = new Set(ids);
  const rows = ROWS.filter((row) => wanted.has(row.id));
  for (const id of wanted)
    if (!ROWS.some((row) => row.id === id))
      throw new Error(`unknown row ${id}; rows: ${ROWS.map((r) => r.id).join(", ")}`);
  return rows;
}

/**
 * Rows of the incremental benchmark: one new event per call, as of that event's time.
 * `setup(ctx)` returns { start(lead) -> session, add(session, event) -> result with fit, intent
 * and total }. Each lead's last result is checked against leadscore's `score` of its history.
 */
export const UPDATE_ROWS = [
  {
    id: "update",
    label: "leadscore `update` (state bytes in and out)",
    setup({ modelText }) {
      const scorer = new Scorer(modelText);
      return {
        start: (lead) => ({
          state: scorer.initState({ id: lead.id, attributes: lead.attributes }),
        }),
        add(session, event) {
          const { state, result } = scorer.update(session.state, [event], { asOf: event.at });
          session.state = state;
          return result;
        },
      };
    },
  },
  {
    id: "store",
    label: "leadscore `LeadStore.push` (state resident in Wasm; event as JSON text, asOf in ms)",
    setup({ modelText }) {
      const scorer = new Scorer(modelText);
      const store = new LeadStore(scorer);
      return {
        start: (lead) => {
          store.add({ id: lead.id, attributes: lead.attributes });
          return { id: lead.id };
        },
        prepare: (event) => [JSON.stringify(event), Date.parse(event.at)],
        add(session, [text, asOfMs]) {
          store.push(session.id, text, asOfMs);
          return session;
        },
        finish: (session, lastEvent) =>
          lastEvent ? store.result(session.id, { asOf: lastEvent.at }) : null,
      };
    },
  },
  {
    id: "storeObject",
    label: "leadscore `LeadStore.push` (state resident in Wasm; the event object, asOf in ms)",
    setup({ modelText }) {
      const scorer = new Scorer(modelText);
      const store = new LeadStore(scorer);
      return {
        start: (lead) => {
          store.add({ id: lead.id, attributes: lead.attributes });
          return { id: lead.id };
        },
        prepare: (event) => [event, Date.parse(event.at)],
        add(session, [event, asOfMs]) {
          store.push(session.id, event, asOfMs);
          return session;
        },
        finish: (session, lastEvent) =>
          lastEvent ? store.result(session.id, { asOf: lastEvent.at }) : null,
      };
    },
  },
  {
    id: "handwrittenRescore",
    label: "hand-written JavaScript, rescoring the history so far on each event",
    setup({ model }) {
      const scorer = compileModel(model);
      return {
        start: (lead) => ({ lead: { id: lead.id, attributes: lead.attributes, events: [] } }),
        add(session, event) {
          session.lead.events.push(event);
          return scorer.score(session.lead, Date.parse(event.at));
        },
      };
    },
  },
];

// The same leads through `JSON.parse` of their text, untimed (flat strings, as leads from fetch, a
// file or a database driver are; the generator's are cons strings): every implementation alike,
// each row beside the one it repeats with that input (bench/README.md, "Objects path, round 9").
for (const [twin, id, label] of [
  [
    "scoreBatch",
    "scoreBatchParsed",
    "leadscore `scoreBatch` (objects from `JSON.parse`, the compact form)",
  ],
  [
    "scoreBatchObjectsSummary",
    "scoreBatchParsedSummary",
    'leadscore `scoreBatch` (objects from `JSON.parse`, `detail: "summary"`)',
  ],
  ["handwritten", "handwrittenParsed", "hand-written JavaScript (objects from `JSON.parse`)"],
  [
    "jsonLogicCompiled",
    "jsonLogicCompiledParsed",
    "json-logic-engine, compiled (objects from `JSON.parse`)",
  ],
]) {
  const at = ROWS.findIndex((row) => row.id === twin);
  ROWS.splice(at + 1, 0, { ...ROWS[at], id, label, input: "parsed" });
}
