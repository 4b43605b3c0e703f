// The visitor scorer's logic without a browser (tests/browser/visitor.test.mjs runs it in
// Chromium on the demo site): its options, the stored history's checks and bounds, privacy
// signals, and the scorer itself on a fake page with its real engine (the small engine's glue,
// instantiated from the .wasm's bytes) and the demo's model, compiled ahead.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Scorer } from "leadscore/full";
import { createVisitor } from "../../pkg/visitor/visitor.js";
import { pageViewProps } from "../../pkg/visitor/collect.js";
import { readOptions } from "../../pkg/visitor/options.js";
import {
  boundEvents,
  HistoryStore,
  parseHistory,
  storageKey,
  wellFormedJson,
} from "../../pkg/visitor/history.js";
import { privacySignal } from "../../pkg/visitor/privacy.js";
import { compileModel, loadEngine } from "../../pkg/visitor/engine.js";
import { compiledModel } from "../../pkg/cli/compile-command.mjs";

const require = createRequire(import.meta.url);
const DOCUMENT = readFileSync(new URL("../../www/demo/model.json", import.meta.url), "utf8");
const MODEL = compiledModel(new Scorer(DOCUMENT));
const WASM = readFileSync(require.resolve("leadscore/visitor/leadscore-visitor.wasm"));
const DAY = 86_400_000;

/** A Storage on a Map; `full: true` makes every write fail as a full storage does. */
function memoryStorage({ full = false } = {}) {
  const items = new Map();
  return {
    get length() {
      return items.size;
    },
    getItem: (key) => items.get(key) ?? null,
    setItem(key, value) {
      if (full) throw new Error("QuotaExceededError");
      items.set(key, String(value));
    },
    removeItem: (key) => items.delete(key),
    items,
  };
}

/** A page as the visitor scorer sees it: document, location, navigator, events. */
function fakePage({ path = "/", navigator = {} } = {}) {
  const page = new EventTarget();
  page.document = Object.assign(new EventTarget(), {
    title: "A page",
    referrer: "https://search.example/?q=secret",
  });
  page.location = { pathname: path };
  page.navigator = navigator;
  page.CustomEvent = CustomEvent;
  const seen = { score: [], mql: [] };
  page.document.addEventListener("leadscore:score", (event) =>
    seen.score.push(event.detail.result.total),
  );
  page.document.addEventListener("leadscore:mql", (event) =>
    seen.mql.push(event.detail.result.total),
  );
  return { page, seen };
}

function start(options, page) {
  return createVisitor(
    { model: MODEL, honorDoNotTrack: true, ...options },
    { compile: compileModel, defaultWasmUrl: WASM, environment: page },
  );
}

test("options: a misspelt or unknown option is named, with the likely one", () => {
  assert.throws(
    () => readOptions({ model: MODEL, requireConsnet: true }),
    /unknown option `requireConsnet` \(did you mean `requireConsent`\?\)/,
  );
  assert.throws(
    () => readOptions({ model: MODEL, forms: { field: ["a"] } }),
    /unknown option `forms.field` \(did you mean `fields`\?\)/,
  );
  assert.throws(() => readOptions({}), /give the model/);
  assert.throws(
    () => readOptions({ model: MODEL, maxEvents: 0 }),
    /`maxEvents` must be a number above 0/,
  );
  const config = readOptions({ model: MODEL, forms: { fields: ["role"] } });
  assert.equal(config.forms.selector, "form");
  assert.deepStrictEqual(config.forms.fields, ["role"]);
  assert.equal(config.maxEvents, 200);
});

test("a stored value is a history only if every part of it is", () => {
  const good = {
    format: 1,
    visitor: "v-1",
    consent: true,
    attributes: {},
    events: [{ id: "e-1", type: "page_view", at: 5, props: { path: "/" } }],
    lastSeen: 5,
    mqlNotified: null,
  };
  assert.deepStrictEqual(parseHistory(JSON.stringify(good)), good);
  for (const bad of [
    "{",
    "null",
    "[]",
    JSON.stringify({ ...good, format: 2 }),
    JSON.stringify({ ...good, visitor: "" }),
    JSON.stringify({ ...good, consent: "yes" }),
    JSON.stringify({ ...good, events: {} }),
    JSON.stringify({ ...good, events: [{ id: "e", type: " ", at: 1 }] }),
    JSON.stringify({ ...good, events: [{ id: "e", type: "x", at: 1.5 }] }),
    JSON.stringify({ ...good, events: [{ id: "e", type: "x", at: 1, props: [1] }] }),
    JSON.stringify({ ...good, mqlNotified: "soon" }),
  ]) {
    assert.equal(parseHistory(bad), null, bad);
  }
});

