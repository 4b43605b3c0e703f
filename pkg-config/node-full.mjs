// Node ES module entry of `leadscore/full`: everything, scoring and lifecycle, from the one Node
// instance that `leadscore` uses too.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const leadscore = require("./leadscore.cjs");

export const { Scorer, LeadStore, validateModel, modelVersion, Lifecycle, validatePlaybook, playbookVersion } =
  leadscore;
export default leadscore;
