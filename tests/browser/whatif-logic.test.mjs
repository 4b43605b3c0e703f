// The what-if views' pure logic (www/src without the DOM), with expectations worked out by hand:
// the histogram's bins, the lead table's filtering and sorting, the changes list's first leads,
// and the compact table made from a LeadSet's standings. Fast: no browser, no engine.
import { test } from "node:test";
import assert from "node:assert/strict";
import { histogramBins } from "../../www/src/histogram.js";
import { changedOrder, firstChanged, gridCells } from "../../www/src/impact.js";
import { SORTABLE, leadPage, leadRows } from "../../www/src/lead-rows.js";
import { NO_BAND, standingsTable } from "../../www/src/impact.js";
import { applyDiff, decodeLink, encodeLink, modelDiff } from "../../www/src/page-link.js";

const table = (totals, mql, band = totals.map(() => 0)) => ({
  totals: Int32Array.from(totals),
  fit: Int32Array.from(totals.map((t) => Math.floor(t / 2))),
  intent: Int32Array.from(totals.map((t) => t - Math.floor(t / 2))),
  band: Uint8Array.from(band),
  mql: Uint8Array.from(mql),
  bands: ["cold", "hot"],
});

/** Whole numbers below `n` from a small generator with a fixed seed: `next(n)`. */
function seeded(seed) {
  return (n) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
}

test("histogram bins cover every total of both sides and the thresholds", () => {
  const before = table([0, 9, 10, 55], [0, 0, 0, 1]);
  const after = table([-5, 9, 30, 99], [0, 0, 1, 1]);
  const bins = histogramBins(before, after, [50, 120]);
  assert.equal(bins.start, -10);
  assert.equal(bins.width, 10);
  assert.equal(bins.before.length, 14, "from -10 up to the bin of 120");
  assert.deepEqual(bins.before.slice(0, 8), [0, 2, 1, 0, 0, 0, 1, 0]);
  assert.deepEqual(bins.after.slice(0, 4), [1, 1, 0, 0]);
  assert.equal(bins.after[4], 1);
  assert.equal(bins.after[10], 1);
  assert.equal(
    bins.before.reduce((a, b) => a + b),
    4,
  );
  assert.deepEqual(histogramBins(table([], []), table([], [])).after, []);
});

test("the changes list's first leads are those of the whole order, for any filter and length", () => {
  // Many ties in rank, change and total.
  const next = seeded(7);
  for (let round = 0; round < 40; round++) {
    const n = 1 + next(300);
    const side = () => {
      const totals = Array.from({ length: n }, () => next(12) * 5);
      return table(
        totals,
        totals.map((t) => (t >= 30 ? 1 : 0)),
        totals.map((t) => (t >= 20 ? 1 : 0)),
      );
    };
    const [before, after] = [side(), side()];
    for (const options of [{}, { all: true }, { kind: "band" }, { kind: "became-mql" }]) {
      const order = changedOrder(before, after, options);
      for (const limit of [0, 1, 5, 50, n + 3]) {
        const { first, count } = firstChanged(before, after, options, limit);
        assert.equal(count, order.length);
        assert.deepEqual([...first], [...order.subarray(0, limit)], `${n} leads, ${limit} first`);
      }
    }
  }
});

test("the lead table filters by text and kind, sorts any column, and ties keep the set's order", () => {
  const set = {
    ids: ["a", "b", "c", "d"],
    names: ["Ana", "Bo", "Cy", "Di"],
    companies: ["Acme", "Beta", "acme labs", ""],
  };
  const before = table([10, 40, 40, 70], [0, 0, 0, 1]);
  const after = table([10, 60, 40, 40], [0, 1, 0, 0]);
  assert.deepEqual(leadRows(set, before, after, {}), [1, 2, 3, 0], "total, highest first");
  assert.deepEqual(
    leadRows(set, before, after, { sort: "total", descending: false }),
    [0, 2, 3, 1],
  );
  assert.deepEqual(leadRows(set, before, after, { query: "ACME" }), [2, 0]);
  assert.deepEqual(leadRows(set, before, after, { query: "bo" }), [1]);
  assert.deepEqual(
    leadRows(set, before, after, { show: "changed", sort: "change", descending: false }),
    [1, 3],
  );
  assert.deepEqual(leadRows(set, before, after, { show: "mql" }), [1]);
  assert.deepEqual(leadRows(set, before, after, { sort: "delta" }), [1, 0, 2, 3]);
  assert.deepEqual(leadRows(set, before, after, { sort: "name", descending: true }), [3, 2, 1, 0]);
});

