// Limits on every surface that takes input from outside: the package's Scorer (`{ limits }`),
// the serverless handlers (LIMITS in examples/serverless/scoring-service.mjs) and the CLI
// (--max-* flags). Each limit, when exceeded, is an InputError (a ModelError for a model) at the
// path of the first value past it; at the limit, input is scored.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Scorer, LeadStore } from "leadscore";
import { Scorer as FullScorer, AccountScorer, LeadSet } from "leadscore/full";
import init, { Scorer as SmallScorer } from "../../pkg/visitor/engine/leadscore.js";
import { repo, exampleModel, EXAMPLE_AS_OF } from "./fixtures.mjs";
import { leadscore, scratchFolder } from "./support/cli.mjs";

const { handler } = await import(join(repo, "examples/serverless/lambda.mjs"));
const { default: worker } = await import(join(repo, "examples/serverless/fetch.mjs"));
const { LIMITS } = await import(join(repo, "examples/serverless/scoring-service.mjs"));

const { dir: scratch } = scratchFolder("limits");

const tight = { eventsPerLead: 3, stringLength: 500, nestingDepth: 7, batchSize: 2 };
const visit = { type: "page_view", at: "2026-11-20T10:00:00Z", props: { path: "/pricing" } };
const visits = (n) => Array.from({ length: n }, () => visit);
const asOf = EXAMPLE_AS_OF;

/** The error `run` throws: { name, path }. */
function thrown(run) {
  try {
    run();
  } catch (error) {
    return { name: error.name, path: error.path };
  }
  assert.fail("expected an error");
}

test("Scorer: events per lead, in a lead and in an update", () => {
  const scorer = new Scorer(exampleModel, { limits: tight });
  assert.equal(scorer.score({ id: "l", events: visits(3) }, { asOf }).leadId, "l");
  assert.deepStrictEqual(
    thrown(() => scorer.score({ id: "l", events: visits(4) }, { asOf })),
    { name: "InputError", path: "events[3]" },
  );
  const state = scorer.initState({ id: "l" });
  assert.deepStrictEqual(
    thrown(() => scorer.update(state, visits(4), { asOf })),
    { name: "InputError", path: "events[3]" },
  );
  assert.equal(scorer.update(state, visits(3), { asOf }).result.leadId, "l");
});

test("LeadStore: a store keeps its scorer's limits", () => {
  const store = new LeadStore(new Scorer(exampleModel, { limits: tight }));
  assert.deepStrictEqual(
    thrown(() => store.add({ id: "l", attributes: { note: "x".repeat(501) } })),
    { name: "InputError", path: "attributes.note" },
  );
  store.add({ id: "l" });
  assert.deepStrictEqual(
    thrown(() => store.push("l", visits(4), asOf)),
    { name: "InputError", path: "events[3]" },
  );
  assert.equal(typeof store.push("l", visits(3), asOf), "number");
});

/** The error `run` throws, whole: { name, path, message }. */
function refusal(run) {
  try {
    run();
  } catch (error) {
    return { name: error.name, path: error.path, message: error.message };
  }
  assert.fail("expected an error");
}

/** What `run` comes to: the error it throws ({ name, path, message }), or "accepted". */
function outcome(run) {
  try {
    run();
    return "accepted";
  } catch (error) {
    return { name: error.name, path: error.path, message: error.message };
  }
}

// Leads over a limit, each given as an object (the compact objects path) and as JSON text: the
// same error, path and message either way. Attributes and properties some rule reads
// (`title`, a page_view's `path`) and ones no rule reads (`note`, a visit's `ref`), whose values
// the objects path otherwise leaves in JavaScript.
const overLimits = [
  ["events", { id: "l", events: visits(4) }, "events[3]"],
  ["a read attribute", { id: "l", attributes: { title: "x".repeat(501) } }, "attributes.title"],
  ["an unread attribute", { id: "l", attributes: { note: "é".repeat(251) } }, "attributes.note"],
  [
    "an unread key",
    { id: "l", attributes: { ["k".repeat(501)]: 1 } },
    `attributes.${"k".repeat(501)}`,
  ],
  [
    "a deep attribute",
    { id: "l", attributes: { a: [[[[[[1]]]]]] } },
    "attributes.a[0][0][0][0][0]",
  ],
  ["an id", { id: "x".repeat(501) }, "id"],
  // In order after a short one: a batch leaves event ids in order out, but not one this long.
  [
    "an event id",
    {
      id: "l",
      events: [
        { ...visit, id: "a" },
        { ...visit, id: "i".repeat(501) },
      ],
    },
    "events[1].id",
  ],
  ["an event type", { id: "l", events: [{ ...visit, type: "t".repeat(501) }] }, "events[0].type"],
  [
    "a read property",
    { id: "l", events: [{ ...visit, props: { path: "/".repeat(501) } }] },
    "events[0].props",
  ],
  [
    "an unread property",
    { id: "l", events: [{ type: "visit", at: visit.at, props: { ref: "r".repeat(501) } }] },
    "events[0].props",
  ],
  [
    "deep properties",
    { id: "l", events: [{ ...visit, props: { path: "/p", a: { b: { c: { d: {} } } } } }] },
    "events[0].props",
  ],
];

