// The page's handles on the full-build worker (full-worker.js, built beside the scoring worker
// and loading the same full .wasm): one instance per view that needs it (calibration, accounts), each started the first
// time its view asks, so a long accounts scoring never holds up a calibration answer.
import { startWorker } from "./worker-client.js";

const workers = new Map();

/** The full-build worker of `view`, started on first use. */
export function fullWorker(view) {
  let worker = workers.get(view);
  if (!worker) {
    worker = startWorker(new URL("./full-worker.js", import.meta.url));
    workers.set(view, worker);
  }
  return worker;
}
