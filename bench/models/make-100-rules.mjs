// Derives the benchmark's 100-rule model from the default example model: the default's 12 rules
// plus systematic families over the attributes and event properties the generator produces
// (titles, sizes, industries, countries, sources, emails; page paths, visit sources, email
// campaigns, download types and titles, demo forms). Intent rules cycle through every kind of
// counting (each, limits in all and per day/week/month, trailing and sliding windows) crossed
// with every decay (the model's default, exponential, linear, window, event-age steps,
// last-engagement half-life, none), so that all of the engine's accumulators are exercised.
//
//   node bench/models/make-100-rules.mjs > bench/models/b2b-100-rules.json
import { readFileSync } from "node:fs";

const base = JSON.parse(
  readFileSync(new URL("../../examples/models/b2b-default.json", import.meta.url), "utf8"),
);

const fit = [...base.fit.rules];
const words = (id, attribute, list, points, label) =>
  fit.push({ id, label, attribute, when: { containsAny: list }, points });
words("title-director", "title", ["director", "head"], 8, "Director or head of a function");
words("title-manager", "title", ["manager", "team lead"], 4, "Manager");
words(
  "title-individual",
  "title",
  ["specialist", "analyst", "coordinator", "associate"],
  2,
  "Individual contributor",
);
words(
  "title-engineer",
  "title",
  ["software engineer", "data scientist"],
  -3,
  "Engineer or data scientist: a user, rarely a buyer",
);
words("title-founder", "title", ["founder", "co-founder"], 6, "Founder");
for (const [fn, points] of [
  ["marketing", 5],
  ["sales", 4],
  ["revenue", 5],
  ["growth", 4],
  ["operations", 3],
  ["finance", 2],
  ["customer success", 2],
]) {
  words(`function-${fn.replace(" ", "-")}`, "title", [fn], points, `Works in ${fn}`);
}
fit.push({ id: "title-missing", attribute: "title", when: { exists: false }, points: -5 });
fit.push({ id: "size-mid", attribute: "companySize", when: { min: 50, max: 199 }, points: 3 });
fit.push({ id: "size-large", attribute: "companySize", when: { min: 1000, max: 5000 }, points: 5 });
fit.push({ id: "size-enterprise", attribute: "companySize", when: { above: 5000 }, points: 6 });
fit.push({ id: "size-huge", attribute: "companySize", when: { above: 20000 }, points: -4 });
const inList = (id, attribute, list, points) =>
  fit.push({ id, attribute, when: { in: list }, points });
inList("industry-core", "industry", ["Software", "SaaS"], 5);
inList("industry-regulated", "industry", ["Financial Services", "Healthcare"], 3);
inList("industry-low", "industry", ["Education", "Government", "Nonprofit"], -8);
const NA = ["US", "CA"];
const EMEA = ["GB", "DE", "FR", "NL", "IE", "SE", "ES", "PL"];
const APAC = ["IN", "SG", "JP", "AU"];
inList("country-na", "country", NA, 5);
inList("country-emea", "country", EMEA, 3);
inList("country-apac", "country", APAC, 2);
fit.push({
  id: "country-other",
  attribute: "country",
  when: { not: { in: [...NA, ...EMEA, ...APAC] } },
  points: -3,
});
inList("source-high", "source", ["webinar", "event", "referral", "partner"], 5);
fit.push({ id: "source-paid", attribute: "source", when: { equals: "paid-search" }, points: 2 });
fit.push({
  id: "email-free",
  attribute: "email",
  when: { suffix: ["@gmail.com", "@outlook.com", "@yahoo.com", "@hotmail.com", "@icloud.com"] },
  points: -6,
});
fit.push({ id: "email-corporate", attribute: "email", when: { suffix: ".example" }, points: 4 });
fit.push({ id: "phone-present", attribute: "phone", when: { exists: true }, points: 3 });
fit.push({
  id: "company-university",
  attribute: "company",
  when: { containsAny: ["university"] },
  points: -10,
});
fit.push({
  id: "company-tech",
  attribute: "company",
  when: { containsAny: ["analytics", "labs", "software", "systems", "robotics"] },
  points: 2,
});

