// The leaf tests of leadscore's condition operators as plain functions of a value and an operand
// prepared once when a model is encoded (text lowercased, phrases split into words). The rules
// engines get these as custom operators (json-rules-engine) or methods (json-logic-engine):
// neither has case-insensitive, whole-word or JSON-number-text comparisons built in, and
// json-logic's own comparisons treat a missing value (null) as 0 and throw on NaN.
import { hasPhrase, isPresent, toNumber, wordsOf } from "../handwritten.mjs";

function onValue(test) {
  return (value, operand) => {
    if (value === undefined || value === null) return false;
    if (Array.isArray(value)) return value.some((item) => test(item, operand));
    return test(value, operand);
  };
}

function scalarMatches(value, wanted) {
  if (typeof wanted === "string")
    return typeof value === "string" && value.trim().toLowerCase() === wanted;
  if (typeof wanted === "number")
    return typeof value === "number"
      ? value === wanted
      : typeof value === "string" && toNumber(value) === wanted;
  return value === wanted;
}

/** name -> (value, operand) => boolean. */
export const LEAF_TESTS = {
  ls_equals: onValue(scalarMatches),
  ls_in: onValue((value, list) => list.some((wanted) => scalarMatches(value, wanted))),
  ls_containsAny: onValue((value, phrases) => {
    if (typeof value !== "string") return false;
    const words = wordsOf(value);
    return phrases.some((phrase) => hasPhrase(words, phrase));
  }),
  ls_prefix: onValue(
    (value, list) =>
      typeof value === "string" && list.some((p) => value.trim().toLowerCase().startsWith(p)),
  ),
  ls_suffix: onValue(
    (value, list) =>
      typeof value === "string" && list.some((s) => value.trim().toLowerCase().endsWith(s)),
  ),
  ls_min: onValue((value, bound) => toNumber(value) >= bound),
  ls_max: onValue((value, bound) => toNumber(value) <= bound),
  ls_above: onValue((value, bound) => toNumber(value) > bound),
  ls_below: onValue((value, bound) => toNumber(value) < bound),
  ls_exists: (value, wanted) => isPresent(value) === wanted,
};

const lowerScalar = (v) => (typeof v === "string" ? v.trim().toLowerCase() : v);

/** One operator of a condition as [leaf test name, prepared operand]; `not` is left to the caller. */
export function leaf(op, arg) {
  switch (op) {
    case "equals":
      return ["ls_equals", lowerScalar(arg)];
    case "in":
      return ["ls_in", arg.map(lowerScalar)];
    case "containsAny":
      return ["ls_containsAny", arg.map(wordsOf)];
    case "prefix":
      return ["ls_prefix", [arg].flat().map((p) => p.trim().toLowerCase())];
    case "suffix":
      return ["ls_suffix", [arg].flat().map((s) => s.trim().toLowerCase())];
    case "min":
    case "max":
    case "above":
    case "below":
      return [`ls_${op}`, arg];
    case "exists":
      return ["ls_exists", arg];
    default:
      throw new Error(`unknown operator ${op}`);
  }
}
