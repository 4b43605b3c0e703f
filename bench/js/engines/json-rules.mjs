// The model encoded for json-rules-engine: one engine per model, one rule per model rule, one
// `engine.run(facts)` per lead (awaited in turn, as a request handler would).
//
// What the engine evaluates, per lead:
// - every fit rule: its `when` as `all` conditions (`not` as the engine's `not` condition) on a
//   fact named after the attribute. Numeric tests use the built-in operators
//   (`greaterThanInclusive`, `lessThanInclusive`, `greaterThan`, `lessThan`); text and presence
//   tests are custom operators (leaf-tests.mjs). A success event carries the rule's points;
// - every intent rule: whether it counts (`intent:<id>` is not null), its success event taking
//   its points from that fact (`replaceFactsInEventParams`).
// What plain JavaScript does around it: the facts, that is the lead's attributes (top-level facts,
// so no JSONPath is needed) and each intent rule's points after event matching, limits, windows
// and decay (`compileIntent` of the hand-written implementation: the engine cannot iterate a
// lead's events in one run); and summing the success events' points by group, with rounding
// (halves away from zero) and caps (the engine has no arithmetic). All inside the timed region.
import { Engine } from "json-rules-engine";
import { clamp, compileIntent, roundHalfAway } from "../handwritten.mjs";
import { LEAF_TESTS, leaf } from "./leaf-tests.mjs";

const BUILT_IN_NUMERIC = {
  min: "greaterThanInclusive",
  max: "lessThanInclusive",
  above: "greaterThan",
  below: "lessThan",
};

function factOf(attribute) {
  const [fact, ...rest] = attribute.split(".");
  return rest.length === 0 ? { fact } : { fact, path: `$.${rest.join(".")}` };
}

/** A condition object as json-rules-engine conditions on an attribute. */
export function conditions(condition, attribute) {
  const all = Object.entries(condition).map(([op, arg]) => {
    if (op === "not") return { not: conditions(arg, attribute) };
    if (BUILT_IN_NUMERIC[op])
      return { ...factOf(attribute), operator: BUILT_IN_NUMERIC[op], value: arg };
    const [operator, value] = leaf(op, arg);
    return { ...factOf(attribute), operator, value };
  });
  return all.length === 1 && !all[0].all ? { all } : { all };
}

export function encodeRules(model) {
  const fit = (model.fit?.rules ?? []).map((rule) => ({
    name: rule.id,
    conditions: conditions(rule.when, rule.attribute),
    event: { type: "fit", params: { points: roundHalfAway(rule.points ?? 0) } },
  }));
  const intent = (model.intent?.rules ?? []).map((rule) => ({
    name: rule.id,
    conditions: { all: [{ fact: `intent:${rule.id}`, operator: "notEqual", value: null }] },
    event: { type: "intent", params: { points: { fact: `intent:${rule.id}` } } },
  }));
  return [...fit, ...intent];
}

export function jsonRulesScorer(model) {
  const engine = new Engine([], { allowUndefinedFacts: true, replaceFactsInEventParams: true });
  for (const [name, test] of Object.entries(LEAF_TESTS))
    engine.addOperator(name, (factValue, operand) => test(factValue, operand));
  for (const rule of encodeRules(model)) engine.addRule(rule);
  const intent = compileIntent(model);
  return {
    async score(lead, asOf) {
      const facts = { ...lead.attributes };
      const tallies = intent.tally(lead, asOf);
      for (const rule of intent.rules)
        facts[`intent:${rule.id}`] = tallies.has(rule) ? tallies.get(rule) : null;
      const { events } = await engine.run(facts);
      let fit = 0;
      let intentSum = 0;
      for (const event of events) {
        if (event.type === "fit") fit += event.params.points;
        else intentSum += roundHalfAway(event.params.points);
      }
      fit = clamp(fit, model.fit);
      const intentPoints = clamp(intentSum, model.intent);
      return { fit, intent: intentPoints, total: clamp(fit + intentPoints, model.total) };
    },
  };
}
