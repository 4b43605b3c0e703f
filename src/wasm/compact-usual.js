// Writes leads and events of the usual shape, given as JavaScript objects, in the compact form's
// schema-shaped encoding (src/lead/fast.rs: fields in a fixed order without tags, event types and
// attribute names as indexes into the plan, times as epoch milliseconds, a batch's event ids left
// out where they come in order); anything else in the tagged form (compact-lead.js), lead by lead
// and event by event, so that the engine names its problem exactly as it does for JSON text. The
// scoring builds (feature `json`) call this module; the small engine writes the tagged form only.
import * as tagged from "./compact-lead.js";

// What this module takes from compact-lead.js, as local names read once: in the Node build
// (CommonJS, made by esbuild) each imported name is a getter on that module's exports, called at
// every use, which made scoreBatch from objects about 40% slower where the writer uses them for
// every event.
const {
  ARRAY,
  ATTRIBUTES_DEPTH,
  EVENT_PROPS_DEPTH,
  writer,
  MILLIS,
  readUsualTime,
  isWritten,
  hasKeys,
  isPlain,
  writeValue,
  mayPassLimits,
  membersMayPassLimits,
  writeEvent,
  writeLead,
  isWellFormed,
} = tagged;

// Leads and events of the usual shape (src/lead/fast.rs reads them): their tags after the tagged
// form's (compact-lead.js has those: 0 to 7).
const LEAD = 8;
const EVENT = 9;
// An event's head byte: an id follows; properties follow.
const HAS_ID = 1;
const HAS_PROPS = 2;
// Epoch milliseconds of the years 0001 to 9999 (src/time.rs).
const MIN_MS = -62_135_596_800_000;
const MAX_MS = 253_402_300_799_999;
// Past this nesting limit, attributes keep the tagged form (the reader follows 128 deep).
const FAST_NESTING = 100;

/**
 * The event ids a batch's bytes leave out (see `compactLeads`), kept on its plan as `leftOut` for
 * the results' reader (compact-result.js's `readResults`, handed the plan by the binding): lead
 * k's event i has the id `ids[starts[k] + i]` (null for none); `starts[k]` is -1 for a lead whose
 * ids were written. `leadIds[k]` is the id string lead k was written with in the schema-shaped
 * form (null for a lead in the tagged form), for the reader to give back in place of decoding
 * its bytes again. (An empty one before the first batch.)
 */
let leftOut = { ids: [], starts: [], leadIds: [] };
// Where the lead being written may leave its events' ids in `leftOut.ids`, or -1: ids written.
let leaveIdsAt = -1;
// How many events' ids the lead just written left out, or -1 for none.
let idsLeft = -1;
// The last id left out of the lead being written.
let previousId = "";
// The id of the last lead written in the schema-shaped form.
let usualLeadId = null;

/**
 * What the schema-shaped form numbers, by plan (made once per plan): each event type's index
 * (from 1, in the plan's order, as src/lead/fast.rs numbers them) and the properties read of it.
 */
const shapes = new WeakMap();

function shapeOf(plan) {
  let shape = shapes.get(plan);
  if (shape === undefined) {
    // An object without a prototype, not a Map: a property load by the type's (usually
    // internalized) name is found in V8's cache by the object's shape and the name, a few ms
    // less for the benchmark's 500,000 events than `Map.get`, which hashes and walks a bucket.
    const types = Object.create(null);
    let index = 0;
    for (const [type, names] of plan.events) types[type] = { index: ++index, names };
    shape = { types, fast: plan.limits.nestingDepth <= FAST_NESTING };
    shapes.set(plan, shape);
  }
  return shape;
}

/** Text that is surely not blank (it starts with a visible ASCII character). */
function isUsualText(s) {
  return s.length > 0 && (s.charCodeAt(0) - 33) >>> 0 < 94;
}

/**
 * An event of the usual shape in the schema-shaped form: its head, its type (an index, or 0 and
 * the text of a type no rule listens to), its time in epoch milliseconds, its id, and the
 * properties the rules read; its id left out, in `leftOut.ids` at `leave`, where `leave` is given.
 * False, with what was written left to undo, for anything else.
 */
function writeUsualEvent(w, event, plan, shape, leave = -1) {
  if (!isPlain(event)) return false;
  const { id, type, at, props } = event;
  let count = 2;
  if (id !== undefined) count++;
  if (props !== undefined) count++;
  if (!hasKeys(event, count) || typeof type !== "string") return false;
  if (typeof at === "string") {
    if (!readUsualTime(at)) return false;
  } else if (Number.isInteger(at) && at >= MIN_MS && at <= MAX_MS) MILLIS[0] = at;
  else return false;
  const known = shape.types[type];
  let head = 0;
  if (id != null) {
    if (typeof id !== "string" || !isUsualText(id)) return false;
    if (leave < 0) head |= HAS_ID;
    else if (followsInOrder(id, plan.limits)) leftOut.ids[leave] = id;
    else return false;
  } else if (leave >= 0) leftOut.ids[leave] = null;
  if (props != null) {
    const { limits } = plan;
    if (
      !isPlain(props) ||
      EVENT_PROPS_DEPTH > limits.nestingDepth ||
      membersMayPassLimits(props, EVENT_PROPS_DEPTH, limits)
    )
      return false;
  }
  if (known === undefined && !isUsualText(type)) return false;
  w.room(3);
  const headAt = w.at + 1;
  w.bytes[w.at++] = EVENT;
  w.bytes[w.at++] = head;
  if (known !== undefined) w.varint(known.index);
  else {
    w.bytes[w.at++] = 0;
    w.text(type);
  }
  w.float(MILLIS[0]);
  if (head & HAS_ID) w.text(id);
  if (props != null && known !== undefined && writeRead(w, props, known.names))
    w.bytes[headAt] |= HAS_PROPS;
  return true;
}

