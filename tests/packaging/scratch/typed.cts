// Type-checks the declarations as a CommonJS user sees them (require resolves index.d.cts).
import leadscore = require("leadscore");
import type { Lead, ScoreResult } from "leadscore";

const scorer = new leadscore.Scorer({ version: 1, mql: { threshold: 10 } });
const lead: Lead = { id: 7, events: [{ type: "visit", at: 1_763_650_000_000 }] };
const result: ScoreResult = scorer.score(lead);
const mql: boolean = result.mql;
// @ts-expect-error scoreBatch takes leads, not a number
scorer.scoreBatch(42);
// @ts-expect-error the result's fit is a number
const fit: boolean = result.fit;

export = { mql, fit };
