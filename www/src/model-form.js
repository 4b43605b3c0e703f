// The model as a form: the MQL line, the rules (label and points, by group), the intent decay,
// caps and floors, and bands. Every input carries the JSON path of the value it edits
// (`data-path`), which is also how a ModelError's problems find their field. Edits go out as
// `onEdit(path, value, { structural })`: `value` undefined removes the key; structural edits
// (a band added, the decay kind changed) ask for the form to be drawn again.
import { h, fill } from "./dom.js";
import { describeRule, ruleFlags } from "./explain.js";
import { getAt, parsePath, formatPath } from "./paths.js";

const DECAY_DEFAULTS = {
  none: {},
  step: { steps: [{ afterDays: 30, keep: 0.75 }, { afterDays: 60, keep: 0.5 }, { afterDays: 90, keep: 0 }] },
  exponential: { halfLifeDays: 30 },
  linear: { overDays: 90 },
  window: { days: 90 },
};
const DECAY_KINDS = [
  ["none", "none: intent never fades"],
  ["step", "step: keep a share after N days"],
  ["exponential", "exponential: half-life"],
  ["linear", "linear: down to 0 over N days"],
  ["window", "window: counts for N days, then 0"],
];
/** The decay kinds set by a number of days: that parameter's key and label. */
const DECAY_DAYS = new Map([
  ["exponential", { key: "halfLifeDays", label: "Half-life" }],
  ["linear", { key: "overDays", label: "Down to 0 over" }],
  ["window", { key: "days", label: "Counts for" }],
]);
const DECAY_AGES = [
  ["event", "each event"],
  ["lastEngagement", "the last engagement"],
];

let uid = 0;
const nextId = (prefix) => `${prefix}-${++uid}`;

/** Parameters of each decay kind last seen, so switching kinds and back restores them. */
const decayMemory = structuredClone(DECAY_DEFAULTS);

const numberValue = (input) => (input.value.trim() === "" ? undefined : Number(input.value));

/**
 * Draws the form for `model` into `container`. `onEdit(path, value, { structural })` is called
 * on every change.
 */
export function renderModelForm(container, model, onEdit) {
  const focused = document.activeElement?.closest?.("[data-path]")?.dataset.path;
  const edit = (path, value, structural = false) => onEdit(path, value, { structural });
  fill(
    container,
    mqlSection(model, edit),
    rulesSection(model, "fit", edit),
    rulesSection(model, "intent", edit),
    decaySection(model, edit),
    capsSection(model, edit),
    bandsSection(model, edit),
  );
  if (focused) container.querySelector(`[data-path="${CSS.escape(focused)}"]`)?.focus();
}

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
function numberField(model, path, edit, label, { hint, hiddenLabel = false, ...input } = {}) {
  const id = nextId("f");
  return h("div", { class: "field" },
    h("label", { for: id, class: hiddenLabel ? "visually-hidden" : null }, label),
    numberInput(model, path, edit, { ...input, id }),
    hint ? h("span", { class: "hint" }, hint) : null);
}

/** A select in a field of its own: `options` are `[value, text]`; `onchange` gets the value. */
function selectField(label, path, selected, options, onchange) {
  const id = nextId("f");
  return h("div", { class: "field" },
    h("label", { for: id }, label),
    h("select", { id, dataset: { path }, onchange: (event) => onchange(event.target.value) },
      options.map(([value, text]) => h("option", { value, selected: value === selected }, text))));
}

/** A number input for a table cell, where the column says what it is: the label is unseen. */
function cellNumber(model, path, edit, label, input = {}) {
  const id = nextId("f");
  return [h("label", { class: "visually-hidden", for: id }, label), numberInput(model, path, edit, { ...input, id })];
}

/**
 * A titled part of the form; problems at `path` (or under it, with no closer field) show under
 * the title.
 */
function section(title, id, path, ...children) {
  const errorsId = `${id}-errors`;
  return h("section", { class: "form-section", "aria-labelledby": id, dataset: path ? { path, errorsIn: errorsId } : {} },
    h("h3", { id }, title),
    h("div", { class: "errors", id: errorsId }),
    ...children);
}

/** A table of the form: its caption (for screen readers), a header row of `columns`, `rows`. */
function formTable(className, caption, columns, rows) {
  return h("table", { class: className },
    h("caption", { class: "visually-hidden" }, caption),
    h("thead", {}, h("tr", {}, columns)),
    h("tbody", {}, rows));
}

const column = (text, className = null) => h("th", { scope: "col", class: className }, text);

/** The header of a column of "Remove" buttons, for screen readers. */
const removeColumn = () => column(h("span", { class: "visually-hidden" }, "Remove"));

/** A small button: "Add ..." under a table, or a row's "Remove" (`label`: for screen readers). */
function smallButton(text, onclick, label) {
  return h("button", { type: "button", class: "small", "aria-label": label, onclick }, text);
}

