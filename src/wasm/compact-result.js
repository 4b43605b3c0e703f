// Reads a result written by src/wasm/compact_result.rs into the same object JSON.parse makes of
// the result's JSON (the same fields in the same order, `label` left out when the rule has
// none): the small engine, which has no JSON writer, answers with these bytes, and so does the
// scoring engine for leads given as objects (a batch's results in src/wasm/compact_batch.rs's
// frame). `strings` is the model's table of rule ids, labels and band names.

const REASONS = [null, "threshold", "instant"];
const BLOCKERS = [
  "disqualified",
  "missingFields",
  "noRecentEngagement",
  "fitTooLow",
  "intentTooLow",
];
const GROUPS = ["fit", "intent"];
const CODES = ["unknownEventType", "eventAfterAsOf", "duplicateEventId", "lateEvent", "notANumber"];
const utf8 = new TextDecoder();
const NOTHING = [];
// Where a list's items are read before they are copied into an array of their exact length.
const SCRATCH = [];
const DAY_MS = 86_400_000;
const ZERO = 48;

/**
 * Epoch milliseconds (whole, of the years 0001 to 9999: the engine's instants) as
 * `Date.prototype.toISOString` writes them, about four times as fast, and as one flat string:
 * the civil date by Howard Hinnant's algorithm (as src/time.rs has it), each character by its code.
 */
function isoTime(ms) {
  const days = Math.floor(ms / DAY_MS);
  let rest = ms - days * DAY_MS;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  const milli = rest - second * 1000;
  const tens = (n) => ZERO + (Math.floor(n / 10) % 10);
  const ones = (n) => ZERO + (n % 10);
  return String.fromCharCode(
    tens(year / 100),
    ones(Math.floor(year / 100)),
    tens(year),
    ones(year),
    45, // YYYY-
    tens(month),
    ones(month),
    45,
    tens(day),
    ones(day),
    84, // MM-DDT
    tens(hour),
    ones(hour),
    58,
    tens(minute),
    ones(minute),
    58,
    tens(second),
    ones(second), // hh:mm:ss
    46,
    ZERO + Math.floor(milli / 100),
    tens(milli),
    ones(milli),
    90, // .mmmZ
  );
}

