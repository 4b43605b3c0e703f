// Experiment behind a recommendation in bench/README.md: the first `scoreBatch` over the whole
// workload in a fresh process, in one call or in calls of N leads, then a second (warm) pass.
//   node bench/js/experiments/first-call-chunks.mjs [LEADS_FILE] [MODEL_FILE]
// runs each chunk size in 3 fresh processes and prints the medians.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const [
  leadsFile = "bench/.work/leads-10000-leadscore-bench-1.json",
  modelFile = "examples/models/b2b-default.json",
  chunkArg,
] = process.argv.slice(2);

if (chunkArg) {
  // Child: one fresh process, one chunk size.
  const { Scorer } = await import("leadscore");
  const leads = JSON.parse(readFileSync(leadsFile, "utf8"));
  const scorer = new Scorer(readFileSync(modelFile, "utf8"));
  const chunk = Number(chunkArg);
  const pass = () => {
    const start = performance.now();
    for (let i = 0; i < leads.length; i += chunk)
      scorer.scoreBatch(leads.slice(i, i + chunk), { asOf: "2026-11-20T17:00:00Z" });
    return performance.now() - start;
  };
  const first = pass();
  const second = pass();
  process.stdout.write(
    JSON.stringify({ first, second, maxRss: process.resourceUsage().maxRSS * 1024 }) + "\n",
  );
} else {
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(
    "| leads per call | first pass ms | second pass ms | peak RSS MiB |\n|---:|---:|---:|---:|",
  );
  for (const chunk of [10000, 1000, 100]) {
    const runs = [0, 1, 2].map(() =>
      JSON.parse(
        spawnSync(
          process.execPath,
          [fileURLToPath(import.meta.url), leadsFile, modelFile, String(chunk)],
          { encoding: "utf8" },
        ).stdout,
      ),
    );
    console.log(
      `| ${chunk} | ${median(runs.map((r) => r.first)).toFixed(0)} | ${median(runs.map((r) => r.second)).toFixed(0)} | ${(median(runs.map((r) => r.maxRss)) / 2 ** 20).toFixed(0)} |`,
    );
  }
}
