// `leadscore generate --contacts-per-account` and `leadscore score --accounts` of the built
// package, run as child processes: leads that share accounts, one result per account equal to
// the library's, leads in no account counted, and bad input reported with its line and path.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Scorer, AccountScorer } from "leadscore/full";
import { generateLeads } from "../../pkg-config/cli/generate.mjs";
import { exampleModel, EXAMPLE_AS_OF } from "./fixtures.mjs";
import { jsonLines, leadscore, scratchFolder } from "./support/cli.mjs";

const MODEL = "examples/models/b2b-default.json";
const { file } = scratchFolder("accounts");

test("generated contacts come in accounts: one company each, working people, the same seed the same leads", () => {
  const run = leadscore([
    "generate",
    "--leads",
    "40",
    "--seed",
    "accounts",
    "--contacts-per-account",
    "4",
  ]);
  assert.equal(run.code, 0, run.stderr);
  const leads = jsonLines(run.stdout);
  const library = [...generateLeads({ leads: 40, seed: "accounts", contactsPerAccount: 4 })];
  assert.deepStrictEqual(
    leads,
    library.map((generated) => generated.lead),
  );
  for (let k = 0; k < 10; k++) {
    const contacts = leads.slice(4 * k, 4 * k + 4).map((lead) => lead.attributes);
    const expectedId = `gen-account-${String(k + 1).padStart(6, "0")}`;
    for (const key of ["accountId", "company", "companySize", "industry", "country"])
      assert.equal(new Set(contacts.map((a) => a[key])).size, 1, `account ${k}: one ${key}`);
    assert.equal(contacts[0].accountId, expectedId);
    assert.ok(
      contacts.every((a) => !/student/i.test(a.title ?? "")),
      "no students",
    );
  }
  // Without the option the leads have no accounts, as before.
  const plain = [...generateLeads({ leads: 40, seed: "accounts" })].map((g) => g.lead);
  assert.ok(plain.every((lead) => lead.attributes.accountId === undefined));
  assert.notDeepStrictEqual(plain, leads);
  const bad = leadscore(["generate", "--leads", "4", "--contacts-per-account", "0"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--contacts-per-account must be a whole number of at least 1/);
});

test("score --accounts writes one line per account, as the library scores it", () => {
  const generated = [...generateLeads({ leads: 60, seed: "accounts", contactsPerAccount: 5 })];
  const leads = generated.map((g) => g.lead);
  const input = leads.map((lead) => JSON.stringify(lead)).join("\n") + "\n";
  const run = leadscore(["score", "--model", MODEL, "--accounts", "--as-of", EXAMPLE_AS_OF], {
    input,
  });
  assert.equal(run.code, 0, run.stderr);
  const lines = jsonLines(run.stdout);
  assert.equal(lines.length, 12);
  const accounts = new AccountScorer(new Scorer(exampleModel));
  for (let k = 0; k < 12; k++) {
    const { contributions, ...expected } = accounts.scoreAccount(leads.slice(5 * k, 5 * k + 5), {
      asOf: EXAMPLE_AS_OF,
    });
    assert.equal(
      contributions.reduce((sum, c) => sum + c.points, 0),
      expected.total,
    );
    assert.deepStrictEqual(lines[k], expected);
  }
  const mqas = lines.filter((line) => line.mqa).length;
  assert.ok(lines.some((line) => line.total > 0));
  assert.match(
    run.stderr,
    new RegExp(
      `^scored 12 accounts \\(${mqas} MQAs?\\) from 60 leads, 0 leads in no account, skipped 0 in`,
    ),
  );
  // --explain keeps the contributions, which add up.
  const explained = jsonLines(
    leadscore(["score", "-m", MODEL, "--accounts", "--explain", "--as-of", EXAMPLE_AS_OF, "-q"], {
      input,
    }).stdout,
  );
  for (const account of explained)
    assert.equal(
      account.contributions.reduce((sum, c) => sum + c.points, 0),
      account.total,
    );
});

test("score --accounts: leads in no account are counted, bad lines reported, ungrouped input refused", () => {
  const lead = (id, email, extra = {}) =>
    JSON.stringify({ id, attributes: { email, title: "VP Sales", ...extra }, events: [] });
  const leads = file(
    "mixed.jsonl",
    [
      lead("1", "a@acme.example"),
      lead("2", "b@acme.example"),
      lead("3", "me@gmail.com"),
      lead("4", "c@acme.example", { accountId: ["X-1", "X-2"] }),
      `{"id": "5", "attributes": {"email": "d@globex.example"}, "events": [{"type": "visit"}]}`,
      lead("6", "e@globex.example"),
    ].join("\n"),
  );
  const run = leadscore([
    "score",
    "-m",
    MODEL,
    "-l",
    leads,
    "--accounts",
    "--as-of",
    EXAMPLE_AS_OF,
  ]);
  assert.equal(run.code, 1, run.stderr);
  assert.deepStrictEqual(
    jsonLines(run.stdout).map((account) => [account.accountId, account.contacts.length]),
    [
      ["acme.example", 2],
      ["globex.example", 1],
    ],
  );
  assert.match(run.stderr, /^line 4: attributes\.accountId: .*lists 2: "X-1", "X-2"/m);
  assert.match(run.stderr, /^line 5: events\[0\]/m);
  assert.match(run.stderr, /1 leads in no account \(1 freeMail\), skipped 2/);

  const ungrouped = file(
    "ungrouped.jsonl",
    [lead("1", "a@acme.example"), lead("2", "b@globex.example"), lead("3", "c@acme.example")].join(
      "\n",
    ),
  );
  const refused = leadscore(["score", "-m", MODEL, "-l", ungrouped, "--accounts"]);
  assert.equal(refused.code, 3);
  assert.match(refused.stderr, /line 3: account acme\.example again after other accounts/);

  const plainModel = structuredClone(exampleModel);
  delete plainModel.accounts;
  const noAccounts = leadscore([
    "score",
    "-m",
    file("plain.json", JSON.stringify(plainModel)),
    "-l",
    leads,
    "--accounts",
  ]);
  assert.equal(noAccounts.code, 3);
  assert.match(noAccounts.stderr, /has no accounts section/);
  const csv = leadscore(["score", "-m", MODEL, "-l", leads, "--accounts", "--format", "csv"]);
  assert.equal(csv.code, 2);
  assert.match(csv.stderr, /--accounts writes JSON Lines/);
});

test("score --accounts reads a CRM export sorted by account, with its events file", () => {
  const leads = file(
    "by-account.csv",
    [
      "lead,email,title,companySize,industry,country",
      "n1,maria@northwind.example,VP of Marketing,850,Software,US",
      "n2,jun@northwind.example,Data Engineer,850,Software,US",
      "n3,kim@northwind.example,Head of Analytics,850,Software,US",
      "s1,sam@gmail.com,Student,,Education,US",
      "g1,gil@globex.example,CFO,1500,Software,US",
    ].join("\n"),
  );
  const events = file(
    "events.csv",
    [
      "lead,type,at,path",
      "n1,page_view,2026-11-18T10:00:00Z,/pricing",
      "n1,webinar_attended,2026-11-18T16:00:00Z,",
      "n2,content_download,2026-11-19T10:00:00Z,",
      "n2,page_view,2026-11-19T10:05:00Z,/pricing",
      "n3,demo_request,2026-11-20T09:00:00Z,",
      "x9,visit,2026-11-20T09:00:00Z,",
    ].join("\n"),
  );
  const run = leadscore([
    "score",
    "-m",
    MODEL,
    "-l",
    leads,
    "--id-column",
    "lead",
    "--events",
    events,
    "--accounts",
    "--as-of",
    EXAMPLE_AS_OF,
  ]);
  assert.equal(run.code, 0, run.stderr);
  // The same account as the library makes of the same leads given as JSON.
  const lead = (id, email, title, companySize, leadEvents) => ({
    id,
    attributes: { email, title, companySize, industry: "Software", country: "US" },
    events: leadEvents,
  });
  const northwind = [
    lead("n1", "maria@northwind.example", "VP of Marketing", "850", [
      { type: "page_view", at: "2026-11-18T10:00:00Z", props: { path: "/pricing" } },
      { type: "webinar_attended", at: "2026-11-18T16:00:00Z" },
    ]),
    lead("n2", "jun@northwind.example", "Data Engineer", "850", [
      { type: "content_download", at: "2026-11-19T10:00:00Z" },
      { type: "page_view", at: "2026-11-19T10:05:00Z", props: { path: "/pricing" } },
    ]),
    lead("n3", "kim@northwind.example", "Head of Analytics", "850", [
      { type: "demo_request", at: "2026-11-20T09:00:00Z" },
    ]),
  ];
  const expected = new AccountScorer(new Scorer(exampleModel)).scoreAccount(northwind, {
    asOf: EXAMPLE_AS_OF,
  });
  const [first, second] = jsonLines(run.stdout);
  for (const key of [
    "accountId",
    "fit",
    "intent",
    "total",
    "mqa",
    "crossedAt",
    "crossedBy",
    "roles",
  ])
    assert.deepStrictEqual(first[key], expected[key], key);
  assert.equal(first.mqa, true);
  assert.equal(second.accountId, "globex.example");
  assert.match(run.stderr, /has events for 1 lead id that is not in the leads/);
  assert.match(
    run.stderr,
    /scored 2 accounts \(1 MQA\) from 4 leads, 1 leads in no account \(1 freeMail\)/,
  );
});
