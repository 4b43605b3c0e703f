// The visitor scorer on the demo site (www/dist/demo, built by `node www/demo/build.mjs`) in
// real headless Chromium, served by www/demo/serve.mjs with its strict Content-Security-Policy
// and its beacon endpoint: pages visited in an order worked out by hand, with the MQL event
// firing at the right page and only once; a reload keeping the history; consent gating; Global
// Privacy Control and Do Not Track; corrupt, foreign, unavailable and full storage; the
// visitor's result against the server's for the same events; a form answer shown as text.
// Screenshots go to a temporary folder named in the test output.
//
// Needs pkg/ and www/dist/demo built and Chromium at /usr/bin/chromium (scripts/test.sh does all).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { Scorer } from "leadscore";
import { fetchHandler } from "../../examples/serverless/fetch.mjs";
import { createScoringService } from "../../examples/serverless/scoring-service.mjs";
import { CONTENT_SECURITY_POLICY, serveDemo } from "../../www/demo/serve.mjs";
import { CHROMIUM, CHROMIUM_ARGS } from "../../scripts/chromium.mjs";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const KEY = "leadscore:v1";
const screens = mkdtempSync(join(tmpdir(), "leadscore-visitor-screens-"));

let browser;
let server;
const beacons = [];

before(async () => {
  assert.ok(
    existsSync(join(repo, "www/dist/demo/index.html")),
    "www/dist/demo is built (node www/demo/build.mjs)",
  );
  assert.ok(
    existsSync(CHROMIUM),
    `Chromium at ${CHROMIUM} (scripts/setup.sh --browser installs it)`,
  );
  server = await serveDemo({ port: 0, onScore: (beacon) => beacons.push(beacon) });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  console.log(`screenshots: ${screens}`);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * A fresh browser profile on the demo site: every `leadscore:score` and `leadscore:mql` event
 * (with the page's path and total), page errors, console errors, CSP violations and dialogs are
 * collected. `init` runs in each page before its scripts (to fake a privacy signal or storage).
 */
async function visitorSession(init) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
  });
  const log = { score: [], mql: [], problems: [], dialogs: [] };
  await context.exposeBinding("recordLeadscoreEvent", (_, kind, path, total) =>
    log[kind].push({ path, total }),
  );
  await context.addInitScript(() => {
    document.addEventListener("leadscore:score", (event) =>
      window.recordLeadscoreEvent("score", location.pathname, event.detail.result.total),
    );
    document.addEventListener("leadscore:mql", (event) =>
      window.recordLeadscoreEvent("mql", location.pathname, event.detail.result.total),
    );
    document.addEventListener("securitypolicyviolation", (event) =>
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  page.on("pageerror", (error) => log.problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") log.problems.push(`console error: ${message.text()}`);
  });
  page.on("dialog", (dialog) => {
    log.dialogs.push(dialog.message());
    dialog.dismiss();
  });
  /** Opens a page of the demo and resolves to the visitor's result once this page is scored. */
  const visit = async (path) => {
    await page.goto(new URL(path, server.url).href);
    return settled();
  };
  const settled = () => page.evaluate(() => window.leadscoreVisitor.ready());
  const stored = () => page.evaluate((key) => window.localStorage.getItem(key), KEY);
  return { context, page, log, visit, settled, stored };
}

// The walk, worked out by hand from www/demo/model.json (no decay within minutes; the total's
// floor is 0): home 0 (a visit and a page view, no rule); customers index 0; the Acme story
// +10 = 10; careers -15 (a penalty: intent -5, total floored) = 0; pricing +20 = 15; the Globex
// story +10 = 25 (interested); the Acme case study downloaded +15 = 40; the Initech story +10 =
// 50, the threshold: an MQL, here and only here; pricing again (limit 1) stays 50.
const WALK = [
  ["index.html", 0],
  ["customers.html", 0],
  ["customers/story-acme-logistics.html", 10],
  ["careers.html", 0],
  ["pricing.html", 15],
  ["customers/story-globex-retail.html", 25],
];

test("the MQL event fires at the page worked out by hand, once; a reload keeps the history", async () => {
  const { context, page, log, visit, settled, stored } = await visitorSession();
  try {
    const totals = [];
    for (const [path, expected] of WALK) {
      const result = await visit(path);
      if (path === "index.html") {
        assert.equal(await stored(), null, "nothing is stored before consent");
        await page.click("#consent-accept");
        assert.notEqual(await stored(), null, "consent stores the history");
      }
      totals.push([path, result.total]);
      assert.equal(result.total, expected, `${path}: ${JSON.stringify(totals)}`);
    }
    await visit("customers.html");
    await page.click("a[href='downloads/acme-logistics-case-study.pdf']");
    await page.waitForFunction(() => window.leadscoreVisitor.getScore().total === 40);
    assert.deepStrictEqual(log.mql, [], "no MQL before the threshold");

    const crossing = await visit("customers/story-initech-health.html");
    assert.equal(crossing.total, 50);
    assert.equal(crossing.mql, true);
    assert.equal(crossing.band, "sales-ready");
    assert.deepStrictEqual(log.mql, [{ path: "/customers/story-initech-health.html", total: 50 }]);
    await page.locator("#sales-prompt").waitFor({ state: "visible" });
    await page.click("#score-panel summary");
    await page.screenshot({ path: join(screens, "mql-prompt.png") });

    const after = await visit("pricing.html");
    assert.equal(after.total, 50, "pricing counts once");
    const events = await page.evaluate(() => window.leadscoreVisitor.events().length);
    await page.reload();
    const reloaded = await settled();
    assert.equal(reloaded.total, 50);
    assert.equal(
      reloaded.crossedAt,
      crossing.crossedAt,
      "the history, and so the crossing, survive the reload",
    );
    assert.equal(
      await page.evaluate(() => window.leadscoreVisitor.events().length),
      events + 1,
      "the reload adds its page view to the history",
    );
    assert.equal(JSON.parse(await stored()).format, 1);
    assert.deepStrictEqual(
      log.mql,
      [{ path: "/customers/story-initech-health.html", total: 50 }],
      "the MQL event fired once",
    );
    assert.ok(
      await page.locator("#sales-prompt").isHidden(),
      "the prompt does not come back on later pages",
    );
    assert.deepStrictEqual(log.problems, []);
  } finally {
    await context.close();
  }
});

test("the visitor's result is the server's for the same events (the beacon re-scored by the fetch handler)", async () => {
  const { context, page, visit } = await visitorSession();
  try {
    await visit("index.html");
    await page.click("#consent-accept");
    await visit("pricing.html");
    const result = await visit("customers/story-globex-retail.html");
    const visitorId = result.leadId;
    const mine = () => beacons.filter((beacon) => JSON.parse(beacon.request).leadId === visitorId);
    await waitFor(() =>
      mine().some((beacon) => JSON.parse(beacon.request).asOf === Date.parse(result.asOf)),
    );
    const beacon = mine().find((b) => JSON.parse(b.request).asOf === Date.parse(result.asOf));
    assert.equal(beacon.status, 200);
    assert.deepStrictEqual(beacon.response.result, result, "the demo server's answer");

    // The same payload, posted in-process to a fetch handler of its own.
    const model = readFileSync(join(repo, "www/demo/model.json"), "utf8");
    const handler = fetchHandler(createScoringService(new Scorer(model)));
    const response = await handler.fetch(
      new Request("http://localhost/score", {
        method: "POST",
        headers: { "content-type": "text/plain;charset=UTF-8" },
        body: beacon.request,
      }),
    );
    assert.equal(response.status, 200);
    assert.deepStrictEqual((await response.json()).result, result);
    const sent = JSON.parse(beacon.request);
    assert.deepStrictEqual(Object.keys(sent).sort(), ["asOf", "attributes", "events", "leadId"]);
    assert.ok(sent.events.every((event) => ["visit", "page_view"].includes(event.type)));
    assert.ok(
      sent.events
        .filter((e) => e.type === "page_view")
        .every((event) => Object.keys(event.props).join() === "path"),
      "only the property rules read is kept",
    );
  } finally {
    await context.close();
  }
});

test("consent: nothing is stored or sent until the visitor allows it", async () => {
  const { context, page, log, visit, stored } = await visitorSession();
  try {
    await visit("index.html");
    assert.ok(await page.locator("#consent").isVisible(), "the banner asks");
    const first = await visit("pricing.html");
    assert.equal(first.total, 20, "the page's own events are scored");
    assert.equal(await stored(), null);
    assert.equal(await page.evaluate(() => window.localStorage.length), 0);
    assert.equal(
      beacons.filter((b) => JSON.parse(b.request).leadId === first.leadId).length,
      0,
      "nothing sent",
    );
    const again = await visit("customers/story-acme-logistics.html");
    assert.equal(again.total, 10, "without consent the pricing page was not remembered");
    assert.deepStrictEqual(await page.evaluate(() => window.leadscoreVisitor.status()), {
      recording: true,
      stored: false,
      reason: "awaitingConsent",
      visitorId: again.leadId,
    });

    await page.click("#consent-decline");
    await visit("careers.html");
    assert.ok(await page.locator("#consent").isHidden(), "no thanks is remembered for the session");
    assert.equal(await stored(), null);

    await page.click("#score-panel summary");
    await page.click("#score-forget");
    await page.click("#consent-accept");
    // Forgotten, then allowed on the careers page: a new visit there, then pricing (-15 + 20).
    const allowed = await visit("pricing.html");
    assert.equal(allowed.total, 5);
    const kept = JSON.parse(await stored());
    // (No rule reads a visit's properties, so none are kept.)
    assert.deepStrictEqual(
      kept.events.map((e) => `${e.type} ${e.props?.path ?? "-"}`),
      ["visit -", "page_view /careers.html", "page_view /pricing.html"],
    );
    assert.equal(kept.consent, true);
    assert.equal(kept.visitor, allowed.leadId);
    assert.deepStrictEqual(log.problems, []);
  } finally {
    await context.close();
  }
});

test("Global Privacy Control and Do Not Track turn the scorer off", async () => {
  for (const [signal, init] of [
    [
      "globalPrivacyControl",
      () => Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true }),
    ],
    [
      "doNotTrack",
      () => Object.defineProperty(Navigator.prototype, "doNotTrack", { get: () => "1" }),
    ],
  ]) {
    const { context, page, log, visit, stored } = await visitorSession(init);
    try {
      assert.equal(await visit("pricing.html"), null, `${signal}: no result`);
      assert.deepStrictEqual(await page.evaluate(() => window.leadscoreVisitor.status()), {
        recording: false,
        stored: false,
        reason: signal,
        visitorId: null,
      });
      assert.ok(
        await page.locator("#consent").isHidden(),
        "no consent banner: there is nothing to ask",
      );
      await page.evaluate(() => window.leadscoreVisitor.consent());
      await visit("customers/story-acme-logistics.html");
      assert.equal(await stored(), null, "consent does not override the signal");
      assert.deepStrictEqual(log.score, []);
      assert.match(await page.locator("#score-status").textContent(), /Off/);
      assert.deepStrictEqual(log.problems, []);
    } finally {
      await context.close();
    }
  }
});

