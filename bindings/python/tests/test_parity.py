"""Same answers, proved: 20,000 generated leads (`leadscore generate`, fixed seed) scored by the
Node CLI, by the native Rust core (the score_file example), by the Python package (score_batch,
and score_arrow on struct columns) and by the Spark job on local[2] over 8 partitions (the
README's spark-submit line) give identical results: every field of every lead, compared as
serialized JSON. (test_spark.py runs the job on Parquet struct columns too.)"""

import json
import os
import sys

import pyarrow.dataset as pa_dataset
import pytest

import leadscore
from support import (
    AS_OF,
    DEFAULT_MODEL,
    REPO,
    first_difference,
    generate_leads,
    node_cli,
    result_from_row,
    run,
    struct_columns,
)

LEADS = 20_000
PARTITIONS = 8


@pytest.fixture(scope="module")
def workload(tmp_path_factory):
    folder = tmp_path_factory.mktemp("parity")
    leads_path, outcomes_path = generate_leads(folder, leads=LEADS, seed="parity-1",
                                               events_per_lead=20)
    return folder, leads_path, outcomes_path


@pytest.fixture(scope="module")
def node_results(workload):
    """The reference: the Node CLI's results with their explanation (`why` left out)."""
    _, leads_path, _ = workload
    printed = node_cli("score", "--model", DEFAULT_MODEL, "--leads", leads_path, "--as-of", AS_OF,
                       "--explain", "--quiet")
    results = [json.loads(line) for line in printed.splitlines()]
    for result in results:
        del result["why"]
    assert len(results) == LEADS
    return results


def by_lead(results):
    return sorted(results, key=lambda result: result["leadId"])


def check(label, node_results, results):
    difference = first_difference(by_lead(node_results), by_lead(results), label)
    assert difference is None, difference


def test_native_rust_agrees(workload, node_results):
    folder, leads_path, _ = workload
    array = folder / "leads.json"
    array.write_text("[" + ",".join(leads_path.read_text().splitlines()) + "]")
    printed = run(["cargo", "run", "--quiet", "--example", "score_file", "--",
                   str(DEFAULT_MODEL), str(array), AS_OF], cwd=REPO)
    check("native Rust (score_file)", node_results, json.loads(printed))


def test_python_score_batch_agrees(workload, node_results):
    _, leads_path, _ = workload
    scorer = leadscore.Scorer(DEFAULT_MODEL.read_text())
    check("Python score_batch", node_results,
          scorer.score_batch(leads_path.read_text(), as_of=AS_OF))


def test_python_score_arrow_agrees(workload, node_results):
    _, leads_path, _ = workload
    scorer = leadscore.Scorer(DEFAULT_MODEL.read_text())
    batch = scorer.score_arrow(struct_columns(leads_path), as_of=AS_OF, contributions=True)
    check("Python score_arrow", node_results, [result_from_row(r) for r in batch.to_pylist()])


def test_spark_submit_agrees(workload, node_results):
    """The README's spark-submit line, on local[2]."""
    folder, leads_path, outcomes_path = workload
    out = folder / "scored-jsonl"
    spark_submit = os.path.join(os.path.dirname(sys.executable), "spark-submit")
    printed = run(
        [spark_submit, "--master", "local[2]", "--conf", "spark.ui.enabled=false",
         "--conf", "spark.ui.showConsoleProgress=false",
         "examples/spark/score_leads.py", "--model", "examples/models/b2b-default.json",
         "--leads", str(leads_path), "--as-of", AS_OF, "--out", str(out),
         "--outcomes", str(outcomes_path), "--partitions", str(PARTITIONS), "--contributions"],
        cwd=REPO, env={**os.environ, "PYSPARK_PYTHON": sys.executable},
    )
    assert f"scored {LEADS} leads into {out} (0 could not be read)" in printed
    assert "conversion by band:\n  cold: " in printed
    rows = pa_dataset.dataset(out, format="parquet").to_table().to_pylist()
    check("spark-submit on local[2]", node_results, [result_from_row(row) for row in rows])
