// The model as a form: the MQL line, the rules (label and points, by group), the intent decay
// (decay-form.js), caps and floors, and bands (bands-form.js), built from form-controls.js. Every input carries
// the JSON path of the value it edits (`data-path`), which is also how a ModelError's problems
// find their field. Edits go out as `onEdit(path, value, { structural })`: `value` undefined
// removes the key; structural edits (a band added, the decay kind changed) ask for the form to be
// drawn again.
import { h, fill } from "./dom.js";
import { describeRule, ruleFlags } from "./explain.js";
import { getAt, parsePath, formatPath } from "./paths.js";
import { cellNumber, column, formTable, nextId, numberField, section } from "./form-controls.js";
import { decaySection, ruleDecay } from "./decay-form.js";
import { bandsSection, gridSection } from "./bands-form.js";

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
    gridSection(model, edit),
  );
  if (focused) container.querySelector(`[data-path="${CSS.escape(focused)}"]`)?.focus();
}

function mqlSection(model, edit) {
  const required = getAt(model, "mql.requiredFields");
  const requiredId = nextId("f");
  return section(
    "MQL line",
    "mql-heading",
    "mql",
    h(
      "div",
      { class: "field-row" },
      numberField(model, "mql.threshold", edit, "Threshold", { hint: "points" }),
      numberField(model, "mql.recencyDays", edit, "Recency", {
        min: 0,
        hint: "days",
        placeholder: "any",
      }),
      numberField(model, "mql.minFit", edit, "Min fit", { placeholder: "none" }),
      numberField(model, "mql.minIntent", edit, "Min intent", { placeholder: "none" }),
    ),
    h(
      "div",
      { class: "field wide" },
      h("label", { for: requiredId }, "Required fields"),
      h("input", {
        id: requiredId,
        type: "text",
        value: Array.isArray(required) ? required.join(", ") : "",
        placeholder: "none (comma-separated attribute names)",
        dataset: { path: "mql.requiredFields" },
        oninput: (event) => {
          const names = event.target.value
            .split(",")
            .map((name) => name.trim())
            .filter(Boolean);
          edit("mql.requiredFields", names.length > 0 ? names : undefined);
        },
      }),
    ),
  );
}

function rulesSection(model, group, edit) {
  const rules = getAt(model, `${group}.rules`);
  const title = group === "fit" ? "Fit rules (attributes)" : "Intent rules (events)";
  const headingId = `${group}-rules-heading`;
  if (!Array.isArray(rules) || rules.length === 0) {
    return section(
      title,
      headingId,
      group,
      h("p", { class: "muted" }, `No ${group} rules. Add them in the raw JSON below.`),
    );
  }
  const rows = rules.map((rule, i) => {
    const path = `${group}.rules[${i}]`;
    const labelId = nextId("f");
    const errorsId = nextId("e");
    const hasPoints = rule.points !== undefined || !rule.disqualify;
    return h(
      "tr",
      { dataset: { path, errorsIn: errorsId } },
      h(
        "td",
        { class: "rule-cell" },
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
        h(
          "div",
          { class: "rule-meta" },
          h("code", {}, String(rule.id ?? "(no id)")),
          " ",
          h("span", { class: "rule-what" }, describeRule(rule, group)),
          ...ruleFlags(rule).map((flag) =>
            h(
              "span",
              {
                class: `badge${flag === "disqualifies" ? " badge-bad" : flag === "instant MQL" ? " badge-good" : ""}`,
              },
              flag,
            ),
          ),
        ),
        group === "intent"
          ? ruleDecay(model, path, edit, errorsId, rule.id ?? `rule ${i + 1}`)
          : null,
        h("div", { class: "errors", id: errorsId }),
      ),
      h(
        "td",
        { class: "points-cell" },
        hasPoints
          ? cellNumber(model, `${path}.points`, edit, `Points of rule ${rule.id ?? i + 1}`, {
              errorsIn: errorsId,
            })
          : h("span", { class: "muted" }, "—"),
      ),
    );
  });
  return section(
    title,
    headingId,
    group,
    formTable(
      "rules",
      `${title}: label and points of each rule`,
      [column("Rule"), column("Points", "num")],
      rows,
    ),
  );
}

function capsSection(model, edit) {
  const cell = (path, label) =>
    h("td", {}, cellNumber(model, path, edit, label, { placeholder: "none" }));
  return section(
    "Caps and floors",
    "caps-heading",
    null,
    formTable(
      "caps",
      "Caps (at least 0) and floors (at most 0) per group and on the total",
      [column("Group"), column("Cap"), column("Floor")],
      ["fit", "intent", "total"].map((group) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, group),
          cell(`${group}.cap`, `${group} cap`),
          cell(`${group}.floor`, `${group} floor`),
        ),
      ),
    ),
  );
}

/** The containers `showProblems` last left with problems shown. */
const showing = new WeakSet();

/**
 * Shows each problem `{ path, message }` next to the form element whose path is the longest
 * prefix of the problem's path. Returns the problems nothing in the form matches. No problems
 * where none are shown leaves the form alone (an edit's render does not search it).
 */
export function showProblems(container, problems) {
  if (problems.length === 0 && !showing.has(container)) return [];
  if (problems.length > 0) showing.add(container);
  else showing.delete(container);
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
      target = container.querySelector(
        `[data-path="${CSS.escape(formatPath(segments.slice(0, n)))}"]`,
      );
    }
    if (!target) {
      unplaced.push(problem);
      continue;
    }
    const id = nextId("problem");
    const message = h(
      "p",
      { class: "field-error", id, dataset: { problemPath: problem.path } },
      h("code", {}, problem.path),
      " ",
      problem.message,
    );
    const slot = target.dataset.errorsIn ? document.getElementById(target.dataset.errorsIn) : null;
    if (slot) slot.append(message);
    else if (target.matches("input, select, textarea"))
      (target.closest(".field") ?? target.parentElement).append(message);
    else target.after(message);
    const control = target.matches("input, select, textarea") ? target : null;
    if (control) {
      control.setAttribute("aria-invalid", "true");
      control.setAttribute(
        "aria-describedby",
        [control.getAttribute("aria-describedby"), id].filter(Boolean).join(" "),
      );
    }
  }
  return unplaced;
}