class Reader {
  constructor(bytes, strings) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.strings = strings;
    this.at = 0;
    this.lastMs = NaN;
    this.lastTime = null;
    this.asOfMs = NaN;
    this.asOfTime = null;
    // The event ids the writer left out (`readResults`), and where the lead being read has its
    // events' ids in them (-1: the bytes have them).
    this.leftOutIds = NOTHING;
    this.idsFrom = -1;
    // The id the writer wrote the lead being read with (`readResults`), or null.
    this.writtenId = null;
    // A batch's grid cells' names read so far, by their bytes (`readResults`), or null.
    this.grids = null;
  }

  byte() {
    return this.bytes[this.at++];
  }

  count() {
    let n = 0;
    let scale = 1;
    let b;
    do {
      b = this.bytes[this.at++];
      n += (b & 0x7f) * scale;
      scale *= 128;
    } while (b >= 0x80);
    return n;
  }

  number() {
    const value = this.view.getFloat64(this.at, true);
    this.at += 8;
    return value;
  }

  /** UTF-8 text; short ASCII text (ids, event types) without a TextDecoder call. */
  text() {
    const length = this.count();
    const bytes = this.bytes;
    const start = this.at;
    this.at += length;
    if (length <= 32) {
      let text = "";
      for (let i = start; i < start + length; i++) {
        const b = bytes[i];
        if (b >= 0x80) return utf8.decode(bytes.subarray(start, start + length));
        text += String.fromCharCode(b);
      }
      return text;
    }
    return utf8.decode(bytes.subarray(start, start + length));
  }

  /**
   * A result's lead id: the string the writer wrote it from where the bytes hold that string
   * (ASCII, so one byte a character), without decoding it again.
   */
  leadId() {
    const written = this.writtenId;
    if (written === null) return this.text();
    const at = this.at;
    const length = this.count();
    if (length !== written.length) {
      this.at = at;
      return this.text();
    }
    this.at += length;
    return written;
  }

  /** A number, null where JSON text would have null (NaN and the infinities). */
  finite() {
    const value = this.number();
    return Number.isFinite(value) ? value : null;
  }

  optionalText() {
    return this.byte() === 1 ? this.text() : null;
  }

  /**
   * A grid cell's name, or null: a fit band's name and an intent band's, the same few in every
   * result of a batch, so in a batch each name of up to 3 bytes is made once, found again by its
   * bytes (about 32 bytes of string a result that outlive the call).
   */
  grid() {
    const bytes = this.bytes;
    const grids = this.grids;
    const at = this.at + 1;
    const length = bytes[at];
    if (grids === null || bytes[this.at] !== 1 || length > 3) return this.optionalText();
    let key = length;
    for (let i = 1; i <= length; i++) key = key * 256 + bytes[at + i];
    let text = grids.get(key);
    if (text === undefined) {
      text = this.optionalText();
      grids.set(key, text);
    } else this.at = at + 1 + length;
    return text;
  }

  modelText() {
    const index = this.count();
    return index === 0 ? null : this.strings[index - 1];
  }

  /**
   * An instant as `toISOString` writes it (as the engine writes it), or null. The last one is
   * kept (a lead's last engagement comes again in its contributions), and the as-of time apart.
   */
  time() {
    const ms = this.number();
    if (ms === this.lastMs) return this.lastTime;
    if (ms === this.asOfMs) return this.asOfTime;
    if (ms !== ms) return null;
    this.lastMs = ms;
    return (this.lastTime = isoTime(ms));
  }

  /** A result's as-of time: the batch's, the same in every result. */
  asOf() {
    const ms = this.number();
    if (ms !== this.asOfMs) {
      this.asOfMs = ms;
      this.asOfTime = ms !== ms ? null : isoTime(ms);
    }
    return this.asOfTime;
  }

  event() {
    const index = this.count();
    let id = this.optionalText();
    if (id === null && this.idsFrom >= 0) id = this.leftOutIds[this.idsFrom + index];
    const type = this.text();
    return { index, id, type, at: this.time() };
  }

  contribution() {
    const ruleId = this.modelText();
    const group = GROUPS[this.byte()];
    const label = this.modelText();
    const points = this.number();
    const rawPoints = this.finite();
    const decayFactor = this.finite();
    const matched = this.count();
    const counted = this.count();
    const lastAt = this.time();
    return label === null
      ? { ruleId, group, points, rawPoints, decayFactor, matched, counted, lastAt }
      : { ruleId, group, label, points, rawPoints, decayFactor, matched, counted, lastAt };
  }

  warning() {
    return {
      code: CODES[this.byte()],
      message: this.text(),
      path: this.text(),
      count: this.count(),
    };
  }
}

/** The result in `bytes` (a view of the engine's memory, read before the next call). */
export function readResult(bytes, strings) {
  return result(new Reader(bytes, strings));
}

/** A result's summary (`detail: "summary"`), as `readResult` reads a result. */
export function readSummary(bytes, strings) {
  return summary(new Reader(bytes, strings));
}

const ENTRIES = [result, summary, failed];

// The decision's flags byte (compact_result.rs's `flags`).
const isMql = (flags) => (flags & 1) === 1;
const reasonOf = (flags) => REASONS[(flags >> 1) & 3];
const isHandRaiser = (flags) => (flags & 8) !== 0;
const isDisqualified = (flags) => (flags & 16) !== 0;

/**
 * A batch's results, each tagged (a result, a summary, or a lead that could not be read), with
 * the event ids that compact-usual.js's `compactLeads` left out of the batch's bytes (kept on its
 * `plan`) put back, and each lead id the writer wrote taken from there; they are let go of once
 * read.
 */
