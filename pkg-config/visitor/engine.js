// The engine behind the ES module build of the visitor scorer: the small engine (a Wasm build
// of the same core without JSON, for a compiled model and leads as objects), loaded once. Its
// glue finds its .wasm with `new URL(..., import.meta.url)`, which bundlers follow.
import init, { Scorer } from "./engine/leadscore.js";
import { compiledBytes, visitorScorer } from "./model-source.js";

/** Loads the engine and the compiled model (a ModelError if it is not one this engine reads). */
export async function compileModel(compiled, wasmUrl) {
  await init(wasmUrl === undefined ? undefined : { module_or_path: wasmUrl });
  return visitorScorer(new Scorer(compiledBytes(compiled)));
}
