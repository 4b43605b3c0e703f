#!/usr/bin/env bash
# Experiment: the .wasm's size and speed under other optimization settings, without touching the
# crate's Cargo.toml: rustc's opt-level (3 as shipped, "s", "z") through CARGO_PROFILE_RELEASE_*
# and wasm-opt's level (-O3 as shipped, -Os, -Oz). For each variant: raw, gzip and brotli bytes,
# and the median time of scoreBatch (JSON text and objects) over the first 2,000 leads of the
# workload (5 runs after a warm-up, in one process per variant; compare variants with each other,
# not with bench/results).
#   bench/size-variants.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work=bench/.work/variants
mkdir -p "$work"
[ -f bench/.work/leads-10000-leadscore-bench-1.json ] || { echo "size-variants: run scripts/bench.sh first (it writes the workload)" >&2; exit 2; }
features=(--enable-bulk-memory --enable-reference-types --enable-multivalue --enable-nontrapping-float-to-int --enable-sign-ext)
variant() {
  local name=$1 rust_opt=$2 wasm_opt=$3
  local target="$work/target-$rust_opt" out="$work/$name"
  CARGO_PROFILE_RELEASE_OPT_LEVEL=$rust_opt cargo build --quiet --release --target wasm32-unknown-unknown --lib --target-dir "$target"
  rm -rf "$out" && mkdir -p "$out"
  wasm-bindgen --target nodejs --weak-refs --out-dir "$out" --out-name leadscore "$target/wasm32-unknown-unknown/release/leadscore.wasm"
  node_modules/.bin/wasm-opt "$wasm_opt" --strip-debug --strip-producers "${features[@]}" "$out/leadscore_bg.wasm" -o "$out/leadscore_bg.wasm"
  mv "$out/leadscore.js" "$out/leadscore.cjs"
  node --expose-gc - "$name" "$out" <<'JS'
const [name, dir] = process.argv.slice(2);
const { readFileSync } = require("node:fs");
const zlib = require("node:zlib");
const bytes = readFileSync(`${dir}/leadscore_bg.wasm`);
const { Scorer } = require(`${process.cwd()}/${dir}/leadscore.cjs`);
const leads = JSON.parse(readFileSync("bench/.work/leads-10000-leadscore-bench-1.json", "utf8")).slice(0, 2000);
const text = JSON.stringify(leads);
const scorer = new Scorer(readFileSync("examples/models/b2b-default.json", "utf8"));
const time = (input) => {
  scorer.scoreBatch(input, { asOf: "2026-11-20T17:00:00Z" });
  const runs = [];
  for (let i = 0; i < 5; i++) {
    global.gc();
    const t = performance.now();
    scorer.scoreBatch(input, { asOf: "2026-11-20T17:00:00Z" });
    runs.push(performance.now() - t);
  }
  return runs.sort((a, b) => a - b)[2];
};
const gzip = zlib.gzipSync(bytes, { level: 9 }).length;
const brotli = zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
console.log(`| ${name} | ${bytes.length.toLocaleString("en-US")} | ${gzip.toLocaleString("en-US")} | ${brotli.toLocaleString("en-US")} | ${time(text).toFixed(0)} | ${time(leads).toFixed(0)} |`);
JS
}
echo "| variant | raw | gzip -9 | brotli 11 | scoreBatch text ms | scoreBatch objects ms |"
echo "|---|---:|---:|---:|---:|---:|"
variant "opt-level 3, wasm-opt -O3 (shipped)" 3 -O3
variant "opt-level 3, wasm-opt -Oz" 3 -Oz
variant "opt-level s, wasm-opt -Os" s -Os
variant "opt-level z, wasm-opt -Oz" z -Oz
