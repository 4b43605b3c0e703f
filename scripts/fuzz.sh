#!/usr/bin/env bash
# Fuzzes leadscore with cargo-fuzz (libFuzzer) on the stable toolchain. cargo-fuzz passes
# nightly-only flags (-Z sanitizer, -C passes=sancov...) to rustc; RUSTC_BOOTSTRAP=1 lets the
# stable compiler accept them, so no nightly toolchain is needed (see fuzz/README.md).
#
#   scripts/fuzz.sh list                  the targets
#   scripts/fuzz.sh run TARGET [RUNS]     fuzz one target for RUNS executions (default 1000000)
#   scripts/fuzz.sh all [RUNS]            every target, one after the other
#   scripts/fuzz.sh cmin TARGET|all       minimize the committed corpus (fuzz/corpus/TARGET) by set cover
#
# FUZZ_SANITIZER=address uses AddressSanitizer (default none: about twice the executions a
# second; the core has no unsafe code of its own). FUZZ_ARGS adds libFuzzer options, such as
# "-fork=1 -ignore_crashes=1" to go on past a known crash. Debug assertions (overflow checks
# included) are on. Runs at the lowest priority (nice 19); logs go to fuzz/logs/.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_FUZZ_VERSION=0.13.2
say() { printf '\033[1mfuzz:\033[0m %s\n' "$*" >&2; }
fail() { printf 'fuzz: error: %s\n' "$*" >&2; exit 2; }

if [ "$(cargo fuzz --version 2>/dev/null)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
  say "installing cargo-fuzz $CARGO_FUZZ_VERSION (about a minute, once)"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi
export RUSTC_BOOTSTRAP=1
sanitizer=${FUZZ_SANITIZER:-none}
targets() { sed -n 's/^name = "\(.*\)"$/\1/p' fuzz/Cargo.toml | grep -v '^leadscore-fuzz$'; }
known() { targets | grep -qx "$1" || fail "no target $1 (scripts/fuzz.sh list)"; }

# The raw-JSON targets get the dictionary of the formats' keys; every run a time limit per input
# (a hang is a finding) and a memory limit.
options() {
  local opts=(-timeout=10 -rss_limit_mb=2048 -print_final_stats=1)
  case "$1" in
    model_json | lead_json | batch_json | playbook_json | lifecycle_json) opts+=(-dict=fuzz/dicts/json.dict) ;;
  esac
  echo "${opts[@]}"
}

run() {
  local target=$1 runs=${2:-1000000}
  known "$target"
  [ -d "fuzz/corpus/$target" ] || node fuzz/seeds.mjs
  mkdir -p "fuzz/corpus/$target" fuzz/logs
  local log="fuzz/logs/$target-$(date -u +%Y%m%dT%H%M%SZ).log"
  # shellcheck disable=SC2046,SC2086
  local command=(cargo fuzz run -s "$sanitizer" -a "$target" -- -runs="$runs" $(options "$target") ${FUZZ_ARGS:-})
  say "RUSTC_BOOTSTRAP=1 ${command[*]}   (log: $log)"
  local started=$SECONDS status=0
  nice -n 19 "${command[@]}" >"$log" 2>&1 || status=$?
  summarize "$target" "$log" $((SECONDS - started)) "$status"
  return "$status"
}

# The figures libFuzzer prints last: executions, coverage (cov: edges, ft: features), corpus.
summarize() {
  local target=$1 log=$2 seconds=$3 status=$4
  local last execs
  last=$(grep -E '^#[0-9]+:?[[:space:]]' "$log" | tail -1 || true)
  execs=$(sed -n 's/^stat::number_of_executed_units: //p' "$log" | tail -1)
  [ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9]*\).*/\1/p' <<<"$last")
  printf '%s: %s executions in %ss, exit %s; %s\n' "$target" "${execs:-?}" "$seconds" "$status" \
    "$(grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+(/[0-9]+[a-zA-Z]*)?' <<<"$last" || echo "no stats")"
  grep -E "panicked at|deadly signal|Test unit written" "$log" | head -5 || true
}

# The committed corpora are minimized by set cover (the fewest inputs that keep every feature
# the corpus reaches), with inputs capped in size (4 KiB; 8 KiB for playbooks, whose example is
# that big) to keep the repository small: a few edges that only bigger inputs reach are given up
# (fuzz/RESULTS.md says how many).
max_len() { if [ "$1" = playbook_json ]; then echo 8192; else echo 4096; fi; }

cmin() {
  local target=$1
  known "$target"
  local before kept triple
  before=$(ls "fuzz/corpus/$target" | wc -l)
  nice -n 19 cargo fuzz build -s "$sanitizer" -a "$target" >"fuzz/logs/cmin-$target.log" 2>&1
  triple=$(rustc -vV | sed -n 's/^host: //p')
  kept=$(mktemp -d)
  # shellcheck disable=SC2046
  nice -n 19 "fuzz/target/$triple/release/$target" -set_cover_merge=1 -max_len="$(max_len "$target")" \
    $(options "$target") "$kept" "fuzz/corpus/$target" >>"fuzz/logs/cmin-$target.log" 2>&1
  rm -rf "fuzz/corpus/$target"
  mv "$kept" "fuzz/corpus/$target"
  chmod 755 "fuzz/corpus/$target"
  say "fuzz/corpus/$target: $before -> $(ls "fuzz/corpus/$target" | wc -l) inputs, $(cat "fuzz/corpus/$target"/* | wc -c) bytes;" \
    "$(grep -oE '[0-9]+ new coverage edges' "fuzz/logs/cmin-$target.log" | tail -1)"
}

mkdir -p fuzz/logs
case "${1:-}" in
  list) targets ;;
  run) [ $# -ge 2 ] || fail "usage: scripts/fuzz.sh run TARGET [RUNS]"; run "$2" "${3:-}" ;;
  all) for t in $(targets); do run "$t" "${2:-}" || true; done ;;
  cmin)
    [ $# -ge 2 ] || fail "usage: scripts/fuzz.sh cmin TARGET|all"
    if [ "$2" = all ]; then for t in $(targets); do cmin "$t"; done; else cmin "$2"; fi ;;
  *) fail "usage: scripts/fuzz.sh list | run TARGET [RUNS] | all [RUNS] | cmin TARGET|all" ;;
esac
