// The synthetic lead generator (pkg-config/cli/generate.mjs, also `leadscore generate`):
// reproducible from its seed, valid leads, believable rates, and outcomes that really are drawn
// from the hidden model's probabilities (so calibration can be checked against them).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Scorer } from "leadscore";
import {
  generateLeads,
  generateLead,
  generatorOptions,
  GENERATOR_DEFAULTS,
} from "../../pkg-config/cli/generate.mjs";
import { repo, exampleModel } from "./fixtures.mjs";

const END = GENERATOR_DEFAULTS.end;
const DAY = 86_400_000;
const sample = [...generateLeads({ leads: 5000, seed: "generator-tests" })];
const leads = sample.map((s) => s.lead);
const outcomes = sample.map((s) => s.outcome);
const share = (predicate) => leads.filter(predicate).length / leads.length;
const hasEvent = (lead, predicate) => lead.events.some(predicate);

test("the same seed gives the same leads; lead i does not depend on how many are made", () => {
  const again = [...generateLeads({ leads: 5000, seed: "generator-tests" })];
  assert.deepStrictEqual(again, sample);
  const other = [...generateLeads({ leads: 20, seed: "another seed" })];
  assert.notDeepStrictEqual(
    other.map((s) => s.lead),
    leads.slice(0, 20),
  );
  assert.deepStrictEqual(generateLead(1234, { seed: "generator-tests" }), sample[1234]);
  assert.deepStrictEqual(
    [...generateLeads({ leads: 10, seed: "generator-tests" })],
    sample.slice(0, 10),
  );
});

test("`leadscore generate` writes the module's leads, and outcomes on request", () => {
  const cli = (args) =>
    spawnSync(process.execPath, [join(repo, "pkg/bin/leadscore.mjs"), "generate", ...args], {
      encoding: "utf8",
    });
  const run = cli(["--leads", "25", "--seed", "generator-tests"]);
  assert.equal(run.status, 0, run.stderr);
  assert.deepStrictEqual(
    run.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line)),
    leads.slice(0, 25),
  );
  const array = cli(["--leads", "25", "--seed", "generator-tests", "--format", "json"]);
  assert.deepStrictEqual(JSON.parse(array.stdout), leads.slice(0, 25));
  assert.deepStrictEqual(JSON.parse(cli(["--leads", "0", "--format", "json"]).stdout), []);
  const scratch = mkdtempSync(join(tmpdir(), "leadscore-generate-"));
  try {
    const truth = join(scratch, "outcomes.jsonl");
    const withOutcomes = cli(["--leads", "25", "--seed", "generator-tests", "--outcomes", truth]);
    assert.equal(withOutcomes.stdout, run.stdout);
    assert.deepStrictEqual(
      readFileSync(truth, "utf8")
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line)),
      outcomes.slice(0, 25),
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const shorter = cli([
    "--leads",
    "3",
    "--seed",
    "generator-tests",
    "--events-per-lead",
    "5",
    "--days",
    "30",
    "--end",
    "2026-01-31T00:00:00Z",
    "--id-prefix",
    "demo",
  ]);
  const [first] = shorter.stdout
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line));
  assert.equal(first.id, "demo-000001");
  for (const event of first.events)
    assert.ok(event.at >= "2026-01-01" && event.at < "2026-01-31", event.at);
});

test("generated leads are valid leads that the example model reads without a warning", () => {
  const scorer = new Scorer(exampleModel);
  const results = scorer.scoreBatch(JSON.stringify(leads), { asOf: END, onError: "collect" });
  assert.equal(results.filter((r) => r.error).length, 0);
  assert.deepStrictEqual(
    results.flatMap((r) => r.warnings),
    [],
  );
  for (const lead of leads) {
    assert.deepStrictEqual(Object.keys(lead).sort(), ["attributes", "events", "id"]);
    for (const event of lead.events)
      assert.deepStrictEqual(Object.keys(event), ["id", "type", "at", "props"]);
  }
  const mqls = results.filter((r) => r.mql).length / results.length;
  assert.ok(mqls > 0.05 && mqls < 0.4, `MQL share ${mqls}`);
});

