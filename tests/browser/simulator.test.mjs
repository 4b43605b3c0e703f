// The what-if simulator (www/dist, built by `node www/build.mjs`) in real headless Chromium,
// served on 127.0.0.1 by scripts/serve.mjs: the example leads' MQL count, a lower threshold and
// the changed leads it explains, a broken model's path-precise problems and the recovery, the
// generator's leads with outcomes, the real CRM export with its calibration, export of the model,
// labels on every control, nothing fetched from elsewhere and no console errors. Screenshots go
// to a temporary folder named in the test output.
//
// Needs pkg/ and www/dist built and Chromium at /usr/bin/chromium (scripts/test.sh does all).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Papa from "papaparse";
import { Scorer } from "leadscore";
import { Calibration } from "leadscore/full";
import { generateLeads, generatorOptions } from "leadscore/generate";
import { serve } from "../../scripts/serve.mjs";
import { guessIdColumn, rowsToLeads } from "../../www/src/csv-leads.js";
import { openSimulator } from "./support/simulator-page.mjs";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const CSV =
  process.env.LEADSCORE_XEDU_CSV ?? join(repo, "..", "shared", "data", "x-education-leads.csv");
const DEMO_AS_OF = "2026-11-20T17:00:00Z";

let sim;
let server;
let context;
let page;
let screens;
let problems;
const foreign = [];
const wasmTypes = [];

before(async () => {
  sim = await openSimulator({
    screens: "simulator",
    load: false,
    contextOptions: { acceptDownloads: true },
  });
  ({ server, context, page, screens, problems } = sim);
  await context.grantPermissions(["clipboard-read", "clipboard-write"], {
    origin: server.url.replace(/\/$/, ""),
  });
  page.on("request", (request) => {
    if (!/^(data|blob):/.test(request.url()) && !request.url().startsWith(server.url))
      foreign.push(request.url());
  });
  page.on("response", (response) => {
    if (response.url().endsWith(".wasm")) wasmTypes.push(response.headers()["content-type"]);
  });
  await page.goto(server.url);
  await sim.ready(30_000);
});

after(() => sim?.close());

const text = (selector) => page.locator(selector).first().textContent();
/**
 * Waits until the calibration panel shows the figures of the scores on screen (it is drawn after
 * them, from a worker of its own: until then it may still show the previous scores' figures).
 */
async function calibrated(timeout = 30_000) {
  await page.waitForFunction(
    () => {
      const panel = document.querySelector("#calibration-body");
      return (
        document.body.dataset.state === "ready" &&
        panel !== null &&
        !panel.hasAttribute("aria-busy") &&
        panel.dataset.scoresVersion === document.body.dataset.scoresVersion
      );
    },
    null,
    { timeout },
  );
}

