// Edits of weights answered on the page's main thread, in the frame of the edit: the worker
// holds the leads and sends the rule table of the model it last scored (its bytes, with each
// answer it gives), and an edit of points, caps, floors, the threshold, bands, grid or MQL
// minimums is reweighed here from that table by the same engine (leadscore's
// `LeadSet.keepTable`), so its standings are exactly the worker's. The table is copied into the
// engine's memory once, when it arrives (`KeptRuleTable`), not at each edit. Whatever the table
// cannot answer (another shape, as-of time, baseline or leads) goes to the worker as before. The
// engine is loaded here (a second instance of the same .wasm) once the first table arrives, and
// only for REWEIGH_HERE_FROM to REWEIGH_HERE_UP_TO leads: for fewer, the worker answers well
// within a frame; for more, the reweigh (14 ms for 100,000 leads) would block this thread about
// as long as the worker's answer takes to come back (measured: no faster at 100,000 leads, where
// 10,000 are).
import { compactTable } from "./impact.js";
import { scorerCache } from "./scorer-cache.js";

let engine = null; // leadscore/full, once loaded
let loading = null;
let table = null; // { model, asOf, generation, warnings, kept: KeptRuleTable, lastAfter, comparedWith }
const scorerFor = scorerCache((text) => new engine.Scorer(text), 3);

/** How many leads make the page reweigh itself. */
export const REWEIGH_HERE_FROM = 1000;
export const REWEIGH_HERE_UP_TO = 50_000;

/** Whether the page holds a table for these leads and as-of time. */
function holdsTable(generation, asOf) {
  return table !== null && table.generation === generation && table.asOf === asOf;
}

/**
 * Whether the worker sends the edited model's table with each answer for `count` leads: an edit
 * it answers is one the page's table could not (another shape, as-of time, baseline or leads).
 */
export const takesTables = (count) => count >= REWEIGH_HERE_FROM && count <= REWEIGH_HERE_UP_TO;

/**
 * Keeps the worker's rule table `{ bytes, model, asOf, generation, warnings }` for the edits to
 * come, in the engine's memory (loading the engine the first time); resolves once edits can be
 * reweighed from it.
 */
export function keepTable(next) {
  loading ??= import("leadscore/full").then(
    (loaded) => {
      engine = loaded;
    },
    (error) => console.error(`the page reweighs in the worker only: ${error.message}`),
  );
  table?.kept?.free();
  table = next;
  // Into the engine's memory once; the bytes are not needed here after. A table the engine
  // refuses leaves the edits to the worker.
  const keep = () => {
    if (table !== next) return;
    let tabulated = null;
    try {
      tabulated = new engine.Scorer(next.model);
      next.kept = engine.LeadSet.keepTable(next.bytes, tabulated);
    } catch (error) {
      console.error(`the worker answers these edits: ${error.message}`);
    } finally {
      tabulated?.free();
    }
    next.bytes = null;
  };
  if (engine) keep();
  return loading.then(() => engine && next.bytes && keep());
}

/**
 * The edited model's scores from the kept table, as the worker's `score` answers them
 * (`{ after, warnings, work, ms }`), or null when the table cannot answer (the worker must).
 * `previous` is the table on screen: its columns are kept where the points are the same;
 * `before` the baseline's, which the changes are ranked against. The
 * engine answers in the page's own column types, with the counts the render takes from them
 * and the model's band names (`KeptRuleTable.reweighCompact`): no pass over the leads here.
 */
export function reweighHere({ current, asOf, generation, previous, before = null }) {
  if (!engine || !table?.kept || !holdsTable(generation, asOf)) return null;
  const started = performance.now();
  let scorer;
  try {
    scorer = scorerFor(current);
  } catch {
    return null; // the worker says what is wrong with the model
  }
  // The baseline's table on screen, which each answer's changes are ranked against (its
  // columns copied into the engine once per baseline table).
  if (before && table.comparedWith !== before) {
    table.kept.compareWith(before.mql, before.band, before.bands);
    table.comparedWith = before;
  }
  const compact = table.kept.reweighCompact(scorer);
  if (!compact) return null;
  const ms = performance.now() - started;
  // The points are those of the table made from the kept table's last answer: when that table is
  // `previous`, its columns are these points (no compare).
  const samePoints = compact.pointsKept && previous === table.lastAfter;
  const after = compactTable(compact, previous, samePoints, table.comparedWith);
  table.lastAfter = after;
  return {
    after,
    warnings: table.warnings,
    work: compact.work,
    ms: { compile: 0, baseline: 0, current: ms },
  };
}
