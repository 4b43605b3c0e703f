// The objects path of builds of the package against the hand-written JavaScript, every row in
// every round (so the load of a busy machine falls on all of them alike): `scoreBatch` from
// objects (full and summary) and `LeadStore.push` of event objects (the first 300 leads' events,
// asOf in ms; a round's mean per event), after checking that every build gives the same results.
//   node bench/js/experiments/objects-ab.mjs DIR... [--rounds N] [--models default,rules100] [--cpu] [--parsed]
// (each DIR a copy of pkg/node, as for ab-builds.mjs). `--cpu` times each row by the process's
// CPU time (user and system) instead of the wall clock: steadier on a machine others load.
// `--parsed` gives every row the leads through `JSON.parse` of their text (flat strings, as from
// fetch or a file; the generator's are cons strings).
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { AS_OF, AS_OF_MS, loadLeads, loadModels } from "../workload.mjs";
import { median } from "../stats.mjs";
import { compileModel } from "../handwritten.mjs";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const rounds = Number(option("--rounds", 7));
const models = option("--models", "default,rules100").split(",");
const cpu = args.includes("--cpu");
const parsed = args.includes("--parsed");
const FLAGS = ["--cpu", "--parsed"];
const dirs = args.filter(
  (arg, i) =>
    !arg.startsWith("--") && !(args[i - 1]?.startsWith("--") && !FLAGS.includes(args[i - 1])),
);
if (dirs.length === 0 || !(rounds > 0)) {
  console.error(
    "usage: node bench/js/experiments/objects-ab.mjs DIR... [--rounds N] [--models M,M] [--cpu] [--parsed]",
  );
  process.exit(2);
}
const require = createRequire(import.meta.url);
const builds = dirs.map((dir) => require(resolve(dir, "leadscore.cjs")));
const workload = loadLeads(10_000, { write: false });
const leads = parsed ? workload.parsed : workload.leads;
const arriving = leads
  .slice(0, 300)
  .flatMap((lead) => lead.events.map((event) => [lead.id, event, Date.parse(event.at)]));

function timed(run) {
  if (cpu) {
    const start = process.cpuUsage();
    run();
    const { user, system } = process.cpuUsage(start);
    return (user + system) / 1000;
  }
  const start = performance.now();
  run();
  return performance.now() - start;
}

function pushMicros(build, model) {
  const store = new build.LeadStore(new build.Scorer(model.text));
  for (const lead of leads.slice(0, 300)) store.add({ id: lead.id, attributes: lead.attributes });
  return (
    (timed(() => arriving.forEach(([id, event, ms]) => store.push(id, event, ms))) * 1000) /
    arriving.length
  );
}

for (const model of loadModels().filter((m) => models.includes(m.key))) {
  const scorers = builds.map((build) => new build.Scorer(model.text));
  const answers = scorers.map((scorer) =>
    JSON.stringify(scorer.scoreBatch(leads, { asOf: AS_OF })),
  );
  if (answers.some((answer) => answer !== answers[0]))
    throw new Error(`the builds score the ${model.name} differently`);
  const handwritten = compileModel(model.model);
  const times = {
    hand: [],
    full: dirs.map(() => []),
    summary: dirs.map(() => []),
    push: dirs.map(() => []),
  };
  for (let round = 0; round < rounds; round++) {
    times.hand.push(timed(() => leads.map((lead) => handwritten.score(lead, AS_OF_MS))));
    scorers.forEach((scorer, i) => {
      times.full[i].push(timed(() => scorer.scoreBatch(leads, { asOf: AS_OF })));
      const summary = { asOf: AS_OF, detail: "summary" };
      times.summary[i].push(timed(() => scorer.scoreBatch(leads, summary)));
      times.push[i].push(pushMicros(builds[i], model));
    });
  }
  const hand = median(times.hand);
  console.log(
    `${model.name}: hand-written JavaScript ${hand.toFixed(0)} ms (median of ${rounds} rounds${cpu ? ", CPU time" : ""}${parsed ? ", leads from JSON.parse" : ""})`,
  );
  dirs.forEach((dir, i) => {
    const [full, summary] = [median(times.full[i]), median(times.summary[i])];
    console.log(
      `  ${dir}: scoreBatch (objects) ${full.toFixed(0)} ms, ${(hand / full).toFixed(2)}x the hand-written; ` +
        `summary ${summary.toFixed(0)} ms, ${(hand / summary).toFixed(2)}x; ` +
        `LeadStore.push of an object ${median(times.push[i]).toFixed(2)} µs`,
    );
  });
}
