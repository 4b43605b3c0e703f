// The calibration worker: leadscore's full build (with calibration) in a worker of its own, started
// only when leads with outcomes are loaded, so the scoring worker keeps the smaller build. It runs
// `checkScores` on the table calibration.js builds and answers in the protocol worker-client.js
// speaks (`{ id, ok, value | error }`, and "ready" once the engine is loaded).
import { checkScores } from "leadscore/full";

self.addEventListener("message", ({ data }) => {
  if (data.type !== "check") return;
  try {
    self.postMessage({ id: data.id, ok: true, value: checkScores(data.table, data.options) });
  } catch (error) {
    const { name, message, path } = error ?? {};
    self.postMessage({ id: data.id, ok: false, error: { name, message: String(message), path } });
  }
});
self.postMessage({ type: "ready" });