test("objects path: a lead over a limit gets the JSON path's error, in every call that takes one", () => {
  const scorer = new Scorer(exampleModel, { limits: tight });
  const store = new LeadStore(scorer);
  for (const [what, lead, path] of overLimits) {
    const asText = refusal(() => scorer.score(JSON.stringify(lead), { asOf }));
    assert.deepStrictEqual(asText.path, path, what);
    assert.equal(asText.name, "InputError", what);
    assert.deepStrictEqual(
      refusal(() => scorer.score(lead, { asOf })),
      asText,
      what,
    );
    // In a batch: thrown at the lead's index, or collected in its place.
    const batch = [{ id: "ok" }, lead];
    const batchError = refusal(() => scorer.scoreBatch(batch, { asOf }));
    assert.deepStrictEqual(
      batchError,
      refusal(() => scorer.scoreBatch(JSON.stringify(batch), { asOf })),
      what,
    );
    assert.equal(batchError.path, `[1].${path}`.replace(".[", "["), what);
    const collected = scorer.scoreBatch(batch, { asOf, onError: "collect" });
    assert.deepStrictEqual(
      collected,
      scorer.scoreBatch(JSON.stringify(batch), { asOf, onError: "collect" }),
      what,
    );
    assert.equal(collected[1].error.path, batchError.path, what);
    // New events, as objects, in an update and a push: the events' array is the document there,
    // so properties nest one level less deep than in a lead.
    if (path.startsWith("events")) {
      const state = scorer.initState({ id: "l" });
      const update = outcome(() => scorer.update(state, lead.events, { asOf }));
      assert.deepStrictEqual(
        update,
        outcome(() => scorer.update(state, JSON.stringify(lead.events), { asOf })),
        what,
      );
      store.add({ id: "l" });
      const push = outcome(() => store.push("l", lead.events, asOf));
      assert.deepStrictEqual(
        push,
        outcome(() => store.push("l", JSON.stringify(lead.events), asOf)),
        what,
      );
      if (what !== "deep properties") {
        assert.equal(update.path, path, what);
        assert.equal(push.path, path, what);
      }
    }
  }
  // At the limits, objects are scored as their text is.
  const within = {
    id: "l",
    attributes: { title: "VP of Marketing", note: "é".repeat(250), a: [[[[[1]]]]] },
    events: [visit, { type: "visit", at: visit.at, props: { ref: "r".repeat(500) } }, visit],
  };
  assert.deepStrictEqual(
    scorer.score(within, { asOf }),
    scorer.score(JSON.stringify(within), { asOf }),
  );
  assert.equal(scorer.scoreBatch([within, within], { asOf }).length, 2);
  assert.equal(refusal(() => scorer.scoreBatch([within, within, within], { asOf })).path, "[2]");
});

test("LeadSet, AccountScorer and the small engine check leads against limits too", async () => {
  // A lead set: the default limits, at the bad lead's index.
  const set = refusal(
    () => new LeadSet([{ id: "ok" }, { id: "l", attributes: { note: "x".repeat(65_537) } }]),
  );
  assert.deepStrictEqual([set.name, set.path], ["InputError", "[1].attributes.note"]);
  // Accounts keep their scorer's limits: an account's leads are a batch.
  const accounts = new AccountScorer(new FullScorer(exampleModel, { limits: tight }));
  const contact = (id) => ({ id, attributes: { email: `${id}@northwind.example` } });
  assert.deepStrictEqual(
    refusal(() => accounts.accountOf({ ...contact("a"), events: visits(4) })).path,
    "events[3]",
  );
  assert.equal(
    refusal(() => accounts.scoreAccount([contact("a"), contact("b"), contact("c")], { asOf })).path,
    "[2]",
  );
  assert.equal(
    refusal(() =>
      accounts.scoreAccounts([contact("a"), { ...contact("b"), events: visits(4) }], { asOf }),
    ).path,
    "[1].events[3]",
  );
  // The small engine: the default limits.
  await init({
    module_or_path: readFileSync(
      new URL("../../pkg/visitor/engine/leadscore_bg.wasm", import.meta.url),
    ),
  });
  const small = new SmallScorer(new FullScorer(exampleModel).compiled());
  const long = { id: "l", attributes: { note: "x".repeat(65_537) } };
  assert.deepStrictEqual(
    refusal(() => small.score(long, Date.parse(asOf))),
    refusal(() => new Scorer(exampleModel).score(long, { asOf })),
  );
});

