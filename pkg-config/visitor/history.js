// A visitor's history in the browser's localStorage, under one namespaced and versioned key:
// the visitor's id, their consent, their attributes, their events (bounded in number and age)
// and whether the MQL event has fired. A value that is corrupt or was written by something else
// is dropped and replaced. A storage that is full or unavailable (private browsing, blocked
// site data) leaves the history in memory for the page: never an exception.

/** The version of the stored value; a value of another version is replaced. */
export const FORMAT = 1;

const MAX_ID_LENGTH = 64;

/** The localStorage key of a namespace: `leadscore:v1`. */
export function storageKey(namespace) {
  return `${namespace}:v${FORMAT}`;
}

/** A fresh, empty history for a new visitor id. */
export function emptyHistory(visitor) {
  return {
    format: FORMAT,
    visitor,
    consent: false,
    attributes: {},
    events: [],
    lastSeen: null,
    mqlNotified: null,
  };
}

// JSON.stringify writes a lone surrogate, and nothing else of the kind, as a `\ud800` to `\udfff`
// escape (one not after an escaped backslash).
const LONE_SURROGATE = /(?<!\\)((?:\\\\)*)\\ud[89a-f][0-9a-f]{2}/gi;

/**
 * JSON text with every lone surrogate's escape made U+FFFD's, as TextEncoder writes one: the
 * engine refuses text with a lone surrogate (as the server refuses it in a beacon), and a
 * visitor's own text (a title cut short, a site's `track`) must not stop the scoring.
 */
export function wellFormedJson(text) {
  return text.replace(LONE_SURROGATE, "$1\\ufffd");
}

/** A copy of a JSON value (plain data) whose text is well formed (see `wellFormedJson`). */
export function wellFormedCopy(value) {
  return JSON.parse(wellFormedJson(JSON.stringify(value)));
}

/** A random id: the visitor's, or an event's (so a server that receives an event twice counts it once). */
export function randomId(prefix) {
  const bytes = new Uint8Array(9);
  globalThis.crypto.getRandomValues(bytes);
  let text = "";
  for (const byte of bytes) text += (byte % 36).toString(36);
  return `${prefix}${text}`;
}

/**
 * The stored value as a history, or null when it is not one this version wrote: wrong format,
 * a field of the wrong kind, an event without an id, a type or a whole-millisecond time.
 * `lastSeen` is the visitor's last activity (a new visit starts after a pause), `mqlNotified`
 * the crossing for which the MQL event fired.
 */
export function parseHistory(text) {
  let value;
  try {
    value = JSON.parse(wellFormedJson(text));
  } catch {
    return null;
  }
  if (!isPlainObject(value) || value.format !== FORMAT) return null;
  const { visitor, consent, attributes, events, lastSeen, mqlNotified } = value;
  if (
    !isId(visitor) ||
    typeof consent !== "boolean" ||
    !isPlainObject(attributes) ||
    !Array.isArray(events)
  )
    return null;
  if (!isTimeOrNull(lastSeen) || !isTimeOrNull(mqlNotified) || !events.every(isEvent)) return null;
  return { format: FORMAT, visitor, consent, attributes, events, lastSeen, mqlNotified };
}

function isId(value) {
  return typeof value === "string" && value.length > 0 && value.length <= MAX_ID_LENGTH;
}

function isTimeOrNull(value) {
  return value === null || Number.isSafeInteger(value);
}

function isEvent(event) {
  return (
    isPlainObject(event) &&
    isId(event.id) &&
    typeof event.type === "string" &&
    event.type.trim() !== "" &&
    Number.isSafeInteger(event.at) &&
    (event.props === undefined || isPlainObject(event.props))
  );
}

export function isPlainObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * The events to keep: one per id (the first), none older than `maxDays` before `now`, the
 * newest `maxEvents`, in time order.
 */
export function boundEvents(events, { maxEvents, maxDays }, now) {
  const oldest = now - maxDays * 86_400_000;
  const seen = new Set();
  const kept = [];
  for (const event of events) {
    if (seen.has(event.id) || event.at < oldest) continue;
    seen.add(event.id);
    kept.push(event);
  }
  kept.sort((a, b) => a.at - b.at);
  return kept.length > maxEvents ? kept.slice(kept.length - maxEvents) : kept;
}

/** The page's localStorage, or null when it cannot be used (blocked, sandboxed, absent). */
function openStorage(provided) {
  try {
    const storage = provided === undefined ? globalThis.localStorage : provided;
    if (!storage) return null;
    // Reading the length throws where storage is blocked; some browsers only fail on write.
    void storage.length;
    return storage;
  } catch {
    return null;
  }
}

/**
 * Where the history lives: localStorage when it works, else memory. `read()` returns the stored
 * history (null when there is none, or it was replaced because it was not ours); `write()`
 * merges with what another tab may have written since and stores the result; a write that fails
 * (storage full) moves the history to memory for the rest of the page.
 */
export class HistoryStore {
  constructor({ namespace, maxEvents, maxDays, storage }) {
    this.key = storageKey(namespace);
    this.bounds = { maxEvents, maxDays };
    this.storage = openStorage(storage);
    /** Why the history is kept in memory only, or null while localStorage works. */
    this.memoryOnly = this.storage ? null : "unavailable";
  }

  /** The stored history, or null; a value that is not a history is removed. */
  read() {
    if (!this.storage) return null;
    let text;
    try {
      text = this.storage.getItem(this.key);
    } catch {
      this.fallBack("unavailable");
      return null;
    }
    if (text === null) return null;
    const history = parseHistory(text);
    if (history === null) this.remove();
    return history;
  }

  /**
   * Stores `history` merged with the stored one of the same visitor (events from another tab
   * are kept) and returns the merged history. In memory only, returns it bounded.
   */
  write(history, now) {
    let merged = history;
    const stored = this.read();
    if (stored && stored.visitor === history.visitor) {
      merged = {
        ...history,
        consent: history.consent || stored.consent,
        lastSeen: Math.max(history.lastSeen ?? 0, stored.lastSeen ?? 0) || null,
        events: history.events.concat(stored.events),
        mqlNotified: history.mqlNotified ?? stored.mqlNotified,
      };
    }
    merged = { ...merged, events: boundEvents(merged.events, this.bounds, now) };
    if (this.storage) {
      try {
        this.storage.setItem(this.key, JSON.stringify(merged));
      } catch {
        this.fallBack("full");
      }
    }
    return merged;
  }

  /** Erases the stored history. */
  remove() {
    if (!this.storage) return;
    try {
      this.storage.removeItem(this.key);
    } catch {
      this.fallBack("unavailable");
    }
  }

  fallBack(reason) {
    this.storage = null;
    this.memoryOnly = reason;
  }
}
