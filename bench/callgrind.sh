#!/usr/bin/env bash
# Instruction counts (valgrind --tool=callgrind: steady on a busy machine) for the native core:
# the batch path (parse, score, serialize) on the first 300 leads of the workload for each model,
# and incremental updates (one event per call) for the first 50 leads of the default model.
# Prints the inclusive counts of the functions the benchmark's README discusses.
# Needs valgrind (Debian package) and scripts/bench.sh run once (the binary and the workload).
#   bench/callgrind.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "callgrind: install valgrind (apt-get install valgrind)" >&2; exit 2; }
bin=target/release/leadscore-bench-native
leads=bench/.work/leads-10000-leadscore-bench-1.json
[ -x "$bin" ] && [ -f "$leads" ] || { echo "callgrind: run scripts/bench.sh first (it builds $bin and writes $leads)" >&2; exit 2; }
out=bench/.work/callgrind
mkdir -p "$out"
node -e '
const fs = require("fs");
const all = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
for (const n of [50, 300]) fs.writeFileSync(`${process.argv[2]}/leads-${n}.json`, JSON.stringify(all.slice(0, n)));
' "$leads" "$out"
pattern='parse_lead_batch|leadscore::lead::parse_lead |Scorer::score_with |fit_outcome|judge_moment|Fold::read|ScoreResult>::serialize|format_inner|Timestamp::parse|Timestamp::to_rfc3339|Test::holds_for|Scorer>::update |LeadState::from_bytes|LeadState::to_bytes|parse_events'
show() {
  callgrind_annotate --inclusive=yes --threshold=100 "$1" 2>/dev/null | grep -E "PROGRAM TOTALS|$pattern" | sed -E 's/ \[[^]]*\]$//; s/\?\?\?://' | head -20
}
for model in default rules100; do
  file=examples/models/b2b-default.json
  [ "$model" = rules100 ] && file=bench/models/b2b-100-rules.json
  valgrind --tool=callgrind --callgrind-out-file="$out/batch-$model.out" "$bin" --model "$file" \
    --leads "$out/leads-300.json" --as-of 2026-11-20T17:00:00Z --only batch --runs 1 >/dev/null 2>&1
  echo "== batch, $model model, 300 leads: parse_lead_batch runs 5 times (2 full, 2 parse-only, 1 setup), score_with 1,500 times (5 x 300)"
  show "$out/batch-$model.out"
done
valgrind --tool=callgrind --callgrind-out-file="$out/update-default.out" "$bin" --model examples/models/b2b-default.json \
  --leads "$out/leads-50.json" --as-of 2026-11-20T17:00:00Z --only update --update-leads 50 >/dev/null 2>&1
calls=$("$bin" --model examples/models/b2b-default.json --leads "$out/leads-50.json" --as-of 2026-11-20T17:00:00Z --only update --update-leads 50 | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).update.calls')
echo "== update, default model: $calls events, each through update_json (wire) and update (in memory), so Scorer::update runs $((2 * calls)) times"
show "$out/update-default.out"
