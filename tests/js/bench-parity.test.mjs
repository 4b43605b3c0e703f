// The benchmark's parity gate on a small workload (no timing): every implementation in
// bench/js/implementations.mjs (leadscore's entry points, the hand-written JavaScript,
// json-logic-engine compiled and interpreted, json-rules-engine) gives every lead the same fit,
// intent and total, for both benchmark models. Also: the committed 100-rule model is what its
// generator script makes, and the generated leads exercise every one of its rules.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Scorer } from "leadscore";
import { ROWS } from "../../bench/js/implementations.mjs";
import { parityGate } from "../../bench/js/parity.mjs";
import { AS_OF, AS_OF_MS, BENCH_DIR, loadLeads, loadModels } from "../../bench/js/workload.mjs";

const workload = loadLeads(200, { write: false });

for (const model of loadModels()) {
  test(`parity gate: every implementation agrees on 200 leads (${model.name})`, async () => {
    const gate = await parityGate({
      rows: ROWS,
      ctx: { model: model.model, modelText: model.text, asOf: AS_OF, asOfMs: AS_OF_MS },
      leads: workload.leads,
      text: workload.text,
    });
    for (const check of gate.checks) {
      assert.equal(check.leads, 200, check.implementation);
      assert.equal(
        check.mismatches,
        0,
        `${check.implementation}: ${JSON.stringify(check.examples)}`,
      );
    }
    assert.deepEqual(
      gate.checks.map((c) => c.implementation),
      ROWS.map((r) => r.id),
    );
    assert.ok(gate.ok);
  });
}

test("the parity gate catches an implementation that disagrees", async () => {
  const model = loadModels()[0];
  const offByOne = {
    id: "offByOne",
    input: "objects",
    setup: ({ modelText, asOf }) => {
      const scorer = new Scorer(modelText);
      return (leads) =>
        scorer
          .scoreBatch(leads, { asOf })
          .map((r, i) => (i === 7 ? { ...r, total: r.total + 1 } : r));
    },
  };
  const gate = await parityGate({
    rows: [ROWS.find((r) => r.id === "scoreBatch"), offByOne],
    ctx: { model: model.model, modelText: model.text, asOf: AS_OF, asOfMs: AS_OF_MS },
    leads: workload.leads,
    text: workload.text,
  });
  assert.equal(gate.ok, false);
  const bad = gate.checks.find((c) => c.implementation === "offByOne");
  assert.equal(bad.mismatches, 1);
  assert.equal(bad.examples[0].leadId, workload.leads[7].id);
});

test("the 100-rule model is what bench/models/make-100-rules.mjs makes, and the leads exercise all its rules", () => {
  const made = execFileSync(process.execPath, [join(BENCH_DIR, "models/make-100-rules.mjs")], {
    encoding: "utf8",
  });
  assert.equal(made, readFileSync(join(BENCH_DIR, "models/b2b-100-rules.json"), "utf8"));
  const model = loadModels().find((m) => m.key === "rules100");
  assert.equal(model.rules, 100);
  const scorer = new Scorer(model.text);
  const counted = new Set();
  for (const result of scorer.scoreBatch(loadLeads(2000, { write: false }).leads, {
    asOf: AS_OF,
  })) {
    for (const c of result.contributions) if (c.counted > 0) counted.add(c.ruleId);
  }
  const idle = scorer.ruleIds().filter((id) => !counted.has(id));
  assert.deepEqual(idle, [], `rules that no lead of 2,000 meets: ${idle.join(", ")}`);
});
