// The decay part of the model form: the kind (none, step, exponential, linear, window), what an
// event's age is measured from, and the kind's parameters (a number of days, or a table of
// steps), for the group and for each intent rule that has its own. Switching kinds and back
// restores the parameters last seen for each kind.
import { h } from "./dom.js";
import { getAt } from "./paths.js";
import {
  column,
  formTable,
  numberField,
  removeColumn,
  section,
  selectField,
  smallButton,
} from "./form-controls.js";

const DECAY_DEFAULTS = {
  none: {},
  step: {
    steps: [
      { afterDays: 30, keep: 0.75 },
      { afterDays: 60, keep: 0.5 },
      { afterDays: 90, keep: 0 },
    ],
  },
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

/** A rule's decay kind meaning "the group's" (the rule has no decay key). */
const GROUP = "group";

/** Parameters of each decay kind last seen, so switching kinds and back restores them. */
const decayMemory = structuredClone(DECAY_DEFAULTS);

/** The form's section for the intent decay of `model` (fit never decays). */
export function decaySection(model, edit) {
  const hasIntent =
    Array.isArray(getAt(model, "intent.rules")) && getAt(model, "intent.rules").length > 0;
  return section(
    "Decay (intent points)",
    "decay-heading",
    "intent.decay",
    hasIntent
      ? null
      : h(
          "p",
          { class: "muted" },
          "This model has no intent rules: decay applies to intent points only.",
        ),
    ...decayFields(model, "intent.decay", edit, "decay-heading-errors"),
    h(
      "p",
      { class: "hint" },
      "Fit never decays. Rules with their own decay (under each intent rule) keep it; penalties do not decay unless given one.",
    ),
  );
}

/** An intent rule's own decay, folded under the rule: the group's (no key) or its own. */
export function ruleDecay(model, path, edit, errorsIn, ruleName) {
  const own = getAt(model, `${path}.decay`);
  return h(
    "details",
    { class: "rule-decay", open: Boolean(own) },
    h("summary", {}, own ? `Own decay: ${own.kind ?? "?"}` : "Decay: the group's"),
    ...decayFields(model, `${path}.decay`, edit, errorsIn, ruleName),
  );
}

/**
 * The controls of the decay at `path`: its kind, what its age is measured from, and the kind's
 * parameters; a problem in the steps shows in the element `errorsIn`. For a rule's decay
 * (`ruleName` given) the kind may also be the group's, which removes the key.
 */
function decayFields(model, path, edit, errorsIn, ruleName = null) {
  const decay = getAt(model, path);
  const kind = decay?.kind ?? (ruleName ? GROUP : "none");
  const changeKind = (next) => {
    if (next === GROUP) {
      edit(path, undefined, true);
      return;
    }
    if (decay && decay.kind in decayMemory) {
      const { kind: _kind, age: _age, ...params } = decay;
      decayMemory[decay.kind] = structuredClone(params);
    }
    edit(
      path,
      next === "none" && !decay && !ruleName
        ? undefined
        : {
            kind: next,
            ...(decay?.age ? { age: decay.age } : {}),
            ...structuredClone(decayMemory[next] ?? {}),
          },
      true,
    );
  };
  const days = DECAY_DAYS.get(kind);
  const params = [];
  if (days)
    params.push(
      numberField(model, `${path}.${days.key}`, edit, days.label, {
        step: "any",
        hint: "days",
      }),
    );
  if (kind === "step") params.push(stepsTable(model, path, decay, edit, errorsIn));
  return [
    h(
      "div",
      { class: "field-row" },
      selectField(
        ruleName ? `Decay of ${ruleName}` : "Kind",
        `${path}.kind`,
        kind,
        ruleName ? [[GROUP, "the group's decay"], ...DECAY_KINDS] : DECAY_KINDS,
        changeKind,
      ),
      kind === "none" || kind === GROUP
        ? null
        : selectField(
            ruleName ? `${ruleName}: age from` : "Age measured from",
            `${path}.age`,
            decay?.age === "lastEngagement" ? "lastEngagement" : "event",
            DECAY_AGES,
            (age) => edit(`${path}.age`, age === "event" ? undefined : age),
          ),
    ),
    ...params,
  ];
}

function stepsTable(model, path, decay, edit, errorsIn) {
  const steps = Array.isArray(decay.steps) ? decay.steps : [];
  const setSteps = (next) => edit(`${path}.steps`, next, true);
  return h(
    "div",
    { class: "steps", dataset: { path: `${path}.steps`, errorsIn } },
    formTable(
      null,
      "Decay steps: the share of intent points kept after a number of days",
      [column("After (days)"), column("Keep (0 to 1)"), removeColumn()],
      steps.map((_, i) =>
        h(
          "tr",
          {},
          h(
            "td",
            {},
            numberField(model, `${path}.steps[${i}].afterDays`, edit, `Step ${i + 1}: after days`, {
              step: "any",
              hiddenLabel: true,
            }),
          ),
          h(
            "td",
            {},
            numberField(model, `${path}.steps[${i}].keep`, edit, `Step ${i + 1}: keep`, {
              step: "0.05",
              min: 0,
              hiddenLabel: true,
            }),
          ),
          h(
            "td",
            {},
            smallButton(
              "Remove",
              () => setSteps(steps.filter((__, j) => j !== i)),
              `Remove step ${i + 1}`,
            ),
          ),
        ),
      ),
    ),
    smallButton("Add step", () => {
      const previous = steps[steps.length - 1];
      setSteps([
        ...steps,
        previous
          ? {
              afterDays: previous.afterDays + 30,
              keep: Math.max(0, +(previous.keep - 0.25).toFixed(2)),
            }
          : { afterDays: 30, keep: 0.5 },
      ]);
    }),
  );
}
