// The serverless examples, invoked in-process: an AWS Lambda-style handler and a Web fetch
// handler, each with good and bad requests. A bad request is a 4xx naming the bad value's path
// in the request body, never a crash, and the handler keeps serving afterwards.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Scorer } from "leadscore";
import { repo, exampleModel, exampleLeads, EXAMPLE_AS_OF, hollowedState } from "./fixtures.mjs";

// The Lambda example reads its model from LEADSCORE_MODEL once, at cold start: point it at a
// copy that the test changes later, to show that warm invocations keep the compiled model.
const scratch = mkdtempSync(join(tmpdir(), "leadscore-serverless-"));
const modelFile = join(scratch, "model.json");
writeFileSync(modelFile, JSON.stringify(exampleModel));
process.env.LEADSCORE_MODEL = modelFile;
const { handler } = await import(join(repo, "examples/serverless/lambda.mjs"));
const { default: worker } = await import(join(repo, "examples/serverless/fetch.mjs"));
test.after(() => rmSync(scratch, { recursive: true, force: true }));

const expected = new Scorer(exampleModel);
const maria = exampleLeads[0];

/** An API Gateway (REST, payload v1) event. */
const restEvent = (
  body,
  { method = "POST", contentType = "application/json", base64 = false } = {},
) => ({
  httpMethod: method,
  headers: contentType ? { "Content-Type": contentType } : {},
  body: base64 ? Buffer.from(body).toString("base64") : body,
  isBase64Encoded: base64,
});

/** An API Gateway HTTP API (payload v2) or function URL event. */
const httpApiEvent = (body, method = "POST") => ({
  version: "2.0",
  requestContext: { http: { method } },
  headers: { "content-type": "application/json" },
  body,
  isBase64Encoded: false,
});

async function invokeLambda(event) {
  const response = await handler(event);
  assert.equal(typeof response.body, "string");
  assert.match(response.headers["content-type"], /^application\/json/);
  return {
    status: response.statusCode,
    headers: response.headers,
    body: JSON.parse(response.body),
  };
}

async function invokeFetch(
  body,
  { method = "POST", contentType = "application/json", headers = {} } = {},
) {
  const init = {
    method,
    headers: { ...(contentType ? { "content-type": contentType } : {}), ...headers },
  };
  if (body !== undefined) init.body = body;
  const response = await worker.fetch(new Request("https://scoring.example/score", init));
  assert.ok(response instanceof Response);
  assert.match(response.headers.get("content-type"), /^application\/json/);
  return { status: response.status, headers: response.headers, body: await response.json() };
}

const both = [
  ["lambda", (body, options) => invokeLambda(restEvent(body, options))],
  ["fetch", (body, options) => invokeFetch(body, options)],
];

