// The fit × intent grid as a heatmap under Impact: one cell per fit band and intent band of the
// edited model's grid (intent rising upwards, fit rising rightwards), each with its lead count
// and, when the leads have outcomes, the share that converted; the darker, the more leads. An
// HTML table, so that screen readers read it as one. The counting is impact.js's `gridCells`.
import { $, h, fillFor, formatNumber, formatPercent, setHidden } from "./dom.js";
import { gridCells } from "./impact.js";
import { state } from "./page.js";

const names = (bands) =>
  Array.isArray(bands) ? bands.map((band) => String(band?.name ?? "")) : [];

export function renderGridHeatmap() {
  const box = $("#grid-heatmap");
  const scores = state.scores;
  let model = null;
  try {
    model = scores ? JSON.parse(scores.model) : null;
  } catch {
    model = null;
  }
  const fit = names(model?.grid?.fit);
  const intent = names(model?.grid?.intent);
  setHidden($("#grid-heatmap-block"), fit.length === 0 || intent.length === 0);
  if (fit.length === 0 || intent.length === 0) return;
  const outcomes = scores.set.outcomes;
  const cells = gridCells(scores.after, fit.length, intent.length, outcomes);
  // Built again only when what it shows changes (an edit often moves no lead between cells).
  const key = JSON.stringify([fit, intent, cells, Boolean(outcomes)]);
  fillFor(box, key, () => heatmap(fit, intent, cells, outcomes));
}

/** The heatmap's table. */
function heatmap(fit, intent, cells, outcomes) {
  const most = Math.max(1, ...cells.flat().map((cell) => cell.leads));
  const rows = [...intent.keys()].reverse().map((j) =>
    h(
      "tr",
      {},
      h("th", { scope: "row" }, `intent ${intent[j]}`),
      fit.map((_, f) => {
        const cell = cells[f][j];
        const shade = cell.leads / most;
        const td = h(
          "td",
          {
            class: `cell${shade > 0.55 ? " dark" : ""}`,
            dataset: { cell: `${fit[f]}${intent[j]}`, leads: cell.leads },
          },
          h("span", { class: "cell-name" }, `${fit[f]}${intent[j]}`),
          h("strong", {}, formatNumber(cell.leads)),
          outcomes && cell.known > 0
            ? h(
                "span",
                { class: "cell-rate" },
                `${formatPercent(cell.converted / cell.known, 0)} converted`,
              )
            : null,
        );
        // The shade is a CSS variable per cell (no inline style attribute: the page's CSP
        // allows none).
        td.style.setProperty("--shade", String(shade));
        return td;
      }),
    ),
  );
  return h(
    "table",
    { class: "heatmap" },
    h("caption", { class: "visually-hidden" }, "Leads per fit × intent cell, edited model"),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("td"),
        fit.map((name) => h("th", { scope: "col" }, `fit ${name}`)),
      ),
    ),
    h("tbody", {}, rows),
  );
}