test("event ids are unique, histories are in time order within the span", () => {
  const ids = new Set();
  const endMs = Date.parse(END);
  for (const lead of leads) {
    let previous = -Infinity;
    for (const event of lead.events) {
      assert.ok(!ids.has(event.id), `duplicate event id ${event.id}`);
      ids.add(event.id);
      const at = Date.parse(event.at);
      assert.ok(at >= previous, `${lead.id}: events in time order`);
      assert.ok(
        at <= endMs && at >= endMs - GENERATOR_DEFAULTS.days * DAY - DAY,
        `${lead.id}: ${event.at} within the span`,
      );
      previous = at;
    }
  }
  assert.equal(new Set(leads.map((lead) => lead.id)).size, leads.length);
});

test("about --events-per-lead events per lead, heavy-tailed", () => {
  for (const eventsPerLead of [50, 10]) {
    const made =
      eventsPerLead === 50
        ? leads
        : [...generateLeads({ leads: 5000, seed: "mean", eventsPerLead })].map((s) => s.lead);
    const counts = made.map((lead) => lead.events.length).sort((a, b) => a - b);
    const mean = counts.reduce((sum, n) => sum + n, 0) / counts.length;
    assert.ok(
      Math.abs(mean - eventsPerLead) / eventsPerLead < 0.06,
      `mean ${mean} for ${eventsPerLead}`,
    );
    const median = counts[counts.length >> 1];
    assert.ok(median < mean, `heavy tail: median ${median} below the mean ${mean}`);
    assert.ok(
      counts[Math.floor(counts.length * 0.99)] > 3 * eventsPerLead,
      "the busiest leads have several times the mean",
    );
  }
});

test("believable attributes and behaviour", () => {
  const titles = leads.map((lead) => lead.attributes.title ?? "");
  const some = (pattern) => titles.filter((title) => pattern.test(title)).length / titles.length;
  assert.ok(some(/\b(CEO|CFO|CTO|COO|CMO|CIO|CRO|Chief)\b/) > 0.02, "C-suite");
  assert.ok(some(/\b(VP|SVP|EVP|Vice President)\b/) > 0.04, "VPs");
  assert.ok(some(/Director|Head of/) > 0.08, "directors");
  assert.ok(some(/Manager/) > 0.15, "managers");
  assert.ok(some(/Student|Intern/) > 0.04, "students");

  const sizes = leads
    .map((lead) => lead.attributes.companySize)
    .filter((size) => size !== undefined)
    .sort((a, b) => a - b);
  const median = sizes[sizes.length >> 1];
  assert.ok(median > 80 && median < 300, `median company size ${median}`);
  assert.ok(sizes.filter((size) => size < 50).length / sizes.length > 0.15, "many small companies");
  assert.ok(
    sizes.filter((size) => size > 10_000).length / sizes.length > 0.01,
    "a few very large ones",
  );
  assert.ok(new Set(leads.map((lead) => lead.attributes.industry)).size >= 10);
  assert.ok(new Set(leads.map((lead) => lead.attributes.country)).size >= 10);
  const free = share((lead) =>
    /@(gmail|yahoo|outlook|hotmail|icloud)\.com$/.test(lead.attributes.email ?? ""),
  );
  assert.ok(free > 0.15 && free < 0.45, `free email share ${free}`);
  assert.ok(
    share((lead) => lead.attributes.email === undefined) > 0.01,
    "a few leads without an email",
  );

  const rates = {
    demo: share((lead) => hasEvent(lead, (e) => e.type === "demo_request")),
    unsubscribe: share((lead) => hasEvent(lead, (e) => e.type === "unsubscribe")),
    pricing: share((lead) =>
      hasEvent(lead, (e) => e.type === "page_view" && e.props.path.startsWith("/pricing")),
    ),
    careers: share((lead) =>
      hasEvent(lead, (e) => e.type === "page_view" && e.props.path.startsWith("/careers")),
    ),
    caseStudy: share((lead) => hasEvent(lead, (e) => e.props?.contentType === "case_study")),
    emailOpen: share((lead) => hasEvent(lead, (e) => e.type === "email_open")),
  };
  const within = (name, low, high) =>
    assert.ok(rates[name] >= low && rates[name] <= high, `${name}: ${rates[name]}`);
  within("demo", 0.01, 0.08);
  within("unsubscribe", 0.02, 0.1);
  within("pricing", 0.15, 0.45);
  within("careers", 0.04, 0.2);
  within("caseStudy", 0.2, 0.55);
  within("emailOpen", 0.6, 0.97);
  // Visits come in bursts: many active leads have 3+ visits within a week.
  const scorer = new Scorer(exampleModel);
  const returning = scorer
    .scoreBatch(leads.slice(0, 1000), { asOf: END })
    .filter((r) => r.contributions.some((c) => c.ruleId === "return-visits")).length;
  assert.ok(returning > 150, `${returning} of 1000 leads with 3+ visits in a week`);
  // Unsubscribed leads open no email afterwards; a demo request follows a visit.
  for (const lead of leads) {
    const unsubscribed = lead.events.find((e) => e.type === "unsubscribe");
    if (unsubscribed)
      assert.ok(
        !lead.events.some((e) => e.type === "email_open" && e.at > unsubscribed.at),
        lead.id,
      );
    const demo = lead.events.find((e) => e.type === "demo_request");
    if (demo)
      assert.ok(
        lead.events.some((e) => e.type === "visit" && e.at <= demo.at),
        lead.id,
      );
  }
});

