// The full-build worker: leadscore's full build in a worker of its own, started only when a view
// needs it (leads with outcomes for the calibration), so the scoring worker keeps the smaller
// build. Its jobs answer in the protocol worker-client.js speaks (`{ id, ok, value | error }`,
// and "ready" once the engine is loaded):
//   check   `checkScores` on the table calibration.js builds
import { checkScores } from "leadscore/full";

const jobs = {
  check: ({ table, options }) => checkScores(table, options),
};

self.addEventListener("message", ({ data }) => {
  const job = jobs[data.type];
  if (!job) return;
  try {
    self.postMessage({ id: data.id, ok: true, value: job(data) });
  } catch (error) {
    const { name, message, path } = error ?? {};
    self.postMessage({ id: data.id, ok: false, error: { name, message: String(message), path } });
  }
});
self.postMessage({ type: "ready" });
