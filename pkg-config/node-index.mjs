// Node ES module entry: the same instance as the CommonJS entry, so `import` and `require`
// in one process share one compiled module (no dual-package hazard).
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const leadscore = require("./leadscore.cjs");

export const { Scorer, LeadStore, validateModel, modelVersion } = leadscore;
export default { Scorer, LeadStore, validateModel, modelVersion };
