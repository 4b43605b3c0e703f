// The objects path's writer alone (`compactLeads` of the workload's 10,000 leads), from copies of
// src/wasm/compact-usual.js and compact-lead.js, alternating in one process by CPU time, after
// checking that every copy writes the same bytes and leaves out the same ids. The plan (what the
// model reads) is the one a build hands its writer, taken from that build's first batch.
//   node --expose-gc bench/js/experiments/writer-ab.mjs BUILD DIR... [--rounds N] [--model default|rules100] [--parsed]
// (BUILD a copy of pkg/node; each DIR holds a copy of the two modules, for example
// `mkdir /tmp/w-a && cp src/wasm/compact-*.js /tmp/w-a/` before and after a change; `--parsed`:
// the leads through `JSON.parse` of their text, with flat strings.)
import { createRequire } from "node:module";
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { AS_OF, loadLeads, loadModels } from "../workload.mjs";
import { median } from "../stats.mjs";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const rounds = Number(option("--rounds", 15));
const modelKey = option("--model", "default");
const parsed = args.includes("--parsed");
const [build, ...dirs] = args.filter(
  (arg, i) =>
    !arg.startsWith("--") && !(args[i - 1]?.startsWith("--") && args[i - 1] !== "--parsed"),
);
if (!build || dirs.length === 0 || !(rounds > 0) || typeof globalThis.gc !== "function") {
  console.error(
    "usage: node --expose-gc bench/js/experiments/writer-ab.mjs BUILD DIR... [--rounds N]",
  );
  process.exit(2);
}

// The build's writer module, wrapped (before the build loads it) to keep the plan it is handed.
const require = createRequire(import.meta.url);
const snippets = resolve(build, "snippets");
const writerPath = join(snippets, readdirSync(snippets)[0], "src/wasm/compact-usual.cjs");
const real = require(writerPath);
let plan;
require.cache[writerPath].exports = {
  ...real,
  compactLeads(leads, given) {
    plan = given;
    return real.compactLeads(leads, given);
  },
};
const { Scorer } = require(resolve(build, "leadscore.cjs"));
const model = loadModels().find((m) => m.key === modelKey);
const workload = loadLeads(10_000, { write: false });
const leads = parsed ? workload.parsed : workload.leads;
new Scorer(model.text).scoreBatch(leads.slice(0, 1), { asOf: AS_OF });
const { leftOut: _, ...shared } = plan;

const writers = [];
for (const dir of dirs) writers.push(await import(pathToFileURL(resolve(dir, "compact-usual.js"))));
const plans = writers.map(() => ({ ...shared }));
const written = writers.map((writer, i) => {
  const bytes = writer.compactLeads(leads, plans[i]);
  return { bytes: Buffer.from(bytes).toString("base64"), ids: JSON.stringify(plans[i].leftOut) };
});
written.forEach(({ bytes, ids }, i) => {
  if (bytes !== written[0].bytes || ids !== written[0].ids)
    throw new Error(`${dirs[i]} writes other bytes or leaves out other ids than ${dirs[0]}`);
});

const times = writers.map(() => []);
for (let round = 0; round < rounds; round++) {
  writers.forEach((writer, i) => {
    globalThis.gc();
    const start = process.cpuUsage();
    writer.compactLeads(leads, plans[i]);
    const { user, system } = process.cpuUsage(start);
    times[i].push((user + system) / 1000);
  });
}
console.log(`${model.name}: compactLeads of 10,000 leads, CPU median of ${rounds} rounds`);
dirs.forEach((dir, i) => console.log(`  ${dir}: ${median(times[i]).toFixed(1)} ms`));
