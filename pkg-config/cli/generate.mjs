// Synthetic, reproducible leads for demos, benchmarks and tests: believable attributes (titles,
// log-normal company sizes, industries, countries, free or corporate email) and timestamped event
// histories (visits, page views including /pricing and /careers, email opens, downloads, rare demo
// requests and unsubscribes) with the event types of the example model. Each lead is drawn from
// its own random stream derived from (seed, index), so lead i is the same whatever the number of
// leads, and nothing reads the clock. Optionally each lead also gets an outcome drawn from a
// hidden "true" logistic model of its features and of a latent interest the data only hints at,
// so a scoring model's calibration can be checked against known ground truth.
//
// No dependencies: importable on its own, as the package's `leadscore/generate` export
// (`import { generateLeads } from "leadscore/generate"`).

const DAY = 86_400_000;
const MINUTE = 60_000;

export const GENERATOR_DEFAULTS = Object.freeze({
  leads: 1000,
  seed: "1",
  /** Mean events per lead (the actual count per lead is heavy-tailed around it). */
  eventsPerLead: 50,
  /** How far back the histories reach. */
  days: 180,
  /** The end of every history: fixed, so output never depends on when it is generated. */
  end: "2026-11-20T17:00:00Z",
  idPrefix: "gen",
  /** Above 1, consecutive leads come in accounts of this many contacts (see `accountOf`). */
  contactsPerAccount: 1,
});

// ---------------------------------------------------------------------------------------------
// Random streams: sfc32 seeded through a 32-bit mix of (seed, stream, index).

function hashText(text) {
  // cyrb53-style string hash folded to 32 bits.
  let h1 = 0xdeadbeef ^ text.length;
  let h2 = 0x41c6ce57 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 ^ h2) >>> 0;
}

