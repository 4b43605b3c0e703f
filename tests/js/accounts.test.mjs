// Account scoring through the package: the accounts of a set of leads, one account rolled up
// from its contacts' results, the resident AccountStore fed event by event, and bad input that
// throws an Error naming its path and leaves the module working.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Scorer, AccountScorer, AccountStore, validateModel } from "leadscore/full";
import { Scorer as LeadScorer, validateModel as validateLeadModel } from "leadscore";
import { exampleModel, exampleLeads, EXAMPLE_AS_OF, goldenFolder, thrown } from "./fixtures.mjs";

const [acme] = goldenFolder("tests/golden-accounts");
const model = acme.model;
const leads = acme.leads;
const asOf = acme.asOf;

test("accounts of a set of leads: the roll-up, its contributions and the lead in none", () => {
  const accounts = new AccountScorer(new Scorer(model));
  const { accounts: scored, ungrouped } = accounts.scoreAccounts(leads, { asOf });
  assert.deepStrictEqual(ungrouped, [{ leadId: "d", reason: "freeMail" }]);
  assert.equal(scored.length, 1);
  const [account] = scored;
  assert.deepStrictEqual(
    [account.accountId, account.fit, account.intent, account.total, account.band, account.mqa],
    ["acme.example", 30, 60, 80, "hot", true],
  );
  assert.equal(
    account.contributions.reduce((sum, c) => sum + c.points, 0),
    account.total,
    "contributions add up to the total",
  );
  assert.deepStrictEqual(
    account.roles.covered.map((role) => [role.roleId, role.leadIds]),
    [
      ["buyer", ["a"]],
      ["champion", ["b"]],
    ],
  );
  // One account from its own leads, as JSON text too, gives the same account.
  const own = leads.filter((lead) => lead.id !== "d");
  assert.deepStrictEqual(accounts.scoreAccount(own, { asOf }), account);
  assert.deepStrictEqual(
    accounts.scoreAccount(JSON.stringify(own), { asOf: new Date(asOf) }),
    account,
  );
});

test("an account rolled up from its contacts' stored results has the same score", () => {
  const scorer = new Scorer(model);
  const accounts = new AccountScorer(scorer);
  const own = leads.filter((lead) => lead.id !== "d");
  const full = accounts.scoreAccount(own, { asOf });
  const contacts = own.map((lead) => ({
    attributes: lead.attributes,
    score: scorer.score(lead, { asOf }),
  }));
  const rolled = accounts.rollUp(contacts, { crossedAt: full.crossedAt });
  for (const key of [
    "fit",
    "intent",
    "total",
    "band",
    "mqa",
    "blockedBy",
    "roles",
    "contributions",
  ]) {
    assert.deepStrictEqual(rolled[key], full[key], key);
  }
  assert.equal(rolled.crossedAt, full.crossedAt);
  // Without a stored crossedAt, an account that is an MQA now crossed now.
  assert.equal(accounts.rollUp(contacts).crossedAt, asOf.replace("Z", ".000Z"));
});

test("the store, fed event by event in time order, says when the account crosses", () => {
  const accounts = new AccountScorer(new Scorer(model));
  const store = new AccountStore(accounts);
  for (const lead of leads) {
    store.add({ id: lead.id, attributes: lead.attributes });
  }
  assert.equal(store.size, 4);
  assert.deepStrictEqual(store.accountIds(), ["acme.example"]);
  assert.deepStrictEqual(store.contacts("acme.example"), ["a", "b", "c"]);
  assert.equal(store.accountOf("d"), null);
  const events = leads
    .flatMap((lead) => lead.events.map((event) => ({ leadId: lead.id, event })))
    .sort((x, y) => x.event.at.localeCompare(y.event.at));
  const crossings = [];
  for (const { leadId, event } of events) {
    const pushed = store.push(leadId, [event], event.at);
    if (pushed.crossed) crossings.push([leadId, event.at]);
  }
  const whole = accounts.scoreAccount(
    leads.filter((lead) => lead.id !== "d"),
    { asOf },
  );
  assert.deepStrictEqual(crossings, [[whole.crossedBy, whole.crossedAt.replace(".000Z", "Z")]]);
  assert.deepStrictEqual(store.account("acme.example", { asOf }), whole);
  assert.deepStrictEqual(store.result("a", { asOf }), new Scorer(model).score(leads[0], { asOf }));
  // A lead that changes company moves to that account.
  assert.equal(
    store.setAttributes("c", { ...leads[2].attributes, email: "c@globex.example" }),
    "globex.example",
  );
  assert.deepStrictEqual(store.contacts("acme.example"), ["a", "b"]);
  assert.equal(store.delete("c"), true);
  assert.equal(store.has("c"), false);
});

