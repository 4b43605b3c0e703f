// ES module: import from "leadscore" (named and default exports), the same results.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import leadscore, { Scorer, modelVersion } from "leadscore";
import { generateLeads } from "leadscore/generate";

const model = JSON.parse(readFileSync(new URL("./model.json", import.meta.url), "utf8"));
const leads = JSON.parse(readFileSync(new URL("./leads.json", import.meta.url), "utf8"));
assert.equal(leadscore.Scorer, Scorer);
const results = new Scorer(model).scoreBatch(JSON.stringify(leads), {
  asOf: "2026-11-20T17:00:00Z",
});
// The generator export: synthetic leads that the engine reads without a problem.
const generated = [...generateLeads({ leads: 50, seed: "packaging" })].map((g) => g.lead);
const scored = new Scorer(model).scoreBatch(generated, {
  asOf: "2026-11-20T17:00:00Z",
  onError: "collect",
});
assert.equal(scored.filter((r) => r.error).length, 0);
console.log(
  JSON.stringify({
    entry: import.meta.resolve("leadscore"),
    version: modelVersion(),
    totals: results.map((r) => r.total),
  }),
);

// `leadscore/full`: the scoring engine and the lifecycle, a module of its own (whoever only
// scores never loads the lifecycle), the same instance for `import` and `require`.
const full = await import("leadscore/full");
assert.notEqual(full.Scorer, Scorer);
assert.equal(full.Scorer, createRequire(import.meta.url)("leadscore/full").Scorer);
assert.deepStrictEqual(
  new full.Scorer(model).scoreBatch(leads, { asOf: "2026-11-20T17:00:00Z" }).map((r) => r.total),
  results.map((r) => r.total),
);
assert.equal(typeof full.Lifecycle, "function");
assert.deepStrictEqual(
  full.validatePlaybook(
    JSON.parse(readFileSync(new URL("./playbook.json", import.meta.url), "utf8")),
    model,
  ),
  [],
);
