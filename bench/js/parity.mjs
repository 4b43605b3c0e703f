// The parity gate: before anything is timed, every implementation must give every lead the same
// fit, intent and total as leadscore's `scoreBatch` (and the native core, when its totals are
// given). One mismatch fails the benchmark.
import { inputOf } from "./workload.mjs";

/** [fit, intent, total] of each result. */
export function totalsOf(results) {
  return results.map((r) => [r.fit, r.intent, r.total]);
}

/**
 * Sets up every row for the model and runs each once over the whole workload, comparing its
 * totals lead by lead. Returns the rows' runners (warmed up by this pass) and what was found.
 */
export async function parityGate({
  rows,
  ctx,
  leads,
  text,
  parsed = () => JSON.parse(text),
  nativeTotals = null,
  log = () => {},
}) {
  const runners = rows.map((row) => ({ row, run: row.setup(ctx) }));
  const given = {
    leads,
    text,
    get parsed() {
      return parsed();
    },
  };
  const input = (row) => inputOf(row, given);
  const referenceRunner = runners.find((r) => r.row.id === "scoreBatch") ?? runners[0];
  const reference = totalsOf(await referenceRunner.run(input(referenceRunner.row)));
  const checks = [];
  const compare = (name, totals) => {
    const mismatches = [];
    if (totals.length !== reference.length)
      mismatches.push({
        leadId: null,
        expected: reference.length,
        got: totals.length,
        field: "count",
      });
    for (let i = 0; i < Math.min(totals.length, reference.length); i++) {
      const [ef, ei, et] = reference[i];
      const [gf, gi, gt] = totals[i];
      if (ef !== gf || ei !== gi || et !== gt)
        mismatches.push({ leadId: leads[i].id, expected: reference[i], got: totals[i] });
    }
    checks.push({
      implementation: name,
      leads: totals.length,
      mismatches: mismatches.length,
      examples: mismatches.slice(0, 5),
    });
    log(
      `parity: ${name}: ${mismatches.length === 0 ? "ok" : `${mismatches.length} mismatches`} (${totals.length} leads)`,
    );
  };
  for (const runner of runners) {
    const results = runner === referenceRunner ? null : await runner.run(input(runner.row));
    compare(runner.row.id, results === null ? reference : totalsOf(results));
  }
  if (nativeTotals) compare("native", nativeTotals);
  const failed = checks.filter((c) => c.mismatches > 0);
  return { runners, checks, ok: failed.length === 0, reference: referenceRunner.row.id };
}