export function readResults(bytes, strings, plan) {
  const r = new Reader(bytes, strings);
  r.grids = new Map();
  const leftOut = plan.leftOut;
  const results = [];
  if (leftOut === undefined) {
    while (r.at < bytes.length) results.push(ENTRIES[r.byte()](r));
    return results;
  }
  r.leftOutIds = leftOut.ids;
  const leadIds = leftOut.leadIds;
  for (let k = 0; r.at < bytes.length; k++) {
    r.idsFrom = leftOut.starts[k];
    r.writtenId = leadIds[k] ?? null;
    results.push(ENTRIES[r.byte()](r));
  }
  SCRATCH.length = 0;
  // The ids let go of, but their arrays kept at their length: emptied, each batch grew them again
  // from nothing (500,000 ids, about 14 MB of copies a call on the benchmark's batch).
  leftOut.ids.fill(null);
  leadIds.fill(null);
  return results;
}

// Each object is made by one literal in its JSON's order (the order JSON.stringify then writes
// its members in), from what was read before in the bytes' order: about half the time of adding
// the members one by one, which walks the object through a new hidden class at each.

function summary(r) {
  const leadId = r.leadId();
  const asOf = r.asOf();
  const fit = r.number();
  const intent = r.number();
  const total = r.number();
  const band = r.modelText();
  const grid = r.grid();
  const flags = r.byte();
  return {
    leadId,
    asOf,
    fit,
    intent,
    total,
    band,
    grid,
    mql: isMql(flags),
    mqlReason: reasonOf(flags),
    handRaiser: isHandRaiser(flags),
    disqualified: isDisqualified(flags),
    crossedAt: r.time(),
  };
}

/** A lead of a batch that could not be read, as the JSON path puts it in its place. */
function failed(r) {
  const leadId = r.optionalText();
  const message = r.text();
  return { leadId, error: { name: "InputError", message, path: r.text() } };
}

function result(r) {
  const leadId = r.leadId();
  const asOf = r.asOf();
  const fit = r.number();
  const intent = r.number();
  const total = r.number();
  const band = r.modelText();
  const fitBand = r.modelText();
  const intentBand = r.modelText();
  const grid = r.grid();
  const flags = r.byte();
  const trigger = r.byte() === 1 ? { ruleId: r.modelText(), event: r.event() } : null;
  // Lists (a count, then each item) by a loop each here, not by a callback or a method each:
  // about a fifth of the reading time. The lists most results have items in (the contributions,
  // the disqualifying rules) are read into SCRATCH and copied out at their length: grown by
  // `push`, an array keeps room for 17 items, about 140 bytes a result that outlive the call
  // (and that every scavenge during the call copies).
  const blockedBy = [];
  for (let n = r.count(); n > 0; n--) blockedBy.push(BLOCKERS[r.byte()]);
  const disqualifiedCount = r.count();
  for (let i = 0; i < disqualifiedCount; i++) SCRATCH[i] = r.modelText();
  const disqualifiedBy = disqualifiedCount === 0 ? [] : SCRATCH.slice(0, disqualifiedCount);
  const missingFields = [];
  for (let n = r.count(); n > 0; n--) missingFields.push(r.text());
  const lastEngagementAt = r.time();
  const crossedAt = r.time();
  const crossingEvent = r.byte() === 1 ? r.event() : null;
  const contributionCount = r.count();
  for (let i = 0; i < contributionCount; i++) SCRATCH[i] = r.contribution();
  const contributions = contributionCount === 0 ? [] : SCRATCH.slice(0, contributionCount);
  const warnings = [];
  for (let n = r.count(); n > 0; n--) warnings.push(r.warning());
  return {
    leadId,
    asOf,
    fit,
    intent,
    total,
    band,
    fitBand,
    intentBand,
    grid,
    mql: isMql(flags),
    mqlReason: reasonOf(flags),
    handRaiser: isHandRaiser(flags),
    trigger,
    blockedBy,
    disqualified: isDisqualified(flags),
    disqualifiedBy,
    missingFields,
    lastEngagementAt,
    crossedAt,
    crossingEvent,
    contributions,
    warnings,
  };
}
