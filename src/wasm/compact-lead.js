// Writes leads and events, given as JavaScript objects, in the compact form that src/compact/
// reads: only what the model reads (`plan`: the attribute names its fit rules and required fields
// read, and for each event type a rule listens to, the property names its rules read), each
// event's id, type and time (a time of the usual shape as epoch milliseconds), in a tagged binary
// tree, so that no JSON text is made or parsed.
// This module holds the tagged form, written whole as JSON.stringify would see it where it is not
// of the usual kinds, so that the engine names its problem exactly as it does for JSON text, and
// what the schema-shaped form (compact-usual.js, for leads and events of the usual shape) shares
// with it: the writer, the time reader and the checks. Values no rule reads are looked at only
// against the scorer's limits (`plan.limits`): attributes or properties that may hold a string or
// nesting past one are written whole, so that the engine refuses them at their path as it does
// JSON text.

const NULL = 0;
const FALSE = 1;
const TRUE = 2;
const NUMBER = 3;
const STRING = 4;
export const ARRAY = 5;
const OBJECT = 6;
const FIELD = 7;
// The keys written by index (src/compact/mod.rs has the same list).
const ID = 0;
const TYPE = 1;
const AT = 2;
const PROPS = 3;
const ATTRIBUTES = 4;
const EVENTS = 5;
const FIELDS = ["id", "type", "at", "props", "attributes", "events"];
// How deep a lead's attributes and an event's properties nest (the lead itself is 1).
export const ATTRIBUTES_DEPTH = 2;
export const EVENT_PROPS_DEPTH = 4;

const utf8 = new TextEncoder();
const NOTHING = [];

/** A growing byte buffer, reused from call to call (the binding copies what it returns). */
class Writer {
  constructor() {
    this.bytes = new Uint8Array(1 << 16);
    this.view = new DataView(this.bytes.buffer);
    this.at = 0;
    // Set when a text with a lone surrogate was written (as WTF-8): the schema-shaped form then
    // gives way to the tagged one, which the engine reads with the path of what it refuses.
    this.lone = false;
  }

  room(n) {
    if (this.at + n > this.bytes.length) this.grow(n);
  }

  grow(n) {
    let size = this.bytes.length * 2;
    while (size < this.at + n) size *= 2;
    const bytes = new Uint8Array(size);
    bytes.set(this.bytes.subarray(0, this.at));
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer);
  }

  byte(b) {
    this.room(1);
    this.bytes[this.at++] = b;
  }

  varint(n) {
    this.room(5);
    while (n >= 0x80) {
      this.bytes[this.at++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    this.bytes[this.at++] = n;
  }

  field(index) {
    this.room(2);
    this.bytes[this.at++] = FIELD;
    this.bytes[this.at++] = index;
  }

  number(n) {
    this.room(9);
    this.bytes[this.at++] = NUMBER;
    this.view.setFloat64(this.at, n, true);
    this.at += 8;
  }

  /** A string value: its tag, then its text. */
  string(s) {
    this.byte(STRING);
    this.text(s);
  }

  /** Text: ASCII of under 128 characters copied as it is, anything else encoded. */
  text(s) {
    const length = s.length;
    if (length < 128) {
      if (this.at + length + 1 > this.bytes.length) this.grow(length + 1);
      const bytes = this.bytes;
      const start = this.at + 1;
      let i = 0;
      for (; i < length; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        bytes[start + i] = c;
      }
      if (i === length) {
        bytes[this.at] = length;
        this.at = start + length;
        return;
      }
    }
    let encoded;
    if (isWellFormed(s)) encoded = utf8.encode(s);
    else {
      encoded = wtf8(s);
      this.lone = true;
    }
    this.varint(encoded.length);
    this.room(encoded.length);
    this.bytes.set(encoded, this.at);
    this.at += encoded.length;
  }

  /** A number without a tag (a time in the schema-shaped form). */
  float(n) {
    this.room(8);
    this.view.setFloat64(this.at, n, true);
    this.at += 8;
  }

  done() {
    return this.bytes.subarray(0, this.at);
  }
}

export const writer = new Writer();

/** Whether `s` has no lone surrogate (false where the engine cannot ask, which is safe). */
export function isWellFormed(s) {
  return typeof s.isWellFormed === "function" && s.isWellFormed();
}

/**
 * Text as UTF-8, but a lone surrogate as WTF-8 writes it (three bytes from 0xED 0xA0; TextEncoder
 * would write U+FFFD), which the engine refuses in the words serde_json has for the `\u` escape
 * JSON.stringify writes there, so that objects and their JSON text get the same error.
 */
function wtf8(s) {
  const out = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    const next = s.charCodeAt(i + 1);
    if (c >= 0xd800 && c < 0xdc00 && next >= 0xdc00 && next < 0xe000) {
      c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
      i++;
    }
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else
      out.push(
        0xf0 | (c >> 18),
        0x80 | ((c >> 12) & 0x3f),
        0x80 | ((c >> 6) & 0x3f),
        0x80 | (c & 0x3f),
      );
  }
  return Uint8Array.from(out);
}

