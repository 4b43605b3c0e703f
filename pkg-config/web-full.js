// Browser and bundler ES module entry of `leadscore/full`: the scoring engine and the lifecycle
// in one Wasm module, fetched and instantiated once. (`leadscore` alone is the smaller scoring
// engine; import from one or the other, not both.)
import init, {
  Scorer,
  LeadStore,
  LeadSet,
  AccountScorer,
  AccountStore,
  validateModel,
  modelVersion,
  Lifecycle,
  validatePlaybook,
  playbookVersion,
} from "./leadscore.js";

await init({ module_or_path: new URL("./leadscore_bg.wasm", import.meta.url) });

export {
  Scorer,
  LeadStore,
  LeadSet,
  AccountScorer,
  AccountStore,
  validateModel,
  modelVersion,
  Lifecycle,
  validatePlaybook,
  playbookVersion,
};
export default {
  Scorer,
  LeadStore,
  LeadSet,
  AccountScorer,
  AccountStore,
  validateModel,
  modelVersion,
  Lifecycle,
  validatePlaybook,
  playbookVersion,
};
