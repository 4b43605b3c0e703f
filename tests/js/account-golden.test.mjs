// The golden account cases (tests/golden-accounts, also read by the native and Wasm runners)
// through the package in Node: every account the same, to the bit.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Scorer, AccountScorer } from "leadscore/full";
import { goldenFolder, readJson } from "./fixtures.mjs";

const cases = goldenFolder("tests/golden-accounts").map((golden) => ({
  ...golden,
  model: typeof golden.model === "string" ? readJson(golden.model) : golden.model,
}));

test("there are golden account cases to check", () => {
  assert.ok(cases.length >= 4, `only ${cases.length} golden account cases`);
});

for (const golden of cases) {
  test(`golden account: ${golden.name}`, () => {
    const accounts = new AccountScorer(new Scorer(golden.model));
    assert.deepStrictEqual(
      accounts.scoreAccounts(golden.leads, { asOf: golden.asOf }),
      golden.expected,
    );
    // The JSON-text path, and each account scored from its own leads, give the same answer.
    assert.deepStrictEqual(
      accounts.scoreAccounts(JSON.stringify(golden.leads), { asOf: new Date(golden.asOf) }),
      golden.expected,
    );
    for (const account of golden.expected.accounts) {
      const own = golden.leads.filter((lead) =>
        account.contacts.some((contact) => contact.leadId === lead.id),
      );
      assert.deepStrictEqual(accounts.scoreAccount(own, { asOf: golden.asOf }), account);
    }
  });
}
