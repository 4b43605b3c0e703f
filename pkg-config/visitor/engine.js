// The scoring engine behind the ES module build of the visitor scorer: leadscore's browser entry
// (which loads its .wasm once, so a page that also imports `leadscore` shares one instance).
import { Scorer } from "../web/index.js";
import { compiled } from "./model-source.js";

/** Compiles `model` (a ModelError if it is not valid): `{ score(lead, asOf), reads }`. */
export async function compileModel(model) {
  return compiled(new Scorer(model), model);
}
