// What a model change did to a set of leads: MQLs before and after, the band distribution, and
// the leads whose MQL status or band changed. Pure functions over the compact score table the
// worker sends for each model: `{ totals, band, mql, bands }` where `band[i]` indexes `bands`
// (NO_BAND when the lead has none) and `mql[i]` is 1 or 0.

import { OUTCOME_NO, OUTCOME_YES } from "./constants.js";

export const NO_BAND = 255;

const memos = new WeakMap();

/**
 * `compute()` for `table` and `key`, worked out once per table (a table is never changed once
 * made): the baseline's table is shown against edit after edit, and its counts need no pass.
 */
export function perTable(table, key, compute) {
  let memo = memos.get(table);
  if (!memo) memos.set(table, (memo = new Map()));
  if (!memo.has(key)) memo.set(key, compute());
  return memo.get(key);
}

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
 * `LeadSet.flags().mql`), with the fit and intent columns and the grid cell too. Points equal to
 * `previous`'s (a table made before, such as the one an edit of the threshold follows) are
 * `previous`'s own arrays, so that what is worked out from them once (the distribution's bins)
 * is not worked out again.
 */
export function standingsTable(standings, bandNames, mqlBit, previous = null) {
  const n = standings.total.length;
  const same = (column, kept) => {
    if (kept?.length !== n) return false;
    for (let i = 0; i < n; i++) if (column[i] !== kept[i]) return false;
    return true;
  };
  const points = (column, kept) => (same(column, kept) ? kept : new Int32Array(column));
  const table = {
    // Typed arrays from typed arrays: a copy each, not an iteration.
    totals: points(standings.total, previous?.totals),
    fit: points(standings.fit, previous?.fit),
    intent: points(standings.intent, previous?.intent),
    band: new Uint8Array(n),
    mql: new Uint8Array(n),
    bands: [...bandNames],
    // The grid cell's fit and intent band positions (-1: none, or no grid).
    fitBand: new Int16Array(standings.fitBand),
    intentBand: new Int16Array(standings.intentBand),
  };
  const { band, flags } = standings;
  for (let i = 0; i < n; i++) {
    table.band[i] = band[i] < 0 ? NO_BAND : band[i];
    table.mql[i] = flags[i] & mqlBit ? 1 : 0;
  }
  return table;
}

/**
 * The page's table from the engine's compact standings (`KeptRuleTable.reweighCompact`: its
 * columns already in the table's types, exactly `standingsTable`'s), with the counts the engine
 * made in the same pass taken as this table's own (`mqlCount`, the band counts, the totals'
 * range): no pass over the leads. Points equal to `previous`'s are `previous`'s own arrays, as
 * in `standingsTable`; with `samePoints` (the engine kept the points of the answer `previous`
 * was made from), without comparing them. With the engine's change ranks against `baseline`
 * (the table given to `KeptRuleTable.compareWith`), `changeRanks` and `changeCounts` of the
 * two tables are those, not worked out again.
 */
export function compactTable(compact, previous = null, samePoints = false, baseline = null) {
  const n = compact.totals.length;
  const same = (column, kept) => {
    if (kept?.length !== n) return false;
    if (samePoints) return true;
    for (let i = 0; i < n; i++) if (column[i] !== kept[i]) return false;
    return true;
  };
  const points = (column, kept) => (same(column, kept) ? kept : column);
  const table = {
    totals: points(compact.totals, previous?.totals),
    fit: points(compact.fit, previous?.fit),
    intent: points(compact.intent, previous?.intent),
    band: compact.band,
    mql: compact.mql,
    bands: compact.bands,
    fitBand: compact.fitBand,
    intentBand: compact.intentBand,
  };
  perTable(table, "mqls", () => compact.mqlCount);
  perTable(table, "bands", () => compact.bandCounts);
  if (compact.range) perTable(table.totals, "range", () => compact.range);
  if (baseline && compact.ranks) {
    rankCache.set(table, { before: baseline, ranks: compact.ranks });
    perTable(compact.ranks, "counts", () => compact.changeCounts);
  }
  return table;
}

export const bandName = (table, i) =>
  table.band[i] === NO_BAND ? null : table.bands[table.band[i]];

export function mqlCount(table) {
  return perTable(table, "mqls", () => {
    let count = 0;
    for (let i = 0; i < table.mql.length; i++) count += table.mql[i];
    return count;
  });
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
    // Counted by band position first (a typed array), then named: one lookup per band.
    const counts = perTable(table, "bands", () => {
      const counts = new Uint32Array(NO_BAND + 1);
      for (let i = 0; i < table.band.length; i++) counts[table.band[i]]++;
      return counts;
    });
    counts.forEach((count, band) => {
      if (count === 0) return;
      const name = band === NO_BAND ? null : table.bands[band];
      if (!rows.has(name)) rows.set(name, { band: name, before: 0, after: 0 });
      rows.get(name)[side] += count;
    });
  };
  add(before, "before");
  add(after, "after");
  return [...rows.values()];
}

const KIND_ORDER = { "became-mql": 0, "no-longer-mql": 1, band: 2, none: 3 };
const KIND_CODE = Object.keys(KIND_ORDER);