/** The two digits of `s` at `at` as a number; -1 when either is not a digit. */
function twoDigits(s, at) {
  const tens = s.charCodeAt(at) - 48;
  const ones = s.charCodeAt(at + 1) - 48;
  // Unsigned, a character below "0" is past 9 too.
  return tens >>> 0 > 9 || ones >>> 0 > 9 ? -1 : tens * 10 + ones;
}

/** Where `readUsualTime` leaves the time it read. */
export const MILLIS = new Float64Array(1);

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year, month) {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month];
}

/**
 * A time of the usual shape, `YYYY-MM-DDTHH:MM:SSZ` (or with `.mmm` before the `Z`), as epoch
 * milliseconds, computed as the engine's reader computes it (src/time.rs), so that it crosses as
 * a number and is not read again: left in `MILLIS[0]` (a number returned from a call that is not
 * inlined is boxed: 8 MB of garbage per 500,000 events), true; false for anything else (another
 * shape, an impossible date, the year 0000), which is written as text for the engine to read, or
 * to refuse with its message.
 */
export function readUsualTime(s) {
  const length = s.length;
  if ((length !== 20 && length !== 24) || s.charCodeAt(length - 1) !== 90) return false;
  if (
    s.charCodeAt(4) !== 45 ||
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(10) !== 84 ||
    s.charCodeAt(13) !== 58 ||
    s.charCodeAt(16) !== 58 ||
    (length === 24 && s.charCodeAt(19) !== 46)
  )
    return false;
  let millis = 0;
  if (length === 24) {
    const hundreds = twoDigits(s, 20);
    const ones = s.charCodeAt(22) - 48;
    if (hundreds < 0 || ones >>> 0 > 9) return false;
    millis = hundreds * 10 + ones;
  }
  const century = twoDigits(s, 0);
  const yearOfCentury = twoDigits(s, 2);
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  const hour = twoDigits(s, 11);
  const minute = twoDigits(s, 14);
  const second = twoDigits(s, 17);
  // Each is -1 or from 0 to 99: their bits together are negative when one is not digits.
  if ((century | yearOfCentury | month | day | hour | minute | second) < 0) return false;
  const year = century * 100 + yearOfCentury;
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
    return false;
  if (hour > 23 || minute > 59 || second > 59) return false;
  // Days since 1970-01-01 by Howard Hinnant's algorithm, as src/time.rs has it (whole-number
  // division by truncation: every operand here is at least 0).
  const y = month <= 2 ? year - 1 : year;
  const era = (y / 400) | 0;
  const yearOfEra = y - era * 400;
  const dayOfYear = (((153 * ((month + 9) % 12) + 2) / 5) | 0) + day - 1;
  const dayOfEra = yearOfEra * 365 + ((yearOfEra / 4) | 0) - ((yearOfEra / 100) | 0) + dayOfYear;
  const days = era * 146_097 + dayOfEra - 719_468;
  MILLIS[0] = (days * 86_400 + hour * 3600 + minute * 60 + second) * 1000 + millis;
  return true;
}

export function isWritten(value) {
  const type = typeof value;
  return type !== "undefined" && type !== "function" && type !== "symbol";
}

/** Whether `object` has exactly `count` enumerable keys (as many as its known keys given). */
export function hasKeys(object, count) {
  let keys = 0;
  for (const _ in object) keys++;
  return keys === count;
}

export function isPlain(value) {
  return (
    value !== null &&
    typeof value === "object" &&
    value.constructor === Object &&
    typeof value.toJSON !== "function"
  );
}

/** Any value as JSON.stringify writes it: its `toJSON`, no undefined or functions in objects. */
export function writeValue(w, value, seen = null) {
  if (value !== null && typeof value === "object" && typeof value.toJSON === "function")
    value = value.toJSON();
  switch (typeof value) {
    case "string":
      w.string(value);
      return;
    case "number":
      w.number(value);
      return;
    case "boolean":
      w.byte(value ? TRUE : FALSE);
      return;
    case "bigint":
      throw new TypeError("Do not know how to serialize a BigInt");
    case "object":
      if (value !== null) break;
    // falls through: null, and undefined or functions in arrays, are null
    default:
      w.byte(NULL);
      return;
  }
  if (value instanceof Number || value instanceof String || value instanceof Boolean) {
    writeValue(w, value.valueOf(), seen);
    return;
  }
  seen ??= new Set();
  if (seen.has(value)) throw new TypeError("Converting circular structure to JSON");
  seen.add(value);
  if (Array.isArray(value)) {
    w.byte(ARRAY);
    w.varint(value.length);
    for (const item of value) writeValue(w, item, seen);
  } else {
    const keys = Object.keys(value).filter((key) => isWritten(value[key]));
    w.byte(OBJECT);
    w.varint(keys.length);
    for (const key of keys) {
      const field = FIELDS.indexOf(key);
      if (field >= 0) w.field(field);
      else w.string(key);
      writeValue(w, value[key], seen);
    }
  }
  seen.delete(value);
}

