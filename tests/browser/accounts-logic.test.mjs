// The accounts view's data without a browser: what www/src/accounts.js makes of leadscore's
// AccountScorer result (what the full-build worker answers the page with), on the example leads
// and on an account held back by a missing role.
import { test } from "node:test";
import assert from "node:assert/strict";
import { AccountScorer, Scorer } from "leadscore/full";
import { accountsSummary, compareBy, hasAccounts, mqaWhy } from "../../www/src/accounts.js";
import { exampleLeads, exampleModel, EXAMPLE_AS_OF } from "../js/fixtures.mjs";

const scored = () =>
  new AccountScorer(new Scorer(exampleModel)).scoreAccounts(exampleLeads, { asOf: EXAMPLE_AS_OF });

test("a row per account, best total first, and the leads in no account counted by reason", () => {
  const result = scored();
  const summary = accountsSummary(result, exampleModel.accounts.mqa.threshold);
  assert.equal(summary.rows.length, result.accounts.length);
  assert.equal(summary.mqas, result.accounts.filter((account) => account.mqa).length);
  assert.equal(
    summary.contacts + result.ungrouped.length,
    exampleLeads.length,
    "every lead is a contact or counted apart",
  );
  assert.deepEqual(summary.ungrouped, { freeMail: 1, noEmail: 1 });
  const totals = summary.rows.map((row) => row.total);
  assert.deepEqual(
    totals,
    [...totals].sort((a, b) => b - a),
  );
  const first = result.accounts.find((account) => account.accountId === summary.rows[0].accountId);
  assert.deepEqual(
    summary.rows[0].covered,
    first.roles.covered.map((role) => role.label),
  );
  assert.equal(summary.rows[0].engaged, first.engagedContacts);
  assert.equal(summary.rows[0].why, `below ${exampleModel.accounts.mqa.threshold}`);
});

test("why an account is not an MQA, and the sort by a column with ties by id", () => {
  assert.equal(mqaWhy({ mqa: true, blockedBy: [] }, 120), "reached the threshold");
  assert.equal(
    mqaWhy({ mqa: false, blockedBy: ["missingRoles", "fitTooLow"] }, 120),
    "a required role is not engaged; fit too low",
  );
  const rows = [
    { accountId: "b", mqa: false, total: 5, covered: [], missing: [] },
    { accountId: "a", mqa: true, total: 5, covered: ["x"], missing: [] },
    { accountId: "c", mqa: false, total: 9, covered: [], missing: [{}] },
  ];
  const ids = (key, direction) =>
    [...rows].sort(compareBy(key, direction)).map((row) => row.accountId);
  assert.deepEqual(ids("total", "desc"), ["c", "a", "b"]);
  assert.deepEqual(ids("total", "asc"), ["a", "b", "c"]);
  assert.deepEqual(ids("mqa", "desc"), ["a", "b", "c"]);
  assert.deepEqual(ids("missing", "desc"), ["c", "a", "b"]);
  assert.deepEqual(ids("accountId", "asc"), ["a", "b", "c"]);
  assert.equal(hasAccounts(exampleModel), true);
  assert.equal(hasAccounts({ ...exampleModel, accounts: undefined }), false);
  assert.equal(hasAccounts(null), false);
});
