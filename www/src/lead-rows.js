// The lead table's rows without the DOM (tested in Node): which leads a filter keeps and in
// which order a column sorts them, as an index array over the score tables, so that sorting and
// filtering 100,000 leads touch typed arrays only.
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
export function leadRows(
  set,
  before,
  after,
  { query = "", show = "all", sort = "total", descending = true },
) {
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
  const key = (KEYS[sort] ?? KEYS.total)(set, before, after);
  const sign = descending ? -1 : 1;
  if (TEXT_KEYS.has(sort)) {
    const keys = new Array(n);
    for (const i of rows) keys[i] = key(i);
    rows.sort((a, b) => sign * keys[a].localeCompare(keys[b]) || a - b);
    return rows;
  }
  // Numbers: one key per lead, its whole value times the count plus its position, sorted
  // natively as a Float64Array (exact below 2^53), so 100,000 leads sort in milliseconds.
  const order = new Float64Array(rows.length);
  for (let r = 0; r < rows.length; r++) order[r] = sign * key(rows[r]) * n + rows[r];
  order.sort();
  for (let r = 0; r < rows.length; r++) rows[r] = ((order[r] % n) + n) % n;
  return rows;
}
