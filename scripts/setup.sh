#!/usr/bin/env bash
# Installs what building and testing leadscore needs, skipping whatever is already in place:
# the wasm32 Rust target, the wasm-bindgen CLI at the exact version in Cargo.lock, the npm
# packages of package-lock.json and, with --browser, Debian's Chromium for browser tests.
# With --python: a JDK 17+ for Spark (Debian's, if missing), a virtual environment in .venv with
# the packages of bindings/python/requirements.txt, and the leadscore wheel built by maturin
# (into target/wheels) and installed there.
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

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown Rust target"
  rustup target add wasm32-unknown-unknown
fi

# The CLI must match the wasm-bindgen crate exactly; Cargo.lock says which that is.
[ -f Cargo.lock ] || cargo generate-lockfile
bindgen_version=$(sed -n '/^name = "wasm-bindgen"$/{n;s/^version = "\(.*\)"$/\1/p;}' Cargo.lock)
[ -n "$bindgen_version" ] || fail "Cargo.lock names no wasm-bindgen version"
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $bindgen_version" ]; then
  say "installing wasm-bindgen-cli $bindgen_version (a few minutes, once)"
  cargo install wasm-bindgen-cli --version "$bindgen_version" --locked
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ "$browser" = yes ] && ! have chromium; then
  say "installing Chromium for browser tests (Debian packages chromium, chromium-driver)"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
fi

if [ "$python" = yes ]; then
  scripts/setup-python.sh
fi
say "ready"