/** How lead `i` changed, as its rank in KIND_ORDER (0 became an MQL … 3 none). */
function kindRank(before, after, i) {
  if (before.mql[i] !== after.mql[i]) return after.mql[i] ? 0 : 1;
  return bandName(before, i) !== bandName(after, i) ? 2 : 3;
}

const rankCache = new WeakMap();

/**
 * Every lead's `kindRank` (a Uint8Array), worked out once per pair of tables (the counts, the
 * changes list and the table all ask): bands compared by position, through a map from the
 * edited model's band positions to the baseline's.
 */
export function changeRanks(before, after) {
  const cached = rankCache.get(after);
  if (cached?.before === before) return cached.ranks;
  const sameBand = new Int16Array(NO_BAND + 1).fill(-1);
  sameBand[NO_BAND] = NO_BAND;
  after.bands.forEach((name, a) => {
    const b = before.bands.indexOf(name);
    if (b >= 0) sameBand[a] = b;
  });
  const n = before.totals.length;
  const ranks = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (before.mql[i] !== after.mql[i]) ranks[i] = after.mql[i] ? 0 : 1;
    else if (sameBand[after.band[i]] === before.band[i]) ranks[i] = 3;
    else ranks[i] = bandName(before, i) === bandName(after, i) ? 3 : 2;
  }
  rankCache.set(after, { before, ranks });
  return ranks;
}

/** How lead `i` changed: "became-mql", "no-longer-mql", "band" or "none". */
export function changeKind(before, after, i) {
  return KIND_CODE[kindRank(before, after, i)];
}

/**
 * The leads that changed in order, as indices (a typed array: no object per lead, so that
 * 100,000 leads sort in milliseconds): new MQLs, lost MQLs, then band changes; within each, the
 * biggest score change first, then the input order. With `all`, every lead (the unchanged
 * last, highest total first); with `kind`, only the leads that changed that way.
 */
export function changedOrder(before, after, options = {}) {
  const { rows, precedes } = changedRows(before, after, options);
  return rows.sort(precedes);
}

/**
 * The first `limit` leads of `changedOrder` (same options) and how many it holds, `{ first,
 * count }`, without sorting them all: a heap keeps the `limit` first seen so far, so an edit
 * that changes 100,000 leads costs one pass over them, not a sort.
 */
export function firstChanged(before, after, options, limit) {
  const { rows, precedes } = changedRows(before, after, options);
  const heap = []; // the kept leads, the one that would come last at the root
  const later = (a, b) => precedes(heap[a], heap[b]) > 0;
  const siftDown = (at) => {
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let last = at;
      if (left < heap.length && later(left, last)) last = left;
      if (right < heap.length && later(right, last)) last = right;
      if (last === at) return;
      [heap[at], heap[last]] = [heap[last], heap[at]];
      at = last;
    }
  };
  for (const i of rows) {
    if (heap.length < limit) {
      heap.push(i);
      for (let at = heap.length - 1; at > 0 && later(at, (at - 1) >> 1); at = (at - 1) >> 1) {
        const up = (at - 1) >> 1;
        [heap[at], heap[up]] = [heap[up], heap[at]];
      }
    } else if (limit > 0 && precedes(i, heap[0]) < 0) {
      heap[0] = i;
      siftDown(0);
    }
  }
  return { first: Uint32Array.from(heap).sort(precedes), count: rows.length };
}

/** The leads `changedOrder` lists, in input order, and the order it sorts them in. */
function changedRows(before, after, { all = false, kind = null } = {}) {
  const n = before.totals.length;
  const ranks = changeRanks(before, after);
  const order = new Uint32Array(n);
  const wanted = kind === null ? -1 : KIND_ORDER[kind];
  let count = 0;
  for (let i = 0; i < n; i++) {
    const rank = ranks[i];
    if (wanted >= 0 ? rank === wanted : all || rank !== 3) order[count++] = i;
  }
  const change = (i) => Math.abs(after.totals[i] - before.totals[i]);
  const precedes = (a, b) =>
    ranks[a] - ranks[b] ||
    change(b) - change(a) ||
    (all ? after.totals[b] - after.totals[a] : 0) ||
    a - b;
  return { rows: order.subarray(0, count), precedes };
}

/** Lead `i` before and after: `{ index, kind, before: { total, band, mql }, after: { ... } }`. */
export function changedLead(before, after, i) {
  return {
    index: i,
    kind: KIND_CODE[kindRank(before, after, i)],
    before: { total: before.totals[i], band: bandName(before, i), mql: before.mql[i] === 1 },
    after: { total: after.totals[i], band: bandName(after, i), mql: after.mql[i] === 1 },
  };
}

/**
 * The leads that changed (or, with `all`, every lead), most telling first (as `changedOrder`),
 * each `changedLead`.
 */
export function changedLeads(before, after, { all = false } = {}) {
  return Array.from(changedOrder(before, after, { all }), (i) => changedLead(before, after, i));
}

/** Counts of each kind of change. */
export function changeCounts(before, after) {
  const ranks = changeRanks(before, after);
  const counts = perTable(ranks, "counts", () => {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < ranks.length; i++) counts[ranks[i]]++;
    return counts;
  });
  return Object.fromEntries(KIND_CODE.map((kind, rank) => [kind, counts[rank]]));
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
