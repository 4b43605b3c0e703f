// Writes a batch of leads (a JSON array) in the compact form the objects path's writer makes
// (src/wasm/compact-usual.js, with the model's plan that the native bench prints with `--plan`),
// so that the native bench's `--only compact` can count the core's share of `scoreBatch` from
// objects under callgrind (see bench/README.md, "Scoring natively, round 9").
//   node bench/js/experiments/compact-bytes.mjs PLAN.json LEADS.json OUT.bin
import { readFileSync, writeFileSync } from "node:fs";
import { compactLeads } from "../../../src/wasm/compact-usual.js";

const [planFile, leadsFile, out] = process.argv.slice(2);
if (!out) {
  console.error("usage: node bench/js/experiments/compact-bytes.mjs PLAN.json LEADS.json OUT.bin");
  process.exit(2);
}
const reads = JSON.parse(readFileSync(planFile, "utf8"));
const plan = {
  attributes: reads.attributes,
  events: new Map(reads.events),
  limits: reads.limits,
};
const leads = JSON.parse(readFileSync(leadsFile, "utf8"));
const bytes = compactLeads(leads, plan);
writeFileSync(out, bytes);
console.log(`${leads.length} leads, ${bytes.length} bytes`);
