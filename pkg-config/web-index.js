// Browser and bundler ES module entry: fetches and instantiates the Wasm module once (top-level
// await), then exposes the same API as the Node entries.
import init, { Scorer, LeadStore, validateModel, modelVersion, Lifecycle, validatePlaybook, playbookVersion } from "./leadscore.js";

await init({ module_or_path: new URL("./leadscore_bg.wasm", import.meta.url) });

export { Scorer, LeadStore, validateModel, modelVersion, Lifecycle, validatePlaybook, playbookVersion };
export default { Scorer, LeadStore, validateModel, modelVersion, Lifecycle, validatePlaybook, playbookVersion };
