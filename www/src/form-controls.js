// The model form's controls. Each edits the value at one JSON path of the model and carries that
// path in `data-path`, which is how a problem finds its control (model-form.js's showProblems):
// number inputs (in a field of their own or in a table cell), selects, the small Add and Remove
// buttons, tables with a caption for screen readers, and titled sections whose problems show under
// the title. `edit(path, value)` is the form's edit: `value` undefined removes the key.
import { h } from "./dom.js";
import { getAt } from "./paths.js";

let uid = 0;

/** A page-unique id: `${prefix}-N`. */
export const nextId = (prefix) => `${prefix}-${++uid}`;

const numberValue = (input) => (input.value.trim() === "" ? undefined : Number(input.value));

/**
 * The one number input of the form: it edits the value at `path` in `model` (emptied, the key is
 * removed); whole steps get the numeric keyboard. `errorsIn` is the id of the element that lists
 * its problems, when that is not the input's own field.
 */
function numberInput(model, path, edit, { id, step = "1", min, placeholder, errorsIn } = {}) {
  const value = getAt(model, path);
  return h("input", {
    id,
    type: "number",
    step,
    min,
    inputmode: step === "1" ? "numeric" : "decimal",
    placeholder,
    value: value === undefined || value === null ? "" : String(value),
    dataset: errorsIn ? { path, errorsIn } : { path },
    oninput: (event) => edit(path, numberValue(event.target)),
  });
}

/** A number input in a field of its own: the label (visible, or `hiddenLabel`), then the hint. */
export function numberField(
  model,
  path,
  edit,
  label,
  { hint, hiddenLabel = false, ...input } = {},
) {
  const id = nextId("f");
  return h(
    "div",
    { class: "field" },
    h("label", { for: id, class: hiddenLabel ? "visually-hidden" : null }, label),
    numberInput(model, path, edit, { ...input, id }),
    hint ? h("span", { class: "hint" }, hint) : null,
  );
}

/** A select in a field of its own: `options` are `[value, text]`; `onchange` gets the value. */
export function selectField(label, path, selected, options, onchange) {
  const id = nextId("f");
  return h(
    "div",
    { class: "field" },
    h("label", { for: id }, label),
    h(
      "select",
      { id, dataset: { path }, onchange: (event) => onchange(event.target.value) },
      options.map(([value, text]) => h("option", { value, selected: value === selected }, text)),
    ),
  );
}

/** A number input for a table cell, where the column says what it is: the label is unseen. */
export function cellNumber(model, path, edit, label, input = {}) {
  const id = nextId("f");
  return [
    h("label", { class: "visually-hidden", for: id }, label),
    numberInput(model, path, edit, { ...input, id }),
  ];
}

/**
 * A titled part of the form; problems at `path` (or under it, with no closer field) show under
 * the title.
 */
export function section(title, id, path, ...children) {
  const errorsId = `${id}-errors`;
  return h(
    "section",
    {
      class: "form-section",
      "aria-labelledby": id,
      dataset: path ? { path, errorsIn: errorsId } : {},
    },
    h("h3", { id }, title),
    h("div", { class: "errors", id: errorsId }),
    ...children,
  );
}

/** A table of the form: its caption (for screen readers), a header row of `columns`, `rows`. */
export function formTable(className, caption, columns, rows) {
  return h(
    "table",
    { class: className },
    h("caption", { class: "visually-hidden" }, caption),
    h("thead", {}, h("tr", {}, columns)),
    h("tbody", {}, rows),
  );
}

export const column = (text, className = null) => h("th", { scope: "col", class: className }, text);

/** The header of a column of "Remove" buttons, for screen readers. */
export const removeColumn = () => column(h("span", { class: "visually-hidden" }, "Remove"));

/** A small button: "Add ..." under a table, or a row's "Remove" (`label`: for screen readers). */
export function smallButton(text, onclick, label) {
  return h("button", { type: "button", class: "small", "aria-label": label, onclick }, text);
}
