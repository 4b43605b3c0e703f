// The golden cases through the Wasm package in Node: the same results, to the bit, as the native
// Rust build that wrote the expectations.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Scorer } from "leadscore";
import { goldenCases } from "./fixtures.mjs";

const cases = goldenCases();

test("there are golden cases to check", () => {
  assert.ok(cases.length >= 10, `only ${cases.length} golden cases`);
});

for (const golden of cases) {
  test(`golden: ${golden.name}`, () => {
    const scorer = new Scorer(golden.model);
    assert.deepStrictEqual(scorer.score(golden.lead, { asOf: golden.asOf }), golden.expected);
    // The batch path and the JSON-text path give the same answer.
    assert.deepStrictEqual(scorer.scoreBatch([golden.lead], { asOf: golden.asOf }), [
      golden.expected,
    ]);
    assert.deepStrictEqual(
      scorer.score(JSON.stringify(golden.lead), { asOf: new Date(golden.asOf) }),
      golden.expected,
    );
  });
}
