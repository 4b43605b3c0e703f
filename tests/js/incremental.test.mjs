// Incremental scoring through the package: a state updated event by event gives exactly the
// result of scoring the whole history, and bad states or times are InputErrors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Scorer } from "leadscore";
import { exampleModel, exampleLeads, EXAMPLE_AS_OF } from "./fixtures.mjs";

test("update, event by event, equals scoring the whole history", () => {
  const scorer = new Scorer(exampleModel);
  for (const lead of exampleLeads) {
    let state = scorer.initState({ id: lead.id, attributes: lead.attributes });
    assert.ok(state instanceof Uint8Array);
    const delivered = [];
    for (const event of lead.events) {
      delivered.push(event);
      const update = scorer.update(state, [event], { asOf: event.at });
      state = update.state;
      const whole = scorer.score({ ...lead, events: delivered }, { asOf: event.at });
      assert.deepStrictEqual(update.result, whole, `${lead.id} after ${event.id}`);
    }
    const last = scorer.update(state, [], { asOf: EXAMPLE_AS_OF });
    assert.deepStrictEqual(last.result, scorer.score(lead, { asOf: EXAMPLE_AS_OF }));
  }
});

test("a state survives storage as base64, and redeliveries count once", () => {
  const scorer = new Scorer(exampleModel);
  const lead = exampleLeads[0];
  const first = scorer.update(
    scorer.initState({ id: lead.id, attributes: lead.attributes }),
    lead.events.slice(0, 6),
    { asOf: EXAMPLE_AS_OF },
  );
  const stored = Buffer.from(first.state).toString("base64");
  const restored = new Uint8Array(Buffer.from(stored, "base64"));
  const second = scorer.update(restored, [...lead.events.slice(6), lead.events[2]], {
    asOf: EXAMPLE_AS_OF,
  });
  assert.equal(second.result.total, 95);
  assert.equal(second.result.warnings[0].code, "duplicateEventId");
  assert.ok(second.state.length < 1024, `state of ${second.state.length} bytes`);
});

test("bad states, events and times are InputErrors and change nothing", () => {
  const scorer = new Scorer(exampleModel);
  const lead = exampleLeads[0];
  const { state } = scorer.update(
    scorer.initState({ id: lead.id, attributes: lead.attributes }),
    lead.events,
    { asOf: EXAMPLE_AS_OF },
  );
  const copy = state.slice();
  const cases = [
    ["not bytes", [], {}, "state"],
    [new Uint8Array([1, 2, 3]), [], {}, "state"],
    [state.slice(0, 12), [], {}, "state"],
    [state, [{ type: "visit", at: "soon" }], {}, "events[0].at"],
    [state, "[{", {}, "events[0]"],
    [state, [], { asOf: "2026-01-01T00:00:00Z" }, "asOf"],
    [state, [], { asOf: EXAMPLE_AS_OF, attributes: [1] }, "attributes"],
  ];
  for (const [s, events, options, path] of cases) {
    assert.throws(
      () => scorer.update(s, events, options),
      (e) => e instanceof Error && e.name === "InputError" && e.path === path,
      path,
    );
  }
  assert.deepStrictEqual(state, copy);
  const other = new Scorer({ ...exampleModel, mql: { threshold: 60 } });
  assert.throws(() => other.update(state, [], { asOf: EXAMPLE_AS_OF }), {
    name: "InputError",
    path: "state",
  });
  assert.throws(() => scorer.initState(lead), { name: "InputError", path: "events" });
  // Still working.
  assert.equal(scorer.update(state, [], { asOf: EXAMPLE_AS_OF }).result.total, 95);
});

test("new attributes take effect from the update that brings them", () => {
  const scorer = new Scorer(exampleModel);
  let { state, result } = scorer.update(
    scorer.initState({ id: "x", attributes: { email: "x@y.example" } }),
    [{ type: "page_view", at: "2026-11-19T10:00:00Z", props: { path: "/pricing" } }],
    { asOf: EXAMPLE_AS_OF },
  );
  assert.equal(result.total, 20);
  ({ state, result } = scorer.update(state, [], {
    asOf: EXAMPLE_AS_OF,
    attributes: { email: "x@y.example", title: "CEO", companySize: 300, industry: "SaaS" },
  }));
  assert.equal(result.total, 55);
  assert.equal(result.mql, true);
  assert.equal(
    scorer.update(state, [], { asOf: EXAMPLE_AS_OF }).result.total,
    55,
    "the attributes are kept in the state",
  );
});
