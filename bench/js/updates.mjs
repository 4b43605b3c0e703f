// Incremental updates: each update row fed the leads' events one at a time, every call timed,
// the last result checked against a whole-history `score`.
import { Scorer } from "leadscore";
import { UPDATE_ROWS } from "./implementations.mjs";
import { collectGarbage, median, mean, quantile } from "./stats.mjs";
import { AS_OF, AS_OF_MS } from "./workload.mjs";

function timerOverhead() {
  const samples = new Float64Array(10_000);
  for (let i = 0; i < samples.length; i++) {
    const a = performance.now();
    samples[i] = performance.now() - a;
  }
  return median(samples) * 1000;
}

/** Per-call times of each update row over the leads' events, fed one at a time. */
export function measureUpdates(model, leads, runs) {
  const ctx = { model: model.model, modelText: model.text, asOf: AS_OF, asOfMs: AS_OF_MS };
  const reference = new Scorer(model.text);
  const calls = leads.reduce((n, lead) => n + lead.events.length, 0);
  const rows = UPDATE_ROWS.map((row) => ({ row, updater: row.setup(ctx), passes: [], checked: 0 }));
  for (let pass = 0; pass <= runs; pass++) {
    // Rows take turns within each pass, so that they see the same machine state.
    for (const entry of rows) {
      const { updater } = entry;
      const samples = new Float64Array(calls);
      let k = 0;
      collectGarbage();
      const started = performance.now();
      for (const lead of leads) {
        const session = updater.start(lead);
        let result = null;
        // A row may take each event in the form it arrives in (a webhook's JSON text), made
        // outside the timed call.
        const arriving = updater.prepare ? lead.events.map(updater.prepare) : lead.events;
        for (const event of arriving) {
          const t0 = performance.now();
          result = updater.add(session, event);
          samples[k++] = performance.now() - t0;
        }
        if (updater.finish) result = updater.finish(session, lead.events.at(-1));
        if (pass === 0 && result) {
          // Parity: the last update's result is the whole history's.
          const full = reference.score(lead, { asOf: lead.events.at(-1).at });
          if (
            full.total !== result.total ||
            full.fit !== result.fit ||
            full.intent !== result.intent
          ) {
            throw new Error(
              `parity: ${entry.row.id} disagrees with score for ${lead.id}: ${JSON.stringify([result.fit, result.intent, result.total])} vs ${JSON.stringify([full.fit, full.intent, full.total])}`,
            );
          }
          entry.checked++;
        }
      }
      const wall = (performance.now() - started) / 1000;
      if (pass > 0)
        entry.passes.push({
          medianUs: median(samples) * 1000,
          meanUs: mean(samples) * 1000,
          p90Us: quantile(samples, 0.9) * 1000,
          p99Us: quantile(samples, 0.99) * 1000,
          wallSeconds: wall,
        });
    }
  }
  const overhead = timerOverhead();
  return rows.map(({ row, passes, checked }) => ({
    id: row.id,
    label: row.label,
    leads: leads.length,
    calls,
    passes: passes.length,
    checkedLeads: checked,
    medianUs: median(passes.map((p) => p.medianUs)),
    meanUs: median(passes.map((p) => p.meanUs)),
    p90Us: median(passes.map((p) => p.p90Us)),
    p99Us: median(passes.map((p) => p.p99Us)),
    timerOverheadUs: overhead,
    passesDetail: passes,
  }));
}
