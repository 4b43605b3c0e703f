// LeadStore.push's quick path for event objects (src/wasm/store-push.js: a lead handle kept per
// store, the events written into bytes lent in Wasm memory): whatever happens to the lead between
// pushes (removed, added again, replaced, its id given as a number) and to the memory (grown,
// the lent bytes outgrown), a push of an object answers what the same push as JSON text does,
// and a refused push leaves the lead as it was.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Scorer, LeadStore } from "leadscore";
import { exampleModel, exampleLeads } from "./fixtures.mjs";

const scorer = new Scorer(exampleModel);
const [maria, second] = exampleLeads;
const byTime = (lead) => [...lead.events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

/** Two stores, one pushed event objects and one their JSON text, asked the same each time. */
function twins() {
  const objects = new LeadStore(scorer);
  const texts = new LeadStore(scorer);
  return {
    objects,
    do(step) {
      const a = attempt(() => step(objects, (events) => events));
      const b = attempt(() => step(texts, (events) => JSON.stringify(events)));
      assert.deepStrictEqual(a, b);
      return a;
    },
  };
}

/** What a step answered, or its error (its message without JSON text's "at line L column C"). */
function attempt(act) {
  try {
    return { value: act() };
  } catch (err) {
    return { error: [err.name, err.path, err.message.replace(/ at line \d+ column \d+$/, "")] };
  }
}

const add = (lead) => (store) => store.add({ id: lead.id, attributes: lead.attributes });
const push = (id, event, asOf) => (store, as) => store.push(id, as(event), asOf);
const summary = (id) => (store) => store.summary(id);

test("a lead removed and added again is pushed to as the new lead, not the old one", () => {
  const { do: both } = twins();
  both(add(maria));
  const [first, ...rest] = byTime(maria);
  both(push(maria.id, first, Date.parse(first.at)));
  both((store) => store.delete(maria.id));
  assert.ok(both(push(maria.id, rest[0], Date.parse(rest[0].at))).error);
  both(add({ id: maria.id, attributes: {} }));
  for (const event of rest) both(push(maria.id, event, Date.parse(event.at)));
  both(summary(maria.id));
  // Replaced by `add` under the same id: the next push counts from the new state.
  both(add(maria));
  both(push(maria.id, first, Date.parse(first.at)));
  both(summary(maria.id));
});

test("a lead id given as a number reaches the same lead as its text", () => {
  const { do: both } = twins();
  both(add({ id: "42", attributes: maria.attributes }));
  for (const [i, event] of byTime(maria).entries()) {
    both(push(i % 2 ? 42 : "42", event, Date.parse(event.at)));
    both(summary(42));
  }
});

test("a refused push leaves the lead as it was, and the next push goes on from there", () => {
  const { do: both } = twins();
  both(add(second));
  const events = byTime(second);
  const late = Date.parse(events.at(-1).at);
  for (const event of events) {
    both(push(second.id, event, Date.parse(event.at)));
    // An event the engine refuses, an asOf not whole or out of range, an asOf before what the
    // state has folded for good (refused once anything has been).
    assert.ok(both(push(second.id, { ...event, type: 7 }, late)).error);
    assert.ok(both(push(second.id, event, 1.5)).error);
    assert.ok(both(push(second.id, event, 1e20)).error);
    both(push(second.id, { ...event, id: "x" }, 0));
    both(summary(second.id));
  }
});

test("events larger than the lent bytes, and memory grown between pushes, read the same", () => {
  const { do: both, objects } = twins();
  both(add(maria));
  const events = byTime(maria);
  for (const [i, event] of events.entries()) {
    // Props the model does not read, then ones it does, ever longer.
    const padded = { ...event, props: { ...event.props, note: "x".repeat(1 << (i + 8)) } };
    both(push(maria.id, padded, Date.parse(event.at)));
    both(push(maria.id, [event, { ...event, id: `${event.id}-again` }], Date.parse(event.at)));
    // Leads enough to grow the Wasm memory under the lent bytes' view.
    for (let k = 0; k < 2000; k++) objects.add({ id: `filler-${i}-${k}`, attributes: {} });
    both(summary(maria.id));
  }
  both((store) => store.result(maria.id, { asOf: events.at(-1).at }));
});

test("a freed store refuses pushes", () => {
  const store = new LeadStore(scorer);
  store.add({ id: maria.id, attributes: maria.attributes });
  const [event] = byTime(maria);
  store.push(maria.id, event, Date.parse(event.at));
  store.free();
  assert.throws(() => store.push(maria.id, event, Date.parse(event.at)));
});

test("after a push that outgrew the lent bytes, batches are written as before", () => {
  const { do: both } = twins();
  both(add(maria));
  const [event] = byTime(maria);
  // Long enough to be written whole, past the lent bytes: the writer goes on in bytes of its own.
  const long = { ...event, props: { ...event.props, note: "x".repeat(1 << 16) } };
  both(push(maria.id, long, Date.parse(event.at)));
  both(push(maria.id, { ...event, id: `${event.id}-next` }, Date.parse(event.at)));
  const asOf = "2026-11-20T17:00:00Z";
  assert.deepStrictEqual(
    scorer.scoreBatch(exampleLeads, { asOf }),
    scorer.scoreBatch(JSON.stringify(exampleLeads), { asOf }),
  );
});