test("bad input throws an Error naming what and where, and the scorer keeps working", () => {
  const accounts = new AccountScorer(new Scorer(exampleModel));
  const twoIds = { id: "x", attributes: { accountId: ["A-1", "A-2"], email: "x@acme.example" } };
  let error = thrown(() => accounts.accountOf(twoIds));
  assert.equal(error.name, "InputError");
  assert.equal(error.path, "attributes.accountId");
  assert.match(error.message, /lists 2: "A-1", "A-2"/);
  error = thrown(() => accounts.scoreAccounts([exampleModel], { asOf }));
  assert.equal(error.name, "InputError");
  assert.match(error.path, /^\[0\]/);
  error = thrown(() => accounts.rollUp([{ attributes: {}, score: { fit: "high" } }]));
  assert.equal(error.name, "InputError");
  assert.match(error.path, /^\[0\]\.score/);
  error = thrown(() => accounts.scoreAccounts([], { asof: asOf }));
  assert.match(error.message, /asof/);
  const store = new AccountStore(accounts);
  error = thrown(() => store.push("nobody", [], asOf));
  assert.equal(error.name, "InputError");
  error = thrown(() => store.account("nowhere.example", { asOf }));
  assert.equal(error.name, "InputError");
  assert.deepStrictEqual(
    accounts.accountOf({ id: "ok", attributes: { email: "ok@acme.example" } }),
    {
      accountId: "acme.example",
      keyedBy: "domain",
    },
  );
});

test("a model without accounts, or with a bad accounts section, is a ModelError with paths", () => {
  const plain = structuredClone(exampleModel);
  delete plain.accounts;
  let error = thrown(() => new AccountScorer(new Scorer(plain)));
  assert.equal(error.name, "ModelError");
  assert.equal(error.path, "accounts");
  const bad = structuredClone(exampleModel);
  bad.accounts.mqa.requiredRoles = ["economic-buyer", "procurement"];
  bad.accounts.rollup.intent.top = 0;
  error = thrown(() => new Scorer(bad));
  assert.equal(error.name, "ModelError");
  const paths = validateModel(bad).map((e) => e.path);
  assert.ok(paths.includes("accounts.mqa.requiredRoles[1]"), paths.join(", "));
  assert.ok(paths.includes("accounts.rollup.intent.top"), paths.join(", "));
  assert.match(
    error.errors.find((e) => e.path === "accounts.mqa.requiredRoles[1]").message,
    /economic-buyer/,
  );
});

test("leadscore, which scores no accounts, checks a model's accounts section as leadscore/full does", () => {
  // One model document serves both entries: its section is read and checked, then unused.
  const plain = structuredClone(exampleModel);
  delete plain.accounts;
  const leads = exampleLeads.slice(0, 3);
  assert.deepEqual(
    new LeadScorer(exampleModel).scoreBatch(leads, { asOf: EXAMPLE_AS_OF }),
    new LeadScorer(plain).scoreBatch(leads, { asOf: EXAMPLE_AS_OF }),
  );
  assert.deepEqual(validateLeadModel(exampleModel), []);
  const bad = structuredClone(exampleModel);
  bad.accounts.mqa.requiredRoles = ["economic-buyer", "procurement"];
  bad.accounts.rollup.intent.top = 0;
  assert.deepEqual(validateLeadModel(bad), validateModel(bad));
  const error = thrown(() => new LeadScorer(bad));
  assert.equal(error.name, "ModelError");
  assert.deepEqual(error.errors, thrown(() => new Scorer(bad)).errors);
  assert.ok(
    error.errors.some((e) => e.path === "accounts.mqa.requiredRoles[1]"),
    JSON.stringify(error.errors),
  );
});
