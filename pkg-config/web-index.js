// Browser and bundler ES module entry: fetches and instantiates the scoring engine's Wasm module
// once (top-level await), then exposes the same API as the Node entries. The lifecycle comes
// only with `leadscore/full` (a larger module with the scoring engine too), so a page that only
// scores never downloads it.
import init, { Scorer, LeadStore, validateModel, modelVersion } from "./leadscore.js";

await init({ module_or_path: new URL("./leadscore_bg.wasm", import.meta.url) });

export { Scorer, LeadStore, validateModel, modelVersion };
export default { Scorer, LeadStore, validateModel, modelVersion };
