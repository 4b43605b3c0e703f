// serde-wasm-bindgen as a candidate for handing leads given as objects to Wasm, against the
// compact form the binding uses (and JSON.stringify, the path before it), timed side by side on
// the benchmark's workload. Only the crossing is timed: JavaScript objects in, Rust leads out.
//   node bench/js/serde-wasm-bindgen.mjs [--leads N] [--runs N]
// Needs pkg/ (pkg-config/build.sh) and the candidate's Wasm (bench/serde-wasm-bindgen), built
// and bound by:
//   cargo build --release --target wasm32-unknown-unknown \
//     --manifest-path bench/serde-wasm-bindgen/Cargo.toml --target-dir target
//   wasm-bindgen --target web --out-dir bench/.work/swb --out-name swb \
//     target/wasm32-unknown-unknown/release/leadscore_bench_serde_wasm_bindgen.wasm
//   node_modules/.bin/wasm-opt -O3 bench/.work/swb/swb_bg.wasm -o bench/.work/swb/swb_bg.wasm \
//     --enable-bulk-memory --enable-reference-types --enable-nontrapping-float-to-int
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Scorer } from "leadscore";
import { Scorer as FullScorer } from "leadscore/full";
import { compactLeads } from "../../src/wasm/compact-usual.js";
import { median } from "./stats.mjs";
import { AS_OF, ROOT, WORK_DIR, loadLeads, loadModels } from "./workload.mjs";

const args = process.argv.slice(2);
const option = (name, fallback) =>
  args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback;
const count = option("--leads", 10_000);
const runs = option("--runs", 5);

const swbDir = join(WORK_DIR, "swb");
const swb = await import(pathToFileURL(join(swbDir, "swb.js")).href);
await swb.default({ module_or_path: readFileSync(join(swbDir, "swb_bg.wasm")) });
const small = await import(pathToFileURL(join(ROOT, "pkg/visitor/engine/leadscore.js")).href);
await small.default({
  module_or_path: readFileSync(join(ROOT, "pkg/visitor/engine/leadscore_bg.wasm")),
});

const { leads } = loadLeads(count);
const time = (fn) => {
  const start = performance.now();
  fn();
  return performance.now() - start;
};

for (const model of loadModels()) {
  const scorer = new Scorer(model.text);
  // What the model reads, as the binding's writer takes it.
  const plan = new small.Scorer(new FullScorer(model.text).compiled()).reads();
  const rows = [
    [
      "JSON.stringify (the path before the compact form; parsing in Wasm not included)",
      () => JSON.stringify(leads),
    ],
    [
      "compact form: written in JavaScript (only what the model reads)",
      () => compactLeads(leads, plan),
    ],
    [
      "compact form: written, copied into Wasm, read into the core's leads",
      () => swb.readCompact(compactLeads(leads, plan)),
    ],
    ["serde-wasm-bindgen: whole leads into owned Rust values", () => swb.readOwned(leads)],
    [
      "serde-wasm-bindgen, lower bound: ids, event types and times only",
      () => swb.readSkeleton(leads),
    ],
    [
      'leadscore `scoreBatch` (objects, `detail: "summary"`): crossing, scoring and results',
      () => scorer.scoreBatch(leads, { asOf: AS_OF, detail: "summary" }),
    ],
  ];
  const times = rows.map(() => []);
  for (let run = 0; run < runs + 1; run++)
    rows.forEach(([, fn], i) => {
      const ms = time(fn);
      if (run > 0) times[i].push(ms); // the first round warms up
    });
  const compact = median(times[2]);
  console.log(`\n${model.name}, ${count} leads, median of ${runs}:\n`);
  console.log("| candidate | ms | vs the compact form (read) |\n|---|---:|---:|");
  rows.forEach(([label], i) => {
    const ms = median(times[i]);
    console.log(`| ${label} | ${ms.toFixed(1)} | ${(ms / compact).toFixed(2)}x |`);
  });
}
