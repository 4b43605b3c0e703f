#!/usr/bin/env node
// Times `lifecycle.slaStatus` through the npm package on lifecycle_json inputs (`record \0 action
// \0 routing \0 now`) with the example playbook: the slow inputs of fuzz/RESULTS.md, bug 3.
//   node fuzz/slow/time-sla-status.mjs fuzz/slow/lifecycle_json/*    (after bash pkg-config/build.sh)
import { readFileSync } from "node:fs";
import { Lifecycle } from "leadscore/full";

const read = (path) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
const lifecycle = new Lifecycle(
  read("examples/playbooks/b2b-default.json"),
  read("examples/models/b2b-default.json"),
);
for (const file of process.argv.slice(2)) {
  const [record, , , now] = readFileSync(file, "utf8").split("\0");
  const started = performance.now();
  lifecycle.slaStatus(JSON.parse(record), { now: now.trim() });
  console.log(`${file}: slaStatus took ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