test("the visitor's text is well formed: a lone surrogate, which the engine refuses, becomes U+FFFD", async () => {
  // JSON.stringify writes only lone surrogates as such escapes; an escaped backslash before
  // "ud800" is text, not an escape.
  const text = JSON.stringify({ "k\uDC00": ["a\uD800", "\\ud800", "\\\uDBFF", "\uD83D\uDE00"] });
  assert.deepStrictEqual(JSON.parse(wellFormedJson(text)), {
    "k\uFFFD": ["a\uFFFD", "\\ud800", "\\\uFFFD", "\uD83D\uDE00"],
  });
  // A title is cut to 200 characters, not between the two halves of a pair.
  const title = `${"t".repeat(199)}\uD83D\uDE00 and more`;
  const { title: cut } = pageViewProps({ pathname: "/" }, { title, referrer: "" });
  assert.equal(cut, "t".repeat(199));
  assert.equal(pageViewProps({ pathname: "/" }, { title: "A \uD800 page" }).title, "A \uFFFD page");
  // Tracked props and a stored history (an older version's) with lone surrogates are scored.
  const storage = memoryStorage();
  const stored = {
    format: 1,
    visitor: "v-1",
    consent: true,
    attributes: {},
    events: [
      { id: "e-1", type: "page_view", at: Date.now() - 1000, props: { path: "/pricing\uD800" } },
    ],
    lastSeen: Date.now() - 1000,
    mqlNotified: null,
  };
  storage.setItem(storageKey("leadscore"), JSON.stringify(stored));
  const errors = [];
  const { page, seen } = fakePage({ path: "/about.html" });
  const visitor = start({ storage, onError: (error) => errors.push(error) }, page);
  assert.equal((await visitor.ready).total, 20, "the stored pricing page view counts");
  visitor.track("content_download", { contentType: "case_study\uD800" });
  visitor.track("content_download", { contentType: "whitepaper" });
  assert.deepStrictEqual(errors, []);
  assert.deepStrictEqual(seen.score, [20, 35]);
  assert.equal(
    visitor.events().find((e) => e.type === "content_download").props.contentType,
    "case_study\uFFFD",
  );
  visitor.destroy();
});

test("events are bounded by number and age, one per id, in time order", () => {
  const now = 100 * DAY;
  const events = [
    { id: "a", type: "t", at: now - 91 * DAY },
    { id: "c", type: "t", at: now - 1 },
    { id: "b", type: "t", at: now - 2 },
    { id: "b", type: "t", at: now - 3 },
    { id: "d", type: "t", at: now },
  ];
  assert.deepStrictEqual(
    boundEvents(events, { maxEvents: 10, maxDays: 90 }, now).map((e) => e.id),
    ["b", "c", "d"],
  );
  assert.deepStrictEqual(
    boundEvents(events, { maxEvents: 2, maxDays: 90 }, now).map((e) => e.id),
    ["c", "d"],
  );
});

test("two tabs writing the same history keep each other's events; a full storage moves to memory", () => {
  const storage = memoryStorage();
  const one = new HistoryStore({ namespace: "site", maxEvents: 10, maxDays: 90, storage });
  const two = new HistoryStore({ namespace: "site", maxEvents: 10, maxDays: 90, storage });
  const base = {
    format: 1,
    visitor: "v-1",
    consent: true,
    attributes: {},
    lastSeen: null,
    mqlNotified: null,
  };
  one.write({ ...base, events: [{ id: "a", type: "t", at: 1 }] }, 2);
  const merged = two.write({ ...base, events: [{ id: "b", type: "t", at: 2 }] }, 3);
  assert.deepStrictEqual(
    merged.events.map((e) => e.id),
    ["a", "b"],
  );
  assert.deepStrictEqual(
    parseHistory(storage.items.get(storageKey("site"))).events.map((e) => e.id),
    ["a", "b"],
  );

  const full = new HistoryStore({
    namespace: "site",
    maxEvents: 10,
    maxDays: 90,
    storage: memoryStorage({ full: true }),
  });
  assert.deepStrictEqual(
    full.write({ ...base, events: [{ id: "c", type: "t", at: 1 }] }, 2).events.map((e) => e.id),
    ["c"],
  );
  assert.equal(full.memoryOnly, "full");
  const blocked = new HistoryStore({
    namespace: "site",
    maxEvents: 10,
    maxDays: 90,
    storage: {
      get length() {
        throw new Error("SecurityError");
      },
    },
  });
  assert.equal(blocked.memoryOnly, "unavailable");
  assert.equal(blocked.read(), null);
});

