// Node ES module entry of `leadscore/full`: the scoring engine, the lifecycle and calibration
// (with the funnel metrics), on the same instance as `require("leadscore/full")` (`leadscore`
// alone is the smaller scoring-only module).
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const leadscore = require("./leadscore.cjs");

export const {
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
} = leadscore;
export default leadscore;
