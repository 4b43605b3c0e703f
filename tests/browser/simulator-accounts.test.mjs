// The simulator's accounts view in real headless Chromium (www/dist served by scripts/serve.mjs):
// it appears with the example model (which has an accounts section), scores the page's leads
// into accounts in the full-build worker, and agrees with leadscore's AccountScorer run here in
// Node on the same leads and as-of time; an account opened shows its contacts and missing roles;
// lead text stays text; a model without accounts shows no view. Screenshots go to a temporary
// folder named in the test output.
//
// Needs pkg/ and www/dist built and Chromium at /usr/bin/chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { AccountScorer, Scorer } from "leadscore/full";
import { generateLead, generatorOptions } from "leadscore/generate";
import { openSimulator } from "./support/simulator-page.mjs";
import { exampleLeads, exampleModel, EXAMPLE_AS_OF } from "../js/fixtures.mjs";

const EVIL = "<img src=x onerror=alert(1)>";

let sim;
let server;
let page;
let screens;
let problems;
const wasm = [];

before(async () => {
  sim = await openSimulator({ screens: "accounts", load: false });
  ({ server, page, screens, problems } = sim);
  page.on("response", (response) => {
    if (response.url().endsWith(".wasm")) wasm.push(new URL(response.url()).pathname);
  });
  await page.goto(server.url);
  await sim.ready();
});

after(() => sim?.close());

const text = (selector) => page.locator(selector).first().textContent();

/** Waits until the accounts view has answered for what the page shows now. */
async function accountsReady(timeout = 60_000) {
  await page.waitForFunction(
    () =>
      document.body.dataset.state === "ready" &&
      document.querySelector("#accounts").dataset.state === "ready" &&
      document.querySelector("#accounts-count") !== null,
    null,
    { timeout },
  );
}

