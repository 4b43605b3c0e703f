// The model encoded for json-logic-engine, run compiled (`engine.build`) or interpreted
// (`engine.run`, with the library's default interpreter optimizations).
//
// What the engine evaluates, per lead:
// - fit: one expression, the capped sum of `{"if": [condition, points, 0]}` over the fit rules,
//   reading the lead's attributes with `var`;
// - every intent rule's `where` (one expression per rule, evaluated for each event of a type
//   the rule listens to, reading the event's `props` with `var`);
// - intent: one expression, the capped sum of each rule's rounded points;
// - total: one expression, the capped sum of fit and intent.
// Conditions are `and`/`!` over custom methods for the leaf tests (leaf-tests.mjs).
// What plain JavaScript does around it (json-logic has no notion of time): dropping repeated
// ids and events after the as-of time, grouping events by rule, limits, windows and decay
// (`compileIntent` of the hand-written implementation, with the engine's `where` predicates),
// and `ls_round` (halves away from zero) as a custom method. All of it is inside the timed
// region.
import { LogicEngine } from "json-logic-engine";
import { compileIntent, roundHalfAway } from "../handwritten.mjs";
import { LEAF_TESTS, leaf } from "./leaf-tests.mjs";

export function makeEngine() {
  const engine = new LogicEngine();
  for (const [name, test] of Object.entries(LEAF_TESTS)) {
    engine.addMethod(name, ([value, operand]) => test(value, operand), { deterministic: true });
  }
  engine.addMethod(
    "ls_round",
    ([points]) => (points === null || points === undefined ? 0 : roundHalfAway(points)),
    { deterministic: true },
  );
  return engine;
}

/** A condition object as json-logic over the value at `varPath`. */
export function conditionLogic(condition, varPath) {
  const parts = Object.entries(condition).map(([op, arg]) => {
    if (op === "not") return { "!": conditionLogic(arg, varPath) };
    const [method, operand] = leaf(op, arg);
    // Operands are data, not logic: `preserve` keeps arrays (of words) from being evaluated.
    return { [method]: [{ var: varPath }, { preserve: operand }] };
  });
  return parts.length === 1 ? parts[0] : { and: parts };
}

function bounded(sum, bounds) {
  let logic = sum;
  if (bounds?.cap !== undefined && bounds?.cap !== null) logic = { min: [bounds.cap, logic] };
  if (bounds?.floor !== undefined && bounds?.floor !== null) logic = { max: [bounds.floor, logic] };
  return logic;
}

/** The model's json-logic documents. */
export function encodeModel(model) {
  const fitRules = model.fit?.rules ?? [];
  const intentRules = model.intent?.rules ?? [];
  const fit = bounded(
    {
      "+": [
        0,
        ...fitRules.map((rule) => ({
          if: [
            conditionLogic(rule.when, `attributes.${rule.attribute}`),
            roundHalfAway(rule.points ?? 0),
            0,
          ],
        })),
      ],
    },
    model.fit,
  );
  const where = intentRules.map((rule) => {
    const entries = Object.entries(rule.where ?? {});
    if (entries.length === 0) return null;
    const parts = entries.map(([path, condition]) => conditionLogic(condition, `props.${path}`));
    return parts.length === 1 ? parts[0] : { and: parts };
  });
  const intent = bounded(
    { "+": [0, ...intentRules.map((_, i) => ({ ls_round: [{ var: `points.${i}` }] }))] },
    model.intent,
  );
  const total = bounded({ "+": [{ var: "fit" }, { var: "intent" }] }, model.total);
  return { fit, where, intent, total };
}

/** A scorer over the engine: `mode` is "compiled" or "interpreted". */
export function jsonLogicScorer(model, mode) {
  const engine = makeEngine();
  const logic = encodeModel(model);
  const evaluate =
    mode === "compiled" ? (doc) => engine.build(doc) : (doc) => (data) => engine.run(doc, data);
  const fit = evaluate(logic.fit);
  const intentSum = evaluate(logic.intent);
  const total = evaluate(logic.total);
  const whereByRule = new Map(
    model.intent.rules.map((rule, i) => [rule, logic.where[i] && evaluate(logic.where[i])]),
  );
  const intent = compileIntent(model, {
    whereFactory: (rule) => {
      const test = whereByRule.get(rule);
      return test ? (event) => engine.truthy(test(event)) : () => true;
    },
  });
  return {
    score(lead, asOf) {
      const fitPoints = fit(lead);
      const tallies = intent.tally(lead, asOf);
      const points = intent.rules.map((rule) => (tallies.has(rule) ? tallies.get(rule) : null));
      const intentPoints = intentSum({ points });
      return {
        fit: fitPoints,
        intent: intentPoints,
        total: total({ fit: fitPoints, intent: intentPoints }),
      };
    },
  };
}
