// `leadscore/visitor`, the ES module: a drop-in visitor scorer for a site's pages.
//   import { init } from "leadscore/visitor";
//   init({ modelUrl: "/leadscore-model.json", endpoint: "/api/score" });
//   document.addEventListener("leadscore:mql", (event) => showTalkToSales(event.detail.result));
// The engine is the `leadscore` browser entry, one instance with the page's own `leadscore`
// imports; its .wasm is found as that entry finds it (see the README's "Browsers and bundlers").
import { visitorApi } from "./api.js";
import { compileModel } from "./engine.js";

export { createVisitor } from "./visitor.js";

const api = visitorApi({ compile: compileModel });

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
