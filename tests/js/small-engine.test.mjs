// The small engine (the build without JSON behind the visitor scorer) is the same core: every
// golden case gives, to the bit, the result the full engine gives, from the model compiled ahead;
// bad leads get the same errors; anything but a compiled model of this version is refused.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Scorer } from "leadscore";
import { Scorer as FullScorer } from "leadscore/full";
import init, { Scorer as SmallScorer } from "../../pkg/visitor/engine/leadscore.js";
import { BAD_LEADS, refusal } from "./bad-input-cases.mjs";
import { exampleModel, goldenCases, EXAMPLE_AS_OF, exampleLeads } from "./fixtures.mjs";

before(async () => {
  await init({
    module_or_path: readFileSync(
      new URL("../../pkg/visitor/engine/leadscore_bg.wasm", import.meta.url),
    ),
  });
});

test("every golden case scores to the bit as the full engine scores it", () => {
  const cases = goldenCases();
  assert.ok(cases.length >= 10);
  for (const golden of cases) {
    const small = new SmallScorer(new FullScorer(golden.model).compiled());
    assert.deepStrictEqual(
      small.score(golden.lead, Date.parse(golden.asOf)),
      golden.expected,
      golden.name,
    );
  }
  const full = new Scorer(exampleModel);
  const small = new SmallScorer(new FullScorer(exampleModel).compiled());
  for (const lead of exampleLeads)
    assert.deepStrictEqual(
      small.score(lead, Date.parse(EXAMPLE_AS_OF)),
      full.score(lead, { asOf: EXAMPLE_AS_OF }),
    );
});

test("bad leads get the errors the full engine gives", () => {
  const full = new Scorer(exampleModel);
  const small = new SmallScorer(new FullScorer(exampleModel).compiled());
  const asOf = Date.parse(EXAMPLE_AS_OF);
  for (const lead of BAD_LEADS) {
    assert.deepStrictEqual(
      refusal(() => small.score(lead, asOf)),
      refusal(() => full.score(lead, { asOf })),
      JSON.stringify(lead),
    );
  }
  assert.deepStrictEqual(
    refusal(() => small.score({ id: "x" }, 1.5)),
    {
      name: "InputError",
      path: "asOf",
      message: "invalid input at asOf: 1.5 is not a whole number of milliseconds since the epoch",
    },
  );
  // It keeps working after each of them.
  assert.equal(small.score(exampleLeads[0], asOf).total, 95);
});

test("anything but a compiled model of this version is a ModelError saying what to do", () => {
  const compiled = new FullScorer(exampleModel).compiled();
  const refused = (bytes) => refusal(() => new SmallScorer(bytes));
  assert.match(
    refused(new TextEncoder().encode(JSON.stringify(exampleModel))).message,
    /not a compiled model: compile the model document with `leadscore compile`/,
  );
  assert.match(refused(compiled.slice(0, 40)).message, /damaged/);
  const other = compiled.slice();
  other[5] = "9".charCodeAt(0);
  assert.match(
    refused(other).message,
    /was compiled by leadscore 9.+ compile it again with this version/,
  );
  assert.equal(refused(other).name, "ModelError");
});

test("the small engine says what its model reads", () => {
  const reads = new SmallScorer(new FullScorer(exampleModel).compiled()).reads();
  assert.deepStrictEqual(reads.attributes, ["title", "companySize", "industry", "email"]);
  assert.deepStrictEqual(reads.events.get("page_view"), ["path"]);
  assert.deepStrictEqual(reads.events.get("demo_request"), []);
});
