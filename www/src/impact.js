// What a model change did to a set of leads: MQLs before and after, the band distribution, and
// the leads whose MQL status or band changed. Pure functions over the compact score table the
// worker sends for each model: `{ totals, band, mql, bands }` where `band[i]` indexes `bands`
// (NO_BAND when the lead has none) and `mql[i]` is 1 or 0.

import { OUTCOME_NO, OUTCOME_YES } from "./constants.js";

export const NO_BAND = 255;

/** A compact table from full results (as tests build it; the worker's comes from standings). */
export function scoreTable(results, bandNames) {
  const n = results.length;
  const table = {
    totals: new Int32Array(n),
    band: new Uint8Array(n),
    mql: new Uint8Array(n),
    bands: [...bandNames],
  };
  const index = new Map(bandNames.map((name, i) => [name, i]));
  for (let i = 0; i < n; i++) {
    const result = results[i];
    table.totals[i] = result.total;
    table.band[i] = result.band === null ? NO_BAND : (index.get(result.band) ?? NO_BAND);
    table.mql[i] = result.mql ? 1 : 0;
  }
  return table;
}

/**
 * A compact table from a `LeadSet`'s standings (band -1 becomes NO_BAND, `mqlBit` is
 * `LeadSet.flags().mql`), with the fit and intent columns and the grid cell too.
 */
export function standingsTable(standings, bandNames, mqlBit) {
  const n = standings.total.length;
  const table = {
    totals: Int32Array.from(standings.total),
    fit: Int32Array.from(standings.fit),
    intent: Int32Array.from(standings.intent),
    band: new Uint8Array(n),
    mql: new Uint8Array(n),
    bands: [...bandNames],
    // The grid cell's fit and intent band positions (-1: none, or no grid).
    fitBand: Int16Array.from(standings.fitBand),
    intentBand: Int16Array.from(standings.intentBand),
  };
  for (let i = 0; i < n; i++) {
    table.band[i] = standings.band[i] < 0 ? NO_BAND : standings.band[i];
    table.mql[i] = standings.flags[i] & mqlBit ? 1 : 0;
  }
  return table;
}

export const bandName = (table, i) =>
  table.band[i] === NO_BAND ? null : table.bands[table.band[i]];

export function mqlCount(table) {
  let count = 0;
  for (let i = 0; i < table.mql.length; i++) count += table.mql[i];
  return count;
}

/**
 * Leads per band before and after, `[{ band, before, after }]`: the baseline's bands in order,
 * then bands only the new model has, then `null` (no band) if any lead has none.
 */
export function bandDistribution(before, after) {
  const names = [...before.bands];
  for (const name of after.bands) if (!names.includes(name)) names.push(name);
  const rows = new Map(names.map((name) => [name, { band: name, before: 0, after: 0 }]));
  const add = (table, side) => {
    for (let i = 0; i < table.band.length; i++) {
      const name = bandName(table, i);
      if (!rows.has(name)) rows.set(name, { band: name, before: 0, after: 0 });
      rows.get(name)[side]++;
    }
  };
  add(before, "before");
  add(after, "after");
  return [...rows.values()];
}

const KIND_ORDER = { "became-mql": 0, "no-longer-mql": 1, band: 2, none: 3 };

/** How lead `i` changed: "became-mql", "no-longer-mql", "band" or "none". */
export function changeKind(before, after, i) {
  if (before.mql[i] !== after.mql[i]) return after.mql[i] ? "became-mql" : "no-longer-mql";
  if (bandName(before, i) !== bandName(after, i)) return "band";
  return "none";
}

/**
 * The leads that changed (or, with `all`, every lead), most telling first: new MQLs, lost MQLs,
 * then band changes; within each, the biggest score change first, then the input order.
 * Each row: `{ index, kind, before: { total, band, mql }, after: { ... } }`.
 */
export function changedLeads(before, after, { all = false } = {}) {
  const rows = [];
  for (let i = 0; i < before.totals.length; i++) {
    const kind = changeKind(before, after, i);
    if (kind === "none" && !all) continue;
    rows.push({
      index: i,
      kind,
      before: { total: before.totals[i], band: bandName(before, i), mql: before.mql[i] === 1 },
      after: { total: after.totals[i], band: bandName(after, i), mql: after.mql[i] === 1 },
    });
  }
  rows.sort(
    (a, b) =>
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      Math.abs(b.after.total - b.before.total) - Math.abs(a.after.total - a.before.total) ||
      (all ? b.after.total - a.after.total : 0) ||
      a.index - b.index,
  );
  return rows;
}

/** Counts of each kind of change. */
export function changeCounts(before, after) {
  const counts = { "became-mql": 0, "no-longer-mql": 0, band: 0, none: 0 };
  for (let i = 0; i < before.totals.length; i++) counts[changeKind(before, after, i)]++;
  return counts;
}

/**
 * Leads per cell: `cells[fit][intent] = { leads, converted, known }` for `fitCount` × `intentCount`
 * cells, from a table's `fitBand`/`intentBand` columns (leads without a cell are left out) and
 * the outcomes (OUTCOME_YES / OUTCOME_NO; others unknown), if any.
 */
export function gridCells(table, fitCount, intentCount, outcomes = null) {
  const cells = Array.from({ length: fitCount }, () =>
    Array.from({ length: intentCount }, () => ({ leads: 0, converted: 0, known: 0 })),
  );
  for (let i = 0; i < table.fitBand.length; i++) {
    const cell = cells[table.fitBand[i]]?.[table.intentBand[i]];
    if (!cell) continue;
    cell.leads++;
    if (outcomes && (outcomes[i] === OUTCOME_YES || outcomes[i] === OUTCOME_NO)) {
      cell.known++;
      if (outcomes[i] === OUTCOME_YES) cell.converted++;
    }
  }
  return cells;
}