// Intent families: every rule i takes counting COUNTING[i % 8] and decay DECAY[i % 7] (coprime
// cycle lengths, so the pairs differ), and points from a fixed cycle.
const COUNTING = [
  {},
  { limit: { max: 1 } },
  { limit: { max: 3 } },
  { limit: { max: 2, per: "day" } },
  { limit: { max: 1, per: "week" } },
  { limit: { max: 4, per: "month" } },
  { window: { atLeast: 2, days: 60 } },
  { window: { atLeast: 2, days: 7, mode: "sliding" } },
];
const DECAY = [
  null, // the model's default: steps after 30, 60 and 90 days without engagement
  { kind: "exponential", halfLifeDays: 14 },
  { kind: "linear", overDays: 60 },
  { kind: "window", days: 45 },
  {
    kind: "step",
    steps: [
      { afterDays: 14, keep: 0.5 },
      { afterDays: 28, keep: 0.25 },
    ],
  },
  { kind: "exponential", halfLifeDays: 30, age: "lastEngagement" },
  { kind: "none" },
];
const POINTS = [3, 5, 2, 8, 4, 6, 10, 7, 1, 9];
const intent = [...base.intent.rules];
let family = 0;
function signal(id, event, where, extra = {}) {
  const i = family++;
  const rule = {
    id,
    event,
    ...(where ? { where } : {}),
    points: POINTS[i % POINTS.length],
    ...COUNTING[i % COUNTING.length],
  };
  if (DECAY[i % DECAY.length]) rule.decay = DECAY[i % DECAY.length];
  intent.push({ ...rule, ...extra });
}
const PAGES = [
  "/product",
  "/product/scoring",
  "/product/routing",
  "/features",
  "/integrations",
  "/integrations/salesforce",
  "/customers",
  "/about",
  "/docs/getting-started",
  "/docs/api",
  "/webinars",
  "/contact",
];
signal("page-home", "page_view", { path: { equals: "/" } });
for (const page of PAGES)
  signal(`page${page.replaceAll("/", "-")}`, "page_view", { path: { prefix: page } });
for (const slug of [
  "lead-scoring-basics",
  "mql-vs-sql",
  "intent-data",
  "attribution-models",
  "sales-handoff-sla",
  "decay-explained",
  "abm-playbook",
  "crm-hygiene",
]) {
  signal(`blog-${slug}`, "page_view", { path: { equals: `/blog/${slug}` } });
}
signal(
  "blog-reader",
  "page_view",
  { path: { prefix: "/blog/" } },
  { points: 12, window: { atLeast: 3, days: 14, mode: "sliding" }, limit: undefined },
);
for (const slug of ["contoso", "fabrikam", "northwind", "tailspin", "wingtip"])
  signal(`customer-${slug}`, "page_view", { path: { prefix: `/customers/${slug}` } });
for (const source of ["direct", "organic", "email", "paid-search", "referral", "social"])
  signal(`visit-${source}`, "visit", { source: { equals: source } });
for (let n = 1; n <= 12; n++)
  signal(`email-nurture-${n}`, "email_open", { campaign: { equals: `nurture-${n}` } });
for (const type of ["whitepaper", "ebook", "report", "checklist"])
  signal(`download-${type}`, "content_download", { contentType: { equals: type } });
signal("download-scoring-topics", "content_download", {
  title: { containsAny: ["scoring", "decay", "intent"] },
});
signal("download-handoff-topics", "content_download", {
  title: { containsAny: ["handoff", "speed-to-lead", "routing"] },
});
intent.push({
  id: "demo-form",
  event: "demo_request",
  where: { form: { equals: "demo" } },
  points: 10,
  limit: { max: 1 },
  decay: { kind: "exponential", halfLifeDays: 60 },
});
intent.push({
  id: "contact-sales",
  event: "demo_request",
  where: { form: { in: ["contact-sales"] } },
  points: 15,
  limit: { max: 1 },
  instant: true,
});
intent.push({
  id: "careers-subpages",
  event: "page_view",
  where: { path: { prefix: "/careers/" } },
  points: -5,
  decay: { kind: "exponential", halfLifeDays: 60 },
});
intent.push({
  id: "unsubscribed-early-nurture",
  event: "unsubscribe",
  where: {
    campaign: {
      in: ["nurture-1", "nurture-2", "nurture-3", "nurture-4", "nurture-5", "nurture-6"],
    },
  },
  points: -5,
});
intent.push({
  id: "email-any",
  event: "email_open",
  points: 1,
  limit: { max: 2, per: "week" },
  engagement: false,
  decay: { kind: "linear", overDays: 90 },
});
intent.push({
  id: "site-activity",
  event: ["visit", "page_view"],
  points: 1,
  limit: { max: 3, per: "day" },
  decay: { kind: "window", days: 60 },
});
// A leftover `limit: undefined` from an override is dropped by JSON.stringify.

const model = {
  $schema: "../../schema/model.schema.json",
  version: 1,
  name: "B2B 100 rules (benchmark)",
  description:
    "The default example model plus systematic families of fit and intent rules over the generator's attributes and events, crossing every counting kind with every decay kind. Made by bench/models/make-100-rules.mjs.",
  fit: { cap: 60, floor: -40, rules: fit },
  intent: { cap: 250, floor: -50, decay: base.intent.decay, rules: intent },
  total: { cap: 250, floor: 0 },
  mql: { threshold: 100, recencyDays: 90, requiredFields: ["email"] },
  bands: [
    { name: "cold" },
    { name: "warm", min: 40 },
    { name: "hot", min: 100 },
    { name: "sales-ready", min: 150 },
  ],
  grid: base.grid,
};
const count = fit.length + intent.length;
if (count !== 100)
  throw new Error(
    `the model has ${count} rules (fit ${fit.length}, intent ${intent.length}), not 100`,
  );
process.stdout.write(JSON.stringify(model, null, 2) + "\n");
