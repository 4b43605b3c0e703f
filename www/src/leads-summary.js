// What the leads panel says about the loaded leads: how many, their events and conversions, notes
// from reading them, the engine's warnings, and a hint (with an example model to switch to)
// when the model reads none of their attributes.
import { $, h, fillFor, formatNumber, setText } from "./dom.js";
import { OUTCOME_YES } from "./constants.js";
import { EXAMPLES, isObject, state } from "./page.js";
import { useExample } from "./model-panel.js";

const ui = { summary: $("#leads-summary"), notes: $("#leads-notes") };

/** Attribute names a model's fit rules read (the first part of a dotted name). */
function modelAttributes(model) {
  const names = new Set();
  for (const rule of isObject(model) && Array.isArray(model.fit?.rules) ? model.fit.rules : [])
    if (typeof rule?.attribute === "string") names.add(rule.attribute.split(".")[0]);
  return names;
}

const converted = new WeakMap();

/** How many of the set's leads converted (counted once per set: a render draws it again). */
function convertedCount(set) {
  if (!converted.has(set)) {
    let count = 0;
    for (let i = 0; i < set.outcomes.length; i++) if (set.outcomes[i] === OUTCOME_YES) count++;
    converted.set(set, count);
  }
  return converted.get(set);
}

const leadsErrorBanner = () =>
  h("p", { class: "banner banner-error", role: "alert", id: "leads-error" }, state.leadsError);

export function renderLeadsSummary() {
  const set = state.leadSet;
  if (!set) {
    setText(ui.summary, "No leads loaded yet.");
    fillFor(ui.notes, JSON.stringify([state.leadsError]), () =>
      state.leadsError ? leadsErrorBanner() : null,
    );
    return;
  }
  const outcomes = set.outcomes ? convertedCount(set) : null;
  setText(
    ui.summary,
    [
      set.label,
      set.events > 0 ? `${formatNumber(set.events)} events` : "no events",
      outcomes === null ? "no outcomes" : `${formatNumber(outcomes)} converted`,
    ].join(" · "),
  );
  // The notes are built again only when what they say changes (not at every edit).
  const present = new Set(set.attributeNames);
  const read = [...modelAttributes(state.model)];
  const warnings = state.scores?.warnings ?? [];
  const key = JSON.stringify([state.leadsError, set.notes, read, set.attributeNames, warnings]);
  fillFor(ui.notes, key, () => leadsNotes(set, present, read, warnings));
}

/** The notes under the leads' summary: problems, the reader's notes, a model that fits better. */
function leadsNotes(set, present, read, warnings) {
  const notes = [];
  if (state.leadsError) notes.push(leadsErrorBanner());
  for (const note of set.notes ?? []) notes.push(h("p", { class: "hint" }, note));
  if (read.length > 0 && !read.some((name) => present.has(name))) {
    const better = EXAMPLES.map((example) => {
      const wanted = [...modelAttributes(example.model)];
      return { example, share: wanted.filter((name) => present.has(name)).length / wanted.length };
    })
      .filter(({ share }) => share >= 0.5)
      .sort((a, b) => b.share - a.share)[0];
    notes.push(
      h(
        "p",
        { class: "banner banner-warn", id: "model-mismatch" },
        `The model reads none of these leads' attributes (it looks at ${read.slice(0, 4).join(", ")}${read.length > 4 ? "…" : ""}), so its fit rules score nothing here. `,
        better
          ? h(
              "button",
              {
                type: "button",
                id: "use-suggested-model",
                onclick: () => useExample(better.example.key),
              },
              `Use the ${better.example.label} model`,
            )
          : null,
      ),
    );
  }
  for (const warning of warnings)
    notes.push(
      h(
        "p",
        { class: "hint" },
        `${formatNumber(warning.leads)} lead${warning.leads === 1 ? "" : "s"} with ${warning.code} warnings, such as ${warning.example}`,
      ),
    );
  return notes;
}
