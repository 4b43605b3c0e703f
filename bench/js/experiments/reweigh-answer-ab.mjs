// The page's own answer to an edit of weights, alone, in builds of the repository: what the
// simulator's input task does for a threshold or points edit with 10,000 leads of 50 events,
// once the worker's rule table is kept (`www/src/local-reweigh.js`: the edited model compiled,
// `KeptRuleTable.reweigh`, the page's table) and the counts its render takes from that table
// against the baseline's (`mqlCount`, `changeCounts`, `bandDistribution`, `histogramBins`).
// Timed by the process's CPU time, the builds alternating round by round in one process.
//   node bench/js/experiments/reweigh-answer-ab.mjs ROOT... [--rounds N] [--edits N]
// Each ROOT holds a build's `pkg/` (pkg-config/build.sh), its `www/src/`, and
// `node_modules/leadscore` linked to its `pkg/` (a checkout, or a copy made so: the page's
// modules import `leadscore/full` from there).
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { readFileSync } from "node:fs";
import { generateLead, generatorOptions } from "leadscore/generate";
import { median } from "../stats.mjs";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const rounds = Number(option("--rounds", 15));
const editCount = Number(option("--edits", 40));
const roots = args.filter(
  (arg, i) => !arg.startsWith("--") && !["--rounds", "--edits"].includes(args[i - 1]),
);
if (roots.length === 0 || !(rounds > 0) || !(editCount > 0)) {
  console.error("usage: node reweigh-answer-ab.mjs ROOT... [--rounds N] [--edits N]");
  process.exit(2);
}

const AS_OF = "2026-11-20T17:00:00Z";
const LEADS = 10_000;
const base = JSON.parse(
  readFileSync(new URL("../../../examples/models/b2b-default.json", import.meta.url), "utf8"),
);
const options = generatorOptions({ leads: LEADS, seed: "leadscore-bench-1", eventsPerLead: 50 });
const leadsText = JSON.stringify(
  Array.from({ length: LEADS }, (_, i) => generateLead(i, options).lead),
);

/** Model texts of `count` edits of one kind, each a value not seen before (as a user types). */
function editsOf(kind, count) {
  return Array.from({ length: count }, (_, i) => {
    const model = structuredClone(base);
    if (kind === "threshold") model.mql.threshold = 20 + (i % 60) + Math.floor(i / 60) / 2;
    else model.intent.rules[0].points = (base.intent.rules[0].points ?? 0) + 1 + i;
    return JSON.stringify(model);
  });
}
const EDITS = { threshold: editsOf("threshold", editCount), points: editsOf("points", editCount) };

/** One build: its engine, its page modules, the worker's table kept, the baseline's table. */
async function load(root) {
  const src = pathToFileURL(resolve(root, "www/src")).href;
  const engine = createRequire(resolve(root, "www/src/x.js"))("leadscore/full");
  const page = await import(`${src}/local-reweigh.js`);
  const impact = await import(`${src}/impact.js`);
  const { histogramBins } = await import(`${src}/histogram.js`);
  const set = new engine.LeadSet(leadsText);
  const text = JSON.stringify(base);
  const scorer = new engine.Scorer(text);
  const baseline = set.standings(scorer, { asOf: AS_OF });
  const bands = base.bands.map((band) => band.name);
  const before = impact.standingsTable(baseline, bands, engine.LeadSet.flags().mql);
  await page.keepTable({
    bytes: set.ruleTable(scorer, { asOf: AS_OF }),
    model: text,
    asOf: AS_OF,
    generation: 1,
    warnings: [],
  });
  set.free();
  /** The input task's engine part and the render's counts, for one edited model's text. */
  const edit = (current, previous) => {
    const here = page.reweighHere({ current, asOf: AS_OF, generation: 1, previous, before });
    const after = here.after;
    const counts = [
      impact.mqlCount(after),
      impact.changeCounts(before, after),
      impact.bandDistribution(before, after),
      histogramBins(before, after, [50, JSON.parse(current).mql.threshold]),
    ];
    return { after, counts };
  };
  return { root, engine, impact, bands, edit, before };
}

const builds = [];
for (const root of roots) builds.push(await load(root));

const COLUMNS = ["totals", "fit", "intent", "band", "mql", "bands", "fitBand", "intentBand"];
// The builds answer alike: the same tables and counts for every edit.
for (const kind of Object.keys(EDITS)) {
  const answers = builds.map((build) => {
    let previous = build.before;
    return EDITS[kind].slice(0, 5).map((text) => {
      const { after, counts } = build.edit(text, previous);
      previous = after;
      return JSON.stringify({
        after: COLUMNS.map((column) => Array.from(after[column])),
        counts,
      });
    });
  });
  for (const other of answers.slice(1))
    if (other.join() !== answers[0].join()) throw new Error(`the builds answer ${kind} apart`);
}

/** CPU milliseconds per edit of `kind`, edits made one after another as in the page. */
function editMillis(build, kind) {
  let previous = build.before;
  const start = process.cpuUsage();
  for (const text of EDITS[kind]) previous = build.edit(text, previous).after;
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000 / EDITS[kind].length;
}

const kinds = Object.keys(EDITS);
const times = builds.map(() => Object.fromEntries(kinds.map((kind) => [kind, []])));
for (let round = 0; round < rounds; round++) {
  builds.forEach((build, i) => {
    for (const kind of kinds) times[i][kind].push(editMillis(build, kind));
  });
}
console.log(
  `${LEADS} leads of 50 events, ${editCount} edits of each kind a round, CPU ms per edit, ` +
    `median of ${rounds} rounds (the compile, the reweigh, the page's table and the render's counts)`,
);
builds.forEach((build, i) => {
  const line = kinds.map((kind) => `${kind} ${median(times[i][kind]).toFixed(3)}`);
  console.log(`  ${build.root}: ${line.join("; ")}`);
});
