// LeadStore.push of event objects in builds of the package, alone: the benchmark's pushes (the
// first 300 leads' events, asOf in epoch milliseconds, 15,000 on the default model), timed by the
// process's CPU time, the builds alternating round by round in one process.
//   node bench/js/experiments/push-ab.mjs DIR... [--rounds N] [--model default|rules100]
// (each DIR a copy of pkg/node, as for objects-ab.mjs).
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { loadLeads, loadModels } from "../workload.mjs";
import { median } from "../stats.mjs";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const rounds = Number(option("--rounds", 15));
const model = loadModels().find((m) => m.key === option("--model", "default"));
const dirs = args.filter((arg, i) => !arg.startsWith("--") && !args[i - 1]?.startsWith("--"));
if (dirs.length === 0 || !(rounds > 0) || !model) {
  console.error("usage: node bench/js/experiments/push-ab.mjs DIR... [--rounds N] [--model M]");
  process.exit(2);
}
const require = createRequire(import.meta.url);
const builds = dirs.map((dir) => require(resolve(dir, "leadscore.cjs")));
const leads = loadLeads(10_000, { write: false }).leads.slice(0, 300);
const arriving = leads.flatMap((lead) =>
  lead.events.map((event) => [lead.id, event, Date.parse(event.at)]),
);

/** CPU microseconds per push, the store filled with the leads first (both freed after). */
function pushMicros(build) {
  const scorer = new build.Scorer(model.text);
  const store = new build.LeadStore(scorer);
  try {
    for (const lead of leads) store.add({ id: lead.id, attributes: lead.attributes });
    const start = process.cpuUsage();
    for (const [id, event, ms] of arriving) store.push(id, event, ms);
    const { user, system } = process.cpuUsage(start);
    return (user + system) / arriving.length;
  } finally {
    store.free();
    scorer.free();
  }
}

const times = dirs.map(() => []);
for (let round = 0; round < rounds; round++) {
  builds.forEach((build, i) => times[i].push(pushMicros(build)));
}
console.log(`${model.name}: ${arriving.length} pushes, CPU time, median of ${rounds} rounds`);
dirs.forEach((dir, i) => console.log(`  ${dir}: ${median(times[i]).toFixed(2)} µs per push`));
