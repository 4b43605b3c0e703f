// The list of leads that changed (or of every lead): filtered by kind of change, shown a page at
// a time, new MQLs first. Opening a lead asks the worker for its full results before and after
// and shows why (lead-explanation.js); the leads opened stay open across renders.
import { $, h, fill, formatNumber, setHidden, setText } from "./dom.js";
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

/**
 * The list's items by position, kept across renders: an edit rewrites the text of each item that
 * changed (the lead an item shows included) in place. Moving items to follow their leads would
 * lay out their whole subtrees again, where rewriting their text lays out only the text.
 */
const items = [];
let itemsFor = null;

const WHY_LOADING = "Loading the explanation…";

/** An item: its summary's texts (written by `fillItem`) and the lead's explanation, when opened. */
function newItem() {
  const texts = {
    id: h("span", { class: "lead-id" }),
    name: h("span", { class: "lead-name" }),
    kind: h("span"),
    before: h("span", { class: "before" }),
    after: h("span", { class: "after" }),
  };
  const why = h("div", { class: "why", "aria-live": "polite" }, WHY_LOADING);
  const summary = h(
    "summary",
    {},
    texts.id,
    texts.name,
    texts.kind,
    h(
      "span",
      { class: "scores" },
      texts.before,
      h("span", { "aria-hidden": "true" }, " → "),
      h("span", { class: "visually-hidden" }, " now "),
      texts.after,
    ),
  );
  const details = h("details", {}, summary, why);
  const li = h("li", { class: "change" }, details);
  const item = { li, details, summary, why, texts, index: null };
  details.addEventListener("toggle", () => {
    if (details.open) {
      state.open.add(item.index);
      explain(item, state.scoresVersion);
    } else state.open.delete(item.index);
  });
  return item;
}

/** Writes `row` (`changedLead`) into an item, touching only what differs. */
function fillItem(item, row) {
  const { li, details, why, texts } = item;
  if (item.index !== row.index) {
    // Another lead in this place: its own texts, open as that lead was left, no explanation yet.
    item.index = row.index;
    details.dataset.index = String(row.index);
    setText(texts.id, state.scores.set.ids[row.index]);
    setText(texts.name, state.scores.set.names[row.index] ?? "");
    if (why.dataset.for !== undefined) {
      delete why.dataset.for;
      why.textContent = WHY_LOADING;
    }
    if (details.open && !state.open.has(row.index)) details.open = false;
  }
  if (li.dataset.kind !== row.kind) {
    li.dataset.kind = row.kind;
    texts.kind.className = `kind kind-${row.kind}`;
    setText(texts.kind, KIND_TEXT[row.kind]);
  }
  setText(texts.before, sideText(row.before));
  setText(texts.after, sideText(row.after));
  if (state.open.has(row.index)) {
    if (details.open) explain(item, state.scoresVersion);
    else details.open = true;
  }
}

export function renderChanges() {
  const { before, after, set } = state.scores;
  if (itemsFor !== set) {
    items.length = 0;
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
  while (items.length > shown.length) items.pop().li.remove();
  while (items.length < shown.length) {
    const item = newItem();
    items.push(item);
    ui.list.append(item.li);
  }
  const focused = focusedLead();
  shown.forEach((index, position) => fillItem(items[position], changedLead(before, after, index)));
  if (focused !== null) keepFocusOn(focused, shown);
  setHidden(ui.empty, count > 0);
  setText(
    ui.empty,
    filter === "all"
      ? "No leads."
      : "No lead changed its MQL status or band: edit the model to see what moves.",
  );
  setHidden(ui.more, count <= state.shown);
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

/** The lead whose item holds the keyboard focus, or null. */
function focusedLead() {
  const active = document.activeElement;
  if (!active || !ui.list.contains(active)) return null;
  return items.find((item) => item.li.contains(active))?.index ?? null;
}

/**
 * Items stay in place and take other leads, so the focus follows its lead to the item now showing
 * it (else a keyboard or screen-reader user would be left on another lead without a word); a lead
 * no longer shown leaves the focus where it was.
 */
function keepFocusOn(lead, shown) {
  const item = items[shown.indexOf(lead)];
  if (item && !item.li.contains(document.activeElement))
    item.summary.focus({ preventScroll: true });
}

/** Fills an opened item's explanation, unless it is already there for its lead and scores. */
async function explain(item, version) {
  const { why, index } = item;
  const key = `${index} ${version}`;
  if (why.dataset.for === key) return;
  why.dataset.for = key;
  try {
    const lead = await client.request("explain", { index });
    if (version !== state.scoresVersion || item.index !== index) return;
    fill(why, explanation(lead));
  } catch (error) {
    if (item.index !== index) return;
    fill(why, h("p", { class: "field-error" }, `Could not explain this lead: ${error.message}`));
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
