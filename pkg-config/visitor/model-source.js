// The visitor scorer's model: a model compiled ahead (`npx leadscore compile model.json`), given
// inline (an object or JSON text) or fetched from a URL of the site, and its bytes for the small
// engine.

/**
 * The compiled model: `model` given as an object or JSON text, else fetched from `modelUrl`.
 * A model that cannot be fetched or read is an Error saying so.
 */
export async function loadModel({ model, modelUrl }, fetchImpl = globalThis.fetch) {
  if (model !== undefined && typeof model !== "string") return model;
  if (model !== undefined) {
    try {
      return JSON.parse(model);
    } catch (error) {
      throw new Error(`leadscore visitor: the model is not JSON (${error.message})`);
    }
  }
  const response = await fetchImpl(modelUrl, { credentials: "same-origin" });
  if (!response.ok)
    throw new Error(
      `leadscore visitor: the model at ${modelUrl} could not be fetched (HTTP ${response.status})`,
    );
  return response.json();
}

/** The bytes of a compiled model (what `leadscore compile` writes); an Error for anything else. */
export function compiledBytes(compiled) {
  if (compiled?.format !== "leadscore-compiled-model" || typeof compiled.bytes !== "string") {
    const hint = compiled?.version !== undefined ? "a model document" : "not a compiled model";
    throw new Error(
      `leadscore visitor: the model is ${hint}: compile it first with \`npx leadscore compile model.json --out compiled-model.json\``,
    );
  }
  const binary = atob(compiled.bytes);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * A scorer as the visitor uses it, from the small engine's: `score(lead, asOf)`, and `reads`,
 * each event type a rule listens to mapped onto the properties rules read of it (the visitor
 * keeps only these).
 */
export function visitorScorer(scorer) {
  const reads = new Map();
  for (const [type, props] of scorer.reads().events) reads.set(type, new Set(props));
  return { score: (lead, asOf) => scorer.score(lead, asOf), reads };
}
