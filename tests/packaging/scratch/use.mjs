// ES module: import from "leadscore" (named and default exports), the same results.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import leadscore, { Scorer, modelVersion } from "leadscore";

const model = JSON.parse(readFileSync(new URL("./model.json", import.meta.url), "utf8"));
const leads = JSON.parse(readFileSync(new URL("./leads.json", import.meta.url), "utf8"));
assert.equal(leadscore.Scorer, Scorer);
const results = new Scorer(model).scoreBatch(JSON.stringify(leads), { asOf: "2026-11-20T17:00:00Z" });
console.log(JSON.stringify({ entry: import.meta.resolve("leadscore"), version: modelVersion(), totals: results.map((r) => r.total) }));
