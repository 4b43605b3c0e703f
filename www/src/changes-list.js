// The list of leads that changed (or of every lead): filtered by kind of change, shown a page at
// a time, new MQLs first. Opening a lead asks the worker for its full results before and after
// and shows why (lead-explanation.js); the leads opened stay open across renders.
import { $, h, fill, formatNumber } from "./dom.js";
import { changedLeads } from "./impact.js";
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

export function renderChanges() {
  const { before, after, set } = state.scores;
  const all = changedLeads(before, after, { all: state.filter === "all" });
  const rows =
    state.filter === "all" || state.filter === "changes"
      ? all
      : all.filter((row) => row.kind === state.filter);
  const shown = rows.slice(0, state.shown);
  const version = state.scoresVersion;
  fill(
    ui.list,
    shown.map((row) => {
      const id = set.ids[row.index];
      const name = set.names[row.index];
      const details = h(
        "details",
        { dataset: { index: row.index } },
        h(
          "summary",
          {},
          h("span", { class: "lead-id" }, id),
          name ? h("span", { class: "lead-name" }, name) : null,
          h("span", { class: `kind kind-${row.kind}` }, KIND_TEXT[row.kind]),
          h(
            "span",
            { class: "scores" },
            h("span", { class: "before" }, sideText(row.before)),
            h("span", { "aria-hidden": "true" }, " → "),
            h("span", { class: "visually-hidden" }, " now "),
            h("span", { class: "after" }, sideText(row.after)),
          ),
        ),
        h("div", { class: "why", "aria-live": "polite" }, "Loading the explanation…"),
      );
      details.addEventListener("toggle", () => {
        if (details.open) {
          state.open.add(row.index);
          explain(details, row.index, version);
        } else state.open.delete(row.index);
      });
      if (state.open.has(row.index)) details.open = true;
      return h("li", { class: "change", dataset: { kind: row.kind } }, details);
    }),
  );
  ui.empty.hidden = rows.length > 0;
  ui.empty.textContent =
    state.filter === "all"
      ? "No leads."
      : "No lead changed its MQL status or band: edit the model to see what moves.";
  ui.more.hidden = rows.length <= state.shown;
  ui.more.textContent = `Show ${Math.min(PAGE, rows.length - state.shown)} more (of ${formatNumber(rows.length - state.shown)} left)`;
  $("#changes-heading").textContent =
    state.filter === "all"
      ? `All leads (${formatNumber(rows.length)})`
      : `Leads that changed (${formatNumber(rows.length)})`;
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
