// The benchmark driver's options (bench/js/run.mjs), read with Node's own argument parser.
import { parseArgs } from "node:util";
import { join } from "node:path";
import { BENCH_DIR } from "./workload.mjs";

export const USAGE = `usage: node --expose-gc bench/js/run.mjs [options]
  --runs N          timed rounds per model, and passes of the update rows (5)
  --leads N         generated leads in the workload (10000)
  --slow-leads N    leads given to the slow rows (2000)
  --update-leads N  leads fed one event at a time to the update rows (200)
  --cold-runs N     fresh processes for the cold start (30)
  --rows id,id      only these rows (ids in bench/js/implementations.mjs)
  --models a,b      only these models (default, rules100)
  --no-native       skip the native core's binary (built by scripts/bench.sh)
  --no-fresh        skip fresh processes, the cold start and Chromium
  --out DIR         where latest.json and latest.md go (bench/results)
  --help            this text`;

const WHOLE = { runs: 5, leads: 10_000, "slow-leads": 2_000, "update-leads": 200, "cold-runs": 30 };

/** The options in `argv`; an Error naming the flag for anything unknown or out of range. */
export function readOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      ...Object.fromEntries(Object.keys(WHOLE).map((name) => [name, { type: "string" }])),
      rows: { type: "string" },
      models: { type: "string" },
      "no-native": { type: "boolean" },
      "no-fresh": { type: "boolean" },
      out: { type: "string" },
      help: { type: "boolean" },
    },
  });
  const whole = (name) => {
    if (values[name] === undefined) return WHOLE[name];
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`--${name} must be a whole number of at least 1, not ${values[name]}`);
    return n;
  };
  return {
    help: values.help ?? false,
    runs: whole("runs"),
    leads: whole("leads"),
    slowLeads: whole("slow-leads"),
    updateLeads: whole("update-leads"),
    coldRuns: whole("cold-runs"),
    rows: values.rows?.split(",") ?? null,
    models: values.models?.split(",") ?? null,
    native: !values["no-native"],
    fresh: !values["no-fresh"],
    out: values.out ?? join(BENCH_DIR, "results"),
  };
}