/**
 * The members of `object` named in `names` that are written (as JSON.stringify finds them): their
 * count, then each one's index and value; nothing, and false, for none. Each member is looked up
 * once (a second lookup per name, to count them first, cost 4 to 12 ms of the writer's 150 for
 * the benchmark's 500,000 events): with under 128 names, the count and each index take one byte,
 * and the count's byte is written after the members.
 */
function writeRead(w, object, names) {
  if (names.length > 127) {
    let count = 0;
    for (let i = 0; i < names.length; i++) if (isWritten(object[names[i]])) count++;
    if (count > 0) writeIndexed(w, object, names, count);
    return count > 0;
  }
  w.room(1);
  const countAt = w.at++;
  let count = 0;
  for (let i = 0; i < names.length; i++) {
    const value = object[names[i]];
    if (!isWritten(value)) continue;
    count++;
    w.room(1);
    w.bytes[w.at++] = i;
    if (typeof value === "string") w.string(value);
    else writeValue(w, value);
  }
  if (count === 0) w.at = countAt;
  else w.bytes[countAt] = count;
  return count > 0;
}

/**
 * Whether `id` may be left out of the bytes: within the limits, well formed, and after the lead's
 * last id left out in length-then-text order (so that no two of them are the same and the engine
 * has no repeated id to drop: it need not see them). An id with a lone surrogate crosses, for the
 * engine to refuse it as it refuses the lead's JSON text.
 */
function followsInOrder(id, limits) {
  const previous = previousId;
  if (
    id.length * 3 > limits.stringLength ||
    !isWellFormed(id) ||
    !(previous.length < id.length || (previous.length === id.length && previous < id))
  )
    return false;
  previousId = id;
  return true;
}

/**
 * A lead's events, all of the usual shape, with their ids left out (in `leftOut.ids` from
 * `leaveIdsAt`) if they come in order (see `followsInOrder`). False, with what was written left to
 * undo, for anything else.
 */
function writeEventsLeavingIds(w, events, length, plan, shape) {
  previousId = "";
  w.lone = false;
  for (let i = 0; i < length; i++)
    if (!writeUsualEvent(w, events[i], plan, shape, leaveIdsAt + i) || w.lone) return false;
  idsLeft = length;
  return true;
}

/** The `count` members of `object` named in `names`: the count, then each one's index and value. */
function writeIndexed(w, object, names, count) {
  w.varint(count);
  for (let i = 0; i < names.length; i++) {
    const value = object[names[i]];
    if (!isWritten(value)) continue;
    w.varint(i);
    if (typeof value === "string") w.string(value);
    else writeValue(w, value);
  }
}

/**
 * An event: the schema-shaped form if it is of the usual shape (and its text well formed), else
 * the tagged form.
 */
function writeAnyEvent(w, event, plan, shape) {
  const start = w.at;
  w.lone = false;
  if (writeUsualEvent(w, event, plan, shape) && !w.lone) return;
  w.at = start;
  writeEvent(w, event, plan);
}

/**
 * A lead of the usual shape in the schema-shaped form: its id, the attributes the model reads
 * (0, or 1, their count and each one's index and value), then its events, each in whichever form
 * fits it (in a batch, all of the usual shape). False, with what was written left to undo, for
 * anything else.
 */
function writeUsualLead(w, lead, plan, shape) {
  if (!shape.fast || !isPlain(lead)) return false;
  const { id, attributes, events } = lead;
  let count = 1;
  if (attributes !== undefined) count++;
  if (events !== undefined) count++;
  if (
    !hasKeys(lead, count) ||
    typeof id !== "string" ||
    !isUsualText(id) ||
    (events !== undefined && !Array.isArray(events)) ||
    (attributes != null &&
      (!isPlain(attributes) || mayPassLimits(attributes, ATTRIBUTES_DEPTH, plan.limits)))
  )
    return false;
  w.lone = false;
  w.byte(LEAD);
  w.text(id);
  if (attributes == null) w.byte(0);
  else writeAttributes(w, attributes, plan.attributes);
  if (w.lone) return false;
  usualLeadId = id;
  const length = events === undefined ? 0 : events.length;
  w.varint(length);
  if (leaveIdsAt >= 0) {
    const at = w.at;
    if (writeEventsLeavingIds(w, events, length, plan, shape)) return true;
    w.at = at;
    return writeEventsWithIds(w, events, length, plan, shape);
  }
  for (let i = 0; i < length; i++) writeAnyEvent(w, events[i], plan, shape);
  return true;
}

