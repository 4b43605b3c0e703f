// The lifecycle through the built package: a lead from first visit to SQL, a rejection and a
// re-qualification; routing state in and out; SLA status; and real Error objects (PlaybookError,
// TransitionError, InputError) after which the Lifecycle keeps working.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Scorer, Lifecycle, validatePlaybook, playbookVersion } from "leadscore/full";
import { exampleModel, exampleLeads, readJson } from "./fixtures.mjs";

const playbook = readJson("examples/playbooks/b2b-default.json");
const scorer = new Scorer(exampleModel);
const lifecycle = new Lifecycle(playbook, exampleModel);

function scoreUpdate(lead, now) {
  return { type: "scoreUpdate", score: scorer.score(lead, { asOf: now }), lead };
}

const types = (outcome) => outcome.effects.map((e) => e.type);

test("the example playbook is valid and says what it offers", () => {
  assert.equal(playbookVersion(), 1);
  assert.deepStrictEqual(validatePlaybook(playbook, exampleModel), []);
  assert.equal(lifecycle.playbookName, "B2B default playbook");
  const reasons = lifecycle.reasons();
  assert.deepStrictEqual(
    reasons.map((r) => r.id),
    ["wrongIcp", "premature", "timing", "budgetCycle", "noResponse", "duplicate", "competitor"],
  );
  assert.deepStrictEqual(
    reasons.find((r) => r.id === "duplicate"),
    {
      id: "duplicate",
      label: "Duplicate",
      policy: "mergeDuplicate",
      track: null,
      waitDays: 0,
      minContactAttempts: 0,
      acceptsRevisitDate: false,
      isFinal: true,
    },
  );
});

test("a lead walks from MQL to SQL, is rejected later and re-qualifies", () => {
  const lead = structuredClone(exampleLeads.find((l) => l.id === "lead-006"));
  let routing;
  let record = lifecycle.newRecord(lead.id, { now: "2026-10-28T12:00:00Z" });
  assert.equal(record.stage, "lead");

  // Not yet: two email opens are not an MQL.
  let out = lifecycle.apply(record, scoreUpdate(lead, "2026-11-06T16:00:00Z"), {
    now: "2026-11-06T16:00:00Z",
    routing,
  });
  assert.equal(out.record.stage, "lead");
  assert.deepStrictEqual(out.effects, []);

  out = lifecycle.apply(out.record, scoreUpdate(lead, "2026-11-20T17:00:00Z"), {
    now: "2026-11-20T17:00:00Z",
    routing,
  });
  ({ record, routing } = out);
  assert.equal(record.stage, "mql");
  assert.equal(record.owner, "ben");
  assert.deepStrictEqual(routing, { version: 1, cursors: { "na-sdr": 1 } });
  assert.deepStrictEqual(types(out), [
    "assignOwner",
    "notifyOwner",
    "createTask",
    "scheduleCheck",
    "scheduleCheck",
  ]);
  const { handoff } = out.effects[1];
  assert.equal(handoff.warmth.kind, "accumulated");
  assert.deepStrictEqual(handoff.drivers.map((d) => d.ruleId).slice(0, 2), [
    "case-study",
    "return-visits",
  ]);
  assert.equal(handoff.sla.window, "24 business hours");
  assert.equal(out.effects[2].dueAt, "2026-11-25T17:00:00.000Z");

  out = lifecycle.apply(record, { type: "accept" }, { now: "2026-11-20T18:00:00Z" });
  out = lifecycle.apply(
    out.record,
    { type: "logContact", channel: "phone" },
    { now: "2026-11-20T18:30:00Z" },
  );
  assert.deepStrictEqual(types(out), ["completeTask"]);
  const sla = lifecycle.slaStatus(out.record, { now: "2026-11-21T00:00:00Z" });
  assert.equal(sla.state, "met");
  assert.equal(sla.speedToLeadMs, 90 * 60_000);
  const accepted = out.record;
  out = lifecycle.apply(accepted, { type: "meetingBooked" }, { now: "2026-11-23T15:00:00Z" });
  assert.equal(out.record.stage, "sql");

  // The other branch: the SAL goes quiet and is rejected as premature.
  out = lifecycle.apply(
    accepted,
    { type: "reject", reason: "premature", note: "no project before Q3" },
    { now: "2026-11-24T15:00:00Z" },
  );
  assert.equal(out.record.stage, "recycled");
  assert.equal(out.record.owner, "marketing-ops");
  assert.deepStrictEqual(types(out), [
    "closeTasks",
    "assignOwner",
    "enrollInNurture",
    "scheduleReevaluation",
  ]);
  assert.equal(out.effects[3].at, "2027-01-23T15:00:00.000Z");
  const recycled = out.record;

  // New activity in March, after the 60-day wait: back to sales, history kept.
  lead.events.push({
    id: "m-9",
    type: "page_view",
    at: "2027-03-02T14:00:00Z",
    props: { path: "/pricing" },
  });
  out = lifecycle.apply(recycled, scoreUpdate(lead, "2027-03-02T14:05:00Z"), {
    now: "2027-03-02T14:05:00Z",
    routing,
  });
  assert.equal(out.record.stage, "mql");
  assert.equal(out.record.owner, "cara");
  assert.equal(out.record.mqlCount, 2);
  assert.equal(out.record.lastRecycleReason, "premature");
  assert.equal(out.effects[0].type, "exitNurture");
  assert.deepStrictEqual(
    out.record.history.map((h) => `${h.from}>${h.to}`),
    ["lead>mql", "mql>sal", "sal>recycled", "recycled>mql"],
  );
  assert.equal(
    out.effects.find((e) => e.type === "notifyOwner").handoff.previousRecycleReason,
    "premature",
  );
});

