// What a fresh Node process pays to score its first lead: import the package (which reads and
// instantiates the .wasm), compile the model, score one lead. The benchmark runs this file many
// times against a bare `node -e ""`; with BENCH_REPORT=1 it also prints its own stage times.
import { readFileSync } from "node:fs";

const started = performance.now();
const { Scorer } = await import("leadscore");
const imported = performance.now();
const scorer = new Scorer(
  readFileSync(new URL("../../examples/models/b2b-default.json", import.meta.url), "utf8"),
);
const compiled = performance.now();
const [lead] = JSON.parse(
  readFileSync(new URL("../../examples/leads/b2b-leads.json", import.meta.url), "utf8"),
);
const read = performance.now();
const result = scorer.score(lead, { asOf: "2026-11-20T17:00:00Z" });
const scored = performance.now();
if (result.total !== 95) throw new Error(`the first example lead scored ${result.total}, not 95`);
if (process.env.BENCH_REPORT) {
  process.stdout.write(
    JSON.stringify({
      sinceProcessStartMs: scored,
      importMs: imported - started,
      compileModelMs: compiled - imported,
      firstScoreMs: scored - read,
    }) + "\n",
  );
}
