// The table of every lead: id, name, company, fit, intent, total (with the change from the
// baseline), band, MQL and what changed; sorted by any column (its header is a button), filtered
// by text and by kind, a page of rows at a time so that 100,000 leads stay smooth (only the page
// is in the DOM). Lead text is only ever text nodes. Which rows and in which order: lead-rows.js.
import { $, h, fill, formatNumber, formatSigned, setClass, setText } from "./dom.js";
import { bandName, changeKind } from "./impact.js";
import { leadPage } from "./lead-rows.js";
import { state } from "./page.js";
import { openLead } from "./lead-story.js";
import { client } from "./scoring.js";

const ROWS = 50;
const COLUMNS = [
  { key: "id", label: "Lead" },
  { key: "name", label: "Name" },
  { key: "company", label: "Company" },
  { key: "fit", label: "Fit", num: true },
  { key: "intent", label: "Intent", num: true },
  { key: "total", label: "Total", num: true },
  { key: "delta", label: "Change", num: true },
  { key: "band", label: "Band" },
  { key: "mql", label: "MQL" },
  { key: "change", label: "What changed" },
];
/** Not sortable: when each lead on screen crossed the line, asked of the worker for the page. */
const CROSSED = { label: "Crossed" };
const CHANGE_TEXT = {
  "became-mql": "became an MQL",
  "no-longer-mql": "no longer an MQL",
  band: "band changed",
  none: "",
};

const view = { query: "", show: "all", sort: "total", descending: true, page: 0 };
const ui = {
  table: $("#lead-table"),
  query: $("#lead-query"),
  show: $("#lead-show"),
  range: $("#lead-range"),
  prev: $("#lead-prev"),
  next: $("#lead-next"),
};
/** The page of rows drawn, `{ rows, total }` (lead-rows.js), for which scores and page. */
let rows = { rows: [], total: 0 };
let rowsFor = null;
let rowsPage = 0;
/** The lead set the table's page belongs to: other leads start again at their first page. */
let pageOf = null;

function header() {
  return h(
    "tr",
    {},
    COLUMNS.map((column) => {
      const sorted = view.sort === column.key;
      return h(
        "th",
        {
          scope: "col",
          class: column.num ? "num" : null,
          "aria-sort": sorted ? (view.descending ? "descending" : "ascending") : null,
        },
        h(
          "button",
          {
            type: "button",
            class: "sort",
            dataset: { sort: column.key },
            onclick: () => sortBy(column.key),
          },
          column.label,
          h("span", { "aria-hidden": "true" }, sorted ? (view.descending ? " ▼" : " ▲") : ""),
        ),
      );
    }),
    h("th", { scope: "col" }, CROSSED.label),
  );
}

function sortBy(key) {
  view.descending = view.sort === key ? !view.descending : key !== "id" && key !== "name";
  view.sort = key;
  view.page = 0;
  rowsFor = null;
  redrawLeadTable();
  ui.table.querySelector(`button[data-sort="${key}"]`)?.focus();
}

/** A row of the table, its cells empty (`fillRow` writes them); the lead's button opens it. */
function emptyRow() {
  const tr = h("tr", {});
  const open = h("button", {
    type: "button",
    class: "link",
    onclick: () => openLead(Number(tr.dataset.index)),
  });
  open.append(h("code"));
  tr.append(
    h("th", { scope: "row" }, open),
    h("td"),
    h("td"),
    h("td", { class: "num" }),
    h("td", { class: "num" }),
    h("td", { class: "num" }, h("strong")),
    h("td", { class: "num" }),
    h("td"),
    h("td"),
    h("td"),
    h("td", { class: "crossed" }, "…"),
  );
  return tr;
}

/** Writes lead `i` into a row made by `emptyRow`, touching only the cells that change. */
function fillRow(tr, set, before, after, i) {
  const kind = changeKind(before, after, i);
  const delta = after.totals[i] - before.totals[i];
  const cells = tr.children;
  const moved = tr.dataset.index !== String(i);
  if (moved) tr.dataset.index = String(i);
  if (tr.dataset.kind !== kind) tr.dataset.kind = kind;
  setText(cells[0].firstChild.firstChild, set.ids[i]);
  const open = `Open lead ${set.ids[i]}`;
  if (cells[0].firstChild.title !== open) cells[0].firstChild.title = open;
  setText(cells[1], set.names[i]);
  setText(cells[2], set.companies?.[i] ?? "");
  setText(cells[3], formatNumber(after.fit[i]));
  setText(cells[4], formatNumber(after.intent[i]));
  setText(cells[5].firstChild, formatNumber(after.totals[i]));
  setClass(cells[6], `num ${delta > 0 ? "up" : delta < 0 ? "down" : ""}`);
  setText(cells[6], delta === 0 ? "" : formatSigned(delta));
  setText(cells[7], bandName(after, i) ?? "–");
  setText(cells[8], after.mql[i] ? "MQL" : "");
  const change = cells[9];
  if (change.dataset.kind !== kind) {
    change.dataset.kind = kind;
    fill(
      change,
      CHANGE_TEXT[kind] ? h("span", { class: `kind kind-${kind}` }, CHANGE_TEXT[kind]) : "",
    );
  }
  // When it crossed comes from the worker (fillCrossings): until then the column is muted (the
  // table's `data-crossings`, one attribute for the 50 cells), and a row that now shows another
  // lead says nothing yet.
  if (moved) {
    cells[10].textContent = "…";
    cells[10].removeAttribute("title");
  }
}

