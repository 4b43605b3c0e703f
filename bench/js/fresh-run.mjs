// One row's first run over the whole workload in a fresh process: how long the first call takes
// (no warm-up: the Wasm engine's tier-up and the JIT start cold) and the process's peak memory.
//   node --expose-gc bench/js/fresh-run.mjs ROW MODEL_FILE LEADS_FILE
// prints { firstRunSeconds, rssBeforeBytes, maxRssBytes, wasmMemoryBytes }.
import { readFileSync } from "node:fs";

// Catch the package's Wasm instance as it is created, to read its memory size afterwards
// (the package does not export its memory). Measurement only: nothing else changes.
let wasmInstance = null;
const OriginalInstance = WebAssembly.Instance;
WebAssembly.Instance = function (module, imports) {
  wasmInstance = new OriginalInstance(module, imports);
  return wasmInstance;
};

const [rowId, modelFile, leadsFile] = process.argv.slice(2);
const { findRows } = await import("./implementations.mjs");
const { AS_OF, AS_OF_MS } = await import("./workload.mjs");
const [row] = findRows([rowId]);
const modelText = readFileSync(modelFile, "utf8");
const text = readFileSync(leadsFile, "utf8");
const input = row.input === "text" ? text : JSON.parse(text);
const run = row.setup({ model: JSON.parse(modelText), modelText, asOf: AS_OF, asOfMs: AS_OF_MS });
globalThis.gc?.();
const rssBefore = process.memoryUsage().rss;
const start = performance.now();
const results = await run(input);
const seconds = (performance.now() - start) / 1000;
if (results.length !== (Array.isArray(input) ? input.length : JSON.parse(text).length))
  throw new Error("wrong number of results");
const wasmMemoryBytes = wasmInstance?.exports?.memory?.buffer?.byteLength ?? null;
process.stdout.write(
  JSON.stringify({
    row: rowId,
    firstRunSeconds: seconds,
    rssBeforeBytes: rssBefore,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    wasmMemoryBytes: row.group === "leadscore" ? wasmMemoryBytes : null,
  }) + "\n",
);
