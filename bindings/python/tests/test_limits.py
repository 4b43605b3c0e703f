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


def test_limits_are_set_by_name_and_bound_every_lead():
    scorer = leadscore.Scorer(MODEL, limits={"eventsPerLead": 2, "batchSize": 3})
    assert scorer.limits == {
        "eventsPerLead": 2,
        "rulesPerModel": 10_000,
        "stringLength": 65_536,
        "nestingDepth": 32,
        "batchSize": 3,
    }
    three = dict(GOOD, events=GOOD["events"] * 3)
    with pytest.raises(leadscore.InputError) as err:
        scorer.score(three, as_of=AS_OF)
    assert err.value.path == "events[2]"
    assert "at most 2 events (the eventsPerLead limit)" in str(err.value)
    with pytest.raises(leadscore.InputError) as err:
        scorer.score_batch([GOOD] * 4, as_of=AS_OF)
    assert err.value.path == "[3]"
    with pytest.raises(leadscore.InputError) as err:
        scorer.score_arrow(pa.RecordBatch.from_pylist([GOOD] * 4), as_of=AS_OF)
    assert err.value.path == "[3]"
    # At the limits, leads are scored; and the scorer scores on after each refusal.
    assert len(scorer.score_batch([GOOD] * 3, as_of=AS_OF)) == 3
    assert scorer.score(dict(GOOD, events=GOOD["events"] * 2), as_of=AS_OF)["leadId"] == "ok"


def test_raised_limits_admit_what_the_defaults_refuse():
    scorer = leadscore.Scorer(MODEL, limits={"stringLength": 100_000})
    assert scorer.score(long_id_lead(), as_of=AS_OF)["leadId"] == "ok"
    assert leadscore.Scorer(MODEL, limits=None).limits["stringLength"] == 65_536


def test_a_model_past_the_rules_limit_is_a_model_error():
    with pytest.raises(leadscore.ModelError) as err:
        leadscore.Scorer(MODEL, limits={"rulesPerModel": 3})
    assert err.value.path == "fit.rules[3]"
    assert "the rulesPerModel limit" in err.value.errors[0]["message"]


@pytest.mark.parametrize(
    "limits, path, phrase",
    [
        ([1], "limits", "must be a dict"),
        ({"eventsperlead": 5}, "limits", "may only name the limits eventsPerLead, rulesPerModel"),
        ({1: 5}, "limits", "1 is not one"),
        ({"eventsPerLead": 0}, "limits.eventsPerLead", "whole number of at least 1"),
        ({"eventsPerLead": -3}, "limits.eventsPerLead", "whole number of at least 1"),
        ({"nestingDepth": 2.0}, "limits.nestingDepth", "whole number of at least 1"),
        ({"batchSize": True}, "limits.batchSize", "whole number of at least 1"),
        ({"batchSize": "10"}, "limits.batchSize", "whole number of at least 1"),
        ({"batchSize": 2**70}, "limits.batchSize", "whole number of at least 1"),
    ],
)
def test_bad_limits_are_named(limits, path, phrase):
    with pytest.raises(leadscore.InputError) as err:
        leadscore.Scorer(MODEL, limits=limits)
    assert err.value.path == path
    assert phrase in str(err.value)


def test_calibrate_takes_the_same_limits():
    leads = [dict(GOOD, id=f"l{i}") for i in range(12)]
    outcomes = [i % 2 == 0 for i in range(12)]
    with pytest.raises(leadscore.InputError) as err:
        leadscore.calibrate(MODEL, leads, outcomes, as_of=AS_OF, limits={"batchSize": 10})
    assert err.value.path == "[10]"
    with pytest.raises(leadscore.InputError) as err:
        leadscore.calibrate(MODEL, leads, outcomes, as_of=AS_OF, limits={"size": 10})
    assert err.value.path == "limits"
    # Within the limits, the leads reach calibration itself (which wants more converted leads).
    with pytest.raises(leadscore.InputError) as err:
        leadscore.calibrate(MODEL, leads, outcomes, as_of=AS_OF, limits={"batchSize": 12})
    assert err.value.path == "folds"