test("Scorer: rules per model", () => {
  const rules = exampleModel.fit.rules.length + exampleModel.intent.rules.length;
  assert.ok(new Scorer(exampleModel, { limits: { rulesPerModel: rules } }));
  const error = thrown(() => new Scorer(exampleModel, { limits: { rulesPerModel: rules - 1 } }));
  assert.equal(error.name, "ModelError");
  assert.match(error.path, /^intent\.rules\[\d+\]$/);
});

test("Scorer: string length and nesting depth, in leads and models", () => {
  // The example model's longest string has 434 characters; it nests 7 deep (its accounts section).
  const scorer = new Scorer(exampleModel, { limits: tight });
  const long = "x".repeat(501);
  assert.deepStrictEqual(
    thrown(() => scorer.score({ id: "l", attributes: { note: long } })),
    {
      name: "InputError",
      path: "attributes.note",
    },
  );
  const event = { ...visit, props: { path: long } };
  assert.deepStrictEqual(
    thrown(() => scorer.score({ id: "l", events: [event] })),
    {
      name: "InputError",
      path: "events[0].props",
    },
  );
  assert.equal(scorer.score({ id: "l", attributes: { a: [[[[[1]]]]] } }, { asOf }).leadId, "l");
  assert.deepStrictEqual(
    thrown(() => scorer.score({ id: "l", attributes: { a: [[[[[[1]]]]]] } })),
    {
      name: "InputError",
      path: "attributes.a[0][0][0][0][0]",
    },
  );
  const longModel = thrown(() => new Scorer(exampleModel, { limits: { stringLength: 433 } }));
  assert.equal(longModel.name, "ModelError");
  assert.notEqual(longModel.path, "");
  const { accounts, ...scoringModel } = exampleModel;
  const deepModel = thrown(() => new Scorer(scoringModel, { limits: { nestingDepth: 5 } }));
  assert.equal(deepModel.name, "ModelError");
  assert.match(deepModel.path, /^(fit|intent)\.rules\[\d+\]\./);
  // Only the accounts section nests 7 deep.
  assert.deepStrictEqual(
    thrown(() => new Scorer(exampleModel, { limits: { nestingDepth: 6 } })),
    { name: "ModelError", path: "accounts.roles[0].where.title.containsAny" },
  );
});

test("Scorer: batch size, and a lead over a limit collected in its place", () => {
  const scorer = new Scorer(exampleModel, { limits: tight });
  const lead = { id: "l", events: visits(1) };
  assert.equal(scorer.scoreBatch([lead, lead], { asOf }).length, 2);
  assert.deepStrictEqual(
    thrown(() => scorer.scoreBatch([lead, lead, lead], { asOf })),
    { name: "InputError", path: "[2]" },
  );
  const results = scorer.scoreBatch([lead, { id: "m", events: visits(4) }], {
    asOf,
    onError: "collect",
  });
  assert.equal(results[1].leadId, "m");
  assert.equal(results[1].error.path, "[1].events[3]");
});

test("Scorer: the defaults, and limits that are not whole numbers", () => {
  const scorer = new Scorer(exampleModel);
  assert.equal(scorer.score({ id: "l", events: visits(1000) }, { asOf }).leadId, "l");
  for (const [limits, path] of [
    [{ eventsPerLead: 0 }, "options.limits.eventsPerLead"],
    [{ batchSize: 2.5 }, "options.limits.batchSize"],
    [{ nestingDepth: "9" }, "options.limits.nestingDepth"],
    [{ eventsPerLeed: 9 }, "options.limits"],
    [[1], "options.limits"],
  ]) {
    assert.deepStrictEqual(
      thrown(() => new Scorer(exampleModel, { limits })),
      {
        name: "InputError",
        path,
      },
    );
  }
});

const handlers = [
  [
    "lambda",
    async (body) => {
      const response = await handler({ httpMethod: "POST", headers: {}, body });
      return { status: response.statusCode, body: JSON.parse(response.body) };
    },
  ],
  [
    "fetch",
    async (body) => {
      const request = new Request("https://scoring.example/score", { method: "POST", body });
      const response = await worker.fetch(request);
      return { status: response.status, body: await response.json() };
    },
  ],
];