for (const [name, invoke] of both) {
  test(`${name}: scores a lead and answers with the result`, async () => {
    const response = await invoke(JSON.stringify({ lead: maria, asOf: EXAMPLE_AS_OF }));
    assert.equal(response.status, 200);
    assert.deepStrictEqual(response.body, {
      result: expected.score(maria, { asOf: EXAMPLE_AS_OF }),
    });
    assert.equal(response.body.result.total, 95);
    assert.equal(response.body.result.mql, true);
  });

  test(`${name}: scores a lead id with its events (and attributes)`, async () => {
    const request = {
      leadId: maria.id,
      attributes: maria.attributes,
      events: maria.events,
      asOf: EXAMPLE_AS_OF,
    };
    const response = await invoke(JSON.stringify(request));
    assert.equal(response.status, 200);
    assert.deepStrictEqual(response.body.result, expected.score(maria, { asOf: EXAMPLE_AS_OF }));

    const eventsOnly = await invoke(
      JSON.stringify({ leadId: 42, events: maria.events, asOf: EXAMPLE_AS_OF }),
    );
    assert.equal(eventsOnly.status, 200);
    assert.equal(eventsOnly.body.result.leadId, "42");
    assert.equal(eventsOnly.body.result.fit, 0);
    assert.equal(eventsOnly.body.result.intent, 60);
  });

  test(`${name}: incremental requests fold new events into a stored state`, async () => {
    const first = await invoke(
      JSON.stringify({
        state: null,
        leadId: maria.id,
        attributes: maria.attributes,
        events: maria.events.slice(0, 6),
        asOf: "2026-11-17T00:00:00Z",
      }),
    );
    assert.equal(first.status, 200);
    assert.equal(typeof first.body.state, "string");
    const second = await invoke(
      JSON.stringify({
        state: first.body.state,
        events: maria.events.slice(6),
        asOf: EXAMPLE_AS_OF,
      }),
    );
    assert.equal(second.status, 200);
    assert.deepStrictEqual(second.body.result, expected.score(maria, { asOf: EXAMPLE_AS_OF }));
    const badState = await invoke(JSON.stringify({ state: "not base64!", events: [] }));
    assert.deepStrictEqual([badState.status, badState.body.error.path], [400, "state"]);
    const foreign = await invoke(JSON.stringify({ state: btoa("LS\u0001junk"), events: [] }));
    assert.deepStrictEqual([foreign.status, foreign.body.error.path], [400, "state"]);
    // A state of this model that does not fit it is refused, and the instance keeps serving.
    const hollow = hollowedState(Buffer.from(first.body.state, "base64"));
    const tampered = await invoke(
      JSON.stringify({
        state: Buffer.from(hollow).toString("base64"),
        events: maria.events.slice(6),
        asOf: EXAMPLE_AS_OF,
      }),
    );
    assert.deepStrictEqual([tampered.status, tampered.body.error.path], [400, "state"]);
    assert.match(tampered.body.error.message, /does not fit this model/);
    const noLead = await invoke(JSON.stringify({ state: null, events: [] }));
    assert.deepStrictEqual([noLead.status, noLead.body.error.path], [400, "leadId"]);
    const badEvent = await invoke(
      JSON.stringify({ state: first.body.state, events: [{ type: "visit", at: "later" }] }),
    );
    assert.deepStrictEqual([badEvent.status, badEvent.body.error.path], [400, "events[0].at"]);
    const stale = await invoke(
      JSON.stringify({ state: second.body.state, events: [], asOf: "2026-01-01T00:00:00Z" }),
    );
    assert.deepStrictEqual([stale.status, stale.body.error.path], [400, "asOf"]);
  });

  test(`${name}: with a lifecycle record, an MQL comes back routed with its handoff`, async () => {
    const dev = exampleLeads[1]; // a demo request: an instant MQL
    const response = await invoke(
      JSON.stringify({ lead: dev, asOf: EXAMPLE_AS_OF, lifecycle: { record: null } }),
    );
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.deepStrictEqual(response.body.result, expected.score(dev, { asOf: EXAMPLE_AS_OF }));
    const { record, effects } = response.body.lifecycle;
    assert.equal(record.stage, "mql");
    assert.equal(typeof record.owner, "string");
    const notify = effects.find((e) => e.type === "notifyOwner");
    assert.equal(notify.handoff.warmth.kind, "handRaiser");
    assert.ok(effects.some((e) => e.type === "createTask"));
    // The record goes back in with the next request: scoring again changes nothing.
    const again = await invoke(
      JSON.stringify({
        lead: dev,
        asOf: EXAMPLE_AS_OF,
        lifecycle: { record, routing: response.body.lifecycle.routing },
      }),
    );
    assert.equal(again.status, 200);
    assert.equal(again.body.lifecycle.record.stage, "mql");
    // Someone else's record is a conflict, not a crash.
    const mismatch = await invoke(
      JSON.stringify({ lead: maria, asOf: EXAMPLE_AS_OF, lifecycle: { record } }),
    );
    assert.equal(mismatch.status, 409);
    assert.equal(mismatch.body.error.name, "TransitionError");
    const badRecord = await invoke(
      JSON.stringify({ lead: dev, lifecycle: { record: { stage: "mql" } } }),
    );
    assert.equal(badRecord.status, 400);
    assert.match(badRecord.body.error.path, /^lifecycle/);
    const badShape = await invoke(JSON.stringify({ lead: dev, lifecycle: { rec: null } }));
    assert.deepStrictEqual([badShape.status, badShape.body.error.path], [400, "lifecycle.rec"]);
  });

  test(`${name}: without asOf, scores as of now`, async () => {
    const before = Date.now();
    const response = await invoke(JSON.stringify({ lead: { id: "now" } }));
    assert.equal(response.status, 200);
    const asOf = Date.parse(response.body.result.asOf);
    assert.ok(asOf >= before - 1 && asOf <= Date.now() + 1, response.body.result.asOf);
  });

  const badRequests = [
    ["a body that is not JSON", "{ lead: ", 400, "InputError", "", /not JSON/],
    ["a body that is not an object", "[1, 2]", 400, "InputError", "", /JSON object/],
    [
      "neither a lead nor a lead id",
      JSON.stringify({ asOf: EXAMPLE_AS_OF }),
      400,
      "InputError",
      "",
      /expected `state` or `lead` or `leadId`/,
    ],
    [
      "an unknown field",
      JSON.stringify({ lead: maria, score: true }),
      400,
      "InputError",
      "score",
      /unknown field `score`/,
    ],
    [
      "a lead that is not an object",
      JSON.stringify({ lead: "lead-001" }),
      400,
      "InputError",
      "lead",
      /lead object/,
    ],
    [
      "a lead without an id",
      JSON.stringify({ lead: { attributes: {} } }),
      400,
      "InputError",
      "lead",
      /id/,
    ],
    [
      "an unknown key in the lead",
      JSON.stringify({ lead: { id: "x", attribute: {} } }),
      400,
      "InputError",
      "lead.attribute",
      /unknown field `attribute`/,
    ],
    [
      "an event time that is not a time",
      JSON.stringify({ lead: { id: "x", events: [{ type: "visit", at: "last tuesday" }] } }),
      400,
      "InputError",
      "lead.events[0].at",
      /RFC 3339/,
    ],
    [
      "an event without a type",
      JSON.stringify({ leadId: "x", events: [{ at: "2026-11-19T10:00:00Z" }] }),
      400,
      "InputError",
      "events[0]",
      /type/,
    ],
    [
      "events that are not a list",
      JSON.stringify({ leadId: "x", events: { type: "visit" } }),
      400,
      "InputError",
      "events",
      /list/,
    ],
    [
      "a lead id that is not an id",
      JSON.stringify({ leadId: { x: 1 }, events: [] }),
      400,
      "InputError",
      "leadId",
      /./,
    ],
    [
      "a bad asOf",
      JSON.stringify({ lead: { id: "x" }, asOf: "tomorrow-ish" }),
      400,
      "InputError",
      "asOf",
      /RFC 3339/,
    ],
  ];
  for (const [what, body, status, errorName, path, message] of badRequests) {
    test(`${name}: ${what} is a ${status} with the path ${JSON.stringify(path)}`, async () => {
      const response = await invoke(body);
      assert.equal(response.status, status);
      assert.deepStrictEqual(Object.keys(response.body), ["error"]);
      assert.equal(response.body.error.name, errorName);
      assert.equal(response.body.error.path, path);
      assert.match(response.body.error.message, message);
      // The handler still works after every kind of bad request.
      const good = await invoke(JSON.stringify({ lead: maria, asOf: EXAMPLE_AS_OF }));
      assert.equal(good.status, 200);
      assert.equal(good.body.result.total, 95);
    });
  }

  test(`${name}: only POST with a JSON body`, async () => {
    const get = await invoke(undefined, { method: "GET", contentType: null });
    assert.equal(get.status, 405);
    assert.equal(get.body.error.name, "MethodNotAllowed");
    const text = await invoke("lead=lead-001", {
      contentType: "application/x-www-form-urlencoded",
    });
    assert.equal(text.status, 415);
    assert.equal(text.body.error.name, "UnsupportedMediaType");
    const vendorJson = await invoke(JSON.stringify({ lead: maria, asOf: EXAMPLE_AS_OF }), {
      contentType: "application/vnd.api+json; charset=utf-8",
    });
    assert.equal(vendorJson.status, 200);
    // No content type (a Request with a string body says text/plain): read as JSON.
    const noType = await invoke(JSON.stringify({ lead: maria, asOf: EXAMPLE_AS_OF }), {
      contentType: null,
    });
    assert.equal(noType.status, 200);
    const plain = await invoke(JSON.stringify({ lead: maria, asOf: EXAMPLE_AS_OF }), {
      contentType: "text/plain;charset=UTF-8",
    });
    assert.equal(plain.status, 200);
    assert.equal((await invoke("<lead/>", { contentType: "application/xml" })).status, 415);
  });
}

