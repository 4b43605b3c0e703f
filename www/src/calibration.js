// Calibration of the edited model against known outcomes, worked out by the core (leadscore's
// `checkScores`, run in the calibration worker, calibration-worker.js): this only turns the page's
// score table and the model into the core's input. Pure, so the same code runs in the page and in
// unit tests (which call `checkScores` in Node on what it builds).
import { OUTCOME_UNKNOWN, OUTCOME_YES } from "./constants.js";

/** The model's bands as the core reads them (`{ name, min? }`, lowest first), or none. */
function bandsOf(model) {
  if (!Array.isArray(model?.bands)) return [];
  return model.bands
    .filter((band) => typeof band?.name === "string")
    .map((band) =>
      typeof band.min === "number" ? { name: band.name, min: band.min } : { name: band.name },
    );
}

/**
 * The core's input for the leads with a known outcome: `{ table: { totals, outcomes, mql },
 * options, left }`, where `table` holds typed arrays (the MQL flags let the core tell hand-raisers
 * and blocked leads from scored ones), `options` the model's threshold and bands with `advice`
 * (`rangeWidth`, `minMqls`, `targetRate`), and `left` the leads without an outcome. Null when the
 * model has no numeric threshold to judge.
 */
export function scoreCheckInput(table, outcomes, model, advice = {}) {
  const threshold = model?.mql?.threshold;
  if (typeof threshold !== "number" || !Number.isFinite(threshold)) return null;
  let known = 0;
  for (let i = 0; i < outcomes.length; i++) if (outcomes[i] !== OUTCOME_UNKNOWN) known++;
  const totals = new Float64Array(known);
  const converted = new Uint8Array(known);
  const mql = new Uint8Array(known);
  let at = 0;
  for (let i = 0; i < outcomes.length; i++) {
    if (outcomes[i] === OUTCOME_UNKNOWN) continue;
    totals[at] = table.totals[i];
    converted[at] = outcomes[i] === OUTCOME_YES ? 1 : 0;
    mql[at] = table.mql[i];
    at++;
  }
  const options = { threshold, bands: bandsOf(model) };
  for (const name of ["rangeWidth", "minMqls", "targetRate"]) {
    if (advice[name] !== undefined && advice[name] !== null) options[name] = advice[name];
  }
  return { table: { totals, outcomes: converted, mql }, options, left: outcomes.length - known };
}

/** Whether `threshold` falls in a row's range (`from`/`to` null for an open end). */
export function holdsThreshold(row, threshold) {
  return (row.from === null || row.from <= threshold) && (row.to === null || threshold <= row.to);
}
