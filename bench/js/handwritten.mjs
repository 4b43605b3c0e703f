// A hand-written JavaScript implementation of leadscore's scoring semantics for fit, intent and
// total: what a competent web developer would write instead of using the engine. Plain,
// idiomatic code (objects, arrays, closures compiled once per model), no micro-optimization.
//
// Semantics (README "The model"; src/condition.rs, src/decay.rs, src/engine/):
// - Conditions: equals/in (text ignores case and surrounding spaces; numeric text equals a
//   number), containsAny (whole words and phrases, ignoring case), prefix/suffix (ignoring case),
//   min/max (inclusive), above/below (exclusive) on numbers or numeric text (JSON number syntax),
//   exists (present and not blank), not. A list value meets a test when any item does; a missing
//   or null value meets only `exists: false` and `not`.
// - Events: repeated ids count once (the first in input order), events after the as-of time and
//   events of types no rule names do not count.
// - Intent rules: every matching event counts, or at most `limit.max` (the most recent), in all or
//   per UTC day / ISO week / UTC month; or points once when at least `window.atLeast` events fall
//   within `window.days` before the as-of time (trailing) or of each other (sliding).
// - Decay: a rule's own, else the group's default, except that penalties do not decay unless
//   they say so. Age is each event's own, or the time since the last engagement (the newest
//   event of a rule with positive points or `instant`, unless `engagement` says otherwise).
//   A window's award is as old as the newest event of its qualifying run.
// - Each rule's points are rounded to whole points, halves away from zero; fit, intent and total
//   are clamped to their cap and floor (total = fit + intent, both already clamped).
//
// Returns { fit, intent, total } per lead (the MQL decision, bands and explanations are left out).

const DAY = 86_400_000;

