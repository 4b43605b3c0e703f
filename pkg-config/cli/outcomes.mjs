// Outcomes for `leadscore calibrate`: a column of the leads file or a separate file joined by
// lead id. Every problem is counted and placed (column, line) instead of being dropped quietly:
// values that are not an outcome and ids given twice stop the run; leads without an outcome and
// outcomes for leads that are not there are left out with a warning.

const TRUE_WORDS = new Set(["1", "true", "yes"]);
const FALSE_WORDS = new Set(["0", "false", "no"]);

/** The words an outcome may be written in, any case, spaces around ignored. */
export const OUTCOME_WORDS = "yes/no, 1/0 or true/false";

/** How many places a message lists before "and N more". */
const SHOWN = 5;

/**
 * An outcome cell or JSON value: `true`, `false`, `null` when it is empty (no outcome), or
 * `undefined` when it is not an outcome at all.
 */
export function readOutcome(value) {
  if (value === true || value === 1) return true;
  if (value === false || value === 0) return false;
  if (value === null || value === undefined) return null;
  if (typeof value !== "string") return undefined;
  const word = value.trim().toLowerCase();
  if (word === "") return null;
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}

function places(list, show) {
  const shown = list.slice(0, SHOWN).map(show).join(", ");
  return list.length > SHOWN ? `${shown} and ${list.length - SHOWN} more` : shown;
}

const plural = (n, one, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/**
 * Collects outcomes as they are read, one `add` per record, and says what was wrong with them.
 * `column` names the outcome field in messages; `source` the file.
 */
export class OutcomeLedger {
  constructor({ column, source }) {
    this.column = column;
    this.source = source;
    /** id -> { converted, decidedAt, line } */
    this.byId = new Map();
    this.badValues = [];
    this.repeated = new Map();
    this.missing = [];
  }

  /** Records the outcome `value` of lead `id` found at `line`, with its decision time if any. */
  add(id, value, line, decidedAt = null) {
    const first = this.byId.get(id);
    if (first) {
      const lines = this.repeated.get(id) ?? [first.line];
      lines.push(line);
      this.repeated.set(id, lines);
      return;
    }
    const converted = readOutcome(value);
    if (converted === undefined) {
      this.badValues.push({ line, value });
      this.byId.set(id, { converted: null, decidedAt, line });
    } else {
      if (converted === null) this.missing.push({ line, id });
      this.byId.set(id, { converted, decidedAt, line });
    }
  }

  /** Messages that stop the run: values that are not outcomes, ids given more than once. */
  errors() {
    const errors = [];
    if (this.badValues.length > 0) {
      errors.push(
        `${this.source}: ${plural(this.badValues.length, `${this.column} value is`, `${this.column} values are`)} not an outcome ` +
          `(${OUTCOME_WORDS}): ${places(this.badValues, (b) => `line ${b.line} ${JSON.stringify(String(b.value))}`)}`,
      );
    }
    if (this.repeated.size > 0) {
      const repeated = [...this.repeated];
      errors.push(
        `${this.source}: ${plural(repeated.length, "lead id appears", "lead ids appear")} more than once, each needs one outcome: ` +
          places(repeated, ([id, lines]) => `${JSON.stringify(id)} (lines ${lines.join(", ")})`),
      );
    }
    return errors;
  }

  /** Warnings about leads left out: those whose outcome is empty. */
  warnings() {
    if (this.missing.length === 0) return [];
    return [
      `${this.source}: ${plural(this.missing.length, "lead has", "leads have")} no ${this.column} ` +
        `(${places(this.missing, (m) => `line ${m.line}`)}): left out of calibration`,
    ];
  }
}

/**
 * Joins outcomes read from a separate file to the leads' ids (in the leads' order). Returns
 * `{ outcomes, warnings }`: `outcomes[i]` is `{ converted, decidedAt }` or null for lead i, and
 * the warnings count leads without an outcome and outcomes for leads that are not there.
 */
export function joinOutcomes(leadIds, ledger, { leadsSource }) {
  const seen = new Set();
  const without = [];
  const outcomes = leadIds.map((id, at) => {
    seen.add(id);
    const found = ledger.byId.get(id);
    if (!found) without.push({ id, at });
    return found && found.converted !== null
      ? { converted: found.converted, decidedAt: found.decidedAt }
      : null;
  });
  const unknown = [...ledger.byId].filter(([id]) => !seen.has(id));
  const warnings = [...ledger.warnings()];
  if (without.length > 0) {
    warnings.push(
      `${plural(without.length, "lead")} in ${leadsSource} ${without.length === 1 ? "has" : "have"} no outcome in ${ledger.source} ` +
        `(${places(without, (w) => JSON.stringify(w.id))}): left out of calibration`,
    );
  }
  if (unknown.length > 0) {
    warnings.push(
      `${ledger.source}: ${plural(unknown.length, "outcome is", "outcomes are")} for leads not in ${leadsSource} ` +
        `(${places(unknown, ([id, o]) => `line ${o.line} ${JSON.stringify(id)}`)}): ignored`,
    );
  }
  return { outcomes, warnings };
}

/** An error message when the outcomes are all of one kind, or null. */
export function oneClassOnly(outcomes) {
  let converted = 0;
  let known = 0;
  for (const outcome of outcomes) {
    if (outcome === null) continue;
    known++;
    if (outcome.converted) converted++;
  }
  if (known === 0) return "no lead has an outcome: nothing to calibrate against";
  if (converted === 0 || converted === known) {
    return `all ${plural(known, "lead")} with an outcome ${converted === 0 ? "did not convert" : "converted"}: calibration needs both outcomes`;
  }
  return null;
}
