// The lead table's rows without the DOM (tested in Node): which leads a filter keeps and in
// which order a column sorts them, as an index array over the score tables, so that sorting and
// filtering 100,000 leads touch typed arrays only; and one page of them (`leadPage`), put in
// order without sorting the leads after it.
import { changeRanks } from "./impact.js";

/** The columns that sort, each a key of lead `i` (numbers or text). */
const KEYS = {
  id: (set) => (i) => set.ids[i],
  name: (set) => (i) => set.names[i],
  company: (set) => (i) => set.companies?.[i] ?? "",
  fit: (set, before, after) => (i) => after.fit[i],
  intent: (set, before, after) => (i) => after.intent[i],
  total: (set, before, after) => (i) => after.totals[i],
  delta: (set, before, after) => (i) => after.totals[i] - before.totals[i],
  band: (set, before, after) => (i) => after.band[i],
  mql: (set, before, after) => (i) => after.mql[i],
  // The kinds of change in their order: became an MQL, no longer one, band, none.
  change: (set, before, after) => {
    const ranks = changeRanks(before, after);
    return (i) => ranks[i];
  },
};

export const SORTABLE = Object.keys(KEYS);
const TEXT_KEYS = new Set(["id", "name", "company"]);

/**
 * The leads to show, in order: `{ query, show, sort, descending }` where `query` is text found
 * in the id, name or company (any case), `show` is "all", "changed" or "mql", and `sort` one of
 * SORTABLE. Ties keep the set's order.
 */
export function leadRows(set, before, after, view) {
  const rows = keptRows(set, before, after, view);
  if (TEXT_KEYS.has(sortOf(view))) return sortByText(rows, set, before, after, view);
  const order = numberKeys(rows, set, before, after, view);
  order.sort();
  return fromKeys(order, after.totals.length);
}

/**
 * The rows of `leadRows` from `first` on, `count` of them, and how many it holds in all: `{
 * rows, total }`. Sorted by a number, only the rows up to the page are put in order (a
 * selection moves them to the front first), so a page of 100,000 leads costs a pass and not a
 * sort.
 */
export function leadPage(set, before, after, view, first, count) {
  const rows = keptRows(set, before, after, view);
  const total = rows.length;
  const upTo = Math.min(first + count, total);
  if (TEXT_KEYS.has(sortOf(view)))
    return { rows: sortByText(rows, set, before, after, view).slice(first, upTo), total };
  const order = numberKeys(rows, set, before, after, view);
  // A page far down the order: sorting them all is as cheap.
  if (upTo * 4 < total) selectSmallest(order, upTo);
  else order.sort();
  const head = order.subarray(0, Math.max(upTo, 0)).sort();
  return {
    rows: fromKeys(head.subarray(Math.min(first, head.length)), after.totals.length),
    total,
  };
}

const sortOf = (view) => (KEYS[view.sort] ? view.sort : "total");

/** The leads a view's filter keeps (`query`, `show`), in the set's order. */
function keptRows(set, before, after, { query = "", show = "all" }) {
  const n = after.totals.length;
  const needle = query.trim().toLowerCase();
  const rows = [];
  const ranks = show === "changed" ? changeRanks(before, after) : null;
  for (let i = 0; i < n; i++) {
    if (ranks && ranks[i] === 3) continue;
    if (show === "mql" && !after.mql[i]) continue;
    if (needle) {
      const text = `${set.ids[i]}\u0000${set.names[i]}\u0000${set.companies?.[i] ?? ""}`;
      if (!text.toLowerCase().includes(needle)) continue;
    }
    rows.push(i);
  }
  return rows;
}

function sortByText(rows, set, before, after, view) {
  const key = KEYS[sortOf(view)](set, before, after);
  const sign = (view.descending ?? true) ? -1 : 1;
  const keys = new Array(after.totals.length);
  for (const i of rows) keys[i] = key(i);
  return rows.sort((a, b) => sign * keys[a].localeCompare(keys[b]) || a - b);
}

/**
 * Numbers: one key per lead, its whole value times the count plus its position, so that a
 * Float64Array (exact below 2^53) sorts them natively and 100,000 leads sort in milliseconds.
 */
function numberKeys(rows, set, before, after, view) {
  const n = after.totals.length;
  const key = KEYS[sortOf(view)](set, before, after);
  const sign = (view.descending ?? true) ? -1 : 1;
  const order = new Float64Array(rows.length);
  for (let r = 0; r < rows.length; r++) order[r] = sign * key(rows[r]) * n + rows[r];
  return order;
}

/** The leads' positions back from their keys. */
function fromKeys(keys, n) {
  return Array.from(keys, (key) => ((key % n) + n) % n);
}

/** Moves the `k` smallest of `keys` (all different) to its front, in no order: a quickselect. */
function selectSmallest(keys, k) {
  let low = 0;
  let high = keys.length - 1;
  const target = k - 1;
  while (low < high) {
    const pivot = keys[(low + high) >> 1];
    let i = low;
    let j = high;
    while (i <= j) {
      while (keys[i] < pivot) i++;
      while (keys[j] > pivot) j--;
      if (i <= j) {
        [keys[i], keys[j]] = [keys[j], keys[i]];
        i++;
        j--;
      }
    }
    if (target <= j) high = j;
    else if (target >= i) low = i;
    else return;
  }
}