async function shot(t, name) {
  const path = join(screens, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  t.diagnostic(`screenshot: ${path}`);
}

/** What leadscore's AccountScorer says in Node for `leads` as of `asOf` with the example model. */
function accountsInNode(leads, asOf = EXAMPLE_AS_OF) {
  const accounts = new AccountScorer(new Scorer(exampleModel));
  return accounts.scoreAccounts(leads, { asOf });
}

test("the view waits out of sight, then scores the example leads as the core does in Node", async (t) => {
  assert.equal(await page.locator("#accounts").isVisible(), true, "the example model has accounts");
  assert.deepEqual(wasm, ["/leadscore_bg.wasm"], "no accounts worker before the panel is seen");
  assert.match(await text("#accounts-summary"), /comes into view/);
  await page.locator("#accounts").scrollIntoViewIfNeeded();
  await accountsReady();
  assert.ok(
    wasm.length > 1 && wasm.every((path) => path === "/leadscore_bg.wasm"),
    `the accounts worker once the panel is seen, on the scoring worker's .wasm (one URL to cache): ${wasm}`,
  );
  const expected = accountsInNode(exampleLeads);
  assert.equal(await text("#accounts-count"), String(expected.accounts.length));
  assert.equal(
    await text("#mqa-count"),
    String(expected.accounts.filter((account) => account.mqa).length),
  );
  const rows = await page.$$eval("#accounts-table tbody tr", (trs) =>
    trs.map((tr) => tr.dataset.account),
  );
  const byTotal = [...expected.accounts].sort(
    (a, b) => b.total - a.total || (a.accountId < b.accountId ? -1 : 1),
  );
  assert.deepEqual(
    rows,
    byTotal.map((account) => account.accountId),
    "best total first",
  );
  await shot(t, "1-example-accounts");
  assert.deepEqual(problems, []);
});

test("generated leads sharing accounts: counts, one account's MQA, its contacts and missing roles", async (t) => {
  const options = { leads: 400, seed: "7", eventsPerLead: 40, contactsPerAccount: 4 };
  await page.check('input[name="lead-source"][value="generated"]');
  await page.fill("#gen-count", String(options.leads));
  await page.fill("#gen-seed", options.seed);
  await page.fill("#gen-events", String(options.eventsPerLead));
  await page.fill("#gen-contacts", String(options.contactsPerAccount));
  await page.click("#gen-run");
  await page.waitForFunction(
    () => /^400 generated leads/.test(document.querySelector("#leads-summary").textContent),
    null,
    { timeout: 60_000 },
  );
  await accountsReady();

  const generated = generatorOptions(options);
  const leads = Array.from({ length: options.leads }, (_, i) => generateLead(i, generated).lead);
  const expected = accountsInNode(leads);
  const mqas = expected.accounts.filter((account) => account.mqa);
  assert.equal(await text("#accounts-count"), String(expected.accounts.length));
  assert.equal(expected.accounts.length, 100, "400 leads, 4 contacts an account");
  assert.equal(await text("#mqa-count"), String(mqas.length));
  t.diagnostic(`${expected.accounts.length} accounts, ${mqas.length} MQAs`);
  assert.ok(mqas.length > 0, "some generated accounts qualify");

  // The best account: an MQA or not, as in Node.
  const byTotal = [...expected.accounts].sort(
    (a, b) => b.total - a.total || (a.accountId < b.accountId ? -1 : 1),
  );
  const best = byTotal[0];
  const row = page.locator(`#accounts-table tr[data-account="${best.accountId}"]`);
  assert.match(await row.locator("td.mqa").textContent(), best.mqa ? /^yes/ : /^no/);
  assert.equal(await row.locator("td").first().textContent(), String(best.total));

  // An account on the first page with a missing role, opened.
  const missing = byTotal.slice(0, 50).find((account) => account.roles.missing.length > 0);
  await page.click(`#accounts-table tr[data-account="${missing.accountId}"] button.link`);
  await page.waitForSelector("#account-detail", { state: "visible" });
  assert.equal(await text("#account-detail-heading"), `Account ${missing.accountId}`);
  // For a screen reader: the focus on Close, described by the account's standing; the detail
  // itself is not a live region (rescoring after edits would read it all out again).
  await page.waitForFunction(() => document.activeElement?.id === "account-close");
  const described = await page.evaluate(() => {
    const close = document.activeElement;
    return document.getElementById(close.getAttribute("aria-describedby"))?.textContent ?? "";
  });
  assert.match(described, /^Total \d+ \(fit /);
  assert.equal(await page.getAttribute("#account-detail-body", "aria-live"), null);
  const contacts = await page.$$eval("#account-contacts tbody tr", (trs) =>
    trs.map((tr) => tr.dataset.lead),
  );
  assert.deepEqual(
    contacts,
    missing.contacts.map((contact) => contact.leadId),
  );
  const missingRoles = await page.$$eval("#account-roles li.missing", (items) =>
    items.map((item) => item.dataset.role),
  );
  assert.deepEqual(
    missingRoles,
    missing.roles.missing.map((role) => role.roleId),
  );
  assert.match(
    await text("#account-roles li.missing"),
    new RegExp(missing.roles.missing[0].play.slice(0, 20)),
  );
  assert.match(await text("#account-standing"), missing.mqa ? /an MQA/ : /not an MQA/);
  await page.locator("#account-detail").scrollIntoViewIfNeeded();
  await shot(t, "2-account-opened");

  // Sorting by a column: the MQAs first.
  await page.click('#accounts-table button[data-sort="mqa"]');
  const sortedMqa = await page.$$eval("#accounts-table tbody td.mqa", (cells) =>
    cells.map((cell) => cell.textContent.startsWith("yes")),
  );
  assert.deepEqual(
    sortedMqa.slice(0, mqas.length + 1),
    [...mqas.map(() => true), false],
    "sorted by MQA, the MQAs come first",
  );
  assert.deepEqual(problems, []);
});

test("the view follows the as-of time", async () => {
  const asOf = "2026-09-01T00:00:00Z";
  await page.fill("#as-of", asOf);
  await page.waitForFunction(
    (at) => document.querySelector("#accounts-summary").textContent.includes(`as of ${at}`),
    asOf,
    { timeout: 60_000 },
  );
  await accountsReady();
  const options = generatorOptions({
    leads: 400,
    seed: "7",
    eventsPerLead: 40,
    contactsPerAccount: 4,
  });
  const leads = Array.from({ length: 400 }, (_, i) => generateLead(i, options).lead);
  const expected = accountsInNode(leads, asOf);
  assert.equal(
    await text("#mqa-count"),
    String(expected.accounts.filter((account) => account.mqa).length),
  );
  await page.fill("#as-of", EXAMPLE_AS_OF);
  assert.deepEqual(problems, []);
});

test("lead text is text, and a model without accounts shows no view", async () => {
  const csv = `id,name,email,title,accountId\n1,"${EVIL}",a@acme.example,VP Sales,"${EVIL}"\n2,Bob,bob@acme.example,Engineer,"${EVIL}"\n`;
  await page.check('input[name="lead-source"][value="csv"]');
  await page.setInputFiles("#csv-file", {
    name: "evil.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(csv),
  });
  await page.waitForFunction(
    () => /evil\.csv/.test(document.querySelector("#leads-summary").textContent),
    null,
    { timeout: 60_000 },
  );
  await accountsReady();
  assert.equal(await text("#accounts-count"), "1");
  await page.click("#accounts-table tbody button.link");
  await page.waitForFunction(
    (evil) => document.querySelector("#account-detail-heading")?.textContent === `Account ${evil}`,
    EVIL,
  );
  const names = await page.$$eval("#account-contacts tbody th", (cells) =>
    cells.map((cell) => cell.firstChild.textContent),
  );
  assert.ok(names.includes(EVIL), `the name as text: ${JSON.stringify(names)}`);
  assert.equal(await page.locator("#accounts img").count(), 0, "no markup from the leads");

  const model = JSON.parse(await page.inputValue("#model-json"));
  delete model.accounts;
  await page.fill("#model-json", JSON.stringify(model, null, 2));
  await page.waitForFunction(() => document.querySelector("#accounts").hidden);
  assert.equal(await page.locator("#accounts").isVisible(), false);
  assert.deepEqual(problems, []);
});
