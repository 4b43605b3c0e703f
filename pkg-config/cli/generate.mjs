// Synthetic, reproducible leads for demos, benchmarks and tests: believable attributes (titles,
// log-normal company sizes, industries, countries, free or corporate email) and timestamped event
// histories (visits, page views including /pricing and /careers, email opens, downloads, rare demo
// requests and unsubscribes) with the event types of the example model. Each lead is drawn from
// its own random stream derived from (seed, index), so lead i is the same whatever the number of
// leads, and nothing reads the clock. Optionally each lead also gets an outcome drawn from a
// hidden "true" logistic model of its features and of a latent interest the data only hints at,
// so a scoring model's calibration can be checked against known ground truth.
//
// No dependencies beyond its sibling generate-*.mjs files (random streams, vocabulary, event
// histories, the hidden true model): the package's `leadscore/generate` export
// (`import { generateLeads } from "leadscore/generate"`).

import { drawHistory } from "./generate-history.mjs";
import { drawOutcome } from "./generate-outcome.mjs";
import { hashText, Random } from "./generate-random.mjs";
import {
  COMPANY_FORMS,
  COMPANY_SUFFIXES,
  COMPANY_WORDS,
  COUNTRIES,
  FIRST_NAMES,
  FREE_EMAIL_DOMAINS,
  FUNCTIONS,
  ICP_INDUSTRIES,
  INDUSTRIES,
  LAST_NAMES,
  PERSONAS,
  PERSONA_TABLE,
  SENIORITY,
  SENIORITY_TABLE,
  SOURCES,
} from "./generate-vocabulary.mjs";

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