test("lambda: a GET answers 405 with an Allow header", async () => {
  const response = await invokeLambda(restEvent(undefined, { method: "GET" }));
  assert.equal(response.status, 405);
  assert.equal(response.headers.allow, "POST");
});

test("lambda: HTTP API (payload v2) events and base64 bodies", async () => {
  const body = JSON.stringify({ lead: maria, asOf: EXAMPLE_AS_OF });
  const v2 = await invokeLambda(httpApiEvent(body));
  assert.equal(v2.status, 200);
  assert.equal(v2.body.result.total, 95);
  assert.equal((await invokeLambda(httpApiEvent(body, "PUT"))).status, 405);
  const encoded = await invokeLambda(restEvent(body, { base64: true }));
  assert.equal(encoded.status, 200);
  assert.equal(encoded.body.result.total, 95);
});

test("lambda: an empty or odd event is a 400, not a crash", async () => {
  for (const event of [undefined, null, {}, { body: null }, { body: "" }]) {
    const response = await invokeLambda(event);
    assert.equal(response.status, 400, JSON.stringify(event));
    assert.equal(response.body.error.name, "InputError");
  }
});

test("fetch: a body larger than the limit is refused unread", async () => {
  const response = await invokeFetch("{}", {
    headers: { "content-length": String(64 * 1024 * 1024) },
  });
  assert.equal(response.status, 413);
  assert.equal(response.body.error.name, "PayloadTooLarge");
  const big = JSON.stringify({
    lead: { id: "x", attributes: { notes: "x".repeat(7 * 1024 * 1024) } },
  });
  assert.equal((await invokeFetch(big)).status, 413);
});

test("lambda: the model is compiled once per cold start and reused while warm", async () => {
  const request = restEvent(JSON.stringify({ lead: maria, asOf: EXAMPLE_AS_OF }));
  const first = await invokeLambda(request);
  // Change the model file under the warm instance: a handler that re-read its model per
  // invocation would now score Maria at the new threshold.
  const changed = structuredClone(exampleModel);
  changed.mql.threshold = 99;
  changed.fit.rules[0].points = 1;
  writeFileSync(modelFile, JSON.stringify(changed));
  try {
    const second = await invokeLambda(request);
    assert.deepStrictEqual(second.body, first.body);
    assert.equal(second.body.result.mql, true);
    // ...while a cold start (a fresh module instance) picks up the new model.
    const cold = await import(
      `${new URL("../../examples/serverless/lambda.mjs", import.meta.url)}?cold-start=2`
    );
    const coldResponse = JSON.parse((await cold.handler(request)).body);
    assert.equal(coldResponse.result.mql, false);
    assert.notEqual(coldResponse.result.fit, first.body.result.fit);
  } finally {
    writeFileSync(modelFile, readFileSync(join(repo, "examples/models/b2b-default.json"), "utf8"));
  }
});
