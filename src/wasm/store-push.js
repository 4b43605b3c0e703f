// LeadStore.push's quick path for event objects (src/wasm/store_push.rs is its Wasm side): the
// lead's handle from a Map kept per store (its id crosses once, not at every push), the events
// written by compact-usual.js's writer straight into bytes the store lends in Wasm memory (copied
// there only where they outgrow them), and the total back as a plain number. Anything else (JSON
// text, a time that is not a number, an id the store does not hold, bad input of any kind) goes
// through the binding's own push, which names the problem: the quick path changes nothing where
// it answers NaN.
import * as usual from "./compact-usual.js";

// Read once: in the Node build (CommonJS, made by esbuild) an imported name is a getter called
// at every use.
const { compactEvents, writeEvents, lendWriter, releaseWriter } = usual;

const LENDING = Symbol("leadscore.lending");
// The lent bytes asked for at a store's first push: a push of an event of the usual shape writes
// well under a hundred.
const FIRST_ROOM = 4096;

/** What a store keeps on its JavaScript side for quick pushes, made at its first push. */
class Lending {
  constructor(store) {
    this.handles = new Map();
    this.plan = store.pushPlan();
    this.memory = store.lentMemory();
    this.at = store.lend(FIRST_ROOM);
    this.room = FIRST_ROOM;
    this.see();
  }

  /** Views over the lent bytes, made again when they move or the memory grows (detaching them). */
  see() {
    const { buffer } = this.memory;
    this.bytes = new Uint8Array(buffer, this.at, this.room);
    this.data = new DataView(buffer, this.at, this.room);
  }

  /** Writes `events` (as `compactEvents`) straight into the lent bytes; their length. */
  write(store, events) {
    if (this.bytes.byteLength === 0) this.see();
    if (!lendWriter(this.bytes, this.data)) {
      const bytes = compactEvents(events, this.plan, true);
      this.copy(store, bytes);
      return bytes.length;
    }
    let length, written;
    try {
      length = writeEvents(events, this.plan, true);
    } finally {
      written = releaseWriter();
    }
    // Past the lent bytes, the writer went on in bytes of its own: copy them in with more room.
    if (written !== this.bytes) this.copy(store, written.subarray(0, length));
    return length;
  }

  /** Copies `bytes` into the lent bytes, asking the store for more room where they do not fit. */
  copy(store, bytes) {
    if (bytes.length > this.room) {
      this.at = store.lend(bytes.length);
      this.room = bytes.length;
      this.see();
    } else if (this.bytes.byteLength === 0) this.see();
    this.bytes.set(bytes);
  }
}

/** Puts the quick path in front of `LeadStore.prototype.push` (the glue calls this once). */
export function installPush(LeadStore) {
  const { push: pushAny, delete: deleteAny, free } = LeadStore.prototype;

  LeadStore.prototype.push = function push(leadId, events, asOf) {
    let time = asOf;
    if (typeof time !== "number") {
      if (time !== undefined && time !== null) return pushAny.call(this, leadId, events, asOf);
      time = Date.now();
    }
    if (typeof events !== "object" || events === null || events instanceof Date)
      return pushAny.call(this, leadId, events, asOf);
    const lending = this[LENDING] ?? (this[LENDING] = new Lending(this));
    let handle = lending.handles.get(leadId);
    if (handle === undefined) {
      handle = this.leadHandle(leadId);
      if (handle === 0) return pushAny.call(this, leadId, events, asOf);
      lending.handles.set(leadId, handle);
    }
    let length;
    try {
      length = lending.write(this, events);
    } catch {
      return pushAny.call(this, leadId, events, asOf);
    }
    const total = this.pushLent(handle, length, time);
    if (total === total) return total;
    lending.handles.delete(leadId);
    return pushAny.call(this, leadId, events, asOf);
  };

  // A removed lead's handle is never given again: forget it at once rather than at its next push.
  LeadStore.prototype.delete = function (leadId) {
    this[LENDING]?.handles.delete(leadId);
    return deleteAny.call(this, leadId);
  };

  // The lent bytes go with the store: a freed store never writes there again.
  LeadStore.prototype.free = function () {
    this[LENDING] = undefined;
    free.call(this);
  };
  if (Symbol.dispose) LeadStore.prototype[Symbol.dispose] = LeadStore.prototype.free;
}
