"""Memory stays flat with the number of leads: scoring holds nothing from one Arrow batch to the
next. A fresh process scores the same 2,000 leads (batches of 500, results let go as they come,
as the Spark job's tasks stream them) twice over, notes its peak, goes on to forty times over,
and peaks at about the same size; holding the extra leads' results would take far more. Both
peaks are the same process's, so the several MiB by which two processes' peaks differ do not
count. (Reading Parquet adds pyarrow's own noise of a few tens of MiB, so the leads are read
once, before scoring.)"""

import sys

import pyarrow as pa
import pyarrow.parquet as pq

from support import DEFAULT_MODEL, run, struct_columns

STREAM = """
import sys
import leadscore
import pyarrow.parquet as pq

batches = list(pq.ParquetFile(sys.argv[1]).iter_batches(batch_size=500))
scorer = leadscore.Scorer(open(sys.argv[2]).read())
rows = 0
for passes in map(int, sys.argv[3:]):
    while rows < passes * 2_000:
        for batch in batches:
            results = scorer.score_arrow(batch, as_of="2026-11-20T17:00:00Z", contributions=True)
            rows += results.num_rows
    status = open("/proc/self/status").read().split("VmHWM:")[1].split()[0]
    print(rows, status, results.nbytes)
"""


def stream(leads, *passes):
    """For each number of passes over the 2,000 leads, in one process: rows scored by then, the
    peak resident KiB by then, and the bytes of one batch of results."""
    lines = run([sys.executable, "-c", STREAM, str(leads), str(DEFAULT_MODEL), *map(str, passes)])
    return [[int(n) for n in line.split()] for line in lines.splitlines()]


def test_memory_is_flat_in_the_number_of_leads(generated_2000, tmp_path):
    leads_path, _ = generated_2000
    leads = tmp_path / "leads.parquet"
    pq.write_table(pa.Table.from_batches([struct_columns(leads_path)]), leads, row_group_size=500)
    (rows_few, few, batch_bytes), (rows_many, many, _) = stream(leads, 2, 40)
    assert (rows_few, rows_many) == (4_000, 80_000)
    held = (rows_many - rows_few) / 500 * batch_bytes / 1024
    print(f"peak memory: {few / 1024:.0f} MiB scoring 4,000 leads, {many / 1024:.0f} MiB scoring "
          f"80,000; holding the extra results would take {held / 1024:.0f} MiB more")
    assert many - few < held / 5, (few, many, held)
