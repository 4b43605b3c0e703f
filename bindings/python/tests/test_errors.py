"""Errors: bad models, leads, batches, times, options, Python values and Arrow schemas are
ModelError or InputError (both ValueError) with the path of the bad value; the messages and
paths are the JavaScript package's, checked against pkg/ itself; and the scorer scores on,
unharmed, after every one."""

import json
import math
from datetime import date, datetime, timezone

import pyarrow as pa
import pytest

import leadscore
from support import AS_OF, DEFAULT_MODEL, REPO, run

MODEL = DEFAULT_MODEL.read_text()
GOOD = json.dumps(json.loads((REPO / "examples/leads/b2b-leads.json").read_text())[1])

BAD_MODELS = [
    '{"version": 1, "intent": {"rules": [{"id": "x"}]}}',
    '{"version": 1,',
    '{"version": 1, "mql": {"threshold": "high"}}',
    '{"version": 2}',
    '{"version": 1, "intnet": {}}',
    "[]",
]
BAD_LEADS = [
    '{"id": "l1", "events": [{"type": "visit", "at": "yesterday"}]}',
    '{"id": "l1", "attributes": [1]}',
    '{"id": "l1", "event": []}',
    '{"id": " ", "events": []}',
    '{"id": "l1", "events": [{"type": " ", "at": 0}]}',
    '{"id": "l1", "events": [{"type": "visit", "at": "2026-01-01T00:00:00Z", "props": 3}]}',
    '{"attributes": {}}',
    '{"id": "l1", "events": [{"type": "visit"]}',
    '{"id": "l1", "events": [{"type": "visit", "at": 1.5}]}',
]
BAD_BATCHES = [
    f"[{GOOD}, {BAD_LEADS[0]}, {GOOD}]",
    f"[{GOOD}, {BAD_LEADS[1]}]",
    f"[{BAD_LEADS[6]}]",
    "[1,",
    "[] []",
]


def javascript_outcomes(calls):
    """What pkg/ (the npm package) does with each call."""
    script = REPO / "bindings" / "python" / "tests" / "js_outcomes.mjs"
    return json.loads(run(["node", str(script)], input=json.dumps(calls), cwd=REPO))


def python_outcome(call):
    try:
        scorer = leadscore.Scorer(call["model"])
        if call["call"] == "model":
            return {"result": None}
        options = call["options"]
        as_of = options["asOf"]
        if call["call"] == "score":
            return {"result": scorer.score(call["input"], as_of=as_of)}
        on_error = options.get("onError", "throw")
        return {"result": scorer.score_batch(call["input"], as_of=as_of, on_error=on_error)}
    except (leadscore.ModelError, leadscore.InputError) as error:
        assert isinstance(error, ValueError)
        outcome = {"name": type(error).__name__, "message": str(error), "path": error.path}
        if isinstance(error, leadscore.ModelError):
            outcome["errors"] = error.errors
        return {"error": outcome}


def shared_calls():
    calls = [{"call": "model", "model": model} for model in BAD_MODELS]
    calls += [
        {"call": "score", "model": MODEL, "input": lead, "options": {"asOf": AS_OF}}
        for lead in BAD_LEADS
    ]
    for on_error in ("throw", "collect"):
        calls += [
            {"call": "scoreBatch", "model": MODEL, "input": batch,
             "options": {"asOf": AS_OF, "onError": on_error}}
            for batch in BAD_BATCHES
        ]
    return calls


def test_errors_match_the_javascript_package():
    calls = shared_calls()
    expected = javascript_outcomes(calls)
    for call, want in zip(calls, expected):
        if "error" in want:
            want["error"] = {k: v for k, v in want["error"].items() if v is not None}
        assert python_outcome(call) == want, call
    # The cases are errors, except the collected batches (which hold error rows).
    assert sum("error" in outcome for outcome in expected) >= len(calls) - len(BAD_BATCHES)


@pytest.fixture(scope="module")
def scorer():
    return leadscore.Scorer(MODEL)


@pytest.fixture(scope="module")
def baseline(scorer):
    return scorer.score(GOOD, as_of=AS_OF)


def expect_input_error(call, path, *phrases):
    with pytest.raises(leadscore.InputError) as caught:
        call()
    error = caught.value
    assert error.path == path, str(error)
    assert error.errors == [{"path": path, "message": error.errors[0]["message"]}]
    for phrase in phrases:
        assert phrase in str(error), str(error)
    return error