function mqlSection(model, edit) {
  const required = getAt(model, "mql.requiredFields");
  const requiredId = nextId("f");
  return section(
    "MQL line",
    "mql-heading",
    "mql",
    h("div", { class: "field-row" },
      numberField(model, "mql.threshold", edit, "Threshold", { hint: "points" }),
      numberField(model, "mql.recencyDays", edit, "Recency", { min: 0, hint: "days", placeholder: "any" }),
      numberField(model, "mql.minFit", edit, "Min fit", { placeholder: "none" }),
      numberField(model, "mql.minIntent", edit, "Min intent", { placeholder: "none" })),
    h("div", { class: "field wide" },
      h("label", { for: requiredId }, "Required fields"),
      h("input", {
        id: requiredId,
        type: "text",
        value: Array.isArray(required) ? required.join(", ") : "",
        placeholder: "none (comma-separated attribute names)",
        dataset: { path: "mql.requiredFields" },
        oninput: (event) => {
          const names = event.target.value.split(",").map((name) => name.trim()).filter(Boolean);
          edit("mql.requiredFields", names.length > 0 ? names : undefined);
        },
      })),
  );
}

function rulesSection(model, group, edit) {
  const rules = getAt(model, `${group}.rules`);
  const title = group === "fit" ? "Fit rules (attributes)" : "Intent rules (events)";
  const headingId = `${group}-rules-heading`;
  if (!Array.isArray(rules) || rules.length === 0) {
    return section(title, headingId, group, h("p", { class: "muted" }, `No ${group} rules. Add them in the raw JSON below.`));
  }
  const rows = rules.map((rule, i) => {
    const path = `${group}.rules[${i}]`;
    const labelId = nextId("f");
    const errorsId = nextId("e");
    const hasPoints = rule.points !== undefined || !rule.disqualify;
    return h("tr", { dataset: { path, errorsIn: errorsId } },
      h("td", { class: "rule-cell" },
        h("label", { class: "visually-hidden", for: labelId }, `Label of rule ${rule.id ?? i + 1}`),
        // A one-line text that wraps (grows with its content where the browser can), so long
        // labels stay readable in a narrow column; Enter does not add a line.
        h("textarea", {
          id: labelId,
          class: "rule-label",
          rows: 1,
          spellcheck: "true",
          value: rule.label ?? "",
          placeholder: rule.id ?? "",
          dataset: { path: `${path}.label`, errorsIn: errorsId },
          onkeydown: (event) => {
            if (event.key === "Enter") event.preventDefault();
          },
          oninput: (event) => {
            const label = event.target.value.replace(/\s*\n\s*/g, " ");
            edit(`${path}.label`, label === "" ? undefined : label);
          },
        }),
        h("div", { class: "rule-meta" },
          h("code", {}, String(rule.id ?? "(no id)")),
          " ",
          h("span", { class: "rule-what" }, describeRule(rule, group)),
          ...ruleFlags(rule).map((flag) => h("span", { class: `badge${flag === "disqualifies" ? " badge-bad" : flag === "instant MQL" ? " badge-good" : ""}` }, flag))),
        h("div", { class: "errors", id: errorsId })),
      h("td", { class: "points-cell" },
        hasPoints
          ? cellNumber(model, `${path}.points`, edit, `Points of rule ${rule.id ?? i + 1}`, { errorsIn: errorsId })
          : h("span", { class: "muted" }, "—")),
    );
  });
  return section(
    title,
    headingId,
    group,
    formTable("rules", `${title}: label and points of each rule`, [column("Rule"), column("Points", "num")], rows),
  );
}

function decaySection(model, edit) {
  const decay = getAt(model, "intent.decay");
  const kind = decay?.kind ?? "none";
  const hasIntent = Array.isArray(getAt(model, "intent.rules")) && getAt(model, "intent.rules").length > 0;
  const changeKind = (next) => {
    if (decay && decay.kind in decayMemory) {
      const { kind: _kind, age: _age, ...params } = decay;
      decayMemory[decay.kind] = structuredClone(params);
    }
    edit("intent.decay", next === "none" && !decay ? undefined : { kind: next, ...(decay?.age ? { age: decay.age } : {}), ...structuredClone(decayMemory[next] ?? {}) }, true);
  };
  const days = DECAY_DAYS.get(kind);
  const params = [];
  if (days) params.push(numberField(model, `intent.decay.${days.key}`, edit, days.label, { step: "any", hint: "days" }));
  if (kind === "step") params.push(stepsTable(model, decay, edit));
  return section(
    "Decay (intent points)",
    "decay-heading",
    "intent.decay",
    hasIntent ? null : h("p", { class: "muted" }, "This model has no intent rules: decay applies to intent points only."),
    h("div", { class: "field-row" },
      selectField("Kind", "intent.decay.kind", kind, DECAY_KINDS, changeKind),
      kind === "none"
        ? null
        : selectField("Age measured from", "intent.decay.age", decay?.age === "lastEngagement" ? "lastEngagement" : "event", DECAY_AGES,
            (age) => edit("intent.decay.age", age === "event" ? undefined : age))),
    ...params,
    h("p", { class: "hint" }, "Fit never decays. Rules with their own decay (see the raw JSON) keep it; penalties do not decay."),
  );
}

