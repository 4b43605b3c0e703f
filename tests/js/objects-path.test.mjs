// Leads given as objects cross into Wasm in the compact form (only what the model reads), not as
// JSON text: the same results as from JSON text, and for bad input the same InputError at the
// same path, through `score`, `scoreBatch` (throwing and collecting), `update` and
// `LeadStore.push`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { LeadStore, Scorer } from "leadscore";
import { BAD_EVENTS, BAD_LEADS, described, refusal } from "./bad-input-cases.mjs";
import { EXAMPLE_AS_OF, exampleLeads, exampleModel, goldenCases } from "./fixtures.mjs";

const scorer = new Scorer(exampleModel);
const asOf = EXAMPLE_AS_OF;

/** `scoreBatch` of the leads and `score` of each, full and summary: the same from objects as from JSON text. */
function assertSameAsJson(leads) {
  for (const detail of ["full", "summary"]) {
    const options = { asOf, detail };
    assert.deepStrictEqual(
      scorer.scoreBatch(leads, options),
      scorer.scoreBatch(JSON.stringify(leads), options),
      detail,
    );
    for (const lead of leads)
      assert.deepStrictEqual(
        scorer.score(lead, options),
        scorer.score(JSON.stringify(lead), options),
        lead.id,
      );
  }
}

/** `scoreBatch` collecting errors. */
const collect = { asOf, onError: "collect" };

/** Collected entries, each error without the line and column a message from JSON text ends with. */
function unplaced(entries) {
  return entries.map((entry) =>
    entry.error ? { ...entry, error: { ...entry.error, ...described(entry.error) } } : entry,
  );
}

test("bad leads: score refuses an object as it refuses its JSON text", () => {
  for (const lead of BAD_LEADS) {
    const fromText = refusal(() => scorer.score(JSON.stringify(lead), { asOf }));
    const fromObject = refusal(() => scorer.score(lead, { asOf }));
    assert.notEqual(fromText, "no error", JSON.stringify(lead));
    assert.deepStrictEqual(fromObject, fromText, JSON.stringify(lead));
  }
});

test("bad leads in a batch: the same error thrown, and the same entry collected in its place", () => {
  for (const lead of BAD_LEADS) {
    const batch = [exampleLeads[0], lead, exampleLeads[1]];
    assert.deepStrictEqual(
      refusal(() => scorer.scoreBatch(batch, { asOf })),
      refusal(() => scorer.scoreBatch(JSON.stringify(batch), { asOf })),
      JSON.stringify(lead),
    );
    const fromObjects = unplaced(scorer.scoreBatch(batch, collect));
    const fromText = unplaced(scorer.scoreBatch(JSON.stringify(batch), collect));
    assert.deepStrictEqual(fromObjects, fromText, JSON.stringify(lead));
  }
  assert.deepStrictEqual(
    refusal(() => scorer.scoreBatch({ id: "x" }, { asOf })),
    refusal(() => scorer.scoreBatch('{"id":"x"}', { asOf })),
  );
});

test("bad events: update and LeadStore.push refuse objects as they refuse JSON text", () => {
  const state = scorer.initState({ id: "lead-1", attributes: { email: "a@b.example" } });
  const store = new LeadStore(scorer);
  store.add({ id: "lead-1" });
  for (const events of BAD_EVENTS) {
    const label = JSON.stringify(events);
    // update takes an array only.
    assert.deepStrictEqual(
      refusal(() => scorer.update(state, events, { asOf })),
      refusal(() => scorer.update(state, JSON.stringify(events), { asOf })),
      label,
    );
    // push takes an event or an array.
    assert.deepStrictEqual(
      refusal(() => store.push("lead-1", events, asOf)),
      refusal(() => store.push("lead-1", JSON.stringify(events), asOf)),
      label,
    );
  }
});

