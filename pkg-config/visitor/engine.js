// The engine behind the ES module build of the visitor scorer: the small engine (a Wasm build
// of the same core without JSON, for a compiled model and leads as objects), loaded once. Its
// glue finds its .wasm with `new URL(..., import.meta.url)`, which bundlers follow.
import init, { Scorer } from "./engine/leadscore.js";
import { compiledBytes, visitorScorer } from "./model-source.js";

let loading = null;

/**
 * Starts loading the engine's .wasm, once per page (again after a failure): the visitor calls it
 * as it starts, so that the .wasm downloads while the model does.
 */
export function loadEngine(wasmUrl) {
  loading ??= init(wasmUrl === undefined ? undefined : { module_or_path: wasmUrl }).catch(
    (error) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

/** Loads the engine and the compiled model (a ModelError if it is not one this engine reads). */
export async function compileModel(compiled, wasmUrl) {
  await loadEngine(wasmUrl);
  return visitorScorer(new Scorer(compiledBytes(compiled)));
}
