// LeadStore.push's quick path for event objects (src/wasm/store_push.rs is its Wasm side): the
// lead's handle from a Map kept per store (its id crosses once, not at every push), the events
// written by compact-usual.js's compactEvents and copied into bytes the store lends in Wasm
// memory, and the total back as a plain number. Anything else (JSON text, a time that is not a
// number, an id the store does not hold, bad input of any kind) goes through the binding's own
// push, which names the problem: the quick path changes nothing where it answers NaN.
import * as usual from "./compact-usual.js";

// Read once: in the Node build (CommonJS, made by esbuild) an imported name is a getter called
// at every use.
const { compactEvents } = usual;

const LENDING = Symbol("leadscore.lending");

/** What a store keeps on its JavaScript side for quick pushes, made at its first push. */
class Lending {
  constructor(store) {
    this.handles = new Map();
    this.plan = store.pushPlan();
    this.memory = store.lentMemory();
    this.bytes = new Uint8Array(0);
    this.at = 0;
    this.room = 0;
  }

  /** Copies `bytes` into the store's lent bytes (asking it for more room where they do not fit). */
  lend(store, bytes) {
    const length = bytes.length;
    if (length > this.room) {
      this.at = store.lend(length);
      this.room = length;
      this.bytes = new Uint8Array(this.memory.buffer);
    } else if (this.bytes.byteLength === 0) {
      // The memory grew since: the old view is detached.
      this.bytes = new Uint8Array(this.memory.buffer);
    }
    this.bytes.set(bytes, this.at);
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
    let bytes;
    try {
      bytes = compactEvents(events, lending.plan, true);
    } catch {
      return pushAny.call(this, leadId, events, asOf);
    }
    lending.lend(this, bytes);
    const total = this.pushLent(handle, bytes.length, time);
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