test("values JSON.stringify refuses are refused, where a rule reads them, as the JSON path refuses them", () => {
  const cyclic = { title: "VP" };
  cyclic.self = cyclic;
  const read = (value) => ({ id: "x", attributes: { title: value } });
  for (const value of [10n, cyclic]) {
    const fromObject = refusal(() => scorer.score(read(value), { asOf }));
    assert.equal(fromObject.name, "InputError");
    assert.equal(fromObject.path, "");
    assert.match(fromObject.message, /the value cannot be written as JSON/);
  }
  // A value no rule reads is not looked at.
  assert.equal(scorer.score({ id: "x", attributes: { notes: 10n } }, { asOf }).total, 0);
});

test("times of the usual shape, which the objects path reads itself, count to the millisecond", () => {
  // A demo request (50 points) counts only at or before the as-of time: each side of it, to the
  // millisecond, in a leap day, before 1970, in the year 0001 and with lowercase separators.
  const asOfs = [
    "2024-02-29T12:00:00.500Z",
    "1969-12-31T23:59:59.999Z",
    "0001-01-01T00:00:01Z",
    "2026-11-20T17:00:00Z",
  ];
  for (const asOf of asOfs) {
    const ms = Date.parse(asOf);
    for (const delta of [-1, 0, 1]) {
      const iso = new Date(ms + delta).toISOString();
      const shapes = [
        iso,
        iso.replace(".000Z", "Z"),
        iso.replace("T", "t"),
        iso.replace("Z", "+00:00"),
      ];
      for (const at of shapes) {
        const lead = { id: "x", events: [{ id: "e", type: "demo_request", at }] };
        const fromObject = scorer.score(lead, { asOf });
        assert.deepStrictEqual(fromObject, scorer.score(JSON.stringify(lead), { asOf }), at);
        assert.equal(fromObject.intent > 0, delta <= 0, at);
        assert.deepStrictEqual(
          scorer.scoreBatch([lead], { asOf }),
          scorer.scoreBatch(JSON.stringify([lead]), { asOf }),
          at,
        );
      }
    }
  }
});

test("the golden cases score the same from objects, from JSON text and through every entry point", () => {
  for (const golden of goldenCases()) {
    const goldenScorer = new Scorer(golden.model);
    const options = { asOf: golden.asOf };
    assert.deepStrictEqual(goldenScorer.score(golden.lead, options), golden.expected, golden.name);
    assert.deepStrictEqual(
      goldenScorer.scoreBatch([golden.lead, golden.lead], options),
      [golden.expected, golden.expected],
      golden.name,
    );
    assert.deepStrictEqual(
      goldenScorer.scoreBatch([golden.lead], { ...options, detail: "summary" }),
      goldenScorer.scoreBatch(JSON.stringify([golden.lead]), { ...options, detail: "summary" }),
      golden.name,
    );
  }
});

test("leads of every shape a lead may take score the same from objects as from JSON text", () => {
  // Leads the writer puts in the schema-shaped form and leads it leaves in the tagged form, and
  // both in one batch: the same results, summaries and collected entries.
  const at = "2026-11-20T10:00:00Z";
  const leads = [
    { id: "plain", attributes: { title: "VP Sales", companySize: 300, email: "a@b.example" } },
    { id: 42, attributes: { title: "CTO" }, events: [{ type: "demo_request", at }] },
    { id: " spaced", attributes: null, events: [{ type: "visit", at: 1_763_632_800_000 }] },
    { id: "no-events", attributes: { companySize: -0, industry: NaN, title: ["x", { y: 1 }] } },
    { id: "nested", attributes: { title: { deep: [[1, 2], { k: null }] }, country: "Ísland" } },
    {
      id: "événement",
      events: [
        { id: null, type: "page_view", at, props: { path: "/pricing", other: "x" } },
        { id: 7, type: "page_view", at: "2026-11-19T10:00:00.5Z", props: null },
        { type: "content_download", at, props: { contentType: "case_study" } },
        { type: "content_download", at, props: {} },
        { type: "webinar ünique", at: -62_135_596_800_000, props: { any: 1 } },
        { type: "visit", at: 253_402_300_799_999 },
        { type: " visit", at },
        { type: "email_open", at: "2026-11-20T11:00:00+01:00" },
      ],
    },
  ];
  assertSameAsJson(leads);
  const mixed = [...leads, { id: "x", events: [{ type: "v", at: "never" }] }, ...leads];
  assert.deepStrictEqual(
    unplaced(scorer.scoreBatch(mixed, collect)),
    unplaced(scorer.scoreBatch(JSON.stringify(mixed), collect)),
  );
});

