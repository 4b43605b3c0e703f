#!/usr/bin/env bash
# The Python tier (scripts/setup.sh --python): a JDK 17 or newer for Spark (Debian's
# openjdk-17-jre-headless when java is missing or older), the virtual environment .venv with the
# pinned packages of bindings/python/requirements.txt, and the leadscore wheel built by maturin
# into target/wheels and installed into .venv. Each step is skipped when already in place.
#   scripts/setup-python.sh              every step, in order
#   scripts/setup-python.sh --debian     prints the Debian packages the tier still needs (none: nothing)
#   scripts/setup-python.sh --packages   the virtual environment and its packages (Debian's installed)
#   scripts/setup-python.sh --wheel      the wheel, built and installed into .venv
# scripts/setup.sh runs the parts apart, so that the downloads overlap the builds.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1msetup:\033[0m %s\n' "$*" >&2; }
fail() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

# `java -version` prints `openjdk version "17.0.15"` (or "1.8.0_402" for Java 8) on stderr.
java_major() {
  java -version 2>&1 | sed -n 's/.*version "\([0-9]*\)\.\{0,1\}\([0-9]*\).*/\1 \2/p' | head -1 |
    awk '{ print ($1 == 1) ? $2 : $1 }'
}

# The Debian packages still missing: a JDK for Spark, and venv for a Python that lacks it.
debian_packages() {
  local java_version
  java_version=$(have java && java_major || true)
  if [ -z "$java_version" ] || [ "$java_version" -lt 17 ]; then echo openjdk-17-jre-headless; fi
  if ! .venv/bin/python -m pip --version >/dev/null 2>&1 && ! python3 -c 'import ensurepip' 2>/dev/null; then
    echo python3-venv
  fi
}

check_python() {
  # The wheel runs on Python 3.9 and later; the pinned test tools (PySpark 4.3, pyarrow 26,
  # numpy 2.4) need 3.11.
  have python3 || fail "Python 3.11 or newer is required for the Python tier (python3 not found)"
  python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
    fail "Python 3.11 or newer is required for the Python tier (found $(python3 --version))"
}

packages() {
  check_python
  # A venv whose pip is missing (python3-venv was not installed when it was made) is made again.
  if ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
    say "creating the virtual environment .venv"
    python3 -m venv --clear .venv
  fi
  local requirements=bindings/python/requirements.txt
  if ! cmp -s "$requirements" .venv/.requirements.txt; then
    say "installing the Python packages of $requirements (pyspark is a large download, once)"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements"
    cp "$requirements" .venv/.requirements.txt
  fi
}

wheel() {
  # cargo rebuilds only what changed; the wheel is reinstalled only when its package differs (its
  # metadata's software bill of materials is new on every build).
  say "building the leadscore wheel (maturin, release)"
  rm -f target/wheels/leadscore-*.whl
  .venv/bin/maturin build --quiet --release --manifest-path bindings/python/Cargo.toml \
    --target-dir target --out target/wheels
  local wheel package_hash
  wheel=$(ls target/wheels/leadscore-*.whl)
  package_hash=$(.venv/bin/python - "$wheel" <<'PY'
import hashlib, sys, zipfile
wheel = zipfile.ZipFile(sys.argv[1])
names = sorted(name for name in wheel.namelist() if name.startswith("leadscore/"))
print(hashlib.sha256(b"".join(name.encode() + wheel.read(name) for name in names)).hexdigest())
PY
)
  if [ "$package_hash" != "$(cat .venv/.leadscore-wheel 2>/dev/null)" ]; then
    say "installing $wheel into .venv"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --force-reinstall \
      --no-deps "$wheel"
    echo "$package_hash" > .venv/.leadscore-wheel
  fi
}

case "${1:-}" in
  --debian) debian_packages ;;
  --packages) packages ;;
  --wheel) wheel ;;
  "")
    missing=$(debian_packages)
    if [ -n "$missing" ]; then
      say "installing Debian packages for the Python tier: $(echo $missing)"
      # shellcheck disable=SC2086 # one package per word
      scripts/apt-install.sh $missing
    fi
    packages
    wheel
    ;;
  *) fail "unknown option $1 (expected --debian, --packages or --wheel)" ;;
esac