test("a corrupt or foreign stored value is replaced, another key is left alone", async () => {
  const { context, page, visit, stored } = await visitorSession();
  try {
    await visit("index.html");
    await page.click("#consent-accept");
    const before = JSON.parse(await stored());
    for (const bad of [
      "{not json",
      JSON.stringify({
        format: 1,
        visitor: "x",
        consent: true,
        attributes: {},
        events: "nope",
        lastSeen: null,
        mqlNotified: null,
      }),
      JSON.stringify({ format: 2 }),
      "[]",
    ]) {
      await page.evaluate(
        ([key, value]) => {
          window.localStorage.setItem(key, value);
          window.localStorage.setItem("another-app", "{kept");
        },
        [KEY, bad],
      );
      const result = await visit("pricing.html");
      assert.equal(result.total, 20, `after ${bad}: a fresh history (this page's events only)`);
      // With requireConsent, a replaced value also drops the consent: the visitor is asked again.
      assert.equal(await stored(), null, `after ${bad}: nothing stored until consent again`);
      await page.click("#consent-accept");
      const replaced = JSON.parse(await stored());
      assert.notEqual(replaced.visitor, before.visitor);
      assert.equal(await page.evaluate(() => window.localStorage.getItem("another-app")), "{kept");
    }
  } finally {
    await context.close();
  }
});