test("read attributes and properties JSON.stringify leaves out (undefined, functions, symbols) are left out from objects too", () => {
  // The writer writes the members a rule reads as it finds them and counts them after (a count of
  // none writes no properties at all): whichever of them is left out, the same results as from
  // JSON text.
  const at = "2026-11-20T10:00:00Z";
  const left = [undefined, () => "/pricing", Symbol("x")];
  const leads = left.flatMap((gone, i) => [
    {
      id: `gone-${i}`,
      attributes: { title: gone, companySize: gone, email: gone, industry: gone },
      events: [
        { id: "e1", type: "page_view", at, props: { path: gone } },
        { id: "e2", type: "content_download", at, props: { contentType: gone, other: 1 } },
        { id: "e3", type: "page_view", at, props: { other: gone, path: "/pricing" } },
      ],
    },
    {
      id: `some-${i}`,
      attributes: { title: "VP Sales", companySize: gone, email: "a@b.example" },
      events: [{ type: "content_download", at, props: { title: gone, contentType: "case_study" } }],
    },
  ]);
  assertSameAsJson(leads);
});

test("event ids a batch leaves out of its bytes (in order) come back in results as from JSON text", () => {
  // A lead whose event ids come in order (by length, then text) crosses without them, and the
  // results' reader puts back those of the trigger and the crossing event; any other lead (ids
  // repeated or out of order, an event in the tagged form) crosses with them, as before.
  const day = (d, type, id, props) => ({
    ...(id === undefined ? {} : { id }),
    type,
    at: `2026-11-${String(d).padStart(2, "0")}T10:00:00Z`,
    ...(props === undefined ? {} : { props }),
  });
  const history = (ids) => [
    day(10, "page_view", ids[0], { path: "/pricing" }),
    day(11, "visit", ids[1]),
    day(12, "content_download", ids[2], { contentType: "case_study" }),
    day(13, "demo_request", ids[3]),
    day(14, "demo_request", ids[4]),
  ];
  const lead = (id, events) => ({
    id,
    attributes: { title: "VP Sales", companySize: 300 },
    events,
  });
  const first = [
    lead("in-order", history(["e8", "e9", "e10", "e11", "e12"])),
    lead("some-without", history(["a", undefined, "b", undefined, "c"])),
    lead("none", history([])),
    lead("repeated", history(["x", "y", "y", "z", "z"])),
    lead("out-of-order", history(["e2", "e1", "e3", "e5", "e4"])),
    lead("same-length-down", history(["b", "a", "c", "d", "e"])),
    lead("one-tagged", [...history(["p", "q", "r", "s", "t"]), { id: "u", type: "visit", at: 0 }]),
    lead("a-number", [...history(["p", "q", "r", "s", "t"]), day(15, "visit", 99)]),
  ];
  // Then leads without ids, or out of order, after a batch that left ids out.
  const second = [
    lead("none", history([])),
    lead("out-of-order", history(["2", "1", "3", "4", "5"])),
  ];
  for (const batch of [first, second, first]) {
    for (const detail of ["full", "summary"]) {
      const options = { asOf, detail };
      const fromObjects = scorer.scoreBatch(batch, options);
      assert.deepStrictEqual(fromObjects, scorer.scoreBatch(JSON.stringify(batch), options));
    }
  }
  // The ids put back are the leads' own (the trigger is the last demo request counted; the
  // repeated "z" was dropped, with its warning).
  const results = scorer.scoreBatch(first, { asOf });
  assert.deepStrictEqual(
    results.map((r) => r.trigger.event.id),
    ["e12", "c", null, "z", "e4", "e", "t", "t"],
  );
  assert.equal(results[3].warnings[0].code, "duplicateEventId");
  // Ids with a lone surrogate, though in order, are not left out: the engine refuses them, in a
  // batch as `score` of the lead and its JSON text do.
  const lone = lead("lone-surrogates", history(["a\uD800", "a\uD801", "bb", "cc", "dd"]));
  const [batched] = scorer.scoreBatch([lone], { asOf, onError: "collect" });
  const [fromText] = scorer.scoreBatch(JSON.stringify([lone]), { asOf, onError: "collect" });
  assert.deepStrictEqual(described(batched.error), described(fromText.error));
  assert.equal(batched.error.path, "[0].events[0].id");
  assert.deepStrictEqual(
    refusal(() => scorer.score(lone, { asOf })),
    refusal(() => scorer.score(JSON.stringify(lone), { asOf })),
  );
});

