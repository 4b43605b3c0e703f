// Calibration of a scoring model against known outcomes: conversion by band and by score range,
// how well the MQL line separates converters, and a threshold suggested from the data. Pure
// functions over plain rows `{ total, band, mql, converted }`, so the same code runs in the page
// and in unit tests.

/** `converted / leads`, or null when there are no leads. */
export function rate(converted, leads) {
  return leads > 0 ? converted / leads : null;
}

function tally(rows) {
  let converted = 0;
  for (const row of rows) if (row.converted) converted++;
  return { leads: rows.length, converted, rate: rate(converted, rows.length) };
}

/**
 * Conversion by band, in `bandOrder` (the model's bands, low to high). Leads whose band is not
 * listed (null: the model has no bands) come last under `null`. Bands without leads are kept,
 * with a rate of null.
 */
export function byBand(rows, bandOrder = []) {
  const groups = new Map(bandOrder.map((name) => [name, []]));
  for (const row of rows) {
    const key = row.band ?? null;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(row);
  }
  return [...groups].map(([band, members]) => ({ band, ...tally(members) }));
}

/**
 * Fixed-width score ranges (10 points by default) from the lowest score seen to the highest,
 * each `{ from, to, label, leads, converted, rate }` with `to` inclusive. Scores are whole
 * numbers; the top range is labelled "N+" (nothing scored above it). Empty ranges in between
 * are kept so the table reads as a scale.
 */
export function byScoreRange(rows, width = 10) {
  if (!(Number.isInteger(width) && width > 0))
    throw new RangeError(`width must be a whole number above 0 (got ${width})`);
  if (rows.length === 0) return [];
  let low = Infinity;
  let high = -Infinity;
  for (const { total } of rows) {
    if (total < low) low = total;
    if (total > high) high = total;
  }
  const first = Math.floor(low / width) * width;
  const last = Math.floor(high / width) * width;
  const ranges = [];
  for (let from = first; from <= last; from += width)
    ranges.push({ from, to: from + width - 1, leads: 0, converted: 0 });
  for (const { total, converted } of rows) {
    const range = ranges[Math.floor(total / width) - first / width];
    range.leads++;
    if (converted) range.converted++;
  }
  return ranges.map((range, i) => ({
    ...range,
    label: i === ranges.length - 1 ? `${range.from}+` : `${range.from}–${range.to}`,
    rate: rate(range.converted, range.leads),
  }));
}

/**
 * Score ranges of about equal size (`parts`, 10 for deciles), cut at score values: leads with
 * the same score always share a range, so concentrated scores give fewer ranges than `parts`.
 */
export function byQuantile(rows, parts = 10) {
  if (rows.length === 0) return [];
  const totals = rows.map((row) => row.total).sort((a, b) => a - b);
  const cuts = [totals[0]];
  for (let k = 1; k < parts; k++) {
    const cut = totals[Math.floor((k * totals.length) / parts)];
    if (cut > cuts[cuts.length - 1]) cuts.push(cut);
  }
  const ranges = cuts.map((from, i) => ({
    from,
    to: i + 1 < cuts.length ? cuts[i + 1] - 1 : totals[totals.length - 1],
    leads: 0,
    converted: 0,
  }));
  for (const { total, converted } of rows) {
    // The last cut at or below the total.
    let lo = 0;
    let hi = ranges.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ranges[mid].from <= total) lo = mid;
      else hi = mid - 1;
    }
    ranges[lo].leads++;
    if (converted) ranges[lo].converted++;
  }
  return ranges.map((range) => ({
    ...range,
    label: range.from === range.to ? `${range.from}` : `${range.from}–${range.to}`,
    rate: rate(range.converted, range.leads),
  }));
}

/**
 * How the MQL line separates: conversion of MQLs and of the rest, the share of all conversions
 * the MQLs hold (recall), and the base rate.
 */
export function mqlSplit(rows) {
  const mqls = tally(rows.filter((row) => row.mql));
  const others = tally(rows.filter((row) => !row.mql));
  const all = tally(rows);
  return {
    mqls,
    others,
    all,
    recall: rate(mqls.converted, all.converted),
    lift: mqls.rate !== null && all.rate ? mqls.rate / all.rate : null,
  };
}

/**
 * The threshold a target conversion rate asks for: the lowest start of a `width`-point range
 * from which every range upward converts at `target` or better. Ranges with fewer than
 * `minLeads` leads are too small to judge and are passed over. Returns
 * `{ threshold, leadsAbove, rateAbove }`, or `{ threshold: null }` when even the top ranges
 * fall short.
 */
export function suggestForTarget(rows, { target, width = 10, minLeads = 20 }) {
  const ranges = byScoreRange(rows, width);
  let threshold = null;
  for (let i = ranges.length - 1; i >= 0; i--) {
    const range = ranges[i];
    if (range.leads < minLeads) continue;
    if (range.rate >= target) threshold = range.from;
    else break;
  }
  if (threshold === null) return { threshold: null, leadsAbove: 0, rateAbove: null };
  const above = tally(rows.filter((row) => row.total >= threshold));
  return { threshold, leadsAbove: above.leads, rateAbove: above.rate };
}

/**
 * The threshold with the best F1 score (the harmonic mean of precision, the conversion rate of
 * leads at or above it, and recall, the share of all conversions they hold), over every score
 * seen. Ties go to the higher threshold (fewer MQLs for the same F1). Returns
 * `{ threshold, precision, recall, f1, leadsAbove }`, or null without any conversion.
 */
export function suggestBestF1(rows) {
  const positives = rows.reduce((n, row) => n + (row.converted ? 1 : 0), 0);
  if (positives === 0) return null;
  // Leads and conversions per score, from the top down.
  const byTotal = new Map();
  for (const { total, converted } of rows) {
    const entry = byTotal.get(total) ?? { leads: 0, converted: 0 };
    entry.leads++;
    if (converted) entry.converted++;
    byTotal.set(total, entry);
  }
  const scores = [...byTotal.keys()].sort((a, b) => b - a);
  let leadsAbove = 0;
  let convertedAbove = 0;
  let best = null;
  for (const score of scores) {
    const entry = byTotal.get(score);
    leadsAbove += entry.leads;
    convertedAbove += entry.converted;
    const precision = convertedAbove / leadsAbove;
    const recall = convertedAbove / positives;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    // Strictly better only: an equal F1 further down keeps the higher threshold.
    if (best === null || f1 > best.f1 + 1e-12)
      best = { threshold: score, precision, recall, f1, leadsAbove };
  }
  return best;
}