AS_OF_CASES = [
    (datetime(2026, 11, 20, 17), "without a time zone"),
    ("yesterday", "not an RFC 3339 time"),
    (True, "must be a datetime with a time zone, RFC 3339 text or epoch milliseconds"),
    (1e20, "outside the years 0001 to 9999"),
    (10**30, "outside the years 0001 to 9999"),
    (1.5, "not a whole number of milliseconds"),
    (date(2026, 11, 20), "got a date"),
    ([], "got a list"),
]


@pytest.mark.parametrize("value, phrase", AS_OF_CASES, ids=[repr(c[0]) for c in AS_OF_CASES])
def test_a_bad_as_of_is_named(scorer, baseline, value, phrase):
    for call in (
        lambda: scorer.score(GOOD, as_of=value),
        lambda: scorer.score_batch([GOOD], as_of=value),
        lambda: scorer.score_arrow(pa.RecordBatch.from_pylist([{"id": "x"}]), as_of=value),
    ):
        expect_input_error(call, "as_of", phrase)
    assert scorer.score(GOOD, as_of=AS_OF) == baseline


def test_times_in_every_form_agree(scorer, baseline):
    ms = 1_795_194_000_000  # 2026-11-20T17:00:00Z
    assert datetime.fromtimestamp(ms / 1000, timezone.utc).isoformat() == "2026-11-20T17:00:00+00:00"
    for as_of in (ms, float(ms), datetime(2026, 11, 20, 18, tzinfo=timezone.utc).replace(hour=17),
                  "2026-11-20T18:00:00+01:00"):
        assert scorer.score(GOOD, as_of=as_of) == baseline


def test_bad_options_are_named(scorer, baseline):
    expect_input_error(lambda: scorer.score_batch([GOOD], as_of=AS_OF, on_error="ignore"),
                       "on_error", '"throw" or "collect"')
    expect_input_error(lambda: scorer.score(GOOD, as_of=AS_OF, detail="all"),
                       "detail", '"full" or "summary"')
    with pytest.raises(TypeError):
        scorer.score(GOOD, asOf=AS_OF)
    assert scorer.score(GOOD, as_of=AS_OF) == baseline


def test_python_values_that_cannot_be_json_are_named(scorer, baseline):
    lead = json.loads(GOOD)
    cases = [
        ({**lead, "attributes": {**lead["attributes"], "tags": {"a"}}}, "attributes.tags",
         "a set"),
        ({**lead, "events": [{"type": "visit", "at": datetime(2026, 1, 1)}]}, "events[0].at",
         "without a time zone"),
        ({**lead, "attributes": {1: "x"}}, "attributes", "a key that is not text"),
        (None, "", "got None"),
    ]
    for value, path, phrase in cases:
        expect_input_error(lambda: scorer.score(value, as_of=AS_OF), path, phrase)
        if value is not None:
            expect_input_error(lambda: scorer.score_batch([lead, value], as_of=AS_OF),
                               f"[1].{path}" if path else "[1]", phrase)
    assert scorer.score(GOOD, as_of=AS_OF) == baseline


def test_python_values_are_read_as_json_would_be(scorer, baseline):
    lead = json.loads(GOOD)
    # Aware datetimes are RFC 3339 text, tuples are lists, bytes are JSON text, and NaN is
    # null (as JSON.stringify writes it).
    timed = {**lead, "events": [
        {**event, "at": datetime.fromisoformat(event["at"].replace("Z", "+00:00"))}
        for event in lead["events"]
    ]}
    assert scorer.score(timed, as_of=AS_OF) == baseline
    assert scorer.score(GOOD.encode(), as_of=AS_OF) == baseline
    assert scorer.score({**lead, "events": tuple(lead["events"])}, as_of=AS_OF) == baseline
    with_nan = {**lead, "attributes": {**lead["attributes"], "companySize": math.nan}}
    with_none = {**lead, "attributes": {**lead["attributes"], "companySize": None}}
    assert scorer.score(with_nan, as_of=AS_OF) == scorer.score(with_none, as_of=AS_OF)


