"""The golden cases of tests/golden/ (every file in the folder, as the Rust and JavaScript
runners read them) through the Python package: score, score_batch from dicts and from text,
and score_arrow, whose columns must rebuild the expected result exactly."""

import json

import pyarrow as pa
import pytest

import leadscore
from support import REPO, first_difference, result_from_row

GOLDEN = sorted((REPO / "tests" / "golden").glob("*.json"))


def model_of(case):
    model = case["model"]
    return (REPO / model).read_text() if isinstance(model, str) else model


def test_the_golden_folder_is_read():
    assert len(GOLDEN) >= 10


@pytest.mark.parametrize("path", GOLDEN, ids=lambda path: path.stem)
def test_golden_case(path):
    case = json.loads(path.read_text())
    scorer = leadscore.Scorer(model_of(case))
    lead, as_of, expected = case["lead"], case["asOf"], case["expected"]

    # The golden files store each result with sorted keys: compare as values here, and
    # field by field against the engine's own order below.
    assert scorer.score(lead, as_of=as_of) == expected
    one = scorer.score(json.dumps(lead), as_of=as_of)
    assert one == expected
    assert scorer.score_batch([lead], as_of=as_of) == [one]
    assert scorer.score_batch(json.dumps(lead), as_of=as_of) == [one]

    batch = pa.RecordBatch.from_pylist(
        [{"id": str(lead["id"]), "attributes": json.dumps(lead.get("attributes", {})),
          "events": json.dumps(lead.get("events", []))}]
    )
    rows = scorer.score_arrow(batch, as_of=as_of, contributions=True).to_pylist()
    difference = first_difference([one], [result_from_row(row) for row in rows], path.name)
    assert difference is None, difference
