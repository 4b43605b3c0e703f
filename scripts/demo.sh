#!/usr/bin/env bash
# The main job on a fresh machine: install what is missing, build the package, and score the
# example leads with the example model.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
bash pkg-config/build.sh
node examples/node/score-examples.mjs "$@"