test("a page of the lead table is that page of the whole order, for any sort, filter and page", () => {
  const next = seeded(11);
  for (let round = 0; round < 12; round++) {
    const n = 1 + next(900);
    const set = {
      ids: Array.from({ length: n }, (_, i) => `lead-${next(50)}-${i}`),
      names: Array.from({ length: n }, () => ["Ann", "Bo", "", "Cy"][next(4)]),
      companies: Array.from({ length: n }, () => ["Acme", "Beta", ""][next(3)]),
    };
    const side = () => {
      const totals = Array.from({ length: n }, () => next(20) * 5 - 10);
      return table(
        totals,
        totals.map((t) => (t >= 50 ? 1 : 0)),
        totals.map((t) => (t >= 30 ? 1 : 0)),
      );
    };
    const [before, after] = [side(), side()];
    for (const sort of SORTABLE)
      for (const view of [
        { sort, descending: true },
        { sort, descending: false, show: "changed" },
        { sort, show: "mql", query: "1" },
      ]) {
        const whole = leadRows(set, before, after, view);
        for (const first of [0, 50, 150, n - 7]) {
          const page = leadPage(set, before, after, view, Math.max(first, 0), 50);
          assert.equal(page.total, whole.length);
          assert.deepEqual(
            page.rows,
            whole.slice(Math.max(first, 0), Math.max(first, 0) + 50),
            `${n} leads, ${JSON.stringify(view)}, from ${first}`,
          );
        }
      }
  }
});

test("a LeadSet's standings become the compact table, with no band as NO_BAND", () => {
  const standings = {
    fit: Float64Array.from([10, 0]),
    intent: Float64Array.from([45, -5]),
    total: Float64Array.from([55, -5]),
    band: Int32Array.from([1, -1]),
    fitBand: Int32Array.from([2, 0]),
    intentBand: Int32Array.from([1, -1]),
    flags: Uint8Array.from([1 | 8, 4]),
  };
  const compact = standingsTable(standings, ["cold", "hot"], 1);
  assert.deepEqual([...compact.totals], [55, -5]);
  assert.deepEqual([...compact.fit], [10, 0]);
  assert.deepEqual([...compact.band], [1, NO_BAND]);
  assert.deepEqual([...compact.mql], [1, 0]);
  assert.deepEqual([...compact.fitBand], [2, 0]);
  assert.deepEqual([...compact.intentBand], [1, -1]);
  assert.deepEqual(compact.bands, ["cold", "hot"]);

  // After an edit of the threshold only, the points are the same: the columns are the previous
  // table's own (its distribution's bins are not counted again); other points are copied.
  const threshold = { ...standings, flags: Uint8Array.from([8, 4]) };
  const next = standingsTable(threshold, ["cold", "hot"], 1, compact);
  assert.equal(next.totals, compact.totals);
  assert.equal(next.fit, compact.fit);
  assert.deepEqual([...next.mql], [0, 0]);
  const moved = { ...threshold, total: Float64Array.from([56, -5]) };
  const other = standingsTable(moved, ["cold", "hot"], 1, compact);
  assert.notEqual(other.totals, compact.totals);
  assert.deepEqual([...other.totals], [56, -5]);
  assert.equal(other.intent, compact.intent);
});