def test_a_batch_is_a_list_or_text(scorer, baseline):
    lead = json.loads(GOOD)
    for value, kind in ((lead, "dict"), (42, "int"), (None, "NoneType")):
        expect_input_error(lambda: scorer.score_batch(value, as_of=AS_OF), "",
                           f"expected a list of leads or JSON text (an array or JSON Lines), got a {kind}")
    assert scorer.score_batch((lead,), as_of=AS_OF) == [baseline]
    assert scorer.score_batch([], as_of=AS_OF) == []


def test_a_broken_json_line_is_named_by_lead_and_line(scorer, baseline):
    text = f"{GOOD}\n\n{GOOD[:-1]}\n{GOOD}\n"
    for on_error in ("throw", "collect"):
        expect_input_error(lambda: scorer.score_batch(text, as_of=AS_OF, on_error=on_error),
                           "[1]", "line 3: ", "(column")
    # Text that is not an array is JSON Lines, where JavaScript's scoreBatch reads only arrays.
    expect_input_error(lambda: scorer.score_batch("{}", as_of=AS_OF), "[0]", "missing field `id`")
    two_on_a_line = f"{GOOD}\n{GOOD} {GOOD}"
    expect_input_error(lambda: scorer.score_batch(two_on_a_line, as_of=AS_OF), "[1]",
                       "line 2: trailing characters")
    assert scorer.score_batch(f"{GOOD}\r\n  \n{GOOD}", as_of=AS_OF) == [baseline, baseline]


def one_row(**columns):
    return pa.RecordBatch.from_pydict({name: [value] for name, value in columns.items()})


def test_arrow_columns_of_unsupported_types_are_named(scorer, baseline):
    lead = json.loads(GOOD)
    attributes = pa.array([{"photo": b"\x89PNG"}], pa.struct([("photo", pa.binary())]))
    naive = pa.array([[{"type": "visit", "at": datetime(2026, 1, 1)}]],
                     pa.list_(pa.struct([("type", pa.string()), ("at", pa.timestamp("ms"))])))
    cases = [
        (pa.RecordBatch.from_arrays([pa.array(["x"]), attributes], ["id", "attributes"]),
         "attributes.photo", "the Arrow type Binary is not supported"),
        (pa.RecordBatch.from_arrays([pa.array(["x"]), naive], ["id", "events"]),
         "events.at", "without a time zone"),
        (one_row(id=b"x"), "id", "not supported"),
    ]
    for batch, path, phrase in cases:
        for on_error in ("throw", "collect"):
            expect_input_error(
                lambda: scorer.score_arrow(batch, as_of=AS_OF, on_error=on_error), path, phrase)
    assert scorer.score_arrow(one_row(id=lead["id"], attributes=json.dumps(lead["attributes"]),
                                      events=json.dumps(lead["events"])),
                              as_of=AS_OF).column("total").to_pylist() == [baseline["total"]]


def test_arrow_rows_that_are_not_leads_are_named(scorer, baseline):
    lead = json.loads(GOOD)
    events = json.dumps(lead["events"])
    cases = [
        (one_row(id="a", attributes='{"x": 1} {"y": 2}', events=events), "attributes",
         "is not one JSON value"),
        (one_row(id="a", attributes='{"x": 1}, "events": []'), "attributes",
         "is not one JSON value"),
        (one_row(id="a", events='[{"type": "visit", "at": "soon"}]'), "events[0].at",
         "not an RFC 3339 time"),
        (one_row(id="a", attributes="[1]"), "attributes", "must be an object"),
        (one_row(id="a", converted=True), "converted", "unknown field `converted`"),
        (one_row(attributes="{}"), "", "missing field `id`"),
    ]
    for batch, path, phrase in cases:
        expect_input_error(lambda: scorer.score_arrow(batch, as_of=AS_OF),
                           f"[0].{path}" if path else "[0]", phrase)
        row = scorer.score_arrow(batch, as_of=AS_OF, on_error="collect").to_pylist()[0]
        assert row["errorPath"] == path and phrase in row["error"], row
        assert row["leadId"] == ("a" if "id" in batch.schema.names else None)
        assert row["total"] is None and row["band"] is None
    with pytest.raises((TypeError, ValueError)):
        scorer.score_arrow({"id": ["x"]}, as_of=AS_OF)
    assert scorer.score(GOOD, as_of=AS_OF) == baseline
