// How long calibrating and fitting takes in Node: generated leads (about 50 events each, with
// the generator's hidden outcomes) through a Calibration of the example model, added in batches
// of 5,000 as JSON text (each lead parsed and tabulated as of the generator's end), then run (tables, separation,
// advice, signal power, the penalty chosen by 5-fold cross-validation, the fit, the holdout
// comparison). Generating the leads is not timed. Prints the figures; asserts nothing.
//
//   node --expose-gc bench/calibration/calibrate-100k.mjs [--leads 100000] [--seed 7]
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { Calibration } from "leadscore/full";
import { generateLead, generatorOptions } from "../../pkg-config/cli/generate.mjs";

const { values } = parseArgs({
  options: { leads: { type: "string", default: "100000" }, seed: { type: "string", default: "7" } },
});
const model = readFileSync(
  new URL("../../examples/models/b2b-default.json", import.meta.url),
  "utf8",
);
const options = generatorOptions({ leads: Number(values.leads), seed: values.seed });
const BATCH = 5000;

const calibration = new Calibration(model);
let [events, addMs, addCpuMs] = [0, 0, 0];
/** CPU milliseconds (user and system) of this process so far. */
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
/** Batch `start` as JSON text (as a caller reading an export holds it) and its outcomes. */
function batchText(start) {
  const leads = [];
  const outcomes = [];
  for (let i = start; i < Math.min(start + BATCH, options.leads); i++) {
    const { lead, outcome } = generateLead(i, options);
    events += lead.events.length;
    leads.push(lead);
    outcomes.push(outcome.converted);
  }
  return { text: JSON.stringify(leads), outcomes };
}
for (let start = 0; start < options.leads; start += BATCH) {
  const { text, outcomes } = batchText(start);
  // The generated objects are garbage now: collect them before the clock starts (with
  // --expose-gc), or the collector's threads count in the CPU time of `add`.
  globalThis.gc?.();
  const [began, beganCpu] = [performance.now(), cpuMs()];
  calibration.add(text, outcomes, { asOf: options.endMs });
  addMs += performance.now() - began;
  addCpuMs += cpuMs() - beganCpu;
}
const [began, beganCpu] = [performance.now(), cpuMs()];
const report = calibration.run({ seed: 1 });
const [runMs, runCpuMs] = [performance.now() - began, cpuMs() - beganCpu];
const n = (value) => value.toLocaleString("en-US");
const s = (ms, cpu) => `${(ms / 1000).toFixed(2)} s (CPU ${(cpu / 1000).toFixed(2)} s)`;
console.log(
  `${n(options.leads)} leads, ${(events / options.leads).toFixed(1)} events each on average (Node ${process.version})`,
);
console.log(
  `add (parse JSON text and tabulate each lead as of its decision time): ${s(addMs, addCpuMs)}`,
);
console.log(
  `run (tables, advice, signals, ${report.split.folds}-fold cross-validation on ${n(report.fitted.cvLeads)} leads, the fit on ${n(report.leads.train.leads)}, the holdout comparison): ${s(runMs, runCpuMs)}`,
);
console.log(`calibrating and fitting in all: ${s(addMs + runMs, addCpuMs + runCpuMs)}`);
console.log(report.comparison.says);
