// The serverless handlers' accounts: a request carrying the lead's account (its other contacts'
// stored results) gets the account rolled up again with the lead's new result, equal to scoring
// the account from all its leads; bad account input is a 400 at its path in the request.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { Scorer, AccountScorer } from "leadscore/full";
import { createScoringService } from "../../examples/serverless/scoring-service.mjs";
import { repo, exampleModel, goldenFolder } from "./fixtures.mjs";

const { handler } = await import(join(repo, "examples/serverless/lambda.mjs"));
const golden = goldenFolder("tests/golden-accounts").find((c) => c.name.startsWith("example-01"));
const leads = golden.leads.filter((lead) => lead.attributes.accountId === "ACME-NW-001");
const asOf = golden.asOf;
const scorer = new Scorer(exampleModel);
const accounts = new AccountScorer(scorer);
const service = createScoringService(scorer, null, accounts);

const post = (body) =>
  service.handle({ method: "POST", contentType: "application/json", body: JSON.stringify(body) });

test("a lead's new events rescore its account, as scoring the account from all its leads", () => {
  // What the caller stored: the other contacts' results, and the lead's own before its demo request.
  const [joiner, ...others] = [leads[2], leads[0], leads[1]];
  const before = { ...joiner, events: [] };
  const stored = [...others, before].map((lead) => ({
    attributes: lead.attributes,
    score: scorer.score(lead, { asOf }),
  }));
  const response = post({ lead: joiner, asOf, account: { contacts: stored } });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  const whole = accounts.scoreAccount(leads, { asOf });
  const { crossedAt, crossedBy, ...rolled } = response.body.account;
  const { crossedAt: wholeCrossedAt, crossedBy: wholeCrossedBy, ...expected } = whole;
  assert.deepStrictEqual(rolled, expected);
  assert.equal(response.body.account.mqa, true);
  // Results alone do not say when it crossed: without a stored crossedAt, it crossed now.
  assert.equal(crossedAt, "2026-11-20T17:00:00.000Z");
  // With the stored crossedAt, it is kept.
  const again = post({
    lead: joiner,
    asOf,
    account: { contacts: stored, crossedAt: wholeCrossedAt },
  });
  assert.equal(again.body.account.crossedAt, wholeCrossedAt);
});

test("through the Lambda handler, with the example model's accounts", async () => {
  const response = await handler({
    requestContext: { http: { method: "POST" } },
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      leadId: "n2",
      events: leads[1].events,
      attributes: leads[1].attributes,
      asOf,
      account: { contacts: [] },
    }),
  });
  assert.equal(response.statusCode, 200, response.body);
  const { account } = JSON.parse(response.body);
  assert.equal(account.accountId, "ACME-NW-001");
  assert.deepStrictEqual(
    account.contacts.map((c) => c.leadId),
    ["n2"],
  );
});

test("bad account input is a 400 naming where in the request", () => {
  const lead = leads[0];
  let response = post({ lead, asOf, account: { contacts: "none" } });
  assert.equal(response.status, 400);
  assert.equal(response.body.error.path, "account.contacts");
  response = post({ lead, asOf, account: { contacts: [], crosedAt: asOf } });
  assert.equal(response.body.error.path, "account.crosedAt");
  response = post({
    lead,
    asOf,
    account: { contacts: [{ attributes: {}, score: { fit: "high" } }] },
  });
  assert.equal(response.status, 400);
  assert.match(response.body.error.path, /^account\.contacts\[0\]\.score/);
  response = post({ lead, asOf, account: { contacts: [], crossedAt: "yesterday" } });
  assert.equal(response.body.error.path, "account.crossedAt");
  const scoringOnly = createScoringService(scorer).handle({
    method: "POST",
    body: JSON.stringify({ lead, account: { contacts: [] } }),
  });
  assert.equal(scoringOnly.status, 400);
  assert.equal(scoringOnly.body.error.path, "account");
});