function stepsTable(model, decay, edit) {
  const steps = Array.isArray(decay.steps) ? decay.steps : [];
  const setSteps = (next) => edit("intent.decay.steps", next, true);
  return h("div", { class: "steps", dataset: { path: "intent.decay.steps", errorsIn: "decay-heading-errors" } },
    formTable(null, "Decay steps: the share of intent points kept after a number of days",
      [column("After (days)"), column("Keep (0 to 1)"), removeColumn()],
      steps.map((_, i) => h("tr", {},
        h("td", {}, numberField(model, `intent.decay.steps[${i}].afterDays`, edit, `Step ${i + 1}: after days`, { step: "any", hiddenLabel: true })),
        h("td", {}, numberField(model, `intent.decay.steps[${i}].keep`, edit, `Step ${i + 1}: keep`, { step: "0.05", min: 0, hiddenLabel: true })),
        h("td", {}, smallButton("Remove", () => setSteps(steps.filter((__, j) => j !== i)), `Remove step ${i + 1}`))))),
    smallButton("Add step", () => {
      const previous = steps[steps.length - 1];
      setSteps([...steps, previous ? { afterDays: previous.afterDays + 30, keep: Math.max(0, +(previous.keep - 0.25).toFixed(2)) } : { afterDays: 30, keep: 0.5 }]);
    }));
}

function capsSection(model, edit) {
  const cell = (path, label) => h("td", {}, cellNumber(model, path, edit, label, { placeholder: "none" }));
  return section(
    "Caps and floors",
    "caps-heading",
    null,
    formTable("caps", "Caps (at least 0) and floors (at most 0) per group and on the total",
      [column("Group"), column("Cap"), column("Floor")],
      ["fit", "intent", "total"].map((group) => h("tr", {},
        h("th", { scope: "row" }, group),
        cell(`${group}.cap`, `${group} cap`),
        cell(`${group}.floor`, `${group} floor`)))),
  );
}

function bandsSection(model, edit) {
  const bands = Array.isArray(model.bands) ? model.bands : [];
  const setBands = (next) => edit("bands", next.length > 0 ? next : undefined, true);
  const rows = bands.map((band, i) => {
    const nameId = nextId("f");
    return h("tr", { dataset: { path: `bands[${i}]`, errorsIn: "bands-heading-errors" } },
      h("td", {},
        h("label", { class: "visually-hidden", for: nameId }, `Band ${i + 1} name`),
        h("input", { id: nameId, type: "text", value: band.name ?? "", dataset: { path: `bands[${i}].name` }, oninput: (event) => edit(`bands[${i}].name`, event.target.value) })),
      h("td", {},
        i === 0 && band.min === undefined
          ? h("span", { class: "muted" }, "lowest")
          : cellNumber(model, `bands[${i}].min`, edit, `Band ${i + 1} starts at`)),
      h("td", {}, smallButton("Remove", () => setBands(bands.filter((_, j) => j !== i)), `Remove band ${band.name || i + 1}`)));
  });
  return section(
    "Bands",
    "bands-heading",
    "bands",
    bands.length === 0 ? h("p", { class: "muted" }, "No bands.") : null,
    bands.length === 0
      ? null
      : formTable("bands", "Score bands from low to high: each starts at its minimum score",
          [column("Name"), column("From score"), removeColumn()], rows),
    smallButton("Add band", () => {
      const top = bands[bands.length - 1];
      setBands([...bands, bands.length === 0 ? { name: "low" } : { name: `band ${bands.length + 1}`, min: (top?.min ?? 0) + 20 }]);
    }),
    model.grid ? h("p", { class: "hint" }, "The fit × intent grid is edited in the raw JSON.") : null,
  );
}

/**
 * Shows each problem `{ path, message }` next to the form element whose path is the longest
 * prefix of the problem's path. Returns the problems nothing in the form matches.
 */
export function showProblems(container, problems) {
  for (const element of container.querySelectorAll(".field-error")) element.remove();
  for (const element of container.querySelectorAll("[aria-invalid]")) {
    element.removeAttribute("aria-invalid");
    element.removeAttribute("aria-describedby");
  }
  const unplaced = [];
  for (const problem of problems) {
    const segments = parsePath(problem.path);
    let target = null;
    for (let n = segments.length; n > 0 && !target; n--) {
      target = container.querySelector(`[data-path="${CSS.escape(formatPath(segments.slice(0, n)))}"]`);
    }
    if (!target) {
      unplaced.push(problem);
      continue;
    }
    const id = nextId("problem");
    const message = h("p", { class: "field-error", id, dataset: { problemPath: problem.path } }, h("code", {}, problem.path), " ", problem.message);
    const slot = target.dataset.errorsIn ? document.getElementById(target.dataset.errorsIn) : null;
    if (slot) slot.append(message);
    else if (target.matches("input, select, textarea")) (target.closest(".field") ?? target.parentElement).append(message);
    else target.after(message);
    const control = target.matches("input, select, textarea") ? target : null;
    if (control) {
      control.setAttribute("aria-invalid", "true");
      control.setAttribute("aria-describedby", [control.getAttribute("aria-describedby"), id].filter(Boolean).join(" "));
    }
  }
  return unplaced;
}
