// Reads a result written by src/wasm/compact_result.rs into the same object JSON.parse makes of
// the result's JSON (the same fields in the same order, `label` left out when the rule has
// none): the small engine, which has no JSON writer, answers with these bytes. `strings` is the
// model's table of rule ids, labels and band names.

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

class Reader {
  constructor(bytes, strings) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.strings = strings;
    this.at = 0;
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

  text() {
    const length = this.count();
    const text = utf8.decode(this.bytes.subarray(this.at, this.at + length));
    this.at += length;
    return text;
  }

  optionalText() {
    return this.byte() === 1 ? this.text() : null;
  }

  modelText() {
    const index = this.count();
    return index === 0 ? null : this.strings[index - 1];
  }

  /** An instant as `toISOString` writes it (as the engine writes it), or null. */
  time() {
    const ms = this.number();
    return ms === ms ? new Date(ms).toISOString() : null;
  }

  event() {
    return { index: this.count(), id: this.optionalText(), type: this.text(), at: this.time() };
  }

  list(item) {
    const items = [];
    for (let n = this.count(); n > 0; n--) items.push(item());
    return items;
  }

  contribution() {
    const ruleId = this.modelText();
    const group = GROUPS[this.byte()];
    const label = this.modelText();
    const c = label === null ? { ruleId, group } : { ruleId, group, label };
    c.points = this.number();
    c.rawPoints = this.number();
    c.decayFactor = this.number();
    c.matched = this.count();
    c.counted = this.count();
    c.lastAt = this.time();
    return c;
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
  const r = new Reader(bytes, strings);
  const leadId = r.text();
  const asOf = r.time();
  const fit = r.number();
  const intent = r.number();
  const total = r.number();
  const band = r.modelText();
  const fitBand = r.modelText();
  const intentBand = r.modelText();
  const grid = r.optionalText();
  const flags = r.byte();
  const trigger = r.byte() === 1 ? { ruleId: r.modelText(), event: r.event() } : null;
  const blockedBy = r.list(() => BLOCKERS[r.byte()]);
  const disqualifiedBy = r.list(() => r.modelText());
  const missingFields = r.list(() => r.text());
  const lastEngagementAt = r.time();
  const crossedAt = r.time();
  const crossingEvent = r.byte() === 1 ? r.event() : null;
  const contributions = r.list(() => r.contribution());
  const warnings = r.list(() => r.warning());
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
    mql: (flags & 1) === 1,
    mqlReason: REASONS[(flags >> 1) & 3],
    handRaiser: (flags & 8) !== 0,
    trigger,
    blockedBy,
    disqualified: (flags & 16) !== 0,
    disqualifiedBy,
    missingFields,
    lastEngagementAt,
    crossedAt,
    crossingEvent,
    contributions,
    warnings,
  };
}