test("outcomes are drawn from the hidden model's probabilities: observed rates match them", () => {
  assert.deepStrictEqual(
    outcomes.map((o) => o.id),
    leads.map((l) => l.id),
  );
  const meanP = outcomes.reduce((sum, o) => sum + o.p, 0) / outcomes.length;
  const rate = outcomes.filter((o) => o.converted).length / outcomes.length;
  assert.ok(meanP > 0.05 && meanP < 0.2, `overall conversion ${meanP}`);
  // Within four standard errors, in every fifth of the leads by true probability.
  const byP = [...outcomes].sort((a, b) => a.p - b.p);
  for (let fifth = 0; fifth < 5; fifth++) {
    const group = byP.slice((fifth * byP.length) / 5, ((fifth + 1) * byP.length) / 5);
    const expected = group.reduce((sum, o) => sum + o.p * 1, 0) / group.length;
    const observed = group.filter((o) => o.converted).length / group.length;
    const se = Math.sqrt(group.reduce((sum, o) => sum + o.p * (1 - o.p), 0)) / group.length;
    assert.ok(
      Math.abs(observed - expected) <= 4 * se + 1e-9,
      `fifth ${fifth}: observed ${observed}, expected ${expected}`,
    );
  }
  assert.ok(Math.abs(rate - meanP) < 0.02);
});

test("the example model ranks generated leads: conversion rises band by band", () => {
  const scorer = new Scorer(exampleModel);
  const results = scorer.scoreBatch(leads, { asOf: END });
  const rateOf = (predicate) => {
    const group = results.map((r, i) => [r, outcomes[i]]).filter(([r]) => predicate(r));
    return group.filter(([, o]) => o.converted).length / group.length;
  };
  const bands = ["cold", "warm", "hot", "sales-ready"].map((band) =>
    rateOf((r) => r.band === band),
  );
  for (let i = 1; i < bands.length; i++)
    assert.ok(bands[i] > bands[i - 1], `conversion by band: ${bands.join(", ")}`);
  assert.ok(rateOf((r) => r.mql) > 2 * rateOf((r) => !r.mql));
});

test("bad generator options are RangeErrors naming the option", () => {
  assert.throws(() => generatorOptions({ leads: -1 }), {
    name: "RangeError",
    message: /^leads must/,
  });
  assert.throws(() => generatorOptions({ leads: 1.5 }), /^RangeError: leads must/);
  assert.throws(() => generatorOptions({ days: 0 }), /days must/);
  assert.throws(() => generatorOptions({ eventsPerLead: -3 }), /eventsPerLead must/);
  assert.throws(() => generatorOptions({ end: "someday" }), /end must/);
  assert.deepStrictEqual(generatorOptions({ seed: 7 }).seed, "7");
});
