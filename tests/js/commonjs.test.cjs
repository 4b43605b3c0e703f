// The package through CommonJS require: the same API, and the very same instance as `import`.
const { test } = require("node:test");
const assert = require("node:assert/strict");
const { Scorer, validateModel } = require("leadscore");
const model = require("../../examples/models/b2b-default.json");
const leads = require("../../examples/leads/b2b-leads.json");

test("require('leadscore') scores the example leads", () => {
  const scorer = new Scorer(model);
  const totals = scorer.scoreBatch(leads, { asOf: "2026-11-20T17:00:00Z" }).map((r) => r.total);
  assert.deepStrictEqual(totals, [95, 60, 10, 85, 35, 75, 70, 30]);
  assert.deepStrictEqual(validateModel(model), []);
});

test("require and import share one module instance", async () => {
  const esm = await import("leadscore");
  assert.equal(esm.Scorer, Scorer);
  assert.equal(esm.default.Scorer, Scorer);
});

test("errors cross the boundary as Error objects under require too", () => {
  assert.throws(
    () => new Scorer("{}"),
    (e) => e instanceof Error && e.name === "ModelError" && Array.isArray(e.errors),
  );
});
