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
    h("table", { class: "rules" },
      h("caption", { class: "visually-hidden" }, `${title}: label and points of each rule`),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Rule"), h("th", { scope: "col", class: "num" }, "Points"))),
      h("tbody", {}, rows)),
  );
}

function decaySection(model, edit) {
  const decay = getAt(model, "intent.decay");
  const kind = decay?.kind ?? "none";
  const hasIntent = Array.isArray(getAt(model, "intent.rules")) && getAt(model, "intent.rules").length > 0;
  const kindId = nextId("f");
  const ageId = nextId("f");
  const changeKind = (next) => {
    if (decay && decay.kind in decayMemory) {
      const { kind: _kind, age: _age, ...params } = decay;
      decayMemory[decay.kind] = structuredClone(params);
    }
    edit("intent.decay", next === "none" && !decay ? undefined : { kind: next, ...(decay?.age ? { age: decay.age } : {}), ...structuredClone(decayMemory[next] ?? {}) }, true);
  };
  const params = [];
  if (kind === "exponential") params.push(numberField(model, "intent.decay.halfLifeDays", edit, "Half-life", { step: "any", hint: "days" }));
  if (kind === "linear") params.push(numberField(model, "intent.decay.overDays", edit, "Down to 0 over", { step: "any", hint: "days" }));
  if (kind === "window") params.push(numberField(model, "intent.decay.days", edit, "Counts for", { step: "any", hint: "days" }));
  if (kind === "step") params.push(stepsTable(model, decay, edit));
  return section(
    "Decay (intent points)",
    "decay-heading",
    "intent.decay",
    hasIntent ? null : h("p", { class: "muted" }, "This model has no intent rules: decay applies to intent points only."),
    h("div", { class: "field-row" },
      h("div", { class: "field" },
        h("label", { for: kindId }, "Kind"),
        h("select", { id: kindId, dataset: { path: "intent.decay.kind" }, onchange: (event) => changeKind(event.target.value) },
          DECAY_KINDS.map(([value, text]) => h("option", { value, selected: value === kind }, text)))),
      kind === "none"
        ? null
        : h("div", { class: "field" },
            h("label", { for: ageId }, "Age measured from"),
            h("select", {
              id: ageId,
              dataset: { path: "intent.decay.age" },
              onchange: (event) => edit("intent.decay.age", event.target.value === "event" ? undefined : event.target.value),
            },
            h("option", { value: "event", selected: decay?.age !== "lastEngagement" }, "each event"),
            h("option", { value: "lastEngagement", selected: decay?.age === "lastEngagement" }, "the last engagement")))),
    ...params,
    h("p", { class: "hint" }, "Fit never decays. Rules with their own decay (see the raw JSON) keep it; penalties do not decay."),
  );
}

function stepsTable(model, decay, edit) {
  const steps = Array.isArray(decay.steps) ? decay.steps : [];
  const setSteps = (next) => edit("intent.decay.steps", next, true);
  return h("div", { class: "steps", dataset: { path: "intent.decay.steps", errorsIn: "decay-heading-errors" } },
    h("table", {},
      h("caption", { class: "visually-hidden" }, "Decay steps: the share of intent points kept after a number of days"),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "After (days)"), h("th", { scope: "col" }, "Keep (0 to 1)"), h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Remove")))),
      h("tbody", {}, steps.map((_, i) => h("tr", {},
        h("td", {}, numberField(model, `intent.decay.steps[${i}].afterDays`, edit, `Step ${i + 1}: after days`, { step: "any", hiddenLabel: true })),
        h("td", {}, numberField(model, `intent.decay.steps[${i}].keep`, edit, `Step ${i + 1}: keep`, { step: "0.05", min: 0, hiddenLabel: true })),
        h("td", {}, h("button", { type: "button", class: "small", "aria-label": `Remove step ${i + 1}`, onclick: () => setSteps(steps.filter((__, j) => j !== i)) }, "Remove")))))),
    h("button", {
      type: "button",
      class: "small",
      onclick: () => {
        const previous = steps[steps.length - 1];
        setSteps([...steps, previous ? { afterDays: previous.afterDays + 30, keep: Math.max(0, +(previous.keep - 0.25).toFixed(2)) } : { afterDays: 30, keep: 0.5 }]);
      },
    }, "Add step"));
}

function capsSection(model, edit) {
  const cell = (path, label) => h("td", {}, cellNumber(model, path, edit, label, { placeholder: "none" }));
  return section(
    "Caps and floors",
    "caps-heading",
    null,
    h("table", { class: "caps" },
      h("caption", { class: "visually-hidden" }, "Caps (at least 0) and floors (at most 0) per group and on the total"),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Group"), h("th", { scope: "col" }, "Cap"), h("th", { scope: "col" }, "Floor"))),
      h("tbody", {}, ["fit", "intent", "total"].map((group) => h("tr", {},
        h("th", { scope: "row" }, group),
        cell(`${group}.cap`, `${group} cap`),
        cell(`${group}.floor`, `${group} floor`))))),
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
      h("td", {}, h("button", { type: "button", class: "small", "aria-label": `Remove band ${band.name || i + 1}`, onclick: () => setBands(bands.filter((_, j) => j !== i)) }, "Remove")));
  });
  return section(
    "Bands",
    "bands-heading",
    "bands",
    bands.length === 0 ? h("p", { class: "muted" }, "No bands.") : null,
    bands.length === 0
      ? null
      : h("table", { class: "bands" },
          h("caption", { class: "visually-hidden" }, "Score bands from low to high: each starts at its minimum score"),
          h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Name"), h("th", { scope: "col" }, "From score"), h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Remove")))),
          h("tbody", {}, rows)),
    h("button", {
      type: "button",
      class: "small",
      onclick: () => {
        const top = bands[bands.length - 1];
        setBands([...bands, bands.length === 0 ? { name: "low" } : { name: `band ${bands.length + 1}`, min: (top?.min ?? 0) + 20 }]);
      },
    }, "Add band"),
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