/** The rows drawn whose "Crossed" cells are not asked for yet: `{ shown, scores }`, or null. */
let uncrossed = null;

/**
 * Fills the "Crossed" cells of the rows drawn, once (the worker replays those leads' events): the
 * page asks when edits pause, so that the worker is free for the next edit meanwhile.
 */
export function renderCrossings() {
  if (!uncrossed) return;
  const { shown, scores } = uncrossed;
  uncrossed = null;
  fillCrossings(shown, scores);
}

async function fillCrossings(shown, scores) {
  let crossings;
  try {
    crossings = await client.request("crossings", { indices: shown });
  } catch {
    return; // scores replaced meanwhile: their own drawing asks again
  }
  if (state.scores !== scores) return;
  for (const [r, index] of shown.entries()) {
    const cell = ui.table.querySelector(`tr[data-index="${index}"] td.crossed`);
    if (!cell) continue;
    setText(cell, crossings[r] ? crossings[r].slice(0, 10) : "");
    if (crossings[r]) cell.title = crossings[r];
    else cell.removeAttribute("title");
  }
  ui.table.dataset.crossings = "filled";
}

/** The sorts that read nothing of the scores but the totals. */
const TOTALS_ONLY = new Set(["id", "name", "company", "total"]);

/**
 * Whether the rows drawn for `old` scores hold for `scores` (an edit of the threshold leaves
 * the order alone): every lead shown, sorted by text (which reads no score) or by total with the
 * same totals, of the same leads.
 */
function sameRows(old, scores) {
  if (!old || old.set !== scores.set || view.show !== "all" || !TOTALS_ONLY.has(view.sort))
    return false;
  if (view.sort !== "total") return true;
  const [a, b] = [old.after.totals, scores.after.totals];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return a.length === b.length;
}

let drawnHeader = "";

export function renderLeadTable() {
  const scores = state.scores;
  if (!scores) return;
  const { before, after, set } = scores;
  if (set !== pageOf) {
    pageOf = set;
    view.page = 0;
  }
  if (rowsFor !== scores || rowsPage !== view.page) {
    if (rowsPage !== view.page || !sameRows(rowsFor, scores)) {
      rows = leadPage(set, before, after, view, view.page * ROWS, ROWS);
      // Fewer pages than the one asked for (a filter, fewer leads): the last one.
      const last = Math.max(0, Math.ceil(rows.total / ROWS) - 1);
      if (view.page > last) {
        view.page = last;
        rows = leadPage(set, before, after, view, view.page * ROWS, ROWS);
      }
    }
    rowsFor = scores;
    rowsPage = view.page;
  }
  const pages = Math.max(1, Math.ceil(rows.total / ROWS));
  const first = view.page * ROWS;
  const shown = rows.rows;
  // The caption and header are drawn again only when the sort changes; the body's rows are kept
  // and rewritten in place, so an edit changes only the cells whose text changes.
  const sorted = `${view.sort} ${view.descending}`;
  if (drawnHeader !== sorted || !ui.table.tBodies[0]) {
    drawnHeader = sorted;
    fill(
      ui.table,
      h(
        "caption",
        { class: "visually-hidden" },
        "Every lead under the edited model, against the baseline",
      ),
      h("thead", {}, header()),
      h("tbody"),
    );
  }
  const body = ui.table.tBodies[0];
  while (body.rows.length > shown.length) body.lastElementChild.remove();
  while (body.rows.length < shown.length) body.append(emptyRow());
  shown.forEach((i, r) => fillRow(body.rows[r], set, before, after, i));
  setText(
    ui.range,
    rows.total === 0
      ? "No lead matches."
      : `Leads ${formatNumber(first + 1)}–${formatNumber(first + shown.length)} of ${formatNumber(rows.total)}`,
  );
  delete ui.table.dataset.crossings;
  uncrossed = shown.length > 0 ? { shown, scores } : null;
  ui.prev.disabled = view.page === 0;
  ui.next.disabled = view.page >= pages - 1;
}

/** The table drawn again for a change of its own view (sort, filter, page), crossings at once. */
function redrawLeadTable() {
  renderLeadTable();
  renderCrossings();
}

export function wireLeadTable() {
  const refilter = () => {
    view.page = 0;
    rowsFor = null;
    redrawLeadTable();
  };
  ui.query.addEventListener("input", () => {
    view.query = ui.query.value;
    refilter();
  });
  ui.show.addEventListener("change", () => {
    view.show = ui.show.value;
    refilter();
  });
  ui.prev.addEventListener("click", () => {
    view.page--;
    redrawLeadTable();
  });
  ui.next.addEventListener("click", () => {
    view.page++;
    redrawLeadTable();
  });
}
