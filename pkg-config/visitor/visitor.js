// The visitor scorer: records what a visitor does on the site, keeps it in their browser, and
// scores it with the site's model as of now on each new event. It fires `leadscore:score` on
// `document` (or `target`) on the first score of each page and whenever the score changes, and
// `leadscore:mql` once, when the visitor first becomes an MQL. A score computed in the browser
// is advisory: a server that acts on it re-scores the same events (`endpoint`).
import { listen, pageViewProps } from "./collect.js";
import {
  boundEvents,
  emptyHistory,
  HistoryStore,
  isPlainObject,
  randomId,
  wellFormedCopy,
} from "./history.js";
import { readOptions } from "./options.js";
import { privacySignal } from "./privacy.js";
import { loadModel } from "./model-source.js";

/**
 * A visitor scorer on the page `environment` (the window). `compile(model, wasmUrl)` loads the
 * engine and compiles the model (see engine.js); `preload(wasmUrl)`, if given, starts loading the
 * engine as the visitor starts, while the model loads; `defaultWasmUrl` is where the classic
 * script finds the engine's .wasm unless the options say otherwise.
 */
export function createVisitor(
  options,
  { compile, preload, defaultWasmUrl, environment = globalThis },
) {
  mark(environment, "leadscore:start");
  const config = readOptions(options);
  const document = environment.document;
  const target = config.target ?? document;
  const now = () => Date.now();
  const off = privacySignal(config, environment);
  // The model and the engine's .wasm start loading before anything else: the page's first touch
  // of localStorage (just below) is a synchronous round trip to the browser's storage that can
  // take from under 1 to about 30 ms, and the downloads go on meanwhile.
  const loading = off ? null : load();
  const store = new HistoryStore({ ...config, storage: config.storage });
  let storing = false;
  let stopped = off !== null;
  let history = emptyHistory(randomId("v-"));
  let engine = null;
  let pending = [];
  let last = null;
  let unlisten = () => {};
  /** The time of the last score not yet sent to the endpoint, and the timer that will send it. */
  let unsent = null;
  let sendTimer = null;

  if (!off) {
    const stored = store.read();
    storing = !config.requireConsent || stored?.consent === true;
    if (storing && stored) history = stored;
    history.attributes = { ...history.attributes, ...config.attributes };
    startPage();
  }

  const ready = off ? Promise.resolve(null) : start(loading);
  ready.catch(() => {});

  function startPage() {
    const at = now();
    if (history.lastSeen === null || at - history.lastSeen > config.sessionMinutes * 60_000) {
      pending.push(event(config.events.visit, { path: environment.location.pathname }, at));
    }
    if (config.recordPageView)
      pending.push(
        event(config.events.pageView, pageViewProps(environment.location, document), at),
      );
    history.lastSeen = at;
    unlisten = listen(document, config, record);
    environment.addEventListener?.("storage", onStorage);
    environment.addEventListener?.("pagehide", flush);
    document.addEventListener?.("visibilitychange", onVisibility);
  }

  /** Loads the model and, at the same time, the engine's .wasm: the model, once both are in. */
  function load() {
    const wasmUrl = config.wasmUrl ?? defaultWasmUrl;
    return Promise.all([loadModel(config), preload?.(wasmUrl)]).then(([model]) => model);
  }

  async function start(loading) {
    try {
      const model = await loading;
      engine = await compile(model, config.wasmUrl ?? defaultWasmUrl);
    } catch (error) {
      report(error);
      throw error;
    }
    const at = now();
    take(pending);
    pending = [];
    save(at);
    rescore(at);
    mark(environment, "leadscore:first-score");
    send(at);
    return last;
  }

  function event(type, props, at) {
    return { id: randomId("e-"), type, at, props };
  }

  /**
   * Keeps the events of types the model reads, with only the properties it reads; returns how
   * many it kept.
   */
  function take(events) {
    let kept = 0;
    for (const { id, type, at, props } of events) {
      const reads = engine.reads.get(type);
      if (!reads) continue;
      const event = { id, type, at };
      const read = Object.entries(props ?? {}).filter(([key]) => reads.has(key));
      if (read.length > 0) event.props = Object.fromEntries(read);
      history.events.push(event);
      kept++;
    }
    return kept;
  }

  function record(type, props) {
    if (stopped) return;
    const at = now();
    history.lastSeen = at;
    if (!engine) {
      pending.push(event(type, props, at));
      return;
    }
    const kept = take([event(type, props, at)]);
    save(at);
    if (kept === 0) return;
    rescore(at);
    send(at);
  }

  function save(at) {
    if (storing) history = store.write(history, at);
    else history = { ...history, events: boundEvents(history.events, config, at) };
  }

  function rescore(at) {
    if (!engine || stopped) return;
    let result;
    try {
      result = engine.score(lead(), at);
    } catch (error) {
      report(error);
      return;
    }
    const previous = last;
    last = result;
    if (!previous || summaryKey(previous) !== summaryKey(result)) {
      emit("leadscore:score", { result, previous }, config.onScore);
    }
    if (result.mql && history.mqlNotified === null) {
      history.mqlNotified = Date.parse(result.crossedAt ?? result.asOf);
      save(at);
      emit("leadscore:mql", { result }, config.onMql);
    }
  }

  function lead() {
    return { id: history.visitor, attributes: history.attributes, events: history.events };
  }

  function emit(type, detail, callback) {
    const CustomEventImpl = environment.CustomEvent ?? globalThis.CustomEvent;
    target.dispatchEvent(new CustomEventImpl(type, { detail }));
    if (callback) {
      try {
        callback(detail.result, detail.previous ?? null);
      } catch (error) {
        report(error);
      }
    }
  }

  /**
   * Sends the history to the site's endpoint as of `at`, in the serverless handlers' request
   * shape: within `sendDelayMs`, together with any later events (a beacon carries the whole
   * history, so one per burst of events is enough), and at once when the page is hidden or left.
   * The events are scored and the page's events fired first, without waiting for the network.
   */
  function send(at) {
    if (!config.endpoint || !storing || stopped) return;
    unsent = at;
    sendTimer ??= setTimeout(flush, config.sendDelayMs);
  }

  function onVisibility() {
    if (document.visibilityState === "hidden") flush();
  }

  /** Sends what is unsent now. */
  function flush() {
    if (sendTimer !== null) clearTimeout(sendTimer);
    sendTimer = null;
    const at = unsent;
    unsent = null;
    if (at === null || !config.endpoint || !storing || stopped || history.events.length === 0)
      return;
    const body = JSON.stringify({
      leadId: history.visitor,
      events: history.events,
      attributes: history.attributes,
      asOf: at,
    });
    const nav = environment.navigator;
    try {
      if (nav?.sendBeacon?.(config.endpoint, body)) return;
      environment
        .fetch?.(config.endpoint, {
          method: "POST",
          body,
          keepalive: true,
          headers: { "content-type": "text/plain" },
        })
        ?.catch?.(() => {});
    } catch (error) {
      report(error);
    }
  }

  /** Another tab wrote the history: take in its events (or its erasure) and score again. */
  function onStorage(change) {
    if (change.key !== store.key || stopped) return;
    if (change.newValue === null) {
      forgetHere();
      return;
    }
    const stored = store.read();
    if (!stored || stored.visitor !== history.visitor) return;
    history = {
      ...history,
      consent: history.consent || stored.consent,
      events: boundEvents(history.events.concat(stored.events), config, now()),
      mqlNotified: history.mqlNotified ?? stored.mqlNotified,
    };
    if (engine) rescore(now());
  }

  function report(error) {
    if (config.onError) {
      try {
        config.onError(error);
        return;
      } catch {
        // A failing error handler falls through to the console.
      }
    }
    console.error("leadscore visitor:", error);
  }

  function forgetHere() {
    if (sendTimer !== null) clearTimeout(sendTimer);
    sendTimer = null;
    unsent = null;
    history = emptyHistory(randomId("v-"));
    pending = [];
    last = null;
    stopped = true;
    storing = false;
  }

  return {
    /** Resolves to the first result (null when a privacy signal keeps the scorer off). */
    ready,
    /** Records a custom event; kept when some rule of the model reads its type. */
    track(type, props = {}) {
      if (typeof type !== "string" || type.trim() === "")
        throw new TypeError("leadscore visitor: track(type, props) needs an event type");
      if (!isPlainObject(props))
        throw new TypeError("leadscore visitor: track(type, props): props must be an object");
      record(wellFormedCopy(type), wellFormedCopy(props));
    },
    /** Records a page view of the current location (for single-page applications). */
    pageView() {
      record(config.events.pageView, pageViewProps(environment.location, document));
    },
    /** Replaces the visitor's attributes (for fit rules) and scores again. */
    setAttributes(attributes) {
      if (!isPlainObject(attributes))
        throw new TypeError("leadscore visitor: setAttributes(attributes) takes an object");
      if (stopped) return;
      history.attributes = wellFormedCopy(attributes);
      const at = now();
      save(at);
      rescore(at);
    },
    /** The visitor agrees to be recorded: the history is stored from now on. */
    consent() {
      if (off) return;
      const resumed = stopped;
      stopped = false;
      storing = true;
      history.consent = true;
      if (resumed) startPage();
      const at = now();
      if (engine) take(pending.splice(0));
      save(at);
      if (engine) {
        rescore(at);
        send(at);
      }
    },
    /** Erases everything stored about the visitor and stops recording on this page. */
    forget() {
      store.remove();
      forgetHere();
      unlisten();
      unlisten = () => {};
    },
    /** The latest result, or null before the first score. */
    getScore() {
      return last;
    },
    /** The events kept (a copy), oldest first. */
    events() {
      return history.events.map((e) => ({ ...e, props: e.props && { ...e.props } }));
    },
    /** Why the scorer records or does not: `{ recording, stored, reason }`. */
    status() {
      const reason =
        off ??
        (stopped
          ? "forgotten"
          : !storing
            ? "awaitingConsent"
            : store.memoryOnly
              ? `storage${store.memoryOnly === "full" ? "Full" : "Unavailable"}`
              : null);
      return {
        recording: !stopped,
        stored: storing && !store.memoryOnly,
        reason,
        visitorId: stopped ? null : history.visitor,
      };
    },
    /** Stops listening to the page (the history stays). */
    destroy() {
      flush();
      unlisten();
      environment.removeEventListener?.("storage", onStorage);
      environment.removeEventListener?.("pagehide", flush);
      document.removeEventListener?.("visibilitychange", onVisibility);
      stopped = true;
    },
  };
}

/**
 * A User Timing mark (`leadscore:start`, `leadscore:first-score`), so that a site (and the
 * benchmark) can see how long the scorer takes to its first score.
 */
function mark(environment, name) {
  try {
    environment.performance?.mark?.(name);
  } catch {
    // A page without User Timing simply has no marks.
  }
}

/** What decides whether a score "changed": the scores and the decision. */
function summaryKey(result) {
  return [result.fit, result.intent, result.total, result.band, result.mql, result.mqlReason].join(
    "|",
  );
}