/** Waits until `selector`'s text is `expected` (or matches it) and the page is idle. */
async function until(selector, expected, timeout = 30_000) {
  await page.waitForFunction(
    ([selector, source, flags]) => {
      const element = document.querySelector(selector);
      if (!element || document.body.dataset.state !== "ready") return false;
      return new RegExp(source, flags).test(element.textContent);
    },
    [
      selector,
      expected instanceof RegExp
        ? expected.source
        : `^${expected.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`,
      expected instanceof RegExp ? expected.flags : "",
    ],
    { timeout },
  );
}
/** Runs `action` and waits for the page to draw its outcome (the next render, idle). */
async function settled(action, timeout = 30_000) {
  const renders = await page.evaluate(() => Number(document.body.dataset.renders ?? 0));
  await action();
  await page.waitForFunction(
    (n) => Number(document.body.dataset.renders) > n && document.body.dataset.state === "ready",
    renders,
    { timeout },
  );
}
async function shot(name) {
  const path = join(screens, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}
function noProblems() {
  assert.deepStrictEqual(problems, [], "no console errors or warnings, no page errors");
  assert.deepStrictEqual(foreign, [], "nothing fetched from anywhere but the local server");
}

test("the page scores the example leads in the browser: 3 MQLs of 8 at the demo time", async (t) => {
  assert.equal(await page.inputValue("#as-of"), DEMO_AS_OF);
  assert.equal(await text("#mql-before"), "3");
  assert.equal(await text("#mql-after"), "3");
  assert.equal(await text("#changed-count"), "0");
  assert.match(await text("#leads-summary"), /^8 example leads · 44 events · no outcomes$/);
  assert.match(await text("#status"), /^Scored 8 leads as of 2026-11-20T17:00:00Z in \d+ ms\.$/);
  assert.deepStrictEqual(
    wasmTypes,
    ["application/wasm"],
    "the engine's .wasm came once, as application/wasm",
  );
  // The band table: cold 1, warm 2, hot 1, sales-ready 4 (the README's example table).
  const bands = await page.$$eval("#band-table tbody tr", (rows) =>
    rows.map((row) => [...row.cells].map((cell) => cell.textContent)),
  );
  assert.deepStrictEqual(bands, [
    ["cold", "1", "1", "±0"],
    ["warm", "2", "2", "±0"],
    ["hot", "1", "1", "±0"],
    ["sales-ready", "4", "4", "±0"],
  ]);
  assert.equal(await page.locator("#band-chart canvas").count(), 1, "the band chart is drawn");
  assert.equal(
    await page.locator("#calibration-empty").isVisible(),
    true,
    "no outcomes: calibration explains what it needs",
  );
  t.diagnostic(`screenshot: ${await shot("1-loaded")}`);
  noProblems();
});

test("every control has a label, and the keyboard reaches the threshold", async () => {
  const unlabeled = await page.$$eval("input, select, textarea", (elements) =>
    elements
      .filter(
        (element) =>
          element.type !== "hidden" &&
          element.labels.length === 0 &&
          !element.getAttribute("aria-label"),
      )
      .map((element) => element.outerHTML.slice(0, 120)),
  );
  assert.deepStrictEqual(unlabeled, []);
  await page.focus("#model-example");
  for (
    let i = 0;
    i < 8 && !(await page.evaluate(() => document.activeElement?.dataset.path === "mql.threshold"));
    i++
  )
    await page.keyboard.press("Tab");
  assert.equal(
    await page.evaluate(() => document.activeElement?.dataset.path),
    "mql.threshold",
    "Tab reaches the threshold from the model's toolbar",
  );
});

test("a lower threshold updates the MQL count and lists the lead that changed, with why", async (t) => {
  await page.fill('[data-path="mql.threshold"]', "30");
  await until("#mql-after", "4");
  assert.equal(await text("#mql-before"), "3");
  assert.equal(await text("#changed-count"), "1");
  const items = page.locator("#changes-list > li");
  assert.equal(await items.count(), 1);
  assert.equal(await items.first().getAttribute("data-kind"), "became-mql");
  assert.match(
    await items.first().locator("summary").textContent(),
    /lead-008\s*Alex Kim\s*became an MQL\s*30 warm\s*→\s*now\s*30 warm · MQL/,
  );
  // Open it: the contributions, the crossing and the reason, before and after.
  await items.first().locator("summary").press("Enter");
  await until("#changes-list .why", /Contributions/);
  const why = await items.first().locator(".why").textContent();
  assert.match(why, /Baseline.*MQLno: below the threshold now \(was an MQL on 2026-11-15\)/s);
  assert.match(why, /Edited.*MQLyes: reached the threshold, crossed 2026-11-15/s);
  assert.match(why, /Crossed2026-11-15 08:00 UTC, on email_open f-803/);
  const rows = await items
    .first()
    .locator("table.contributions tbody tr")
    .evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((cell) => cell.textContent)));
  assert.deepStrictEqual(
    rows.map((row) => [row[1], row[2], row[3]]),
    [
      ["fit", "10", "10"],
      ["fit", "10", "10"],
      ["intent", "20", "20"],
      ["intent", "10", "10"],
      ["intent", "-20", "-20"],
    ],
  );
  t.diagnostic(`screenshot: ${await shot("2-threshold-30-explained")}`);

  // Lower still: the instant and threshold MQLs stay, blockers still hold (lead-004 is
  // disqualified, lead-007 has no email, lead-005's engagement is too old).
  await page.fill('[data-path="mql.threshold"]', "5");
  await until("#mql-after", "5");
  const kinds = await page.$$eval("#changes-list > li", (lis) =>
    lis.map((li) => `${li.querySelector(".lead-id").textContent} ${li.dataset.kind}`),
  );
  assert.deepStrictEqual(kinds, ["lead-003 became-mql", "lead-008 became-mql"]);

  // Pin it as the baseline: nothing differs any more; back to the loaded model: 3 again.
  await page.click("#pin-baseline");
  await until("#mql-before", "5");
  assert.equal(await text("#changed-count"), "0");
  await page.fill('[data-path="mql.threshold"]', "50");
  await until("#mql-after", "3");
  assert.equal(await text("#mql-before"), "5");
  await settled(() => page.selectOption("#model-example", "b2b-default"));
  assert.equal(await text("#mql-before"), "3");
  assert.equal(await text("#mql-after"), "3");
  noProblems();
});

