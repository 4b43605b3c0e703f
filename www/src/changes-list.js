// The list of leads that changed (or of every lead): filtered by kind of change, shown a page at
// a time, new MQLs first. Opening a lead asks the worker for its full results before and after
// and shows why (lead-explanation.js); the leads opened stay open across renders.
import { $, h, fill, formatNumber, setText } from "./dom.js";
import { changedLead, firstChanged } from "./impact.js";
import { explanation } from "./lead-explanation.js";
import { PAGE, state } from "./page.js";
import { client } from "./scoring.js";

const ui = { list: $("#changes-list"), empty: $("#changes-empty"), more: $("#changes-more") };

const KIND_TEXT = {
  "became-mql": "became an MQL",
  "no-longer-mql": "no longer an MQL",
  band: "band changed",
  none: "unchanged",
};

function sideText(side) {
  return `${side.total} ${side.band ?? ""}${side.mql ? " · MQL" : ""}`.replace(/\s+/g, " ").trim();
}

/** The list's items by lead, kept across renders: an edit rewrites the text that changed only. */
const items = new Map();
let itemsFor = null;

/** A lead's item: its summary (filled by `fillItem`) and its explanation, when opened. */
function newItem(index) {
  const texts = {
    kind: h("span"),
    before: h("span", { class: "before" }),
    after: h("span", { class: "after" }),
  };
  const name = state.scores.set.names[index];
  const details = h(
    "details",
    { dataset: { index } },
    h(
      "summary",
      {},
      h("span", { class: "lead-id" }, state.scores.set.ids[index]),
      name ? h("span", { class: "lead-name" }, name) : null,
      texts.kind,
      h(
        "span",
        { class: "scores" },
        texts.before,
        h("span", { "aria-hidden": "true" }, " → "),
        h("span", { class: "visually-hidden" }, " now "),
        texts.after,
      ),
    ),
    h("div", { class: "why", "aria-live": "polite" }, "Loading the explanation…"),
  );
  details.addEventListener("toggle", () => {
    if (details.open) {
      state.open.add(index);
      explain(details, index, state.scoresVersion);
    } else state.open.delete(index);
  });
  return { li: h("li", { class: "change" }, details), details, texts };
}

function fillItem({ li, details, texts }, row) {
  if (li.dataset.kind !== row.kind) {
    li.dataset.kind = row.kind;
    texts.kind.className = `kind kind-${row.kind}`;
    texts.kind.textContent = KIND_TEXT[row.kind];
  }
  setText(texts.before, sideText(row.before));
  setText(texts.after, sideText(row.after));
  if (state.open.has(row.index)) {
    if (details.open) explain(details, row.index, state.scoresVersion);
    else details.open = true;
  }
}

export function renderChanges() {
  const { before, after, set } = state.scores;
  if (itemsFor !== set) {
    items.clear();
    ui.list.replaceChildren();
    itemsFor = set;
  }
  const filter = state.filter;
  // The leads shown only are put in order (the list shows a page, the count says how many).
  const { first: shown, count } = firstChanged(
    before,
    after,
    { all: filter === "all", kind: filter === "all" || filter === "changes" ? null : filter },
    state.shown,
  );
  const kept = new Set(shown);
  for (const [index, item] of items) {
    if (kept.has(index)) continue;
    item.li.remove();
    items.delete(index);
  }
  // Each lead's item in its place, moving only those out of place.
  shown.forEach((index, position) => {
    let item = items.get(index);
    if (!item) {
      item = newItem(index);
      items.set(index, item);
    }
    fillItem(item, changedLead(before, after, index));
    if (ui.list.children[position] !== item.li)
      ui.list.insertBefore(item.li, ui.list.children[position] ?? null);
  });
  ui.empty.hidden = count > 0;
  setText(
    ui.empty,
    filter === "all"
      ? "No leads."
      : "No lead changed its MQL status or band: edit the model to see what moves.",
  );
  ui.more.hidden = count <= state.shown;
  setText(
    ui.more,
    `Show ${Math.min(PAGE, count - state.shown)} more (of ${formatNumber(count - state.shown)} left)`,
  );
  setText(
    $("#changes-heading"),
    filter === "all"
      ? `All leads (${formatNumber(count)})`
      : `Leads that changed (${formatNumber(count)})`,
  );
}

/** Fills an opened lead's explanation, unless it is already there for these scores. */
async function explain(details, index, version) {
  const target = details.querySelector(".why");
  if (target.dataset.version === String(version)) return;
  try {
    const lead = await client.request("explain", { index });
    if (version !== state.scoresVersion) return;
    target.dataset.version = String(version);
    fill(target, explanation(lead));
  } catch (error) {
    fill(target, h("p", { class: "field-error" }, `Could not explain this lead: ${error.message}`));
  }
}

export function wireChangesList() {
  $("#changes-filter").addEventListener("change", (event) => {
    state.filter = event.target.value;
    state.shown = PAGE;
    if (state.scores) renderChanges();
  });
  ui.more.addEventListener("click", () => {
    state.shown += PAGE;
    renderChanges();
  });
}
