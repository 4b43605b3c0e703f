#!/usr/bin/env bash
# The Python and Spark benchmark (bench/python/bench.py): installs what is missing (the Python
# tier of scripts/setup.sh, pkg/ for the generator and the Node CLI), then prints leads per second
# per core through score_arrow, the Spark job on local[2] and the Node CLI, Spark's overhead,
# memory as the leads grow, and the nightly projection (also written to bench/results/python.md).
# Arguments go to bench.py: --leads N --events-per-lead E --runs R.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --python
[ -f pkg/bin/leadscore.mjs ] || bash pkg-config/build.sh
.venv/bin/python bench/python/bench.py "$@"
