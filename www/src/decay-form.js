// The decay part of the model form: the kind (none, step, exponential, linear, window), what an
// event's age is measured from, and the kind's parameters (a number of days, or a table of
// steps). Switching kinds and back restores the parameters last seen for each kind.
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

/** Parameters of each decay kind last seen, so switching kinds and back restores them. */
const decayMemory = structuredClone(DECAY_DEFAULTS);

/** The form's section for the intent decay of `model` (fit never decays). */
export function decaySection(model, edit) {
  const decay = getAt(model, "intent.decay");
  const kind = decay?.kind ?? "none";
  const hasIntent =
    Array.isArray(getAt(model, "intent.rules")) && getAt(model, "intent.rules").length > 0;
  const changeKind = (next) => {
    if (decay && decay.kind in decayMemory) {
      const { kind: _kind, age: _age, ...params } = decay;
      decayMemory[decay.kind] = structuredClone(params);
    }
    edit(
      "intent.decay",
      next === "none" && !decay
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
      numberField(model, `intent.decay.${days.key}`, edit, days.label, {
        step: "any",
        hint: "days",
      }),
    );
  if (kind === "step") params.push(stepsTable(model, decay, edit));
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
    h(
      "div",
      { class: "field-row" },
      selectField("Kind", "intent.decay.kind", kind, DECAY_KINDS, changeKind),
      kind === "none"
        ? null
        : selectField(
            "Age measured from",
            "intent.decay.age",
            decay?.age === "lastEngagement" ? "lastEngagement" : "event",
            DECAY_AGES,
            (age) => edit("intent.decay.age", age === "event" ? undefined : age),
          ),
    ),
    ...params,
    h(
      "p",
      { class: "hint" },
      "Fit never decays. Rules with their own decay (see the raw JSON) keep it; penalties do not decay.",
    ),
  );
}

function stepsTable(model, decay, edit) {
  const steps = Array.isArray(decay.steps) ? decay.steps : [];
  const setSteps = (next) => edit("intent.decay.steps", next, true);
  return h(
    "div",
    { class: "steps", dataset: { path: "intent.decay.steps", errorsIn: "decay-heading-errors" } },
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
            numberField(
              model,
              `intent.decay.steps[${i}].afterDays`,
              edit,
              `Step ${i + 1}: after days`,
              { step: "any", hiddenLabel: true },
            ),
          ),
          h(
            "td",
            {},
            numberField(model, `intent.decay.steps[${i}].keep`, edit, `Step ${i + 1}: keep`, {
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
