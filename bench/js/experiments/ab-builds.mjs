// Two builds of the package compared in one process, for a change too small to see across full
// benchmark runs on a noisy machine: rounds alternate A and B, and the ratio of their medians is
// the figure (B/A below 1 means B is faster). Times `LeadStore.push` (one event as JSON text, or
// the event object; asOf in ms, the first 300 leads' events) and `scoreBatch` from JSON text and
// from objects (full and summary) on the workload, for the default and the 100-rule model; the
// hand-written JavaScript is timed in the same rounds, for the objects path's ratio to it.
//   bash pkg-config/build.sh && cp -r pkg/node /tmp/leadscore-a   # the build before the change
//   (apply the change) bash pkg-config/build.sh && cp -r pkg/node /tmp/leadscore-b
//   node bench/js/experiments/ab-builds.mjs /tmp/leadscore-a /tmp/leadscore-b [--rounds N]
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { AS_OF, AS_OF_MS, loadLeads, loadModels } from "../workload.mjs";
import { median } from "../stats.mjs";
import { compileModel } from "../handwritten.mjs";

const args = process.argv.slice(2);
const roundsAt = args.indexOf("--rounds");
const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 7;
const dirs = args.filter((arg, i) => !arg.startsWith("--") && i !== roundsAt + 1);
if (dirs.length !== 2 || !(rounds > 0)) {
  console.error(
    "usage: node bench/js/experiments/ab-builds.mjs DIR_A DIR_B [--rounds N]  (each DIR a copy of pkg/node)",
  );
  process.exit(2);
}
const require = createRequire(import.meta.url);
const [A, B] = dirs.map((dir) => require(resolve(dir, "leadscore.cjs")));

const workload = loadLeads(10_000, { write: false });
const pushLeads = workload.leads.slice(0, 300).map((lead) => ({
  lead,
  arriving: lead.events.map((event) => [JSON.stringify(event), Date.parse(event.at)]),
  objects: lead.events.map((event) => [event, Date.parse(event.at)]),
}));

function pushMicros(build, model, given = "arriving") {
  const store = new build.LeadStore(new build.Scorer(model.text));
  for (const { lead } of pushLeads) store.add({ id: lead.id, attributes: lead.attributes });
  let calls = 0;
  const start = performance.now();
  for (const session of pushLeads) {
    for (const [event, asOfMs] of session[given]) {
      store.push(session.lead.id, event, asOfMs);
      calls++;
    }
  }
  return ((performance.now() - start) * 1000) / calls;
}

function batchMillis(build, model, detail, leads = workload.text) {
  const scorer = new build.Scorer(model.text);
  const start = performance.now();
  scorer.scoreBatch(leads, { asOf: AS_OF, detail });
  return performance.now() - start;
}

/** The hand-written JavaScript on the same leads (the same in both builds: the reference). */
function handwrittenMillis(build, model) {
  const scorer = compileModel(model.model);
  const start = performance.now();
  workload.leads.map((lead) => scorer.score(lead, AS_OF_MS));
  return performance.now() - start;
}

const measures = [
  ["LeadStore.push, µs per event", pushMicros],
  ["scoreBatch (JSON text), ms", (build, model) => batchMillis(build, model, "full")],
  ["scoreBatch (JSON text, summary), ms", (build, model) => batchMillis(build, model, "summary")],
  ["LeadStore.push of the event object, µs per event", (b, m) => pushMicros(b, m, "objects")],
  ["scoreBatch (objects), ms", (b, m) => batchMillis(b, m, "full", workload.leads)],
  ["scoreBatch (objects, summary), ms", (b, m) => batchMillis(b, m, "summary", workload.leads)],
  ["hand-written JavaScript (objects), ms", handwrittenMillis],
];

for (const model of loadModels()) {
  // Same answers first: a speed-up that changes results is not one.
  const answers = [A, B].flatMap((build) =>
    [workload.text, workload.leads].map((leads) =>
      JSON.stringify(new build.Scorer(model.text).scoreBatch(leads, { asOf: AS_OF })),
    ),
  );
  if (answers.some((answer) => answer !== answers[0]))
    throw new Error(
      `the two builds (from text and from objects) score the ${model.name} differently`,
    );
  for (const [label, measure] of measures) {
    const times = { a: [], b: [] };
    measure(A, model);
    measure(B, model);
    for (let round = 0; round < rounds; round++) {
      times.a.push(measure(A, model));
      times.b.push(measure(B, model));
    }
    const [ma, mb] = [median(times.a), median(times.b)];
    console.log(
      `${model.name}, ${label}: A ${ma.toFixed(2)}, B ${mb.toFixed(2)}, B/A ${(mb / ma).toFixed(3)} (median of ${rounds} alternating rounds)`,
    );
  }
}
