#!/usr/bin/env bash
# Every test on a fresh machine: installs what is missing (Chromium too, for the browser
# checks), then runs the checks and the three test tiers (native Rust, Wasm in Node, JavaScript
# against the built package, including the `leadscore` command), the packaging test, the
# what-if simulator's and the visitor scorer's demo site's tests (their logic, and the pages in
# headless Chromium), and the Python tier (the package's tests, the Spark example on local[2],
# the parity proof).
set -euo pipefail
cd "$(dirname "$0")/.."
# Each step's time, printed at the end (pass or fail), so that a slower full run shows where:
# the run should stay under 20 minutes (CI allows 90).
BUDGET_SECONDS=$((20 * 60))
started=$SECONDS step_started=$SECONDS step_name=setup timings=""
step() {
  timings+=$(printf '%6ds  %s' $((SECONDS - step_started)) "$step_name")$'\n'
  step_started=$SECONDS step_name=$1
  printf '\n\033[1m== %s\033[0m\n' "$*"
}
report_times() {
  step done >/dev/null
  printf '\n\033[1m== time by step\033[0m\n%s%6ds  in all\n' "$timings" $((SECONDS - started))
  if ((SECONDS - started > BUDGET_SECONDS)); then
    echo "note: the run took over $((BUDGET_SECONDS / 60)) minutes, the budget; the steps above show where" >&2
  fi
}
trap report_times EXIT

scripts/setup.sh --browser --python

step "format and lints"
cargo fmt --check
# The JavaScript, formatted by Prettier (.prettierrc.json) as the Rust is by rustfmt: every .js,
# .mjs and .cjs file but generated output (.prettierignore). `npm run format` rewrites them.
npm run --silent format:check
cargo clippy --quiet --all-targets -- -D warnings
cargo clippy --quiet --target wasm32-unknown-unknown --all-targets -- -D warnings
# The scoring-only build (the browser's `leadscore`), without the lifecycle.
cargo clippy --quiet --no-default-features --features json --all-targets -- -D warnings
cargo clippy --quiet --no-default-features --features json --target wasm32-unknown-unknown --all-targets -- -D warnings
# The small engine (the visitor scorer's): without JSON or the lifecycle (the library alone: the
# tests and examples read JSON).
cargo clippy --quiet --no-default-features --lib -- -D warnings
cargo clippy --quiet --no-default-features --target wasm32-unknown-unknown --lib -- -D warnings
# The benchmark's native binary (its own package, bench/native): kept compiling and clean.
cargo fmt --check --manifest-path bench/native/Cargo.toml
cargo clippy --quiet --manifest-path bench/native/Cargo.toml --target-dir target -- -D warnings
# The benchmark's serde-wasm-bindgen candidate (its own package, bench/serde-wasm-bindgen; Wasm only).
cargo fmt --check --manifest-path bench/serde-wasm-bindgen/Cargo.toml
cargo clippy --quiet --manifest-path bench/serde-wasm-bindgen/Cargo.toml --target wasm32-unknown-unknown --target-dir target -- -D warnings
# The Python binding (its own package, bindings/python).
cargo fmt --check --manifest-path bindings/python/Cargo.toml
cargo clippy --quiet --manifest-path bindings/python/Cargo.toml --target-dir target -- -D warnings
# The fuzz targets (their bodies are linted with the native tests, which replay their corpora).
cargo fmt --check --manifest-path fuzz/Cargo.toml

step "the core knows nothing of JavaScript or Python"
if cargo tree --edges normal --target x86_64-unknown-linux-gnu 2>/dev/null | grep -E 'wasm-bindgen|js-sys'; then
  echo "the native core must not depend on wasm-bindgen or js-sys" >&2
  exit 1
fi
echo "ok: no wasm-bindgen or js-sys in the native dependency tree"
# Only bindings/python knows Python: PyO3 and Arrow stay out of the core on every target.
if cargo tree --edges normal,build --target all 2>/dev/null | grep -E 'pyo3|arrow'; then
  echo "the core must not depend on pyo3 or arrow (they belong to bindings/python)" >&2
  exit 1
fi
cargo tree --manifest-path bindings/python/Cargo.toml --edges normal 2>/dev/null | grep -q pyo3 ||
  { echo "the check above looks for pyo3 where bindings/python has it: it found none there" >&2; exit 1; }
echo "ok: no pyo3 or arrow in the core's dependency tree (bindings/python has them)"

step "native tests"
cargo test --quiet
cargo test --quiet --no-default-features --lib

step "Wasm boundary tests in Node"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --target wasm32-unknown-unknown --test wasm_boundary --test wasm_lifecycle --test wasm_accounts

step "build pkg/"
bash pkg-config/build.sh

step "JavaScript tests against pkg/ (API, CLI, generator, serverless, memory flatness)"
node --test tests/js/

step "parity to the byte: native, Node (text, objects), the small engine and Chromium on 5,000 generated leads, 9 models"
node tests/parity/run.mjs --leads 5000 --events-per-lead 20

step "supply chain: npm audit --omit=dev of the package's production dependencies"
node scripts/audit-package.mjs

step "packaging: npm pack, install the tarball, require, import, bin, esbuild + Chromium, tsc"
node --test tests/packaging/

step "the what-if simulator and the visitor demo: build www/dist, their logic, the pages in headless Chromium"
node www/build.mjs
node --test tests/browser/

step "Python: the package (golden cases, errors, Arrow), the Spark example on local[2], parity"
.venv/bin/python -m pytest -q bindings/python/tests