test("a broken model shows each problem at its path, and the page works again once fixed", async (t) => {
  // In the form: an exponential decay with a half-life of 0.
  await page.selectOption('[data-path="intent.decay.kind"]', "exponential");
  await page.waitForSelector('[data-path="intent.decay.halfLifeDays"]');
  await until("#mql-after", /^\d+$/);
  await page.fill('[data-path="intent.decay.halfLifeDays"]', "0");
  await page.waitForSelector('[data-path="intent.decay.halfLifeDays"][aria-invalid="true"]');
  const fieldError = page.locator(
    '.field:has([data-path="intent.decay.halfLifeDays"]) .field-error',
  );
  assert.equal(
    await fieldError.textContent(),
    "intent.decay.halfLifeDays must be more than 0 days, not 0",
  );
  assert.equal(await page.locator("#model-problems").isVisible(), true);
  assert.match(
    await text("#model-problems"),
    /One problem in the model\..*intent\.decay\.halfLifeDays must be more than 0 days, not 0/s,
  );
  assert.equal(
    await page.locator("#stale").isVisible(),
    true,
    "the results say they are from the last valid model",
  );
  assert.match(await text("#mql-after"), /^\d+$/, "the last valid results stay on screen");
  await page
    .locator('[data-path="intent.decay.halfLifeDays"]')
    .evaluate((input) => input.scrollIntoView({ block: "center" }));
  t.diagnostic(`screenshot: ${await shot("3-decay-problem")}`);
  await page.fill('[data-path="intent.decay.halfLifeDays"]', "14");
  await page.waitForSelector("#model-problems", { state: "hidden" });
  await until("#status", /^Scored 8 leads/);
  assert.equal(await page.locator(".field-error:visible").count(), 0);
  await page.selectOption('[data-path="intent.decay.kind"]', "step");
  await until("#mql-after", "3");

  // In the raw JSON: the threshold as text. The problem shows at the threshold field.
  const original = await page.inputValue("#model-json");
  await page.fill("#model-json", original.replace('"threshold": 50', '"threshold": "fifty"'));
  await page.waitForSelector('[data-path="mql.threshold"][aria-invalid="true"]');
  assert.equal(
    await page.locator('.field:has([data-path="mql.threshold"]) .field-error').textContent(),
    "mql.threshold must be a number, not a string",
  );
  await page.click('#model-problems button:text("Show in JSON")');
  const selected = await page.$eval("#model-json", (area) =>
    area.value.slice(area.selectionStart, area.selectionEnd),
  );
  assert.equal(selected, '"threshold": "fifty"', "the raw editor selects the offending value");
  // Text that is not JSON at all: the place is named and the form is locked.
  await page.fill("#model-json", original.replace('"threshold": 50,', '"threshold": 50'));
  await until("#model-problems", /The raw JSON does not parse: .* at line \d+, column \d+\./);
  assert.equal(
    await page.$eval("#model-fieldset", (fieldset) => fieldset.disabled),
    true,
    "the form is locked",
  );
  // JSON that is not a model at all: the problem is the whole model's.
  await page.fill("#model-json", "[]");
  await until(
    "#model-problems",
    /One problem in the model\..*\(the model\) must be an object, not an array/s,
  );
  assert.equal(
    await page.$eval("#model-fieldset", (fieldset) => fieldset.disabled),
    true,
    "no form for a model that is not an object",
  );
  // Fixed: everything is back.
  await page.fill("#model-json", original);
  await page.waitForSelector("#model-problems", { state: "hidden" });
  await until("#mql-after", "3");
  assert.equal(await page.$eval("#model-fieldset", (fieldset) => fieldset.disabled), false);
  assert.equal(await page.inputValue('[data-path="mql.threshold"]'), "50");
  assert.equal(await page.locator("[aria-invalid]").count(), 0);
  noProblems();
});

