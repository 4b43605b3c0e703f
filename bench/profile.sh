#!/usr/bin/env bash
# Profiles leadscore's Wasm paths (scoreBatch from objects and from JSON text, first call and
# warm, and incremental update): builds a copy of the package whose .wasm keeps its function
# names (the same wasm-opt -O3 as pkg-config/build.sh, plus -g) into bench/.work/pkg-profile,
# then runs bench/js/profile.mjs for each model and writes bench/results/profile-<model>.{md,json}.
# Run scripts/bench.sh (or pkg-config/build.sh) first: it needs the release Wasm build.
#   bench/profile.sh [--leads N]
set -euo pipefail
cd "$(dirname "$0")/.."
wasm=target/wasm32-unknown-unknown/release/leadscore.wasm
out=bench/.work/pkg-profile
[ -f "$wasm" ] || { echo "profile: $wasm is missing: run scripts/bench.sh or bash pkg-config/build.sh first" >&2; exit 2; }
rm -rf "$out" && mkdir -p "$out"
wasm-bindgen --target nodejs --weak-refs --keep-debug --out-dir "$out" --out-name leadscore "$wasm"
node_modules/.bin/wasm-opt -O3 -g --enable-bulk-memory --enable-reference-types --enable-multivalue \
  --enable-nontrapping-float-to-int --enable-sign-ext "$out/leadscore_bg.wasm" -o "$out/leadscore_bg.wasm"
mv "$out/leadscore.js" "$out/leadscore.cjs"
mkdir -p bench/results
for model in default rules100; do
  node --expose-gc bench/js/profile.mjs --model "$model" --out "bench/results/profile-$model" "$@"
done
