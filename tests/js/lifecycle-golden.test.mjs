// The golden lifecycle scenarios through the package in Node: the same outcomes, to the bit, as
// the native Rust build that wrote the expectations (tests/lifecycle_golden.rs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { goldenFolder } from "./fixtures.mjs";
import { goldenOutcomes } from "./support/lifecycle-scenario.mjs";

const cases = goldenFolder("tests/golden-lifecycle");

test("there are golden lifecycle scenarios", () => {
  assert.ok(cases.length >= 2);
});

for (const scenario of cases) {
  test(`golden lifecycle: ${scenario.name}`, () => {
    assert.deepStrictEqual(JSON.parse(JSON.stringify(goldenOutcomes(scenario))), scenario.expected);
  });
}
