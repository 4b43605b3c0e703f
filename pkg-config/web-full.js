// Browser and bundler ES module entry of `leadscore/full`: the scoring engine, the lifecycle and
// calibration (with the funnel metrics) in one Wasm module, fetched and instantiated once.
// (`leadscore` alone is the smaller scoring engine; import from one or the other, not both.)
import init, {
  Scorer,
  LeadStore,
  LeadSet,
  KeptRuleTable,
  AccountScorer,
  AccountStore,
  validateModel,
  modelVersion,
  Lifecycle,
  validatePlaybook,
  playbookVersion,
  Calibration,
  checkScores,
  funnel,
} from "./leadscore.js";

await init({ module_or_path: new URL("./leadscore_bg.wasm", import.meta.url) });

export {
  Scorer,
  LeadStore,
  LeadSet,
  KeptRuleTable,
  AccountScorer,
  AccountStore,
  validateModel,
  modelVersion,
  Lifecycle,
  validatePlaybook,
  playbookVersion,
  Calibration,
  checkScores,
  funnel,
};
export default {
  Scorer,
  LeadStore,
  LeadSet,
  KeptRuleTable,
  AccountScorer,
  AccountStore,
  validateModel,
  modelVersion,
  Lifecycle,
  validatePlaybook,
  playbookVersion,
  Calibration,
  checkScores,
  funnel,
};