test("illegal transitions throw a TransitionError and change nothing", () => {
  const record = lifecycle.newRecord("lead-x", { now: "2026-11-20T17:00:00Z" });
  const before = structuredClone(record);
  let caught;
  try {
    lifecycle.apply(record, { type: "meetingBooked" }, { now: "2026-11-20T17:00:00Z" });
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof Error);
  assert.equal(caught.name, "TransitionError");
  assert.equal(caught.code, "illegalTransition");
  assert.equal(caught.stage, "lead");
  assert.equal(caught.action, "meetingBooked");
  assert.match(caught.message, /cannot book a meeting for a lead in stage lead/);
  assert.deepStrictEqual(record, before);
});

test("a bad playbook throws a PlaybookError naming the unassigned combination", () => {
  const bad = structuredClone(playbook);
  delete bad.routing.fallback;
  bad.routing.rules.pop();
  assert.throws(
    () => new Lifecycle(bad, exampleModel),
    (error) => {
      assert.ok(error instanceof Error);
      assert.equal(error.name, "PlaybookError");
      assert.equal(error.path, "routing");
      assert.match(
        error.errors[0].message,
        /no rule covers territory "apac", segment "smb", product "analytics"/,
      );
      return true;
    },
  );
});

test("bad input throws an InputError with a path, and the lifecycle keeps working", () => {
  const record = lifecycle.newRecord("lead-001", { now: "2026-11-20T17:00:00Z" });
  const works = () => {
    const lead = exampleLeads[0];
    const out = lifecycle.apply(record, scoreUpdate(lead, "2026-11-20T17:00:00Z"), {
      now: "2026-11-20T17:00:00Z",
    });
    assert.equal(out.record.owner, "ana");
  };
  const cases = [
    [record, { type: "reject", reason: 7 }, {}, "action.reason"],
    [record, { type: "enrollNurture" }, {}, "action.track"],
    [record, { type: "scoreUpdate", score: {}, lead: exampleLeads[0] }, {}, "action.score"],
    [{ ...record, stage: "won" }, { type: "accept" }, {}, "record.stage"],
    [{ ...record, extra: 1 }, { type: "accept" }, {}, "record.extra"],
    [record, { type: "timePasses" }, { now: "soon" }, "now"],
    [record, { type: "timePasses" }, { routing: { cursors: { x: "one" } } }, "routing.cursors.x"],
    [undefined, { type: "timePasses" }, {}, "record"],
    [record, "{ nope", {}, "action"],
  ];
  for (const [rec, action, options, path] of cases) {
    assert.throws(
      () => lifecycle.apply(rec, action, { now: "2026-11-20T17:00:00Z", ...options }),
      (error) => error instanceof Error && error.name === "InputError" && error.path === path,
      `${JSON.stringify(action)} -> ${path}`,
    );
    works();
  }
  assert.throws(
    () => lifecycle.newRecord(null),
    (e) => e.name === "InputError" && e.path === "leadId",
  );
  assert.throws(
    () => lifecycle.slaStatus("[]"),
    (e) => e.name === "InputError" && e.path.startsWith("record"),
  );
  // A time where the options object belongs is refused, not read as "now".
  const when = "2026-11-20T17:00:00Z";
  for (const call of [
    () => lifecycle.newRecord("lead-001", when),
    () => lifecycle.apply(record, { type: "timePasses" }, when),
    () => lifecycle.slaStatus(record, new Date(when)),
    () => lifecycle.route(exampleLeads[0], [when]),
    () =>
      lifecycle.previewHandoff(
        exampleLeads[0],
        scorer.score(exampleLeads[0], { asOf: when }),
        Date.parse(when),
      ),
  ]) {
    assert.throws(
      call,
      (e) => e instanceof Error && e.name === "InputError" && e.path === "options",
      String(call),
    );
  }
  assert.throws(
    () => lifecycle.apply(record, { type: "timePasses" }, { now: when, Now: when }),
    (e) => e.name === "InputError" && e.path === "options.Now" && e.message.includes("`now`"),
  );
  assert.throws(
    () => lifecycle.route(exampleLeads[0], { now: when }),
    (e) => e.name === "InputError" && e.path === "options.now" && e.message.includes("routing"),
  );
  assert.throws(
    () =>
      lifecycle.previewHandoff(exampleLeads[0], scorer.score(exampleLeads[0], { asOf: when }), {
        now: when,
        owner: 7,
      }),
    (e) => e.name === "InputError" && e.path === "owner",
  );
  works();
});