test("updates and pushes of event objects agree with their JSON text, event by event", () => {
  for (const lead of exampleLeads) {
    const events = [...lead.events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    let fromObjects = scorer.initState({ id: lead.id, attributes: lead.attributes });
    let fromText = fromObjects;
    const objectStore = new LeadStore(scorer);
    const textStore = new LeadStore(scorer);
    objectStore.add({ id: lead.id, attributes: lead.attributes });
    textStore.add({ id: lead.id, attributes: lead.attributes });
    for (const event of events) {
      const a = scorer.update(fromObjects, [event], { asOf: event.at });
      const b = scorer.update(fromText, JSON.stringify([event]), { asOf: event.at });
      assert.deepStrictEqual(a.result, b.result);
      assert.deepStrictEqual(a.state, b.state);
      [fromObjects, fromText] = [a.state, b.state];
      assert.equal(
        objectStore.push(lead.id, event, event.at),
        textStore.push(lead.id, JSON.stringify(event), event.at),
      );
    }
    assert.deepStrictEqual(
      objectStore.result(lead.id, { asOf }),
      textStore.result(lead.id, { asOf }),
    );
  }
});

test("a push of event objects with its time in epoch milliseconds agrees with JSON text, and refuses as it does", () => {
  const objectStore = new LeadStore(scorer);
  const textStore = new LeadStore(scorer);
  for (const lead of exampleLeads) {
    objectStore.add({ id: lead.id, attributes: lead.attributes });
    textStore.add({ id: lead.id, attributes: lead.attributes });
    const events = [...lead.events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    for (const event of events) {
      const ms = Date.parse(event.at);
      assert.equal(
        objectStore.push(lead.id, event, ms),
        textStore.push(lead.id, JSON.stringify(event), ms),
      );
      assert.deepStrictEqual(objectStore.summary(lead.id), textStore.summary(lead.id));
    }
    // An array of events, and a later time.
    const later = Date.parse(asOf) + 1;
    assert.equal(
      objectStore.push(lead.id, events.slice(0, 2), later),
      textStore.push(lead.id, JSON.stringify(events.slice(0, 2)), later),
    );
    assert.deepStrictEqual(
      objectStore.result(lead.id, { asOf }),
      textStore.result(lead.id, { asOf }),
    );
  }
  const store = new LeadStore(scorer);
  store.add({ id: "lead-1" });
  const ms = Date.parse(asOf);
  const event = { type: "visit", at: asOf };
  for (const [leadId, at] of [
    ["", ms],
    ["nobody", ms],
    [1.5, ms],
    [7, ms],
    [null, ms],
    ["lead-1", Number.NaN],
    ["lead-1", 1e20],
    ["lead-1", -1e20],
  ]) {
    const label = JSON.stringify([leadId, at]);
    assert.deepStrictEqual(
      refusal(() => store.push(leadId, event, at)),
      refusal(() => store.push(leadId, JSON.stringify(event), at)),
      label,
    );
  }
  for (const events of BAD_EVENTS) {
    assert.deepStrictEqual(
      refusal(() => store.push("lead-1", events, ms)),
      refusal(() => store.push("lead-1", JSON.stringify(events), ms)),
      JSON.stringify(events),
    );
  }
  // A value the writer cannot write is reported after a bad lead id or time, which the JSON path
  // reports first.
  const unwritable = { type: "page_view", at: asOf, props: { path: 10n } };
  const unwritableError = refusal(() => store.push("lead-1", unwritable, ms));
  assert.match(unwritableError.message, /cannot be written as JSON/);
  assert.deepStrictEqual(
    refusal(() => store.push("", unwritable, ms)),
    refusal(() => store.push("", "[]", ms)),
  );
  assert.deepStrictEqual(
    refusal(() => store.push("lead-1", unwritable, Number.NaN)),
    refusal(() => store.push("lead-1", "[]", Number.NaN)),
  );
});

test("times in results from objects are written as from JSON text, from the year 0001 to 9999", () => {
  const at = [
    "0001-01-01T00:00:00.000Z",
    "0399-12-31T23:59:59.999Z",
    "1900-02-28T23:59:59.999Z",
    "1969-12-31T23:59:59.999Z",
    "2000-02-29T12:00:00.001Z",
    "2100-03-01T00:00:00.010Z",
    "9999-12-31T23:59:59.999Z",
  ];
  const lead = {
    id: "far-times",
    attributes: { email: "a@b.example" },
    events: at.map((time, i) => ({
      id: `e${i}`,
      type: "page_view",
      at: time,
      props: { path: "/pricing" },
    })),
  };
  for (const asOf of at) {
    const fromObject = scorer.score(lead, { asOf });
    assert.deepStrictEqual(fromObject, scorer.score(JSON.stringify(lead), { asOf }), asOf);
    assert.equal(fromObject.asOf, asOf);
    assert.deepStrictEqual(
      scorer.scoreBatch([lead], { asOf }),
      scorer.scoreBatch(JSON.stringify([lead]), { asOf }),
      asOf,
    );
  }
});

test("times one after another in a batch, read and refused, as from JSON text, in a batch and lead by lead", () => {
  // The same date again, with other hours or refused hours, an impossible date twice, and dates
  // that differ from the last only past ASCII, each as the engine reads the JSON text.
  const times = [
    ["2026-11-20T10:00:00Z", "2026-11-20T11:30:00Z", "2026-11-20T12:00:00.250Z"],
    ["2026-11-19T09:00:00Z", "2026-11-20T09:00:00Z", "2026-11-20T09:00:01Z"],
    ["2026-02-28T10:00:00Z", "2026-02-29T10:00:00Z"],
    ["2026-02-29T10:00:00Z"],
    ["2024-02-29T10:00:00Z", "2024-02-29T23:59:59.999Z"],
    ["2026-11-20T10:00:00Z", "2026-11-20T25:00:00Z"],
    ["2026-11-20T10:00:00Z", "2026-11-20T10:60:00Z"],
    ["2026-11-20T10:00:00Z", "2026-11-20t10:00:00Z", "2026-11-20T10:00:00+00:00"],
    ["2026-11-20T10:00:00Z", "2026-11-2\uff10T10:00:00Z"],
    ["2026-11-20T10:00:00Z", "\u0132026-11-20T10:00:00Z", "2026-11-20T10:00:00Z"],
    ["2026-11-20T10:00:00Z", "2026/11/20T10:00:00Z", "2026-11-20T10:00:00Z"],
    ["0000-01-01T00:00:00Z", "0000-01-01T00:00:00Z"],
    ["0001-01-01T00:00:00Z", "0001-01-01T00:00:00.001Z"],
  ];
  const leads = times.map((ats, k) => ({
    id: `dates-${k}`,
    attributes: { email: "a@b.example" },
    events: ats.map((at, i) => ({ id: `e${i}`, type: "demo_request", at })),
  }));
  // A result, or the error described.
  const outcome = (run) => {
    try {
      return run();
    } catch (error) {
      return described(error);
    }
  };
  for (const lead of leads)
    assert.deepStrictEqual(
      outcome(() => scorer.score(lead, { asOf })),
      outcome(() => scorer.score(JSON.stringify(lead), { asOf })),
      JSON.stringify(lead.events),
    );
  const fromObjects = unplaced(scorer.scoreBatch(leads, collect));
  assert.deepStrictEqual(fromObjects, unplaced(scorer.scoreBatch(JSON.stringify(leads), collect)));
  // The test reaches both: dates read and dates refused.
  assert.ok(fromObjects.some((entry) => entry.error) && fromObjects.some((entry) => !entry.error));
});

test("event types named as Object.prototype's members are looked up as any other type", () => {
  const model = structuredClone(exampleModel);
  model.intent.rules.push(
    { id: "proto-event", event: "__proto__", points: 5 },
    { id: "constructor-event", event: "constructor", points: 3 },
  );
  const typedScorer = new Scorer(model);
  const at = "2026-11-20T10:00:00Z";
  const types = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "0"];
  const leads = types.map((type, k) => ({
    id: `typed-${k}`,
    events: [
      { id: "e1", type, at },
      { id: "e2", type: "page_view", at, props: { path: "/pricing" } },
    ],
  }));
  for (const detail of ["full", "summary"]) {
    const options = { asOf, detail };
    const fromObjects = typedScorer.scoreBatch(leads, options);
    assert.deepStrictEqual(fromObjects, typedScorer.scoreBatch(JSON.stringify(leads), options));
    for (const lead of leads)
      assert.deepStrictEqual(
        typedScorer.score(lead, options),
        typedScorer.score(JSON.stringify(lead), options),
        lead.events[0].type,
      );
  }
  const [proto, constructor] = typedScorer.scoreBatch(leads, { asOf });
  assert.equal(proto.intent, 25);
  assert.equal(constructor.intent, 23);
});

test("a batch lead refused at an event before its last, errors collected, leaves the next leads as from JSON text", () => {
  // Every bad event, between two good ones, in a lead followed by good leads: the bad lead's
  // entry, then each next lead's result, as from JSON text.
  const good = (i) => ({ id: `g${i}`, type: "page_view", at: 1_763_600_000_000 + i, props: {} });
  for (const events of BAD_EVENTS.filter(Array.isArray)) {
    const lead = { id: "mid", events: [good(1), ...events, good(2), good(3)] };
    const batch = [lead, exampleLeads[0], exampleLeads[1]];
    const fromObjects = unplaced(scorer.scoreBatch(batch, collect));
    assert.deepStrictEqual(
      fromObjects,
      unplaced(scorer.scoreBatch(JSON.stringify(batch), collect)),
      JSON.stringify(events),
    );
    assert.ok(fromObjects[0].error && !fromObjects[1].error, JSON.stringify(events));
  }
});

test("lead ids and grid names the results' reader reuses come back as from JSON text, batch after batch", () => {
  // A batch's results take each lead id from the string the writer wrote it from where the bytes
  // hold that string (ASCII), and make each grid name once: leads with ids of other characters,
  // leads in the tagged form, and leads refused in their place keep theirs.
  const events = [
    { id: "e1", type: "page_view", at: "2026-11-10T10:00:00Z", props: { path: "/pricing" } },
    { id: "e2", type: "demo_request", at: "2026-11-12T10:00:00Z" },
  ];
  const lead = (id, attributes, leadEvents = events) => ({ id, attributes, events: leadEvents });
  const first = [
    lead("ascii-1", { title: "VP Sales", companySize: 300 }),
    lead("Zoë-1", { title: "VP Sales", companySize: 300 }),
    lead("ascii-2", { title: "Intern", companySize: 12 }),
    lead("tagged-1", { title: "VP Sales" }, [...events, { id: "e3", type: "visit", at: 0 }]),
    { id: "refused", events: "not a list" },
    lead("日本-1", { companySize: 4000 }),
    lead("ascii-3", null, []),
  ];
  const second = [lead("b", { title: "CEO" }), lead("ascii-1", { companySize: 300 })];
  for (const batch of [first, second, first]) {
    for (const detail of ["full", "summary"]) {
      const options = { ...collect, detail };
      assert.deepStrictEqual(
        unplaced(scorer.scoreBatch(batch, options)),
        unplaced(scorer.scoreBatch(JSON.stringify(batch), options)),
        detail,
      );
    }
  }
  const results = scorer.scoreBatch(first, collect);
  assert.deepStrictEqual(
    results.map((r) => r.leadId),
    ["ascii-1", "Zoë-1", "ascii-2", "tagged-1", "refused", "日本-1", "ascii-3"],
  );
  // Each result's lists are its own.
  results[0].contributions.push("changed");
  assert.notDeepStrictEqual(results[0].contributions, results[2].contributions);
  assert.notEqual(results[0].blockedBy, results[2].blockedBy);
});