test("privacy signals, and a site that explicitly ignores them", () => {
  const on = { honorGlobalPrivacyControl: true, honorDoNotTrack: true };
  assert.equal(
    privacySignal(on, { navigator: { globalPrivacyControl: true } }),
    "globalPrivacyControl",
  );
  assert.equal(privacySignal(on, { navigator: { doNotTrack: "1" } }), "doNotTrack");
  assert.equal(privacySignal(on, { navigator: {}, doNotTrack: "1" }), "doNotTrack");
  assert.equal(privacySignal(on, { navigator: { doNotTrack: "0" } }), null);
  assert.equal(
    privacySignal(
      { honorGlobalPrivacyControl: false, honorDoNotTrack: false },
      { navigator: { globalPrivacyControl: true, doNotTrack: "1" } },
    ),
    null,
  );
});

test("the scorer keeps only what the model reads, scores as of each event, and fires the MQL event once across pages", async () => {
  const storage = memoryStorage();
  const first = fakePage({ path: "/pricing.html" });
  const visitor = start({ storage }, first.page);
  const result = await visitor.ready;
  assert.equal(result.total, 20);
  assert.deepStrictEqual(
    visitor.events().map((e) => [e.type, e.props]),
    [
      ["visit", undefined],
      ["page_view", { path: "/pricing.html" }],
    ],
    "no title or referrer: no rule reads them",
  );
  visitor.track("newsletter_signup", { email: "someone@example.com" });
  assert.equal(visitor.events().length, 2, "a type no rule reads is not kept");
  visitor.track("content_download", { contentType: "case_study", title: "Acme" });
  visitor.track("content_download", { contentType: "whitepaper" });
  assert.deepStrictEqual(first.seen.score, [20, 35, 50]);
  assert.deepStrictEqual(first.seen.mql, [50]);
  visitor.destroy();

  const second = fakePage({ path: "/customers/story-acme-logistics.html" });
  const again = start({ storage }, second.page);
  assert.equal((await again.ready).total, 60);
  assert.deepStrictEqual(second.seen.mql, [], "not again on the next page");
  assert.equal(
    again.events().filter((e) => e.type === "visit").length,
    1,
    "the same visit: no pause",
  );
  again.forget();
  assert.equal(storage.items.size, 0, "forget erases the history");
  assert.equal(again.getScore(), null);
  assert.equal(again.status().reason, "forgotten");
});

test("with requireConsent nothing is stored until consent(); a privacy signal keeps the scorer off", async () => {
  const storage = memoryStorage();
  const { page, seen } = fakePage({ path: "/pricing.html" });
  const visitor = start({ storage, requireConsent: true }, page);
  assert.equal((await visitor.ready).total, 20);
  visitor.track("content_download", { contentType: "case_study" });
  assert.equal(storage.items.size, 0);
  visitor.consent();
  assert.deepStrictEqual(
    parseHistory(storage.items.get("leadscore:v1")).events.map((e) => e.type),
    ["visit", "page_view", "content_download"],
  );
  assert.deepStrictEqual(seen.score, [20, 35]);

  const gpc = fakePage({ navigator: { globalPrivacyControl: true } });
  const off = start({ storage: memoryStorage() }, gpc.page);
  assert.equal(await off.ready, null);
  off.track("content_download", { contentType: "case_study" });
  off.consent();
  assert.deepStrictEqual(gpc.seen.score, []);
  assert.equal(off.status().reason, "globalPrivacyControl");
  const ignored = fakePage({ navigator: { globalPrivacyControl: true } });
  assert.equal(
    (
      await start({ storage: memoryStorage(), honorGlobalPrivacyControl: false }, ignored.page)
        .ready
    ).total,
    0,
  );
});