/**
 * Whether `value`, at nesting `depth` (the lead is 1), may hold a string (a key or a value) or an
 * array or object past the limits: then it is written whole for the engine to check exactly.
 * Cheap where it matters: a string of at most a third of the limit's length in UTF-16 code units
 * has at most the limit's bytes in UTF-8.
 */
export function mayPassLimits(value, depth, limits) {
  if (typeof value === "string") return value.length * 3 > limits.stringLength;
  if (value === null || typeof value !== "object") return false;
  if (depth > limits.nestingDepth || !(isPlain(value) || Array.isArray(value))) return true;
  return membersMayPassLimits(value, depth, limits);
}

/**
 * Whether the keys or members of a plain object or array at nesting `depth` (within the limit)
 * may pass the limits, as `mayPassLimits` tells: a string member looked at here, not by a call.
 */
export function membersMayPassLimits(value, depth, limits) {
  const longest = limits.stringLength / 3;
  for (const key in value) {
    const member = value[key];
    if (key.length > longest) return true;
    if (typeof member === "string") {
      if (member.length > longest) return true;
    } else if (mayPassLimits(member, depth + 1, limits)) return true;
  }
  return false;
}

/** An object's members named in `names`, whole. */
function writeSome(w, object, names) {
  let count = 0;
  for (let i = 0; i < names.length; i++) if (isWritten(object[names[i]])) count++;
  w.byte(OBJECT);
  w.varint(count);
  for (let i = 0; i < names.length; i++) {
    const value = object[names[i]];
    if (!isWritten(value)) continue;
    w.string(names[i]);
    if (typeof value === "string") w.string(value);
    else writeValue(w, value);
  }
}

/** An event: the fast path for `{ id?, type, at, props? }` of the usual kinds, else whole. */
export function writeEvent(w, event, plan) {
  if (!isPlain(event)) return writeValue(w, event);
  const { id, type, at, props } = event;
  let count = 2;
  if (id !== undefined) count++;
  if (props !== undefined) count++;
  if (
    !hasKeys(event, count) ||
    typeof type !== "string" ||
    (typeof at !== "string" && typeof at !== "number") ||
    (id !== undefined && id !== null && typeof id !== "string" && typeof id !== "number") ||
    (props !== undefined && props !== null && !isPlain(props)) ||
    (props != null && mayPassLimits(props, EVENT_PROPS_DEPTH, plan.limits))
  ) {
    return writeValue(w, event);
  }
  // The object's tag, its count (under 5) and the id's field: room made once.
  w.room(5);
  const bytes = w.bytes;
  bytes[w.at++] = OBJECT;
  bytes[w.at++] = count;
  if (id !== undefined) {
    bytes[w.at++] = FIELD;
    bytes[w.at++] = ID;
    if (id === null) bytes[w.at++] = NULL;
    else if (typeof id === "string") w.string(id);
    else w.number(id);
  }
  w.field(TYPE);
  w.string(type);
  w.field(AT);
  if (typeof at === "number") w.number(at);
  else if (readUsualTime(at)) w.number(MILLIS[0]);
  else w.string(at);
  if (props !== undefined) {
    w.field(PROPS);
    if (props === null) w.byte(NULL);
    else writeSome(w, props, plan.events.get(type) ?? NOTHING);
  }
}

/** A lead: the fast path for `{ id, attributes?, events? }` of the usual kinds, else whole. */
export function writeLead(w, lead, plan) {
  if (!isPlain(lead)) return writeValue(w, lead);
  const { id, attributes, events } = lead;
  let count = 0;
  if (id !== undefined) count++;
  if (attributes !== undefined) count++;
  if (events !== undefined) count++;
  if (
    !hasKeys(lead, count) ||
    (id !== undefined && typeof id !== "string" && typeof id !== "number") ||
    (attributes !== undefined && attributes !== null && !isPlain(attributes)) ||
    (events !== undefined && !Array.isArray(events)) ||
    (attributes != null && mayPassLimits(attributes, ATTRIBUTES_DEPTH, plan.limits))
  ) {
    return writeValue(w, lead);
  }
  w.byte(OBJECT);
  w.varint(count);
  if (id !== undefined) {
    w.field(ID);
    if (typeof id === "string") w.string(id);
    else w.number(id);
  }
  if (attributes !== undefined) {
    w.field(ATTRIBUTES);
    if (attributes === null) w.byte(NULL);
    else writeSome(w, attributes, plan.attributes);
  }
  if (events !== undefined) {
    w.field(EVENTS);
    w.byte(ARRAY);
    w.varint(events.length);
    for (let i = 0; i < events.length; i++) writeEvent(w, events[i], plan);
  }
}

/**
 * One lead only in the tagged form, for the small engine (a separate export, so that a bundle of
 * the visitor scorer, which imports only this, leaves the schema-shaped writer out).
 */
export function compactTaggedLead(lead, plan) {
  writer.at = 0;
  writeLead(writer, lead, plan);
  return writer.done();
}
