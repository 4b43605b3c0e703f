// Words for a model and a result: a rule's condition in plain language, why a lead is (or is
// not) an MQL, and a lead's contributions before and after a change side by side. Pure.

const list = (values, max = 4) => {
  const shown = values.slice(0, max).map((v) => (typeof v === "string" ? `"${v}"` : String(v)));
  return values.length > max ? `${shown.join(", ")} … (${values.length})` : shown.join(", ");
};
const number = (n) => (typeof n === "number" ? n.toLocaleString("en-US") : String(n));

/** A condition object in words: `{ min: 200, max: 5000 }` -> "200 to 5,000". */
export function describeCondition(condition) {
  if (condition === null || typeof condition !== "object") return "?";
  const parts = [];
  const { min, max, above, below } = condition;
  if (min !== undefined && max !== undefined) parts.push(`${number(min)} to ${number(max)}`);
  else if (min !== undefined) parts.push(`at least ${number(min)}`);
  else if (max !== undefined) parts.push(`at most ${number(max)}`);
  if (above !== undefined) parts.push(`above ${number(above)}`);
  if (below !== undefined) parts.push(`below ${number(below)}`);
  if (condition.equals !== undefined) parts.push(`is ${list([condition.equals])}`);
  if (condition.in !== undefined) parts.push(`is one of ${list(condition.in)}`);
  if (condition.containsAny !== undefined) parts.push(`contains ${list(condition.containsAny)}`);
  if (condition.prefix !== undefined) parts.push(`starts with ${list([condition.prefix].flat())}`);
  if (condition.suffix !== undefined) parts.push(`ends with ${list([condition.suffix].flat())}`);
  if (condition.exists !== undefined) parts.push(condition.exists ? "is present" : "is missing");
  if (condition.not !== undefined) parts.push(`not (${describeCondition(condition.not)})`);
  return parts.length > 0 ? parts.join(" and ") : "always";
}

/** A decay in words: "step: 75% after 30 d, 50% after 60 d, 0% after 90 d". */
export function describeDecay(decay) {
  if (!decay || typeof decay !== "object") return "";
  const age = decay.age === "lastEngagement" ? " since the last engagement" : "";
  switch (decay.kind) {
    case "none":
      return "no decay";
    case "step":
      return `step${age}: ${(decay.steps ?? []).map((s) => `${Math.round(s.keep * 100)}% after ${s.afterDays} d`).join(", ")}`;
    case "exponential":
      return `half-life ${decay.halfLifeDays} d${age}`;
    case "linear":
      return `linear to 0 over ${decay.overDays} d${age}`;
    case "window":
      return `counts for ${decay.days} d${age}`;
    default:
      return String(decay.kind);
  }
}

/** What a rule looks at, in words (without its points). */
export function describeRule(rule, group) {
  if (group === "fit") return `${rule.attribute ?? "?"} ${describeCondition(rule.when)}`;
  const events = [rule.event].flat().join(" or ");
  const where = Object.entries(rule.where ?? {}).map(
    ([prop, condition]) => `${prop} ${describeCondition(condition)}`,
  );
  let text = where.length > 0 ? `${events} where ${where.join(", ")}` : events;
  if (rule.window)
    text += `; ${rule.window.atLeast}+ within ${rule.window.days} d${rule.window.mode === "sliding" ? " (any span)" : ""}`;
  if (rule.limit)
    text += `; at most ${rule.limit.max}${rule.limit.per ? ` per ${rule.limit.per}` : ""}`;
  return text;
}

/** Flags of a rule worth a badge: instant, disqualifies, own decay. */
export function ruleFlags(rule) {
  const flags = [];
  if (rule.instant) flags.push("instant MQL");
  if (rule.disqualify) flags.push("disqualifies");
  if (rule.decay) flags.push(`own decay: ${describeDecay(rule.decay)}`);
  if (rule.engagement === false) flags.push("not engagement");
  return flags;
}

const day = (time) => (time ? time.slice(0, 10) : "");
const minute = (time) => (time ? `${time.slice(0, 10)} ${time.slice(11, 16)} UTC` : "");

/** Why a result is (or is not) an MQL, in a sentence. */
export function why(result) {
  if (result.mql) {
    const how =
      result.mqlReason === "instant"
        ? `hand-raiser (${result.trigger?.ruleId ?? "instant rule"})`
        : "reached the threshold";
    return `${how}, crossed ${day(result.crossedAt)}`;
  }
  if (result.blockedBy.length > 0) {
    const details = result.blockedBy.map((blocker) => {
      if (blocker === "disqualified" && result.disqualifiedBy.length > 0)
        return `disqualified by ${result.disqualifiedBy.join(", ")}`;
      if (blocker === "missingFields" && result.missingFields.length > 0)
        return `missing ${result.missingFields.join(", ")}`;
      if (blocker === "noRecentEngagement") return "no recent engagement";
      if (blocker === "fitTooLow") return "fit too low";
      if (blocker === "intentTooLow") return "intent too low";
      return blocker;
    });
    return `blocked: ${details.join("; ")}`;
  }
  if (result.crossedAt) return `below the threshold now (was an MQL on ${day(result.crossedAt)})`;
  return "below the threshold";
}

/** The crossing in words: "2026-11-13 16:45 UTC, content_download n-106". */
export function crossing(result) {
  if (!result.crossedAt) return "never crossed";
  const event = result.crossingEvent;
  return event
    ? `${minute(result.crossedAt)}, on ${event.type}${event.id ? ` ${event.id}` : ` #${event.index}`}`
    : minute(result.crossedAt);
}

/**
 * Contributions before and after, one row per rule that counted on either side, in the new
 * model's order (then rules only the baseline had): `{ ruleId, group, label, before, after }`
 * where each side is `{ points, rawPoints, decayFactor, matched, counted }` or null.
 */
export function compareContributions(before, after) {
  const rows = new Map();
  const side = (c) => ({
    points: c.points,
    rawPoints: c.rawPoints,
    decayFactor: c.decayFactor,
    matched: c.matched,
    counted: c.counted,
    lastAt: c.lastAt,
  });
  for (const c of after?.contributions ?? [])
    rows.set(c.ruleId, {
      ruleId: c.ruleId,
      group: c.group,
      label: c.label,
      before: null,
      after: side(c),
    });
  for (const c of before?.contributions ?? []) {
    const row = rows.get(c.ruleId) ?? {
      ruleId: c.ruleId,
      group: c.group,
      label: c.label,
      before: null,
      after: null,
    };
    row.before = side(c);
    rows.set(c.ruleId, row);
  }
  return [...rows.values()];
}