test("an as-of time that is not a time is shown at its field, and the page recovers", async () => {
  await page.fill("#as-of", "last tuesday");
  await page.waitForSelector("#as-of-error:not([hidden])");
  assert.match(await text("#as-of-error"), /^asOf: .*last tuesday/);
  assert.equal(await page.getAttribute("#as-of", "aria-invalid"), "");
  assert.equal(await page.locator("#stale").isVisible(), true);
  // 100 days on, every lead has been silent past the 90-day recency and the last decay step:
  // no MQLs, and the hand-raiser's demo request is too old to count.
  await page.fill("#as-of", "2027-03-01T00:00:00Z");
  await page.waitForSelector("#as-of-error", { state: "hidden" });
  await until("#status", /^Scored 8 leads as of 2027-03-01T00:00:00Z/);
  assert.equal(await text("#mql-after"), "0");
  await page.click("#as-of-demo");
  await until("#mql-after", "3");
  assert.equal(await page.inputValue("#as-of"), DEMO_AS_OF);
  noProblems();
});

test("the edited model downloads and copies as JSON", async () => {
  await settled(() => page.fill('[data-path="fit.rules[0].points"]', "25"));
  assert.equal(await text("#model-json-status"), "Valid model.");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.click("#model-download"),
  ]);
  assert.equal(download.suggestedFilename(), "b2b-default.json");
  const saved = JSON.parse(readFileSync(await download.path(), "utf8"));
  assert.equal(saved.fit.rules[0].points, 25);
  assert.deepStrictEqual(saved, JSON.parse(await page.inputValue("#model-json")));
  await page.click("#model-copy");
  await until("#status", /^(Copied|The browser)/);
  assert.equal(await text("#status"), "Copied the model's JSON to the clipboard.");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.deepStrictEqual(JSON.parse(copied), saved);
  await settled(() => page.selectOption("#model-example", "b2b-default"));
  assert.equal(await text("#mql-after"), "3");
  noProblems();
});