test("a link holds the model as edits from its example, the leads and the as-of time", () => {
  const base = {
    mql: { threshold: 50, recencyDays: 90 },
    fit: {
      rules: [
        { id: "a", points: 10 },
        { id: "b", points: 5 },
      ],
    },
    bands: [{ name: "cold" }, { name: "hot", min: 50 }],
  };
  const model = structuredClone(base);
  model.mql.threshold = 30;
  delete model.mql.recencyDays;
  model.fit.rules[1].points = 7;
  model.bands.push({ name: "on fire", min: 90 });
  model.grid = { fit: [] };
  const edits = modelDiff(base, model);
  assert.deepEqual(edits, [
    ["mql.recencyDays"],
    ["mql.threshold", 30],
    ["fit.rules[1].points", 7],
    ["bands", model.bands],
    ["grid", { fit: [] }],
  ]);
  assert.deepEqual(applyDiff(base, edits), model);
  assert.equal(base.mql.threshold, 50, "the base is not changed");
  assert.deepEqual(modelDiff(base, structuredClone(base)), []);
  assert.deepEqual(applyDiff(base, modelDiff(base, [1, 2])), [1, 2], "a model that is no object");

  const state = {
    example: "b2b-default",
    edits,
    leads: { kind: "generated", n: 10000, seed: "a b&c", events: 50 },
    asOf: "2026-10-01T00:00:00Z",
  };
  const fragment = encodeLink(state);
  assert.match(fragment, /^#model=b2b-default&edits=/);
  assert.deepEqual(decodeLink(fragment), state);
  assert.deepEqual(decodeLink("#model=x-education&leads=examples"), {
    example: "x-education",
    edits: [],
    leads: { kind: "examples" },
    asOf: null,
  });
  const accounts = { ...state, leads: { ...state.leads, contacts: 4 } };
  assert.deepEqual(decodeLink(encodeLink(accounts)), accounts, "contacts per account travel too");
  const csv = { ...state, leads: { kind: "csv", file: "Leads & more.csv" } };
  assert.match(encodeLink(csv), /&leads=csv&file=Leads\+%26\+more\.csv&/, "a CSV: its file's name");
  assert.deepEqual(decodeLink(encodeLink(csv)), csv);
  const columns = {
    ...state,
    leads: { kind: "csv", file: "x.csv", idColumn: "Lead Number", outcomeColumn: null },
  };
  assert.match(encodeLink(columns), /&file=x\.csv&idColumn=Lead\+Number&outcome=&/);
  assert.deepEqual(decodeLink(encodeLink(columns)), columns, "a CSV's column choices travel");
  const rows = { ...columns, leads: { ...columns.leads, idColumn: null, outcomeColumn: "Won" } };
  assert.deepEqual(decodeLink(encodeLink(rows)), rows, "row numbers for ids: an empty column");
  assert.equal(decodeLink(""), null);
  assert.deepEqual(decodeLink("#model=b2b-default&edits=%7Bnot json").edits, []);
});

test("grid cells count leads and, with outcomes, conversion; leads without a cell are left out", () => {
  const table = {
    fitBand: Int16Array.from([0, 0, 1, 1, -1]),
    intentBand: Int16Array.from([0, 1, 1, 1, 0]),
  };
  const cells = gridCells(table, 2, 2, Uint8Array.from([1, 0, 1, 2, 1]));
  assert.deepEqual(cells, [
    [
      { leads: 1, converted: 1, known: 1 },
      { leads: 1, converted: 0, known: 1 },
    ],
    [
      { leads: 0, converted: 0, known: 0 },
      { leads: 2, converted: 1, known: 1 },
    ],
  ]);
  assert.equal(gridCells(table, 2, 2)[1][1].known, 0, "no outcomes");
});

test("numeric sorts of many leads: negative values, ties in the set's order", () => {
  const n = 1000;
  const totals = Array.from({ length: n }, (_, i) => ((i * 7919) % 61) - 30);
  const set = { ids: totals.map((_, i) => `l${i}`), names: totals.map(() => ""), companies: [] };
  const after = table(
    totals,
    totals.map(() => 0),
  );
  const expected = [...totals.keys()].sort((a, b) => totals[b] - totals[a] || a - b);
  assert.deepEqual(leadRows(set, after, after, { sort: "total" }), expected);
  const up = [...totals.keys()].sort((a, b) => totals[a] - totals[b] || a - b);
  assert.deepEqual(leadRows(set, after, after, { sort: "total", descending: false }), up);
});
