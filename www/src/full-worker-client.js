// The page's handle on the full-build worker (full-worker.js, built into full/ beside the full
// .wasm): started the first time a view asks for it, then shared by the views that need it.
import { startWorker } from "./worker-client.js";

let worker = null;

/** The full-build worker's client, started on first use. */
export function fullWorker() {
  worker ??= startWorker(new URL("./full/full-worker.js", import.meta.url));
  return worker;
}

/** Whether the full-build worker has been started (its .wasm fetched or on its way). */
export const fullWorkerStarted = () => worker !== null;
