"""Limits: every entry point reads leads within the scorer's limits (the same defaults and
messages as the JavaScript package and the core), a lead past one is an InputError at the path
of the first value past it, and the scorer scores on afterwards."""

import pyarrow as pa
import pytest

import leadscore
from support import AS_OF, DEFAULT_MODEL

MODEL = DEFAULT_MODEL.read_text()
LONG = "x" * 70_000  # past the default stringLength of 65,536 bytes
GOOD = {"id": "ok", "events": [{"type": "visit", "at": "2026-11-20T10:00:00Z"}]}


def long_id_lead():
    return {"id": "ok", "events": [{"id": LONG, "type": "visit", "at": "2026-11-20T10:00:00Z"}]}


def assert_past_string_length(err, path):
    assert err.value.path == path
    assert "the stringLength limit" in str(err.value)


@pytest.fixture
def scorer():
    return leadscore.Scorer(MODEL)


def test_score_reads_a_lead_within_the_default_limits(scorer):
    with pytest.raises(leadscore.InputError) as err:
        scorer.score(long_id_lead(), as_of=AS_OF)
    assert_past_string_length(err, "events[0].id")
    assert scorer.score(GOOD, as_of=AS_OF)["leadId"] == "ok"


def test_score_batch_reads_leads_within_the_default_limits(scorer):
    with pytest.raises(leadscore.InputError) as err:
        scorer.score_batch([GOOD, long_id_lead()], as_of=AS_OF)
    assert_past_string_length(err, "[1].events[0].id")


def test_score_arrow_reads_rows_within_the_default_limits(scorer):
    batch = pa.RecordBatch.from_pylist([GOOD, long_id_lead()])
    with pytest.raises(leadscore.InputError) as err:
        scorer.score_arrow(batch, as_of=AS_OF)
    assert_past_string_length(err, "[1].events[0].id")
    collected = scorer.score_arrow(batch, as_of=AS_OF, on_error="collect").to_pylist()
    assert collected[0]["error"] is None
    assert collected[1]["errorPath"] == "events[0].id"
    assert "the stringLength limit" in collected[1]["error"]


def test_calibrate_reads_leads_within_the_default_limits():
    leads = [dict(GOOD, id=f"l{i}") for i in range(10)] + [long_id_lead()]
    with pytest.raises(leadscore.InputError) as err:
        leadscore.calibrate(MODEL, leads, [i % 2 == 0 for i in range(11)], as_of=AS_OF)
    assert_past_string_length(err, "[10].events[0].id")