test("a model that is not compiled, or damaged, is reported, not thrown from a page's event handlers", async () => {
  const { page } = fakePage();
  const errors = [];
  const visitor = start({ model: DOCUMENT, onError: (error) => errors.push(error.message) }, page);
  await assert.rejects(
    visitor.ready,
    /the model is a model document: compile it first with `npx leadscore compile/,
  );
  const damaged = start(
    {
      model: { ...MODEL, bytes: MODEL.bytes.slice(0, 40) },
      onError: (error) => errors.push(error.name),
    },
    fakePage().page,
  );
  await assert.rejects(damaged.ready, { name: "ModelError" });
  assert.equal(errors.length, 2);
  visitor.track("page_view", { path: "/" });
  assert.equal(visitor.getScore(), null);
});

test("the engine starts loading while the model is still being fetched", async () => {
  const { page } = fakePage();
  const preloaded = [];
  let answer;
  const fetched = new Promise((resolve) => (answer = resolve));
  const realFetch = globalThis.fetch;
  globalThis.fetch = () => fetched;
  try {
    const visitor = createVisitor(
      { modelUrl: "/compiled-model.json", honorDoNotTrack: true },
      {
        compile: compileModel,
        preload: (wasmUrl) => (preloaded.push(wasmUrl), loadEngine(wasmUrl)),
        defaultWasmUrl: WASM,
        environment: page,
      },
    );
    await new Promise((done) => setTimeout(done, 0));
    assert.deepStrictEqual(preloaded, [WASM], "the .wasm is asked for before the model arrives");
    answer({ ok: true, json: async () => MODEL });
    assert.ok((await visitor.ready).total >= 0);
  } finally {
    globalThis.fetch = realFetch;
  }
});

test("the model and the .wasm are asked for before storage is first touched", async () => {
  const { page } = fakePage();
  const order = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (url) => (
    order.push(`fetch ${url}`),
    { ok: true, json: async () => MODEL }
  );
  const storage = memoryStorage();
  const watched = {
    get length() {
      order.push("storage");
      return storage.length;
    },
    getItem: (key) => (order.push("storage"), storage.getItem(key)),
    setItem: (key, value) => storage.setItem(key, value),
    removeItem: (key) => storage.removeItem(key),
  };
  try {
    const visitor = createVisitor(
      { modelUrl: "/compiled-model.json", honorDoNotTrack: true, storage: watched },
      {
        compile: compileModel,
        preload: (wasmUrl) => (order.push("preload"), loadEngine(wasmUrl)),
        defaultWasmUrl: WASM,
        environment: page,
      },
    );
    assert.ok((await visitor.ready).total >= 0);
    assert.deepStrictEqual(
      order.slice(0, 3),
      ["fetch /compiled-model.json", "preload", "storage"],
      "both downloads start first: the page's first touch of localStorage can block",
    );
  } finally {
    globalThis.fetch = realFetch;
  }
});

test("the endpoint gets one beacon per burst of events, and one at once when the page is left", async () => {
  const beacons = [];
  const navigator = {
    sendBeacon: (url, body) => (beacons.push({ url, ...JSON.parse(body) }), true),
  };
  const { page, seen } = fakePage({ path: "/pricing", navigator });
  const visitor = start({ endpoint: "/api/score", sendDelayMs: 30 }, page);
  await visitor.ready;
  assert.equal(beacons.length, 0, "nothing is sent while the scores are worked out");
  for (const path of ["/customers/a", "/customers/b", "/customers/c"])
    visitor.track("page_view", { path });
  assert.equal(beacons.length, 0, "the page's events fire without waiting for the network");
  assert.ok(seen.score.length > 0);
  await new Promise((done) => setTimeout(done, 60));
  assert.equal(beacons.length, 1, "one beacon for the burst");
  const [burst] = beacons;
  assert.equal(burst.url, "/api/score");
  assert.equal(burst.asOf, Date.parse(visitor.getScore().asOf), "as of the last score");
  assert.deepStrictEqual(
    burst.events.filter((e) => e.type === "page_view").map((e) => e.props.path),
    ["/pricing", "/customers/a", "/customers/b", "/customers/c"],
  );

  // Leaving the page sends what is unsent at once; with nothing unsent, nothing.
  visitor.track("page_view", { path: "/customers/d" });
  page.dispatchEvent(new Event("pagehide"));
  assert.equal(beacons.length, 2);
  assert.equal(beacons[1].events.length, burst.events.length + 1);
  page.dispatchEvent(new Event("pagehide"));
  await new Promise((done) => setTimeout(done, 60));
  assert.equal(beacons.length, 2, "the timer of a flushed burst sends nothing more");

  // Forgetting the visitor drops what was about to be sent.
  visitor.track("page_view", { path: "/customers/e" });
  visitor.forget();
  await new Promise((done) => setTimeout(done, 60));
  assert.equal(beacons.length, 2);
});

test("options: sendDelayMs is a number of milliseconds, 0 or more", () => {
  assert.equal(readOptions({ model: MODEL }).sendDelayMs, 1000);
  assert.equal(readOptions({ model: MODEL, sendDelayMs: 0 }).sendDelayMs, 0);
  assert.throws(
    () => readOptions({ model: MODEL, sendDelayMs: -1 }),
    /`sendDelayMs` must be a number of at least 0, not -1/,
  );
});
