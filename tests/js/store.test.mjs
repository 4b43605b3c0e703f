// The resident lead store through the package: every push matches scoring the whole history,
// saved states come back, and bad input is an InputError that leaves the store working.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Scorer, LeadStore } from "leadscore";
import { exampleModel, exampleLeads, EXAMPLE_AS_OF, hollowedState } from "./fixtures.mjs";

test("each push answers the total that scoring the whole history gives", () => {
  const scorer = new Scorer(exampleModel);
  const store = new LeadStore(scorer);
  for (const lead of exampleLeads) store.add({ id: lead.id, attributes: lead.attributes });
  assert.equal(store.size, exampleLeads.length);
  for (const lead of exampleLeads) {
    const delivered = [];
    for (const event of [...lead.events].sort((a, b) => (a.at < b.at ? -1 : 1))) {
      delivered.push(event);
      const asOf = Date.parse(event.at);
      const total = store.push(lead.id, JSON.stringify(event), asOf);
      const whole = scorer.score({ ...lead, events: delivered }, { asOf });
      assert.equal(total, whole.total, `${lead.id} after ${event.id}`);
      assert.equal(store.mql(lead.id), whole.mql);
      assert.deepStrictEqual(store.summary(lead.id), {
        total: whole.total,
        mql: whole.mql,
        band: whole.band,
        asOf: whole.asOf,
      });
    }
    // The history in the order it was delivered (positions in warnings follow it).
    assert.deepStrictEqual(
      store.result(lead.id, { asOf: EXAMPLE_AS_OF }),
      scorer.score({ ...lead, events: delivered }, { asOf: EXAMPLE_AS_OF }),
    );
  }
});

test("events may be objects, arrays or JSON text, and asOf a Date, text or milliseconds", () => {
  const scorer = new Scorer(exampleModel);
  const store = new LeadStore(scorer);
  const [maria] = exampleLeads;
  store.add(JSON.stringify({ id: maria.id, attributes: maria.attributes }));
  store.push(maria.id, maria.events.slice(0, 3), new Date("2026-11-12T00:00:00Z"));
  store.push(maria.id, maria.events[3], "2026-11-12T00:00:00Z");
  const total = store.push(
    maria.id,
    JSON.stringify(maria.events.slice(4)),
    Date.parse(EXAMPLE_AS_OF),
  );
  assert.equal(total, 95);
  // A saved state goes on where it left off, in another store.
  const saved = store.state(maria.id);
  const other = new LeadStore(scorer);
  other.add(saved);
  assert.deepStrictEqual(
    other.result(maria.id, { asOf: EXAMPLE_AS_OF }),
    scorer.score(maria, { asOf: EXAMPLE_AS_OF }),
  );
  assert.equal(other.delete(maria.id), true);
  assert.equal(other.has(maria.id), false);
  assert.equal(other.delete(maria.id), false);
});

test("new attributes count from the next push", () => {
  const scorer = new Scorer(exampleModel);
  const store = new LeadStore(scorer);
  store.add({ id: "x", attributes: { email: "x@y.example" } });
  assert.equal(
    store.push(
      "x",
      { type: "page_view", at: "2026-11-19T10:00:00Z", props: { path: "/pricing" } },
      EXAMPLE_AS_OF,
    ),
    20,
  );
  store.setAttributes("x", {
    email: "x@y.example",
    title: "CEO",
    companySize: 300,
    industry: "SaaS",
  });
  assert.equal(store.push("x", [], EXAMPLE_AS_OF), 55);
  assert.equal(store.mql("x"), true);
});

test("bad input is an InputError naming what is wrong, and the store keeps working", () => {
  const scorer = new Scorer(exampleModel);
  const store = new LeadStore(scorer);
  store.add({ id: "x", attributes: {} });
  const cases = [
    [() => store.push("nobody", [], EXAMPLE_AS_OF), "leadId"],
    [() => store.push("x", [{ type: "visit", at: "soon" }], EXAMPLE_AS_OF), "events[0].at"],
    [() => store.push("x", "{", EXAMPLE_AS_OF), "events[0]"],
    [() => store.push("x", [], "tomorrow"), "asOf"],
    [() => store.push("x", [], new Date(NaN)), "asOf"],
    [() => store.mql("nobody"), "leadId"],
    [() => store.summary("x"), "leadId"],
    [() => store.state("nobody"), "leadId"],
    [() => store.add(new Uint8Array([1, 2, 3])), "state"],
    [() => store.add({ id: "y", events: [{ type: "visit", at: EXAMPLE_AS_OF }] }), "events"],
    [() => store.setAttributes("x", [1]), "attributes"],
  ];
  for (const [call, path] of cases) {
    assert.throws(
      call,
      (e) => e instanceof Error && e.name === "InputError" && e.path === path,
      path,
    );
  }
  const foreign = new LeadStore(new Scorer({ ...exampleModel, mql: { threshold: 70 } }));
  foreign.add({ id: "z" });
  assert.throws(() => store.add(foreign.state("z")), { name: "InputError", path: "state" });
  // A state of this model whose fold does not fit it: refused when added, and by update.
  const hollow = hollowedState(store.state("x"));
  assert.throws(() => store.add(hollow), { name: "InputError", path: "state" });
  assert.throws(() => scorer.update(hollow, [], { asOf: EXAMPLE_AS_OF }), {
    name: "InputError",
    path: "state",
  });
  assert.equal(
    store.push("x", { type: "demo_request", at: "2026-11-20T10:00:00Z" }, EXAMPLE_AS_OF),
    50,
  );
  assert.equal(store.mql("x"), false, "no email");
});

test("a lead id is a string or a whole number, as in leads; anything else is an InputError at leadId", () => {
  const scorer = new Scorer(exampleModel);
  const store = new LeadStore(scorer);
  // CRM exports often number their leads: the number and its text are the same lead.
  store.add({ id: 660737, attributes: {} });
  const pricing = JSON.stringify({
    type: "page_view",
    at: "2026-11-19T10:00:00Z",
    props: { path: "/pricing" },
  });
  assert.equal(store.push(660737, pricing, EXAMPLE_AS_OF), 20);
  assert.equal(store.has("660737"), true);
  assert.equal(store.summary("660737").total, 20);
  assert.equal(store.result(660737, { asOf: EXAMPLE_AS_OF }).leadId, "660737");
  const bad = [1.5, NaN, Infinity, {}, [], null, undefined, true, "", "   "];
  const calls = [
    (id) => store.push(id, "[]", EXAMPLE_AS_OF),
    (id) => store.mql(id),
    (id) => store.summary(id),
    (id) => store.result(id, { asOf: EXAMPLE_AS_OF }),
    (id) => store.state(id),
    (id) => store.setAttributes(id, {}),
    (id) => store.delete(id),
    (id) => store.has(id),
  ];
  for (const id of bad) {
    for (const call of calls) {
      assert.throws(
        () => call(id),
        (e) => e instanceof Error && e.name === "InputError" && e.path === "leadId",
        `${call} with ${String(id)}`,
      );
    }
  }
  // Nothing above harmed the store or the module.
  assert.equal(store.size, 1);
  assert.equal(store.push("660737", "[]", EXAMPLE_AS_OF), 20);
  assert.equal(store.delete(660737), true);
  assert.equal(store.size, 0);
});
