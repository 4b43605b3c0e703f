// Outcomes for `leadscore calibrate` (pkg-config/cli/outcomes.mjs): the words an outcome may be
// written in, and every kind of bad input counted and placed rather than dropped.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  readOutcome,
  OutcomeLedger,
  joinOutcomes,
  oneClassOnly,
} from "../../pkg-config/cli/outcomes.mjs";

test("outcomes are yes/no, 1/0 or true/false, in any case; empty is no outcome", () => {
  for (const value of ["1", "yes", "YES", " True ", true, 1])
    assert.equal(readOutcome(value), true, String(value));
  for (const value of ["0", "no", "False", false, 0])
    assert.equal(readOutcome(value), false, String(value));
  for (const value of ["", "  ", null, undefined])
    assert.equal(readOutcome(value), null, String(value));
  for (const value of ["maybe", "2", "y", "won", 2, {}])
    assert.equal(readOutcome(value), undefined, String(value));
});

test("bad values and repeated ids stop the run, each counted and placed", () => {
  const ledger = new OutcomeLedger({ column: "Converted", source: "export.csv" });
  ledger.add("a", "1", 2);
  ledger.add("b", "maybe", 3);
  ledger.add("c", "", 4);
  ledger.add("a", "0", 5);
  ledger.add("d", "2", 6);
  ledger.add("a", "1", 7);
  assert.deepEqual(ledger.errors(), [
    'export.csv: 2 Converted values are not an outcome (yes/no, 1/0 or true/false): line 3 "maybe", line 6 "2"',
    'export.csv: 1 lead id appears more than once, each needs one outcome: "a" (lines 2, 5, 7)',
  ]);
  assert.deepEqual(ledger.warnings(), [
    "export.csv: 1 lead has no Converted (line 4): left out of calibration",
  ]);
});

test("a separate outcomes file is joined by id, with what does not match said", () => {
  const ledger = new OutcomeLedger({ column: "converted", source: "outcomes.csv" });
  ledger.add("l1", "yes", 2, "2026-03-01T00:00:00Z");
  ledger.add("l3", "no", 3);
  ledger.add("x9", "no", 4);
  const { outcomes, warnings } = joinOutcomes(["l1", "l2", "l3"], ledger, {
    leadsSource: "leads.jsonl",
  });
  assert.deepEqual(outcomes, [
    { converted: true, decidedAt: "2026-03-01T00:00:00Z" },
    null,
    { converted: false, decidedAt: null },
  ]);
  assert.deepEqual(warnings, [
    '1 lead in leads.jsonl has no outcome in outcomes.csv ("l2"): left out of calibration',
    'outcomes.csv: 1 outcome is for leads not in leads.jsonl (line 4 "x9"): ignored',
  ]);
});

test("long lists are cut after five places", () => {
  const ledger = new OutcomeLedger({ column: "won", source: "o.csv" });
  for (let i = 0; i < 8; i++) ledger.add(`l${i}`, "?", i + 2);
  assert.equal(
    ledger.errors()[0],
    'o.csv: 8 won values are not an outcome (yes/no, 1/0 or true/false): line 2 "?", line 3 "?", line 4 "?", line 5 "?", line 6 "?" and 3 more',
  );
});

test("one class only is said plainly", () => {
  const yes = { converted: true, decidedAt: null };
  const no = { converted: false, decidedAt: null };
  assert.equal(
    oneClassOnly([yes, null, yes]),
    "all 2 leads with an outcome converted: calibration needs both outcomes",
  );
  assert.equal(
    oneClassOnly([no]),
    "all 1 lead with an outcome did not convert: calibration needs both outcomes",
  );
  assert.equal(oneClassOnly([null]), "no lead has an outcome: nothing to calibrate against");
  assert.equal(oneClassOnly([yes, no]), null);
});
