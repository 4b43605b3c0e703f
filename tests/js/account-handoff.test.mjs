// Account-owned handoff through leadscore/full: an MQA routed to its owner, a lead of the owned
// account qualifying to that owner instead of the round robin, the account handoff, and bad input
// that throws an InputError at its path.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Scorer, AccountScorer, Lifecycle } from "leadscore/full";
import { exampleModel, goldenFolder, readJson, thrown } from "./fixtures.mjs";

const playbook = readJson("examples/playbooks/b2b-default.json");
const scorer = new Scorer(exampleModel);
const lifecycle = new Lifecycle(playbook, exampleModel);
const golden = goldenFolder("tests/golden-accounts").find((c) => c.name.startsWith("example-01"));
const now = "2026-11-20T17:00:00Z";
const [account] = new AccountScorer(scorer).scoreAccounts(golden.leads, { asOf: now }).accounts;

test("an MQA goes to its owner, and a lead of the account then qualifies to that owner", () => {
  assert.equal(account.mqa, true);
  const routed = lifecycle.routeAccount(account, {
    attributes: { country: "US", companySize: 850 },
  });
  assert.deepStrictEqual([routed.owner, routed.matched, routed.pool], ["ben", "rule", "na-sdr"]);
  assert.deepStrictEqual(routed.routing.accountOwners, { "ACME-NW-001": "ben" });
  assert.equal(routed.routing.cursors["na-sdr"], 1);

  // A new hand-raiser of the account: routed to ben, not to the pool's next member.
  const lead = {
    id: "late-joiner",
    attributes: {
      accountId: "ACME-NW-001",
      name: "Lee Park",
      company: "Northwind Analytics",
      email: "lee@nw-labs.io",
      title: "CTO",
      companySize: 850,
      country: "US",
      industry: "Software",
    },
    events: [{ id: "d", type: "demo_request", at: "2026-11-20T16:00:00Z" }],
  };
  const record = lifecycle.newRecord(lead.id, { now: "2026-11-20T15:00:00Z" });
  const score = scorer.score(lead, { asOf: now });
  assert.equal(score.mql, true);
  const out = lifecycle.apply(
    record,
    { type: "scoreUpdate", score, lead },
    { now, routing: routed.routing },
  );
  assert.equal(out.record.stage, "mql");
  assert.equal(out.record.owner, "ben");
  assert.deepStrictEqual(
    out.routing.cursors,
    routed.routing.cursors,
    "the round robin did not turn",
  );
  // Without the account's owner, the same lead would have gone to the pool's next member.
  assert.equal(lifecycle.route(lead, { routing: { cursors: { "na-sdr": 1 } } }).owner, "cara");
});

test("the account handoff: engaged contacts with roles and signals, the recent window, the SLA", () => {
  const handoff = lifecycle.accountHandoff(account, { owner: "ben", now });
  assert.equal(handoff.ownerName, "Ben Ortiz");
  assert.deepStrictEqual(
    handoff.engagedContacts.map((c) => [c.leadId, c.roles, c.strongestSignals[0]?.ruleId ?? null]),
    [
      ["n3", ["champion"], "demo-request"],
      ["n1", ["economic-buyer"], "pricing-page"],
      ["n2", ["technical-evaluator"], null],
    ],
  );
  assert.deepStrictEqual(
    handoff.recent.activity.map((a) => a.leadId),
    ["n3", "n2", "n1"],
  );
  assert.deepStrictEqual(handoff.missingRoles, []);
  assert.deepStrictEqual(handoff.sla, {
    signal: "handRaiser",
    window: "5 business minutes",
    dueAt: "2026-11-20T17:05:00.000Z",
  });
  // From JSON text, the same handoff.
  assert.deepStrictEqual(
    lifecycle.accountHandoff(JSON.stringify(account), { owner: "ben", now }),
    handoff,
  );
});

test("bad input to the account handoff is an InputError at its path", () => {
  let error = thrown(() => lifecycle.accountHandoff(account, { owner: "nobody", now }));
  assert.equal(error.name, "InputError");
  assert.equal(error.path, "owner");
  error = thrown(() => lifecycle.routeAccount({ ...account, accountId: 5 }));
  assert.equal(error.name, "InputError");
  assert.equal(error.path, "account.accountId");
  error = thrown(() => lifecycle.routeAccount(account, { attributes: [1, 2] }));
  assert.equal(error.path, "attributes");
  error = thrown(() => lifecycle.routeAccount(account, { atributes: {} }));
  assert.match(error.message, /atributes/);
});

// The golden handoffs (tests/golden-account-handoff, also read by the native and Wasm runners).
for (const golden of goldenFolder("tests/golden-account-handoff")) {
  test(`golden account handoff: ${golden.name}`, () => {
    const model = readJson(golden.model);
    const goldenLifecycle = new Lifecycle(readJson(golden.playbook), model);
    const scored = new AccountScorer(new Scorer(model)).scoreAccounts(golden.leads, {
      asOf: golden.asOf,
    });
    let routing;
    const handoffs = [];
    for (const account of scored.accounts.filter((a) => a.mqa)) {
      const { routing: next, ...assignment } = goldenLifecycle.routeAccount(account, {
        attributes: golden.attributes,
        routing,
      });
      routing = next;
      const handoff = goldenLifecycle.accountHandoff(account, {
        owner: assignment.owner,
        now: golden.asOf,
      });
      handoffs.push({ accountId: account.accountId, assignment, routing, handoff });
    }
    assert.deepStrictEqual(handoffs, golden.expected);
  });
}