function mix32(x) {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

/** A seeded random stream with the distributions the generator needs. */
class Random {
  constructor(seedHash, stream, index) {
    let a = mix32(seedHash ^ 0x9e3779b9);
    let b = mix32(a ^ Math.imul(stream + 1, 0x85ebca6b));
    let c = mix32(b ^ (index >>> 0));
    let d = mix32(c ^ Math.floor(index / 0x100000000) ^ 0x27d4eb2f);
    this.s = [a, b, c, d];
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A uniform number in [0, 1). */
  next() {
    let [a, b, c, d] = this.s;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    this.s[0] = a;
    this.s[1] = b;
    this.s[2] = c;
    this.s[3] = d;
    return (t >>> 0) / 4294967296;
  }

  chance(p) {
    return this.next() < p;
  }

  int(min, max) {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick(items) {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks from a table made by `weights`. */
  weighted(table) {
    const roll = this.next() * table.total;
    const { items, cumulative } = table;
    for (let i = 0; i < cumulative.length; i++) if (roll < cumulative[i]) return items[i];
    return items[items.length - 1];
  }

  normal() {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  exponential(mean) {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Poisson by inversion (small means) or a rounded normal (large ones). */
  poisson(mean) {
    if (mean <= 0) return 0;
    if (mean > 60) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
}

/** A weighted choice table from `[[item, weight], ...]`. */
function weights(entries) {
  let total = 0;
  const cumulative = entries.map(([, weight]) => (total += weight));
  return { items: entries.map(([item]) => item), cumulative, total };
}

// ---------------------------------------------------------------------------------------------
// Vocabulary and base rates.

const FIRST_NAMES = [
  "Maria",
  "James",
  "Wei",
  "Aisha",
  "Lukas",
  "Sofia",
  "Arjun",
  "Emma",
  "Kenji",
  "Fatima",
  "Liam",
  "Olivia",
  "Mateo",
  "Chloe",
  "Noah",
  "Priya",
  "Ahmed",
  "Elena",
  "Daniel",
  "Yuki",
  "Grace",
  "Omar",
  "Hannah",
  "Carlos",
  "Ingrid",
  "Samuel",
  "Mei",
  "Jonas",
  "Amara",
  "Lucas",
  "Nina",
  "Ravi",
  "Zoe",
  "Pedro",
  "Leila",
  "Tom",
  "Anna",
  "David",
  "Sara",
  "Felix",
  "Isabel",
  "Kwame",
  "Julia",
  "Hugo",
];
const LAST_NAMES = [
  "Lopez",
  "Smith",
  "Chen",
  "Khan",
  "Muller",
  "Rossi",
  "Patel",
  "Johnson",
  "Tanaka",
  "Ali",
  "Brown",
  "Garcia",
  "Martin",
  "Nguyen",
  "Kim",
  "Singh",
  "Hassan",
  "Ivanova",
  "Cohen",
  "Sato",
  "Wilson",
  "Silva",
  "Dubois",
  "Jensen",
  "Okafor",
  "Novak",
  "Larsen",
  "Moreau",
  "Costa",
  "Reyes",
  "Fischer",
  "Walker",
  "Schmidt",
  "Yamamoto",
  "Andersson",
  "Mensah",
  "Kowalski",
  "Bianchi",
];
const COMPANY_WORDS = [
  "North",
  "Blue",
  "Bright",
  "Iron",
  "Cloud",
  "Summit",
  "River",
  "Pixel",
  "Ledger",
  "Harbor",
  "Quantum",
  "Cedar",
  "Atlas",
  "Nimbus",
  "Vertex",
  "Orbit",
  "Signal",
  "Granite",
  "Beacon",
  "Maple",
  "Silver",
  "Falcon",
  "Prairie",
  "Copper",
  "Helix",
  "Lumen",
  "Nova",
  "Delta",
  "Crest",
  "Willow",
];
const COMPANY_SUFFIXES = [
  "Analytics",
  "Labs",
  "Systems",
  "Health",
  "Bank",
  "Logistics",
  "Works",
  "Group",
  "Software",
  "Foods",
  "Energy",
  "Media",
  "Partners",
  "Retail",
  "Robotics",
];
const COMPANY_FORMS = ["", "", "", " Inc", " Ltd", " GmbH", " LLC", " plc", " AG"];

const FREE_EMAIL_DOMAINS = weights([
  ["gmail.com", 60],
  ["outlook.com", 15],
  ["yahoo.com", 12],
  ["hotmail.com", 8],
  ["icloud.com", 5],
]);

const FUNCTIONS = [
  "Marketing",
  "Sales",
  "Operations",
  "Finance",
  "Engineering",
  "Product",
  "IT",
  "Revenue",
  "Growth",
  "Customer Success",
  "Data",
];
/** Seniority levels with their share of leads and title patterns ("{f}" is a function). */
const SENIORITY = [
  [
    "c-suite",
    4,
    ["CEO", "CFO", "CTO", "COO", "CMO", "CIO", "CRO", "Founder & CEO", "Chief {f} Officer"],
  ],
  ["vp", 7, ["VP {f}", "VP of {f}", "SVP {f}", "Vice President, {f}", "EVP {f}"]],
  ["director", 13, ["Director of {f}", "{f} Director", "Senior Director, {f}", "Head of {f}"]],
  ["manager", 26, ["{f} Manager", "Senior {f} Manager", "{f} Team Lead", "Manager, {f}"]],
  [
    "individual",
    38,
    [
      "{f} Specialist",
      "{f} Analyst",
      "Senior Software Engineer",
      "Software Engineer",
      "{f} Coordinator",
      "Consultant",
      "{f} Associate",
      "Account Executive",
      "Data Scientist",
    ],
  ],
  ["student", 7, ["Student", "MBA Student", "{f} Intern", "Graduate Student", "Marketing Intern"]],
  ["unknown", 5, [null]],
];

const ICP_INDUSTRIES = new Set([
  "Software",
  "SaaS",
  "Financial Services",
  "Healthcare",
  "Manufacturing",
]);
const INDUSTRIES = weights([
  ["Software", 14],
  ["SaaS", 9],
  ["Financial Services", 9],
  ["Healthcare", 8],
  ["Manufacturing", 8],
  ["Retail", 8],
  ["Education", 8],
  ["Consulting", 7],
  ["Media", 5],
  ["Government", 4],
  ["Telecommunications", 4],
  ["Logistics", 4],
  ["Real Estate", 3],
  ["Nonprofit", 3],
  ["Hospitality", 3],
  ["Energy", 3],
]);
const COUNTRIES = weights([
  ["US", 38],
  ["GB", 9],
  ["DE", 7],
  ["IN", 8],
  ["CA", 5],
  ["FR", 5],
  ["AU", 4],
  ["NL", 3],
  ["BR", 4],
  ["ES", 3],
  ["SE", 2],
  ["JP", 3],
  ["SG", 2],
  ["MX", 2],
  ["ZA", 2],
  ["PL", 2],
  ["IE", 1],
]);
const SOURCES = weights([
  ["organic", 30],
  ["paid-search", 18],
  ["referral", 10],
  ["webinar", 8],
  ["event", 6],
  ["partner", 5],
  ["social", 10],
  ["direct", 13],
]);

/** Who the lead is, which drives behaviour. Shares, interest shift and the event mix. */
const PERSONAS = {
  buyer: {
    share: 12,
    interest: 1.3,
    mix: { visit: 22, page_view: 50, email_open: 20, content_download: 8 },
    pricing: 0.12,
    careers: 0.001,
    caseStudy: 0.45,
  },
  researcher: {
    share: 31,
    interest: 0.3,
    mix: { visit: 20, page_view: 46, email_open: 21, content_download: 13 },
    pricing: 0.035,
    careers: 0.0015,
    caseStudy: 0.3,
  },
  casual: {
    share: 45,
    interest: -0.6,
    mix: { visit: 24, page_view: 44, email_open: 29, content_download: 3 },
    pricing: 0.012,
    careers: 0.0015,
    caseStudy: 0.2,
  },
  jobSeeker: {
    share: 7,
    interest: -0.4,
    mix: { visit: 30, page_view: 60, email_open: 8, content_download: 2 },
    pricing: 0.005,
    careers: 0.3,
    caseStudy: 0.15,
  },
  student: {
    share: 5,
    interest: -0.8,
    mix: { visit: 25, page_view: 46, email_open: 18, content_download: 11 },
    pricing: 0.008,
    careers: 0.12,
    caseStudy: 0.2,
  },
};
const PERSONA_TABLE = weights(
  Object.entries(PERSONAS).map(([name, persona]) => [name, persona.share]),
);
for (const persona of Object.values(PERSONAS))
  persona.mixTable = weights(Object.entries(persona.mix));
const SENIORITY_TABLE = weights(SENIORITY.map((level) => [level, level[1]]));

const PAGES = weights([
  ["/", 14],
  ["/product", 10],
  ["/product/scoring", 6],
  ["/product/routing", 4],
  ["/features", 7],
  ["/integrations", 5],
  ["/integrations/salesforce", 3],
  ["/customers", 4],
  ["/about", 3],
  ["/docs/getting-started", 4],
  ["/docs/api", 3],
  ["/webinars/lead-scoring-101", 2],
  ["/contact", 1],
]);
const BLOG_SLUGS = [
  "lead-scoring-basics",
  "mql-vs-sql",
  "intent-data",
  "attribution-models",
  "sales-handoff-sla",
  "decay-explained",
  "abm-playbook",
  "crm-hygiene",
];
const CUSTOMER_SLUGS = [
  "contoso",
  "fabrikam",
  "northwind",
  "tailspin",
  "wingtip",
  "adventure-works",
];
const CONTENT = [
  ["whitepaper", ["The State of B2B Intent", "Scoring Models That Work", "Beyond the MQL"]],
  ["ebook", ["The Lead Handoff Playbook", "Marketing Ops in Practice", "A Guide to Lead Decay"]],
  ["report", ["2026 Pipeline Benchmark", "Speed-to-Lead Report"]],
  ["checklist", ["Handoff SLA Checklist", "CRM Data Quality Checklist"]],
];
const CASE_STUDIES = [
  "How Contoso cut CAC by 30%",
  "Fabrikam doubled its MQL-to-SQL rate",
  "Northwind's five-minute response time",
  "Tailspin's routing overhaul",
];
const VISIT_SOURCES = weights([
  ["direct", 30],
  ["organic", 28],
  ["email", 16],
  ["paid-search", 12],
  ["referral", 8],
  ["social", 6],
]);

// ---------------------------------------------------------------------------------------------
// Options.

/** Checks and completes generator options; throws a RangeError naming the bad option. */
export function generatorOptions(options = {}) {
  const merged = {
    ...GENERATOR_DEFAULTS,
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
  };
  const whole = (name, min) => {
    const value = Number(merged[name]);
    if (!Number.isInteger(value) || value < min)
      throw new RangeError(
        `${name} must be a whole number of at least ${min} (got ${merged[name]})`,
      );
    return value;
  };
  const leads = whole("leads", 0);
  const days = Number(merged.days);
  if (!(days > 0 && days <= 3650))
    throw new RangeError(`days must be more than 0 and at most 3650 (got ${merged.days})`);
  const eventsPerLead = Number(merged.eventsPerLead);
  if (!(eventsPerLead >= 0 && eventsPerLead <= 10_000)) {
    throw new RangeError(
      `eventsPerLead must be a number from 0 to 10000 (got ${merged.eventsPerLead})`,
    );
  }
  const endMs =
    merged.end instanceof Date
      ? merged.end.getTime()
      : typeof merged.end === "number"
        ? merged.end
        : Date.parse(merged.end);
  if (!Number.isFinite(endMs))
    throw new RangeError(`end must be a date and time (got ${merged.end})`);
  const seed = String(merged.seed);
  const idPrefix = String(merged.idPrefix);
  const contactsPerAccount = whole("contactsPerAccount", 1);
  if (contactsPerAccount > 10_000)
    throw new RangeError(`contactsPerAccount must be at most 10000 (got ${contactsPerAccount})`);
  return {
    leads,
    seed,
    eventsPerLead,
    days,
    endMs,
    idPrefix,
    contactsPerAccount,
    seedHash: hashText(seed),
  };
}

// ---------------------------------------------------------------------------------------------
// One lead.

const STREAM_LEAD = 0;
const STREAM_OUTCOME = 1;
const STREAM_ACCOUNT = 2;

/**
 * Generates lead `index` (0-based) of the stream described by `options` (see
 * GENERATOR_DEFAULTS). Returns `{ lead, outcome }`: `lead` is a valid leadscore lead; `outcome`
 * is `{ id, converted, p }` drawn from the hidden true model, `p` its probability.
 */
export function generateLead(index, options = {}) {
  const opts = options.seedHash === undefined ? generatorOptions(options) : options;
  const random = new Random(opts.seedHash, STREAM_LEAD, index);
  const id = `${opts.idPrefix}-${String(index + 1).padStart(6, "0")}`;

  const { personaName, profile } = drawContact(random, opts.contactsPerAccount > 1);
  const persona = PERSONAS[personaName];
  const account = opts.contactsPerAccount > 1 ? accountOf(index, opts) : null;
  if (account) Object.assign(profile, account.company);
  // A latent interest: the persona's tendency, nudged by fit (buyers at ICP companies engage
  // more), plus noise the data never shows directly.
  const zInterest = random.normal();
  const interest =
    zInterest + persona.interest + (profile.icpCompany ? 0.3 : 0) + (profile.senior ? 0.2 : 0);

  const history = drawHistory(random, opts, persona, interest, zInterest, id);
  const attributes = profileAttributes(random, profile);
  if (account) attributes.accountId = account.id;
  const lead = { id, attributes, events: history.events };
  const outcome = drawOutcome(
    new Random(opts.seedHash, STREAM_OUTCOME, index),
    id,
    profile,
    interest,
    history,
    opts.endMs,
  );
  return { lead, outcome };
}

/** Generates leads 0..options.leads-1 as `{ lead, outcome }`, lazily. */
export function* generateLeads(options = {}) {
  const opts = generatorOptions(options);
  for (let index = 0; index < opts.leads; index++) yield generateLead(index, opts);
}

/**
 * A lead's persona and profile. A contact of an account is someone working there: students and
 * job seekers are drawn again (only then, so leads without accounts stay as they were).
 */
function drawContact(random, ofAccount) {
  for (let tries = 0; ; tries++) {
    const personaName = random.weighted(PERSONA_TABLE);
    const profile = drawProfile(random, personaName);
    const outsider = personaName === "jobSeeker" || profile.student;
    if (!ofAccount || !outsider || tries >= 50) return { personaName, profile };
  }
}

/**
 * The account of lead `index` when leads come in accounts (leads `k*n .. k*n+n-1` share account
 * `k`): its id and its company, drawn from the account's own random stream as a working
 * contact's profile, so every contact has the same company, size, industry and country.
 */
function accountOf(index, opts) {
  const number = Math.floor(index / opts.contactsPerAccount);
  const { profile } = drawContact(new Random(opts.seedHash, STREAM_ACCOUNT, number), true);
  const { company, companySize, industry, country, icpCompany } = profile;
  return {
    id: `${opts.idPrefix}-account-${String(number + 1).padStart(6, "0")}`,
    company: { company, companySize, industry, country, icpCompany },
  };
}

function drawProfile(random, personaName) {
  const first = random.pick(FIRST_NAMES);
  const last = random.pick(LAST_NAMES);
  let [seniority, , titles] =
    personaName === "student" ? SENIORITY[5] : random.weighted(SENIORITY_TABLE);
  if (
    personaName === "jobSeeker" &&
    (seniority === "c-suite" || seniority === "vp") &&
    random.chance(0.7)
  ) {
    [seniority, , titles] = SENIORITY[4];
  }
  const fn = random.pick(FUNCTIONS);
  const pattern = random.pick(titles);
  const title = pattern === null ? null : pattern.replace("{f}", fn);
  const student = seniority === "student";
  // Company size: log-normal, median about 150 employees, long tail to the very large.
  const companySize = student
    ? null
    : Math.max(1, Math.min(250_000, Math.round(Math.exp(Math.log(150) + 1.9 * random.normal()))));
  const industry = student ? "Education" : random.weighted(INDUSTRIES);
  const company = student
    ? `${random.pick(COMPANY_WORDS)} University`
    : `${random.pick(COMPANY_WORDS)}${random.pick(["", " "])}${random.pick(COMPANY_SUFFIXES)}${random.pick(COMPANY_FORMS)}`;
  // Free-mail addresses: common for students, job seekers and small companies.
  const freeShare = student
    ? 0.75
    : personaName === "jobSeeker"
      ? 0.6
      : companySize < 20
        ? 0.5
        : 0.18;
  const freeEmail = random.chance(freeShare);
  return {
    first,
    last,
    title,
    seniority,
    senior: seniority === "c-suite" || seniority === "vp",
    student,
    companySize,
    industry,
    company,
    country: random.weighted(COUNTRIES),
    freeEmail,
    icpCompany: ICP_INDUSTRIES.has(industry) && companySize >= 200 && companySize <= 5000,
  };
}

function profileAttributes(random, p) {
  const local = `${p.first}.${p.last}`.toLowerCase();
  const domain = p.freeEmail
    ? random.weighted(FREE_EMAIL_DOMAINS)
    : `${p.company
        .toLowerCase()
        .replace(/ (inc|ltd|gmbh|llc|plc|ag)$/, "")
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, "")}.example`;
  const attributes = { name: `${p.first} ${p.last}` };
  // A few leads come in without an email (an event badge scan, a chat): they cannot be MQLs
  // under a model that requires one.
  if (random.chance(0.96))
    attributes.email = `${p.freeEmail ? local + random.int(1, 99) : local}@${domain}`;
  if (random.chance(0.45))
    attributes.phone = `+${random.int(1, 99)} ${random.int(100, 999)} ${random.int(100, 999)} ${String(random.int(0, 9999)).padStart(4, "0")}`;
  if (p.title !== null) attributes.title = p.title;
  attributes.company = p.company;
  if (p.companySize !== null) attributes.companySize = p.companySize;
  attributes.industry = p.industry;
  attributes.country = p.country;
  attributes.source = random.weighted(SOURCES);
  return attributes;
}

/**
 * The lead's event history. The count is heavy-tailed (log-normal activity, correlated with
 * interest) and proportional to how long the lead has been active, so the mean over many leads
 * is `eventsPerLead`; visits cluster in bursts; page views and downloads belong to visits.
 */
function drawHistory(random, opts, persona, interest, zInterest, id) {
  const { endMs, days, eventsPerLead } = opts;
  const spanMs = days * DAY;
  const firstSeen = endMs - random.next() * spanMs;
  // Some leads go quiet: their activity stops partway (and their intent decays).
  const dormantShare = 0.35;
  const dormant = random.chance(dormantShare);
  const activeUntil = dormant
    ? firstSeen + (endMs - firstSeen) * (0.1 + 0.8 * random.next())
    : endMs - random.next() * 2 * 3_600_000;
  const activeMs = Math.max(activeUntil - firstSeen, MINUTE);
  // E[active share] = 1 - dormantShare/2 (uniform stop), E[span share] = 1/2.
  const expectedActiveMs = (spanMs / 2) * (1 - dormantShare / 2);
  const sigma = 0.9;
  const z = 0.5 * zInterest + Math.sqrt(1 - 0.25) * random.normal();
  const activity = Math.exp(sigma * z - (sigma * sigma) / 2);
  const count = random.poisson(eventsPerLead * activity * (activeMs / expectedActiveMs));

  const counts = { visit: 0, page_view: 0, email_open: 0, content_download: 0 };
  for (let i = 0; i < count; i++) counts[random.weighted(persona.mixTable)]++;
  if (counts.page_view + counts.content_download > 0 && counts.visit === 0) {
    // Page views and downloads happen during a visit.
    counts.visit = 1;
    if (counts.page_view > 0) counts.page_view--;
    else counts.content_download--;
  }

  const events = [];
  // Visits: bursts of sessions ("3 visits in a week") spread over the active period.
  const visits = [];
  let burstCentre = firstSeen;
  for (let i = 0; i < counts.visit; i++) {
    if (i === 0 || random.chance(0.35)) burstCentre = firstSeen + random.next() * activeMs;
    const at = clampTime(
      businessHours(random, burstCentre + random.exponential(2.5 * DAY) - 1.25 * DAY),
      firstSeen,
      activeUntil,
    );
    visits.push(at);
  }
  visits.sort((a, b) => a - b);
  for (const at of visits)
    events.push({ type: "visit", at, props: { source: random.weighted(VISIT_SOURCES) } });

  const duringVisit = () => {
    const visit = visits[Math.floor(random.next() * visits.length)];
    return Math.min(visit + MINUTE * (1 + random.exponential(6)), activeUntil + 30 * MINUTE);
  };
  let pricingSeen = false;
  for (let i = 0; i < counts.page_view; i++) {
    const roll = random.next();
    let path;
    if (roll < persona.pricing) {
      path = random.chance(0.8) ? "/pricing" : "/pricing/enterprise";
      pricingSeen = true;
    } else if (roll < persona.pricing + persona.careers) {
      path = random.chance(0.7)
        ? "/careers"
        : `/careers/${random.pick(["engineering", "sales", "marketing"])}`;
    } else if (random.chance(0.22)) {
      path = `/blog/${random.pick(BLOG_SLUGS)}`;
    } else if (random.chance(0.05)) {
      path = `/customers/${random.pick(CUSTOMER_SLUGS)}`;
    } else {
      path = random.weighted(PAGES);
    }
    events.push({ type: "page_view", at: duringVisit(), props: { path } });
  }
  for (let i = 0; i < counts.content_download; i++) {
    const caseStudy = random.chance(persona.caseStudy);
    const [contentType, titles] = caseStudy ? ["case_study", CASE_STUDIES] : random.pick(CONTENT);
    events.push({
      type: "content_download",
      at: duringVisit(),
      props: { contentType, title: random.pick(titles) },
    });
  }

  // Email opens: nurture sends through the active period, opened within a day or so, in working
  // hours.
  const opens = [];
  for (let i = 0; i < counts.email_open; i++) {
    const sent = firstSeen + random.next() * activeMs;
    const at = clampTime(
      businessHours(random, sent + random.exponential(0.6 * DAY)),
      firstSeen,
      activeUntil,
    );
    opens.push(at);
  }
  opens.sort((a, b) => a - b);
  for (const at of opens) {
    const week = Math.floor((at - opts.endMs) / (7 * DAY));
    events.push({
      type: "email_open",
      at,
      props: { campaign: `nurture-${(((week % 12) + 12) % 12) + 1}` },
    });
  }

  // Unsubscribing: rare, likelier for the uninterested and the heavily emailed; right after the
  // last open (the unsubscribe link is in the email), and no opens follow it.
  let unsubscribed = false;
  const unsubscribeChance = Math.min(
    0.6,
    logistic(-3.3 - 0.6 * interest) * (1 + opens.length / 25),
  );
  if (opens.length > 0 && random.chance(unsubscribeChance)) {
    const lastOpen = opens[opens.length - 1];
    events.push({
      type: "unsubscribe",
      at: lastOpen + MINUTE * (1 + random.exponential(3)),
      props: { campaign: `nurture-${random.int(1, 12)}` },
    });
    unsubscribed = true;
  }

  // Demo requests: rare hand-raises, mostly from interested leads who looked at pricing, during
  // one of their latest visits.
  let demoRequested = false;
  if (visits.length > 0) {
    const demoChance = logistic(-5.2 + 1.6 * interest + (pricingSeen ? 1.0 : 0));
    if (random.chance(demoChance)) {
      const visit =
        visits[Math.max(0, visits.length - 1 - random.int(0, Math.min(2, visits.length - 1)))];
      if (!pricingSeen && random.chance(0.6)) {
        events.push({ type: "page_view", at: visit + 2 * MINUTE, props: { path: "/pricing" } });
        pricingSeen = true;
      }
      events.push({
        type: "demo_request",
        at: visit + MINUTE * (4 + random.exponential(5)),
        props: { form: random.pick(["demo", "contact-sales"]) },
      });
      demoRequested = true;
    }
  }

  // Minutes after a late visit may spill past the end of the history: keep them inside it.
  for (const event of events) event.at = Math.min(event.at, endMs - 1000);
  events.sort((a, b) => a.at - b.at || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  const features = {
    pricingSeen,
    demoRequested,
    unsubscribed,
    caseStudies: 0,
    careersSeen: false,
    lastActive: null,
    eventCount: events.length,
  };
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    if (event.type === "content_download" && event.props.contentType === "case_study")
      features.caseStudies++;
    if (event.type === "page_view" && event.props.path.startsWith("/careers"))
      features.careersSeen = true;
    if (event.type !== "unsubscribe") features.lastActive = event.at;
    events[i] = {
      id: `${id}.${i + 1}`,
      type: event.type,
      at: isoSeconds(event.at),
      props: event.props,
    };
  }
  return { events, features };
}

/** Moves a moment into working hours (08:00-19:00 UTC, weekdays mostly), keeping its day. */
function businessHours(random, ms) {
  const day = Math.floor(ms / DAY) * DAY;
  let at = day + (8 + 11 * random.next()) * 3_600_000;
  const weekday = new Date(at).getUTCDay();
  if ((weekday === 0 || weekday === 6) && random.chance(0.75)) at += (weekday === 6 ? 2 : 1) * DAY;
  return at;
}

function clampTime(ms, min, max) {
  return Math.min(Math.max(ms, min), max);
}

function isoSeconds(ms) {
  return new Date(Math.round(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

function logistic(x) {
  return 1 / (1 + Math.exp(-x));
}

// ---------------------------------------------------------------------------------------------
// The hidden true model: the probability that a lead converts (becomes an opportunity).

/**
 * The true log-odds of conversion. Fit matters (seniority, size, industry, corporate email),
 * behaviour matters (a demo request most, then pricing, case studies, recency), and so does a
 * latent interest that the events only partly reveal: a scoring model can approach this but
 * never see all of it. The intercept gives an overall conversion rate of about 10%.
 */
function trueLogOdds(profile, interest, features, endMs) {
  let x = -3.6;
  if (profile.seniority === "c-suite" || profile.seniority === "vp") x += 0.9;
  else if (profile.seniority === "director") x += 0.5;
  else if (profile.seniority === "student") x -= 2.0;
  const size = profile.companySize;
  if (size !== null) {
    if (size < 50) x -= 1.4;
    else if (size >= 200 && size <= 5000) x += 0.7;
    else if (size > 5000) x += 0.3;
  }
  if (ICP_INDUSTRIES.has(profile.industry)) x += 0.5;
  if (profile.freeEmail) x -= 0.6;
  x += 0.9 * interest;
  if (features.demoRequested) x += 1.8;
  if (features.pricingSeen) x += 0.6;
  x += 0.35 * Math.min(features.caseStudies, 3);
  if (features.careersSeen) x -= 1.2;
  if (features.unsubscribed) x -= 1.0;
  if (features.lastActive === null || endMs - features.lastActive > 60 * DAY) x -= 0.8;
  return x;
}

function drawOutcome(random, id, profile, interest, history, endMs) {
  const p = logistic(trueLogOdds(profile, interest, history.features, endMs));
  return { id, converted: random.chance(p), p: Math.round(p * 10_000) / 10_000 };
}