/**
 * A batch lead's events, all of the usual shape, with their ids. False, with what was written left
 * to undo, for anything else: in a batch, a lead with an event of another shape is written whole
 * in the tagged form, whose bytes the engine reads apart, so that a lead it refuses at an event
 * (with `onError: "collect"`) leaves it at the next lead; a schema-shaped lead refused at a tagged
 * event before its last left the rest of its events to be read as the next lead.
 */
function writeEventsWithIds(w, events, length, plan, shape) {
  for (let i = 0; i < length; i++) {
    w.lone = false;
    if (!writeUsualEvent(w, events[i], plan, shape) || w.lone) return false;
  }
  return true;
}

/** The attributes the model reads: 1, their count, then each one's index and value. */
function writeAttributes(w, attributes, names) {
  w.byte(1);
  if (!writeRead(w, attributes, names)) w.byte(0);
}

/**
 * A lead: the schema-shaped form if it is of the usual shape, else the tagged form. Returns the
 * id it was written with in the schema-shaped form, or null.
 */
function writeAnyLead(w, lead, plan, shape) {
  const start = w.at;
  if (writeUsualLead(w, lead, plan, shape)) return usualLeadId;
  w.at = start;
  writeLead(w, lead, plan);
  return null;
}

/** One lead in the compact form: schema-shaped where it fits, else tagged. */
export function compactLead(lead, plan) {
  writer.at = 0;
  writeAnyLead(writer, lead, plan, shapeOf(plan));
  return writer.done();
}

/**
 * An array of leads (anything else written whole, for the engine to refuse). A lead of the usual
 * shape whose event ids come in order leaves them out (in `plan.leftOut`): the engine, which
 * only drops repeated ids, needs none of them, and the results' reader puts them back.
 */
export function compactLeads(leads, plan) {
  writer.at = 0;
  leftOut = plan.leftOut ??= { ids: [], starts: [], leadIds: [] };
  if (Array.isArray(leads)) {
    writer.byte(ARRAY);
    writer.varint(leads.length);
    const shape = shapeOf(plan);
    let next = 0;
    try {
      for (let i = 0; i < leads.length; i++) {
        leaveIdsAt = next;
        idsLeft = -1;
        leftOut.leadIds[i] = writeAnyLead(writer, leads[i], plan, shape);
        leftOut.starts[i] = idsLeft >= 0 ? next : -1;
        if (idsLeft > 0) next += idsLeft;
      }
    } finally {
      leaveIdsAt = -1;
      // Cut to this batch's ids only now: emptied first, the array grew again from nothing for
      // every batch (its 500,000 ids copied as it grew).
      leftOut.ids.length = next;
      leftOut.leadIds.length = leftOut.starts.length = leads.length;
    }
  } else {
    writeValue(writer, leads);
  }
  return writer.done();
}

/**
 * New events: an array, or, where `one` may be given (a push), one event written as a list of
 * one (reported at `[0]`); anything else whole, for the engine to refuse.
 */
export function compactEvents(events, plan, one) {
  writeEvents(events, plan, one);
  return writer.done();
}

// While the writer writes into bytes lent to it (`lendWriter`), its own bytes and their view:
// kept here rather than in compact-lead.js's Writer, which the visitor's script also ships.
let ownBytes = null;
let ownView = null;

/**
 * Has the writer write into `bytes` (`view` over the same bytes) until `releaseWriter`: bytes
 * lent in Wasm memory, so that what is written need not be copied there. A write past their end
 * moves the writer to bytes of its own, as growing does. False (nothing changed) while lent.
 */
export function lendWriter(bytes, view) {
  if (ownBytes !== null) return false;
  ownBytes = writer.bytes;
  ownView = writer.view;
  writer.bytes = bytes;
  writer.view = view;
  return true;
}

/** The writer back on its own bytes; returns the bytes it wrote into since `lendWriter`. */
export function releaseWriter() {
  const written = writer.bytes;
  writer.bytes = ownBytes;
  writer.view = ownView;
  ownBytes = null;
  ownView = null;
  return written;
}

/** `compactEvents` without taking the bytes: their length (the writer's first bytes). */
export function writeEvents(events, plan, one) {
  writer.at = 0;
  const shape = shapeOf(plan);
  if (Array.isArray(events)) {
    writer.byte(ARRAY);
    writer.varint(events.length);
    for (let i = 0; i < events.length; i++) writeAnyEvent(writer, events[i], plan, shape);
  } else if (one) {
    writer.byte(ARRAY);
    writer.varint(1);
    writeAnyEvent(writer, events, plan, shape);
  } else {
    writeValue(writer, events);
  }
  return writer.at;
}
