#!/usr/bin/env bash
# The full streaming check of the `leadscore` command: 10,000 and then 1,000,000 generated leads
# of about 50 events each (some 5.5 GB of JSON) piped through `leadscore score`, then the same
# counts as a CSV export (attributes as columns, no events), comparing the peak memory of the
# two runs of each and printing the throughput. Takes several minutes on 2 cores; scripts/test.sh
# runs the same tests at 20,000 vs 200,000 leads of about 10 events.
#   scripts/memory-check.sh [SMALL,LARGE] [EVENTS_PER_LEAD]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f pkg/bin/leadscore.mjs ] || { scripts/setup.sh && bash pkg-config/build.sh; }
LEADSCORE_MEMORY_LEADS="${1:-10000,1000000}" LEADSCORE_MEMORY_EVENTS="${2:-50}" \
  node --test --test-reporter=spec tests/js/memory.test.mjs
