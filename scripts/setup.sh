#!/usr/bin/env bash
# Installs what building and testing leadscore needs, skipping whatever is already in place:
# the wasm32 Rust target, the wasm-bindgen CLI at the exact version in Cargo.lock, the npm
# packages of package-lock.json and, with --browser, Debian's Chromium for browser tests.
# With --python: a JDK 17+ for Spark (Debian's, if missing), a virtual environment in .venv with
# the packages of bindings/python/requirements.txt, and the leadscore wheel built by maturin
# (into target/wheels) and installed there (scripts/setup-python.sh). The downloads run in the
# background while cargo compiles the wasm-bindgen CLI; each step's time is printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1msetup:\033[0m %s\n' "$*" >&2; }
fail() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

browser=no
python=no
for arg in "$@"; do
  case "$arg" in
    --browser) browser=yes ;;
    --python) python=yes ;;
    *) fail "unknown option $arg (expected --browser or --python)" ;;
  esac
done

have cargo || fail "Rust is required (cargo not found): install it from https://rustup.rs"
have node && have npm || fail "Node.js 18 or newer with npm is required"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 18 ] || fail "Node.js 18 or newer is required (found $(node --version))"

# Each step's time, printed at the end: on a fresh machine (CI) setup is a quarter of the run.
step_times=""
timed() {
  local name=$1 started=$SECONDS
  shift
  "$@"
  step_times+=$(printf '%6ds  %s' $((SECONDS - started)) "$name")$'\n'
}

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown Rust target"
  timed "the wasm32 target" rustup target add wasm32-unknown-unknown
fi

# What downloads (Debian's packages, the npm and Python packages) runs in the background while
# cargo compiles the wasm-bindgen CLI, each job's output kept in a log shown if it fails.
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
jobs_started=() jobs_names=()
in_background() {
  local name=$1
  shift
  ( started=$SECONDS; "$@"; echo "$((SECONDS - started))" > "$logs/$name.seconds" ) > "$logs/$name.log" 2>&1 &
  jobs_started+=($!)
  jobs_names+=("$name")
}
wait_for_background() {
  local i failed=""
  for i in "${!jobs_started[@]}"; do
    local name=${jobs_names[$i]}
    if wait "${jobs_started[$i]}"; then
      step_times+=$(printf '%6ds  %s (in the background)' "$(cat "$logs/$name.seconds")" "$name")$'\n'
    else
      failed+=" $name"
    fi
    cat "$logs/$name.log" >&2
  done
  [ -z "$failed" ] || fail "could not install:$failed (its output is above)"
}

# Debian's packages in one apt run (apt takes one at a time): Chromium for the browser tests, and
# what the Python tier still needs (a JDK for Spark).
debian=()
if [ "$browser" = yes ] && ! have chromium; then debian+=(chromium chromium-driver); fi
if [ "$python" = yes ]; then
  # shellcheck disable=SC2207 # one package per word
  debian+=($(scripts/setup-python.sh --debian))
fi
if [ ${#debian[@]} -gt 0 ]; then
  say "installing Debian packages in the background: ${debian[*]}"
  if [ "$python" = yes ] && [[ " ${debian[*]} " == *" python3-venv "* ]]; then
    # The virtual environment needs Debian's venv first.
    in_background "Debian packages, then the Python packages" \
      bash -c 'scripts/apt-install.sh "$@" && scripts/setup-python.sh --packages' - "${debian[@]}"
    python=after-debian
  else
    in_background "Debian packages" scripts/apt-install.sh "${debian[@]}"
  fi
fi
if [ "$python" = yes ]; then
  say "installing the Python packages in the background"
  in_background "Python packages" scripts/setup-python.sh --packages
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages in the background"
  in_background "npm packages" npm ci --no-audit --no-fund --loglevel=error
fi

# The CLI must match the wasm-bindgen crate exactly; Cargo.lock says which that is.
[ -f Cargo.lock ] || cargo generate-lockfile
bindgen_version=$(sed -n '/^name = "wasm-bindgen"$/{n;s/^version = "\(.*\)"$/\1/p;}' Cargo.lock)
[ -n "$bindgen_version" ] || fail "Cargo.lock names no wasm-bindgen version"
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $bindgen_version" ]; then
  say "installing wasm-bindgen-cli $bindgen_version (a few minutes, once)"
  # Built at opt-level 1 in 16 units: 15% less CPU time to compile (4 min 4 s against 4 min 47 s,
  # user time, on this machine's 2 cores), and it runs as fast on this crate's .wasm (0.13 to
  # 0.16 s of CPU either way).
  timed "the wasm-bindgen CLI" env CARGO_PROFILE_RELEASE_OPT_LEVEL=1 \
    CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_LTO=false \
    cargo install wasm-bindgen-cli --version "$bindgen_version" --locked
fi

wait_for_background
if [ "$python" != no ]; then
  timed "the Python wheel" scripts/setup-python.sh --wheel
fi
[ -z "$step_times" ] || printf '\033[1msetup:\033[0m time by step\n%s' "$step_times" >&2
say "ready"