test("generated leads carry outcomes: calibration, and a suggested threshold applied in one click", async () => {
  await page.check('input[name="lead-source"][value="generated"]');
  await until(
    "#leads-summary",
    /^1,000 generated leads \(seed "1"\) · [\d,]+ events · [\d,]+ converted$/,
  );
  assert.equal(await page.inputValue("#as-of"), DEMO_AS_OF);
  await page.waitForSelector("#calibration-body", { state: "visible" });
  // The core works the calibration out in a worker of its own, then the tables fill.
  await calibrated();
  await until("#calibration-by-band tfoot", /1,000/);
  const total = await page.$$eval("#calibration-by-band tfoot td", (cells) =>
    cells.map((cell) => cell.textContent),
  );
  assert.equal(total[0], "1,000");
  assert.match(total[3], /^\d+\.\d%–\d+\.\d%$/, "the rate's 95% interval");
  assert.match(await text("#calibration-split"), /^AUC 0\.\d{3} \(95% interval /);
  assert.match(await text("#suggest-healthy"), /MQL-to-SQL/);
  const suggestion = await text("#suggest-f1");
  const threshold = Number(/threshold (\d+)/.exec(suggestion)[1]);
  await page.click("#apply-f1");
  await until("#suggest-f1", /Applied/);
  assert.equal(await page.inputValue('[data-path="mql.threshold"]'), String(threshold));
  assert.notEqual(await text("#mql-after"), await text("#mql-before"));
  noProblems();
});

test("a fitted model loads beside the baseline, and the page compares the two", async () => {
  // The model `leadscore calibrate --write-model` would write for the page's generated leads.
  const options = generatorOptions({ leads: 1000, seed: "1" });
  const leads = [];
  const outcomes = [];
  for (const { lead, outcome } of generateLeads(options)) {
    leads.push(lead);
    outcomes.push(outcome.converted);
  }
  const example = readFileSync(join(repo, "examples/models/b2b-default.json"), "utf8");
  const calibration = new Calibration(example);
  calibration.add(leads, outcomes, { asOf: DEMO_AS_OF });
  const fitted = calibration.run({ seed: 1 }).fitted.model;
  const file = join(screens, "fitted.json");
  writeFileSync(file, JSON.stringify(fitted, null, 2));
  const mqls = (model) =>
    new Scorer(model)
      .scoreBatch(leads, { asOf: DEMO_AS_OF })
      .filter((result) => result.mql)
      .length.toLocaleString("en-US");

  await settled(() => page.selectOption("#model-example", "b2b-default"));
  await until("#mql-after", mqls(example));
  await page.setInputFiles("#fitted-model-file", file);
  await until("#mql-after", mqls(fitted));
  assert.equal(await text("#mql-before"), mqls(example), "the baseline stays the model as loaded");
  assert.match(await text("#model-name"), /\(fitted\)edited$/);
  assert.equal(await page.inputValue('[data-path="mql.threshold"]'), String(fitted.mql.threshold));
  noProblems();
});

test(
  "the real CRM export imports, scores with the X Education model and calibrates",
  { skip: existsSync(CSV) ? false : `the CRM export is not at ${CSV}` },
  async (t) => {
    // What the page should find, worked out in Node with the same model and CSV reading.
    const model = readFileSync(join(repo, "examples/models/x-education.json"), "utf8");
    const [headers, ...rows] = Papa.parse(readFileSync(CSV, "utf8"), {
      skipEmptyLines: "greedy",
    }).data;
    const { leads, outcomes } = rowsToLeads(headers, rows, {
      idColumn: guessIdColumn(headers),
      outcomeColumn: "Converted",
    });
    const results = new Scorer(model).scoreBatch(JSON.stringify(leads), { asOf: DEMO_AS_OF });
    const expectedMqls = results.filter((result) => result.mql).length;
    const converted = outcomes.filter(Boolean).length;
    assert.equal(leads.length, 9237);

    await page.check('input[name="lead-source"][value="csv"]');
    await page.setInputFiles("#csv-file", CSV);
    await until(
      "#leads-summary",
      /^9,237 leads from x-education-leads\.csv · no events · 3,559 converted$/,
    );
    assert.equal(await page.inputValue("#csv-id"), "Prospect ID");
    assert.equal(await page.inputValue("#csv-outcome"), "Converted");
    // The B2B model reads none of these columns: the page says so and offers the right model.
    assert.match(await text("#model-mismatch"), /reads none of these leads' attributes/);
    await page.click("#use-suggested-model");
    await until("#mql-after", expectedMqls.toLocaleString("en-US"));
    await calibrated();
    await until("#calibration-by-band tfoot", /9,237/);
    const totalRow = await page.$$eval("#calibration-by-band tfoot tr > *", (cells) =>
      cells.map((cell) => cell.textContent),
    );
    assert.deepStrictEqual(totalRow, [
      "All",
      "9,237",
      converted.toLocaleString("en-US"),
      "38.5%",
      "37.5%–39.5%",
    ]);
    const allBandRows = await page.$$eval("#calibration-by-band tbody tr", (trs) =>
      trs.map((tr) => [...tr.cells].map((cell) => cell.textContent)),
    );
    // Leads that can never be MQLs (the export's disqualifier) are counted apart.
    const blockedRow = allBandRows.find((row) => row[0] === "never MQL (blocked)");
    const blocked = blockedRow ? Number(blockedRow[1].replace(/,/g, "")) : 0;
    const bandRows = allBandRows.filter((row) => row !== blockedRow);
    assert.deepStrictEqual(
      bandRows.map((row) => row[0]),
      ["cold", "warm", "hot", "sales-ready"],
    );
    const bandRates = bandRows.map((row) => Number(row[3].replace("%", "")));
    assert.ok(
      bandRates.every((rate, i) => i === 0 || rate > bandRates[i - 1]),
      `conversion rises band by band: ${bandRates.join(", ")}`,
    );
    const rangeLeads = await page.$$eval("#calibration-by-range tbody tr", (trs) =>
      trs.map((tr) => Number(tr.cells[1].textContent.replace(/,/g, ""))),
    );
    assert.equal(
      rangeLeads.reduce((a, b) => a + b, 0) + blocked,
      9237,
      "the score ranges and the blocked leads hold every lead once",
    );
    assert.ok(rangeLeads.length >= 8, "the scores spread over the scale");
    await page.locator("#calibration").scrollIntoViewIfNeeded();
    t.diagnostic(`screenshot: ${await shot("4-x-education-calibration")}`);

    // An 80% target: the line belongs where every range from it up converts at 80% or better.
    await page.fill("#target-rate", "80");
    await until("#suggest-target", /Target 80%: threshold \d+\./);
    const suggested = Number(/threshold (\d+)/.exec(await text("#suggest-target"))[1]);
    const expectedAt = results.filter(
      (result) => result.total >= suggested && !result.disqualified,
    ).length;
    await page.click("#apply-target");
    await until("#mql-after", expectedAt.toLocaleString("en-US"));
    await calibrated();
    assert.match(await text("#calibration-by-range tr.at-line th"), new RegExp(`^${suggested}–`));

    // Without the outcome column there is nothing to calibrate against; the scores stay.
    await settled(() => page.selectOption("#csv-outcome", ""));
    assert.equal(await page.locator("#calibration-empty").isVisible(), true);
    assert.match(
      await text("#leads-summary"),
      /^9,237 leads from x-education-leads\.csv · no events · no outcomes$/,
    );
    assert.equal(await text("#mql-after"), expectedAt.toLocaleString("en-US"));
    noProblems();
  },
);

test("without its engine the page says so instead of failing blank", async () => {
  // A copy of the built page without the .wasm, as a broken deployment would serve it.
  const broken = mkdtempSync(join(tmpdir(), "leadscore-simulator-broken-"));
  cpSync(join(repo, "www/dist"), broken, { recursive: true });
  rmSync(join(broken, "leadscore_bg.wasm"));
  const brokenServer = await serve({ root: broken, port: 0 });
  const other = await context.newPage();
  try {
    await other.goto(brokenServer.url);
    await other.waitForFunction(() => document.body.dataset.state === "error", null, {
      timeout: 30_000,
    });
    assert.match(
      await other.locator("#status").textContent(),
      /^Something went wrong: the scoring engine did not load/,
    );
    assert.match(
      await other.locator("#fatal").textContent(),
      /^The simulator cannot score: .*leadscore_bg\.wasm/,
    );
    assert.equal(await other.locator("#fatal").isVisible(), true);
  } finally {
    await other.close();
    await brokenServer.close();
    rmSync(broken, { recursive: true, force: true });
  }
});