test("unavailable or full storage falls back to memory, without an exception", async () => {
  for (const [reason, init] of [
    [
      "storageUnavailable",
      () =>
        Object.defineProperty(window, "localStorage", {
          get: () => {
            throw new DOMException("The operation is insecure.", "SecurityError");
          },
        }),
    ],
    [
      "storageFull",
      () => {
        Storage.prototype.setItem = () => {
          throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
        };
      },
    ],
  ]) {
    const { context, page, log, visit } = await visitorSession(init);
    try {
      await page.goto(new URL("pricing.html", server.url).href);
      await page.evaluate(() => window.leadscoreVisitor.ready());
      await page.click("#consent-accept");
      const status = await page.evaluate(() => window.leadscoreVisitor.status());
      assert.deepStrictEqual(
        [status.recording, status.stored, status.reason],
        [true, false, reason],
      );
      await page.evaluate(() =>
        window.leadscoreVisitor.track("form_submit", { formId: "demo-request" }),
      );
      const result = await page.evaluate(() => window.leadscoreVisitor.getScore());
      assert.deepStrictEqual([result.total, result.mql, result.mqlReason], [70, true, "instant"]);
      assert.deepStrictEqual(
        log.mql.map((m) => m.total),
        [70],
      );
      assert.deepStrictEqual(log.problems, [], reason);
      await visit("customers.html");
      assert.equal(
        (await page.evaluate(() => window.leadscoreVisitor.getScore())).total,
        0,
        "memory lasts one page",
      );
    } finally {
      await context.close();
    }
  }
});

