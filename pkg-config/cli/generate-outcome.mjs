// The hidden true model of a generated lead's conversion, and its outcome drawn from it, so that
// a scoring model's calibration can be checked against known ground truth.
import { DAY } from "./generate-history.mjs";
import { logistic } from "./generate-random.mjs";
import { ICP_INDUSTRIES } from "./generate-vocabulary.mjs";

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

export function drawOutcome(random, id, profile, interest, history, endMs) {
  const p = logistic(trueLogOdds(profile, interest, history.features, endMs));
  return { id, converted: random.chance(p), p: Math.round(p * 10_000) / 10_000 };
}
