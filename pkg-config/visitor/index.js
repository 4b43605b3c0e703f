// `leadscore/visitor`, the ES module: a drop-in visitor scorer for a site's pages.
//   import { init } from "leadscore/visitor";
//   init({ modelUrl: "/compiled-model.json", endpoint: "/api/score" });
//   document.addEventListener("leadscore:mql", (event) => showTalkToSales(event.detail.result));
// The engine is the small engine (see engine.js), which loads a model compiled ahead
// (`npx leadscore compile model.json`); its .wasm is found with `new URL(..., import.meta.url)`,
// which bundlers follow (see the README's "Browsers and bundlers").
import { visitorApi } from "./api.js";
import { compileModel, loadEngine } from "./engine.js";

export { createVisitor } from "./visitor.js";

const api = visitorApi({ compile: compileModel, preload: loadEngine });

export const {
  init,
  ready,
  track,
  pageView,
  setAttributes,
  consent,
  forget,
  getScore,
  events,
  status,
} = api;
export default api;
