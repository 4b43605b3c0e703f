// The visitor scorer's model: where it comes from (given inline, as an object or JSON text, or
// fetched from a URL of the site) and what its rules read.

/**
 * The model as a document: `model` given as an object or JSON text, else fetched from `modelUrl`.
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

/**
 * A compiled scorer as the visitor uses it: `score(lead, asOf)`, and `reads`, which maps each
 * event type a rule listens to onto the properties rules read of it (the first key of a dotted
 * path), so that the visitor keeps only those.
 */
export function compiled(scorer, model) {
  return { score: (lead, asOf) => scorer.score(lead, { asOf }), reads: modelReads(model) };
}

function modelReads(model) {
  const reads = new Map();
  for (const rule of model?.intent?.rules ?? []) {
    const keys = Object.keys(rule.where ?? {}).map((path) => path.split(".")[0]);
    for (const type of [].concat(rule.event)) {
      const known = reads.get(type) ?? new Set();
      for (const key of keys) known.add(key);
      reads.set(type, known);
    }
  }
  return reads;
}
