// The golden lifecycle scenarios through the package in Node: the same outcomes, to the bit, as
// the native Rust build that wrote the expectations (tests/lifecycle_golden.rs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { Scorer, Lifecycle } from "leadscore/full";
import { readJson, repo } from "./fixtures.mjs";

const dir = "tests/golden-lifecycle";
const cases = readdirSync(join(repo, dir))
  .filter((name) => name.endsWith(".json"))
  .sort();

test("there are golden lifecycle scenarios", () => {
  assert.ok(cases.length >= 2);
});

for (const name of cases) {
  test(`golden lifecycle: ${name}`, () => {
    const scenario = readJson(join(dir, name));
    const model = readJson(scenario.model);
    const scorer = new Scorer(model);
    const lifecycle = new Lifecycle(readJson(scenario.playbook), model);
    const lead = structuredClone(scenario.lead);
    let record = lifecycle.newRecord(lead.id, { now: scenario.start });
    let routing = null;
    const outcomes = [];
    for (const step of scenario.steps) {
      lead.events.push(...(step.addEvents ?? []));
      Object.assign(lead.attributes, step.setAttributes ?? {});
      const action = structuredClone(step.action);
      if (action.type === "scoreUpdate")
        Object.assign(action, { score: scorer.score(lead, { asOf: step.now }), lead });
      try {
        const outcome = lifecycle.apply(record, action, { now: step.now, routing });
        outcomes.push({
          ...outcome,
          slaStatus: lifecycle.slaStatus(outcome.record, { now: step.now }),
        });
        ({ record, routing } = outcome);
      } catch (error) {
        if (error.name !== "TransitionError") throw error;
        outcomes.push({
          error: {
            code: error.code,
            message: error.message,
            stage: error.stage,
            action: error.action,
          },
        });
      }
    }
    assert.deepStrictEqual(JSON.parse(JSON.stringify(outcomes)), scenario.expected);
  });
}
