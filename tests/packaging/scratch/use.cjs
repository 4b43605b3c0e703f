// CommonJS: require("leadscore") scores the example leads; the CLI's dependencies stay unloaded.
const assert = require("node:assert/strict");
const { Scorer, validateModel, modelVersion } = require("leadscore");
const model = require("./model.json");
const leads = require("./leads.json");

assert.deepStrictEqual(validateModel(model), []);
const scorer = new Scorer(model);
const results = scorer.scoreBatch(leads, { asOf: "2026-11-20T17:00:00Z" });
assert.throws(
  () => new Scorer("{}"),
  (e) => e instanceof Error && e.name === "ModelError",
);
const loaded = Object.keys(require.cache).filter((path) =>
  /node_modules[\\/](commander|csv-parse|csv-stringify|cli-progress)[\\/]/.test(path),
);
assert.deepStrictEqual(loaded, [], "the library entry point loads none of the CLI's dependencies");
console.log(
  JSON.stringify({
    entry: require.resolve("leadscore"),
    version: modelVersion(),
    totals: results.map((r) => r.total),
  }),
);
assert.notEqual(require("leadscore/full").Scorer, Scorer);
assert.equal(typeof require("leadscore/full").Lifecycle, "function");