export function roundHalfAway(x) {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

export function clamp(points, bounds) {
  if (!bounds) return points;
  if (bounds.cap !== undefined && bounds.cap !== null && points > bounds.cap) points = bounds.cap;
  if (bounds.floor !== undefined && bounds.floor !== null && points < bounds.floor)
    points = bounds.floor;
  return points;
}

// ---------------------------------------------------------------------------------------------
// Conditions

const JSON_NUMBER = /^[ \t\n\r]*-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?[ \t\n\r]*$/;
const NON_WORD = /[^\p{Alphabetic}\p{N}]+/u;

export function toNumber(value) {
  if (typeof value === "number") return value;
  if (typeof value === "string" && JSON_NUMBER.test(value)) {
    const n = Number(value);
    return Number.isFinite(n) ? n : NaN;
  }
  return NaN;
}

export function isPresent(value) {
  if (value === undefined || value === null) return false;
  if (typeof value === "string") return value.trim() !== "";
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

export function wordsOf(text) {
  return text
    .toLowerCase()
    .split(NON_WORD)
    .filter((w) => w !== "");
}

/** Whether the words of `phrase` occur one after another among `words`. */
export function hasPhrase(words, phrase) {
  for (let i = 0; i + phrase.length <= words.length; i++) {
    let k = 0;
    while (k < phrase.length && words[i + k] === phrase[k]) k++;
    if (k === phrase.length) return true;
  }
  return false;
}

function scalarMatcher(wanted) {
  if (typeof wanted === "string") {
    const lower = wanted.trim().toLowerCase();
    return (v) => typeof v === "string" && v.trim().toLowerCase() === lower;
  }
  if (typeof wanted === "number")
    return (v) =>
      typeof v === "number" ? v === wanted : typeof v === "string" && toNumber(v) === wanted;
  return (v) => v === wanted;
}

/** One operator as a test of a single (non-list) value. */
function valueTest(op, arg) {
  switch (op) {
    case "equals":
      return scalarMatcher(arg);
    case "in": {
      const matchers = arg.map(scalarMatcher);
      return (v) => matchers.some((m) => m(v));
    }
    case "containsAny": {
      const phrases = arg.map(wordsOf);
      return (v) => {
        if (typeof v !== "string") return false;
        const words = wordsOf(v);
        return phrases.some((p) => hasPhrase(words, p));
      };
    }
    case "prefix": {
      const prefixes = [arg].flat().map((p) => p.trim().toLowerCase());
      return (v) =>
        typeof v === "string" && prefixes.some((p) => v.trim().toLowerCase().startsWith(p));
    }
    case "suffix": {
      const suffixes = [arg].flat().map((s) => s.trim().toLowerCase());
      return (v) =>
        typeof v === "string" && suffixes.some((s) => v.trim().toLowerCase().endsWith(s));
    }
    case "min":
      return (v) => toNumber(v) >= arg;
    case "max":
      return (v) => toNumber(v) <= arg;
    case "above":
      return (v) => toNumber(v) > arg;
    case "below":
      return (v) => toNumber(v) < arg;
    default:
      throw new Error(`unknown operator ${op}`);
  }
}

/** A condition object as a predicate of a value (undefined when absent). */
export function compileCondition(condition) {
  const tests = Object.entries(condition).map(([op, arg]) => {
    if (op === "exists") return (value) => isPresent(value) === arg;
    if (op === "not") {
      const inner = compileCondition(arg);
      return (value) => !inner(value);
    }
    const test = valueTest(op, arg);
    return (value) => {
      if (value === undefined || value === null) return false;
      if (Array.isArray(value)) return value.some(test);
      return test(value);
    };
  });
  return (value) => tests.every((test) => test(value));
}

/** A getter for a dotted path (`company.size`). */
export function pathGetter(path) {
  const keys = path.split(".");
  if (keys.length === 1)
    return (obj) => (obj !== null && typeof obj === "object" ? obj[path] : undefined);
  return (obj) => {
    let value = obj;
    for (const key of keys) {
      if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
      value = value[key];
    }
    return value;
  };
}

// ---------------------------------------------------------------------------------------------
// Decay

/** The share of points left at an age in milliseconds. */
export function decayCurve(decay) {
  switch (decay?.kind ?? "none") {
    case "none":
      return null;
    case "step": {
      const steps = decay.steps.map((s) => ({
        afterMs: Math.round(s.afterDays * DAY),
        keep: s.keep,
      }));
      return (age) => {
        let keep = 1;
        for (const step of steps) if (age >= step.afterMs) keep = step.keep;
        return keep;
      };
    }
    case "exponential":
      return (age) => Math.pow(2, -(age / DAY / decay.halfLifeDays));
    case "linear":
      return (age) => Math.max(0, 1 - age / DAY / decay.overDays);
    case "window": {
      const ms = Math.round(decay.days * DAY);
      return (age) => (age < ms ? 1 : 0);
    }
    default:
      throw new Error(`unknown decay ${decay.kind}`);
  }
}

function periodKey(per, at) {
  const day = Math.floor(at / DAY);
  if (per === "day") return day;
  if (per === "week") return Math.floor((day + 3) / 7); // ISO weeks: 1970-01-01 was a Thursday
  const date = new Date(at);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

// ---------------------------------------------------------------------------------------------
// The model

export function compileFit(model) {
  const rules = (model.fit?.rules ?? []).map((rule) => ({
    get: pathGetter(rule.attribute),
    holds: compileCondition(rule.when),
    points: roundHalfAway(rule.points ?? 0),
  }));
  const bounds = model.fit;
  return function fitPoints(attributes) {
    let sum = 0;
    for (const rule of rules) if (rule.holds(rule.get(attributes))) sum += rule.points;
    return clamp(sum, bounds);
  };
}

/**
 * The intent side. `whereFactory(rule)` may supply each rule's event filter (a predicate of the
 * event); by default it is compiled from the rule's `where` here.
 */
export function compileIntent(model, { whereFactory } = {}) {
  const group = model.intent ?? {};
  const rules = (group.rules ?? []).map((rule) => {
    const points = rule.points ?? 0;
    const decay = rule.decay ?? (points < 0 ? null : group.decay);
    const filters = Object.entries(rule.where ?? {}).map(([path, condition]) => ({
      get: pathGetter(path),
      holds: compileCondition(condition),
    }));
    return {
      id: rule.id,
      points,
      limit: rule.limit,
      window: rule.window && {
        atLeast: rule.window.atLeast,
        spanMs: Math.round(rule.window.days * DAY),
        sliding: rule.window.mode === "sliding",
      },
      curve: decayCurve(decay),
      sinceLastEngagement: decay?.age === "lastEngagement",
      engagement: rule.engagement ?? (points > 0 || rule.instant === true),
      matches: whereFactory
        ? whereFactory(rule)
        : (event) => filters.every((f) => f.holds(f.get(event.props))),
    };
  });
  const rulesByType = new Map();
  rules.forEach((rule, index) => {
    const types = [model.intent.rules[index].event].flat();
    for (const type of new Set(types)) {
      if (!rulesByType.has(type)) rulesByType.set(type, []);
      rulesByType.get(type).push(rule);
    }
  });

  /** Each rule's points after limits, windows and decay (unrounded), as of `asOf`. */
  function tally(lead, asOf) {
    const times = new Map(); // rule -> times of its matching events
    const seen = new Set();
    let lastEngagement = null;
    for (const event of lead.events ?? []) {
      if (event.id !== undefined && event.id !== null) {
        const id = String(event.id);
        if (seen.has(id)) continue;
        seen.add(id);
      }
      const at = typeof event.at === "number" ? event.at : Date.parse(event.at);
      if (at > asOf) continue;
      const listening = rulesByType.get(event.type);
      if (!listening) continue;
      for (const rule of listening) {
        if (!rule.matches(event)) continue;
        if (!times.has(rule)) times.set(rule, []);
        times.get(rule).push(at);
        if (rule.engagement && (lastEngagement === null || at > lastEngagement))
          lastEngagement = at;
      }
    }
    const points = new Map();
    for (const [rule, ruleTimes] of times) {
      ruleTimes.sort((a, b) => a - b);
      const value = (at) => {
        if (!rule.curve) return rule.points;
        const since = rule.sinceLastEngagement ? (lastEngagement ?? at) : at;
        return rule.points * rule.curve(Math.max(0, asOf - since));
      };
      points.set(rule, rulePoints(rule, ruleTimes, asOf, value));
    }
    return points;
  }

  return { rules, tally };
}

/** A rule's decayed points from the sorted times of its matching events, or null if none count. */
function rulePoints(rule, times, asOf, value) {
  const sum = (list) => list.reduce((total, at) => total + value(at), 0);
  if (rule.window) {
    const { atLeast, spanMs, sliding } = rule.window;
    if (!sliding) {
      const n = times.length;
      if (n >= atLeast && asOf - times[n - atLeast] < spanMs) return value(times[n - 1]);
      return null;
    }
    for (let j = times.length - 1; j >= atLeast - 1; j--) {
      if (times[j] - times[j - atLeast + 1] < spanMs) return value(times[j]);
    }
    return null;
  }
  if (!rule.limit) return sum(times);
  if (!rule.limit.per) return sum(times.slice(-rule.limit.max));
  const periods = new Map();
  for (const at of times) {
    const key = periodKey(rule.limit.per, at);
    if (!periods.has(key)) periods.set(key, []);
    periods.get(key).push(at);
  }
  let total = 0;
  for (const inPeriod of periods.values()) total += sum(inPeriod.slice(-rule.limit.max));
  return total;
}

export function compileModel(model) {
  const fitPoints = compileFit(model);
  const intent = compileIntent(model);
  return {
    score(lead, asOf) {
      const fit = fitPoints(lead.attributes ?? {});
      let sum = 0;
      for (const points of intent.tally(lead, asOf).values())
        if (points !== null) sum += roundHalfAway(points);
      const intentPoints = clamp(sum, model.intent);
      return { fit, intent: intentPoints, total: clamp(fit + intentPoints, model.total) };
    },
  };
}
