// A generated lead's event history: visits in bursts, the page views and downloads within them,
// email opens, rare demo requests and unsubscribes, and the features the hidden true model reads.
import { logistic } from "./generate-random.mjs";
import {
  BLOG_SLUGS,
  CASE_STUDIES,
  CONTENT,
  CUSTOMER_SLUGS,
  PAGES,
  VISIT_SOURCES,
} from "./generate-vocabulary.mjs";

export const DAY = 86_400_000;
const MINUTE = 60_000;

/**
 * The lead's event history. The count is heavy-tailed (log-normal activity, correlated with
 * interest) and proportional to how long the lead has been active, so the mean over many leads
 * is `eventsPerLead`; visits cluster in bursts; page views and downloads belong to visits.
 */
export function drawHistory(random, opts, persona, interest, zInterest, id) {
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