test("previewHandoff builds the payload or lists the missing fields", () => {
  const lead = exampleLeads.find((l) => l.id === "lead-002");
  const score = scorer.score(lead, { asOf: "2026-11-19T15:10:00Z" });
  const { handoff } = lifecycle.previewHandoff(lead, score, { now: "2026-11-19T15:10:00Z" });
  assert.equal(handoff.owner, "dieter");
  assert.equal(handoff.warmth.kind, "handRaiser");
  assert.equal(handoff.sla.dueAt, "2026-11-19T15:15:00.000Z");
  assert.deepStrictEqual(handoff.contact, {
    name: "Dev Patel",
    title: "Senior Software Engineer",
    company: "Ledgerline",
    email: "dev@ledgerline.io",
    country: "GB",
    companySize: 120,
    industry: "Financial Services",
  });
  const anonymous = structuredClone(lead);
  delete anonymous.attributes.name;
  assert.deepStrictEqual(
    lifecycle.previewHandoff(anonymous, score, { now: "2026-11-19T15:10:00Z" }),
    { missingFields: ["name"] },
  );
  assert.throws(
    () => lifecycle.previewHandoff(lead, score, { owner: "nobody" }),
    (e) => e.name === "InputError" && e.path === "owner",
  );
});

test("dueAt answers on each calendar, across a weekend and a daylight-saving change", () => {
  // Friday 2026-03-06 16:00 in New York + 3 business hours: Monday 11:00 EDT, after the spring change.
  assert.equal(
    lifecycle.dueAt({
      calendar: "us-east",
      start: "2026-03-06T21:00:00Z",
      within: { businessHours: 3 },
    }),
    "2026-03-09T15:00:00.000Z",
  );
  // Thursday 2026-04-02 16:00 in Sydney (AEDT) + 2 business hours: Good Friday and Easter
  // Monday are holidays and daylight time ends on the Sunday, so Tuesday 09:30 AEST.
  assert.equal(
    lifecycle.dueAt({
      calendar: "apac",
      start: "2026-04-02T05:00:00Z",
      within: { businessHours: 2 },
    }),
    "2026-04-06T23:30:00.000Z",
  );
  assert.equal(
    lifecycle.dueAt({
      calendar: "emea",
      start: new Date("2026-12-23T15:00:00Z"),
      within: { businessDays: 1 },
    }),
    "2026-12-23T17:00:00.000Z",
  );
  assert.throws(
    () => lifecycle.dueAt({ calendar: "mars", start: 0, within: { minutes: 5 } }),
    (e) => e.name === "InputError" && e.path === "calendar",
  );
});
