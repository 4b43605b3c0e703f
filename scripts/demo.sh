#!/usr/bin/env bash
# The main job on a fresh machine: install what is missing, build the package, score the
# example leads with the example model through the `leadscore` command, then build the what-if
# simulator (www/) and serve it on 127.0.0.1 until Ctrl-C (the URL is printed; SIMULATOR_PORT
# picks the port). Extra arguments go to `leadscore score` (for example `--explain`, or
# `--as-of now`; see `leadscore score --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
bash pkg-config/build.sh
node pkg/bin/leadscore.mjs score --model examples/models/b2b-default.json --leads examples/leads/b2b-leads.json --as-of 2026-11-20T17:00:00Z --format table "$@"
echo
node www/build.mjs
exec node scripts/serve.mjs ${SIMULATOR_PORT:+--port "$SIMULATOR_PORT"}