for (const [name, invoke] of handlers) {
  test(`${name}: a request over a limit is a 400 at its path in the request`, async () => {
    const over = (lead) => invoke(JSON.stringify({ lead, asOf }));
    const cases = [
      [{ id: "l", events: visits(LIMITS.eventsPerLead + 1) }, "lead.events[10000]"],
      [
        { id: "l", attributes: { note: "x".repeat(LIMITS.stringLength + 1) } },
        "lead.attributes.note",
      ],
      [{ id: "l", attributes: { a: JSON.parse("[".repeat(20) + "]".repeat(20)) } }, null],
    ];
    for (const [lead, path] of cases) {
      const response = await over(lead);
      assert.equal(response.status, 400, JSON.stringify(response.body).slice(0, 200));
      assert.equal(response.body.error.name, "InputError");
      if (path) assert.equal(response.body.error.path, path);
      else assert.match(response.body.error.path, /^lead\.attributes\.a(\[0\])+$/);
    }
    const events = await invoke(
      JSON.stringify({ leadId: "l", events: visits(LIMITS.eventsPerLead + 1), asOf }),
    );
    assert.equal(events.status, 400);
    assert.equal(events.body.error.path, "events[10000]");
    const update = await invoke(
      JSON.stringify({ state: null, leadId: "l", events: visits(LIMITS.eventsPerLead + 1) }),
    );
    assert.equal(update.status, 400);
    assert.equal(update.body.error.path, "events[10000]");
    const within = await invoke(JSON.stringify({ lead: { id: "l", events: visits(100) }, asOf }));
    assert.equal(within.status, 200);
  });
}

test("lambda: LEADSCORE_LIMITS replaces limits; a model over one fails the cold start", async () => {
  const coldStart = (tag) =>
    import(`${new URL("../../examples/serverless/lambda.mjs", import.meta.url)}?limits=${tag}`);
  try {
    process.env.LEADSCORE_LIMITS = JSON.stringify({ rulesPerModel: 3 });
    await assert.rejects(coldStart(1), (error) => {
      assert.deepStrictEqual([error.name, error.path], ["ModelError", "fit.rules[3]"]);
      return true;
    });
    process.env.LEADSCORE_LIMITS = JSON.stringify({ eventsPerLead: 5 });
    const { handler: limited } = await coldStart(2);
    const body = JSON.stringify({ lead: { id: "l", events: visits(6) }, asOf });
    const response = await limited({ httpMethod: "POST", headers: {}, body });
    assert.equal(response.statusCode, 400);
    assert.equal(JSON.parse(response.body).error.path, "lead.events[5]");
  } finally {
    delete process.env.LEADSCORE_LIMITS;
  }
});

test("CLI: a lead over a --max-* flag is a bad line, a model over one stops the run", () => {
  const leads = join(scratch, "leads.jsonl");
  const lines = [
    { id: "a", events: visits(2) },
    { id: "b", events: visits(3) },
    { id: "c", attributes: { note: "x".repeat(501) } },
    { id: "d", attributes: { a: [[[[[[1]]]]]] } },
  ];
  writeFileSync(leads, lines.map((lead) => JSON.stringify(lead)).join("\n") + "\n");
  const base = ["score", "-m", "examples/models/b2b-default.json", "-l", leads, "--as-of", asOf];
  const all = leadscore([...base, "-q"]);
  assert.equal(all.code, 0, all.stderr);
  assert.equal(all.stdout.trim().split("\n").length, 4);
  const limited = leadscore([
    ...base,
    "-q",
    "--max-events-per-lead",
    "2",
    "--max-string-length",
    "500",
    "--max-nesting-depth",
    "7",
  ]);
  assert.equal(limited.code, 1, limited.stderr);
  assert.deepStrictEqual(
    limited.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line).leadId),
    ["a"],
  );
  assert.match(limited.stderr, /^line 2: events\[2\]: .*eventsPerLead/m);
  assert.match(limited.stderr, /^line 3: attributes\.note: .*stringLength/m);
  assert.match(limited.stderr, /^line 4: attributes\.a\[0\]\[0\]\[0\]\[0\]\[0\]: .*nestingDepth/m);
  const model = leadscore([...base, "--max-rules", "3"]);
  assert.equal(model.code, 3, model.stderr);
  assert.match(model.stderr, /b2b-default\.json: fit\.rules\[3\]: .*rulesPerModel/);
  const bad = leadscore([...base, "--max-rules", "0"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--max-rules must be a whole number of at least 1/);
});
