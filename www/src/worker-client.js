// The page's side of the worker protocol (see worker.js): requests as promises, a wait for the
// worker's "ready", and a scheduler that runs the latest request only (edits made while a batch
// is scoring are folded into one more run, never queued one by one).
import { afterPaintBehind } from "./dom.js";

export function startWorker(url) {
  const worker = new Worker(url, { type: "module" });
  const pending = new Map();
  let nextId = 0;
  let readyResolve;
  let readyReject;
  const ready = new Promise((resolve, reject) => {
    readyResolve = resolve;
    readyReject = reject;
  });
  worker.addEventListener("message", ({ data }) => {
    if (data.type === "ready") {
      readyResolve(data);
      return;
    }
    const request = pending.get(data.id);
    if (!request) return;
    pending.delete(data.id);
    if (data.ok) request.resolve(data.value);
    else request.reject(Object.assign(new Error(data.error.message), data.error));
  });
  worker.addEventListener("error", (event) => {
    const error = new Error(event.message || "the scoring worker failed to start");
    readyReject(error);
    for (const request of pending.values()) request.reject(error);
    pending.clear();
  });
  let told = null; // a message `tell` holds back, sent before any request that follows it
  const send = () => {
    if (!told) return;
    const { type, args } = told;
    told = null;
    request(type, args).catch(console.error);
  };
  function request(type, args = {}, transfer = []) {
    send();
    const id = ++nextId;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, type, ...args }, transfer);
    });
  }
  return {
    ready,
    request,
    /**
     * A request whose answer nothing waits for, sent once the next frame is painted, behind the
     * tasks that measure it (its message is no part of that frame's work), or at once before any
     * later request, which may depend on it. A later `tell` replaces one not sent yet.
     */
    tell(type, args = {}) {
      const first = !told;
      told = { type, args };
      if (first) afterPaintBehind(send);
    },
  };
}

/**
 * Runs `task` when asked, never two at once: asking while it runs makes it run once more when
 * it is done, with whatever state is then current. `settled()` resolves when nothing is left.
 */
export function latestOnly(task) {
  let running = null;
  let again = false;
  async function loop() {
    do {
      again = false;
      try {
        await task();
      } catch (error) {
        console.error(error);
      }
    } while (again);
    running = null;
  }
  return {
    run() {
      if (running) again = true;
      else running = loop();
      return running;
    },
    get busy() {
      return running !== null;
    },
  };
}

/** Calls `fn` once `ms` after the last call. `flush()` runs a waiting call now. */
export function debounce(fn, ms) {
  let timer = null;
  const debounced = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      fn(...args);
    }, ms);
  };
  debounced.flush = () => {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
      fn();
    }
  };
  return debounced;
}
