#!/usr/bin/env bash
# The benchmark (issue 5), end to end: installs what is missing, builds pkg/ and the native
# bench binary (release), generates the workload with leadscore/generate (fixed seed), applies
# the parity gate (every implementation, every lead, both models; a mismatch fails the run),
# times every implementation, and writes bench/results/latest.md and latest.json.
# Options go to bench/js/run.mjs: --runs N (5), --leads N (10000), --slow-leads N (2000, for
# json-rules-engine), --update-leads N (200), --cold-runs N (30), --rows id,id,
# --models default,rules100, --no-native, --no-fresh, --out DIR. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1mbench:\033[0m %s\n' "$*" >&2; }

# The options are bench/js/run.mjs's: its usage needs no build, so --help answers at once.
for arg in "$@"; do
  if [[ $arg == -h || $arg == --help ]]; then exec node bench/js/run.mjs --help; fi
done

scripts/setup.sh
say "building pkg/ (release Wasm)"
bash pkg-config/build.sh
say "building the native bench binary (release)"
cargo build --quiet --release --manifest-path bench/native/Cargo.toml --target-dir target
say "running (about 5 to 10 minutes on 2 cores)"
exec node --expose-gc --max-old-space-size=4096 bench/js/run.mjs "$@"