test("the demo works under its Content-Security-Policy, and a form answer is shown as text", async () => {
  const { context, page, log, visit } = await visitorSession();
  try {
    const response = await page.goto(new URL("contact.html", server.url).href);
    assert.equal(response.headers()["content-security-policy"], CONTENT_SECURITY_POLICY);
    await page.evaluate(() => window.leadscoreVisitor.ready());
    await page.click("#consent-accept");
    const hostile = "<img src=x onerror=alert(1)>";
    await page.fill("input[name=name]", "Ada Example");
    await page.fill("input[name=email]", "ada@example.com");
    await page.fill("input[name=company]", "Example Ltd");
    await page.fill("input[name=role]", hostile);
    await page.selectOption("select[name=companySize]", "200-999");
    await page.click("#demo-request button[type=submit]");
    await page.locator("#demo-request-done").waitFor({ state: "visible" });
    const result = await page.evaluate(() => window.leadscoreVisitor.getScore());
    assert.deepStrictEqual([result.mql, result.mqlReason], [true, "instant"]);
    const form = (await page.evaluate(() => window.leadscoreVisitor.events())).find(
      (e) => e.type === "form_submit",
    );
    assert.deepStrictEqual(
      form.props,
      { formId: "demo-request", role: hostile },
      "only what the model reads; never the name, email or message",
    );
    await page.click("#score-panel summary");
    assert.ok((await page.locator("#score-history").textContent()).includes(`role: ${hostile}`));
    assert.equal(await page.locator("#score-panel img").count(), 0);
    await page.screenshot({ path: join(screens, "contact-hostile-role.png") });
    assert.deepStrictEqual(log.dialogs, []);
    for (const path of ["index.html", "pricing.html", "customers.html", "careers.html"])
      await visit(path);
    assert.deepStrictEqual(log.problems, [], "no CSP violation, page error or console error");
  } finally {
    await context.close();
  }
});

async function waitFor(condition, timeout = 10_000) {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeout) throw new Error("timed out");
    await new Promise((done) => setTimeout(done, 25));
  }
}

test("the README's snippet, on a page of its own, shows the prompt when the visitor crosses", async () => {
  const readme = readFileSync(join(repo, "README.md"), "utf8");
  const snippet = /<!-- browser test: visitor-snippet\.html -->\n```html\n([\s\S]*?)```/.exec(
    readme,
  )?.[1];
  assert.ok(snippet, "the README has the visitor snippet");
  const site = mkdtempSync(join(tmpdir(), "leadscore-readme-site-"));
  mkdirSync(join(site, "js"));
  for (const file of ["leadscore-visitor.min.js", "leadscore-visitor.wasm"])
    copyFileSync(join(repo, "pkg/visitor", file), join(site, "js", file));
  writeFileSync(
    join(site, "compiled-model.json"),
    execFileSync(process.execPath, [
      join(repo, "pkg/bin/leadscore.mjs"),
      "compile",
      join(repo, "www/demo/model.json"),
    ]),
  );
  writeFileSync(
    join(site, "index.html"),
    `<!doctype html><html><head><meta charset="utf-8"><title>A site</title>\n${snippet}</head><body><p id="talk-to-sales" hidden>Talk to sales</p></body></html>`,
  );
  // The snippet's listener is an inline script: served without the demo's strict policy.
  const own = await serveDemo({ port: 0, root: site, contentSecurityPolicy: null });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const logged = [];
    page.on("console", (message) => logged.push(message.text()));
    await page.goto(own.url);
    await page.evaluate(() => window.leadscoreVisitor.ready());
    assert.ok(await page.locator("#talk-to-sales").isHidden());
    // The demo model: pricing 20, then two case studies of 15 each: 50, the threshold.
    await page.evaluate(() => {
      window.leadscoreVisitor.track("page_view", { path: "/pricing" });
      window.leadscoreVisitor.track("content_download", { contentType: "case_study" });
      window.leadscoreVisitor.track("content_download", { contentType: "case_study" });
    });
    await page.locator("#talk-to-sales").waitFor({ state: "visible" });
    assert.deepStrictEqual(
      logged.filter((text) => text.startsWith("an MQL")),
      ["an MQL: 50 threshold"],
    );
  } finally {
    await context.close();
    await own.close();
    rmSync(site, { recursive: true, force: true });
  }
});
