// The bands part of the model form: a list of named bands from low to high, each from its
// minimum score (the lowest may have none), with "Add band" and "Remove" for each.
import { h } from "./dom.js";
import { getAt } from "./paths.js";
import {
  cellNumber,
  column,
  formTable,
  nextId,
  removeColumn,
  section,
  smallButton,
} from "./form-controls.js";

/** The rows of the band list at `path` (`bands`, `grid.fit`, `grid.intent`) with "Add band". */
function bandList(model, path, edit, { caption, errorsIn, noun }) {
  const found = getAt(model, path);
  const bands = Array.isArray(found) ? found : [];
  const setBands = (next) => edit(path, next.length > 0 ? next : undefined, true);
  const rows = bands.map((band, i) => {
    const nameId = nextId("f");
    return h(
      "tr",
      { dataset: { path: `${path}[${i}]`, errorsIn } },
      h(
        "td",
        {},
        h("label", { class: "visually-hidden", for: nameId }, `${noun} ${i + 1} name`),
        h("input", {
          id: nameId,
          type: "text",
          value: band.name ?? "",
          dataset: { path: `${path}[${i}].name` },
          oninput: (event) => edit(`${path}[${i}].name`, event.target.value),
        }),
      ),
      h(
        "td",
        {},
        i === 0 && band.min === undefined
          ? h("span", { class: "muted" }, "lowest")
          : cellNumber(model, `${path}[${i}].min`, edit, `${noun} ${i + 1} starts at`),
      ),
      h(
        "td",
        {},
        smallButton(
          "Remove",
          () => setBands(bands.filter((_, j) => j !== i)),
          `Remove ${noun.toLowerCase()} ${band.name || i + 1}`,
        ),
      ),
    );
  });
  return [
    bands.length === 0 ? h("p", { class: "muted" }, "No bands.") : null,
    bands.length === 0
      ? null
      : formTable("bands", caption, [column("Name"), column("From score"), removeColumn()], rows),
    smallButton(
      "Add band",
      () => {
        const top = bands[bands.length - 1];
        setBands([
          ...bands,
          bands.length === 0
            ? { name: "low" }
            : { name: `band ${bands.length + 1}`, min: (top?.min ?? 0) + 20 },
        ]);
      },
      path === "bands" ? null : `Add a ${noun.toLowerCase()}`,
    ),
  ];
}

export function bandsSection(model, edit) {
  return section(
    "Bands",
    "bands-heading",
    "bands",
    ...bandList(model, "bands", edit, {
      caption: "Score bands from low to high: each starts at its minimum score",
      errorsIn: "bands-heading-errors",
      noun: "Band",
    }),
  );
}

/** A grid to start from: the example model's. */
const DEFAULT_GRID = {
  fit: [{ name: "C" }, { name: "B", min: 15 }, { name: "A", min: 25 }],
  intent: [{ name: "3" }, { name: "2", min: 20 }, { name: "1", min: 50 }],
};

/** The fit × intent grid: its fit bands and intent bands, or a button that adds one. */
export function gridSection(model, edit) {
  const grid = model.grid;
  const list = (group, noun) =>
    h(
      "div",
      { class: "grid-bands" },
      h("h4", {}, `${noun}s`),
      ...bandList(model, `grid.${group}`, edit, {
        caption: `${noun}s from low to high: each starts at its minimum ${group} score`,
        errorsIn: "grid-heading-errors",
        noun,
      }),
    );
  return section(
    "Fit × intent grid",
    "grid-heading",
    "grid",
    h(
      "p",
      { class: "hint" },
      "A lead's cell is its fit band's name then its intent band's (A1). The heatmap under Impact counts the leads per cell.",
    ),
    grid
      ? h("div", { class: "grid-form" }, list("fit", "Fit band"), list("intent", "Intent band"))
      : null,
    grid
      ? smallButton("Remove the grid", () => edit("grid", undefined, true), null)
      : smallButton("Add a grid", () => edit("grid", structuredClone(DEFAULT_GRID), true), null),
  );
}
