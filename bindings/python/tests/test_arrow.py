"""score_arrow: the same results from struct columns, JSON text columns and dicts; Arrow's
types (ids as numbers, dictionary-encoded text, decimals, dates, timestamps in any unit, maps)
read as the equivalent JSON; nulls read as missing keys; bad rows collected in place; the
columns named and ordered as the result's fields."""

import json
import threading
from datetime import datetime
from decimal import Decimal

import pyarrow as pa
import pytest

import leadscore
from support import (
    AS_OF,
    DEFAULT_MODEL,
    EXAMPLE_LEADS,
    first_difference,
    result_from_row,
    struct_columns,
)

LEADS = json.loads(EXAMPLE_LEADS.read_text())


@pytest.fixture(scope="module")
def scorer():
    return leadscore.Scorer(DEFAULT_MODEL.read_text())


def text_columns(leads):
    return pa.RecordBatch.from_pylist([
        {"id": str(lead["id"]), "attributes": json.dumps(lead.get("attributes", {})),
         "events": json.dumps(lead.get("events", []))}
        for lead in leads
    ])


def rebuilt(batch):
    return [result_from_row(row) for row in batch.to_pylist()]


def test_struct_text_and_dict_leads_give_the_same_results(scorer, generated_2000):
    leads_path, _ = generated_2000
    lines = leads_path.read_text().splitlines()
    expected = scorer.score_batch([json.loads(line) for line in lines], as_of=AS_OF)
    assert len(expected) == 2000
    from_structs = scorer.score_arrow(struct_columns(leads_path), as_of=AS_OF, contributions=True)
    from_text = scorer.score_arrow(text_columns(map(json.loads, lines)), as_of=AS_OF,
                                   contributions=True)
    for label, batch in (("struct columns", from_structs), ("JSON text columns", from_text)):
        difference = first_difference(expected, rebuilt(batch), label)
        assert difference is None, difference


def test_the_columns_are_the_result_fields_in_order(scorer):
    result = scorer.score(LEADS[0], as_of=AS_OF)
    batch = text_columns(LEADS)
    with_contributions = scorer.score_arrow(batch, as_of=AS_OF, contributions=True)
    assert with_contributions.schema.names == [*result, "error", "errorPath"]
    without = scorer.score_arrow(batch, as_of=AS_OF)
    assert without.schema.names == [name for name in with_contributions.schema.names
                                    if name != "contributions"]
    assert str(without.schema.field("crossedAt").type) == "timestamp[ms, tz=UTC]"
    assert str(without.schema.field("blockedBy").type) == "list<item: string>"
    empty = scorer.score_arrow(batch.slice(0, 0), as_of=AS_OF)
    assert empty.num_rows == 0 and empty.schema == without.schema
    # A slice reads its own rows.
    assert rebuilt(scorer.score_arrow(batch.slice(3, 2), as_of=AS_OF, contributions=True)) == \
        scorer.score_batch(LEADS[3:5], as_of=AS_OF)


def test_arrow_types_read_as_the_equivalent_json(scorer):
    lead = LEADS[0]
    expected = scorer.score({**lead, "id": 660737}, as_of=AS_OF)
    attributes = lead["attributes"]
    events = lead["events"]
    prop_type = pa.map_(pa.string(), pa.string())
    event_type = pa.struct([("id", pa.string()), ("type", pa.dictionary(pa.int8(), pa.string())),
                            ("at", pa.timestamp("us", tz="Europe/Paris")), ("props", prop_type)])
    batch = pa.RecordBatch.from_arrays(
        [
            pa.array([660737], pa.int64()),
            pa.array([attributes], pa.struct([(k, pa.large_string() if isinstance(v, str)
                                               else pa.int32()) for k, v in attributes.items()])),
            pa.array([[{**e, "at": datetime.fromisoformat(e["at"].replace("Z", "+00:00")),
                        "props": list(e.get("props", {}).items())} for e in events]],
                     pa.list_(event_type)),
        ],
        ["id", "attributes", "events"],
    )
    rows = rebuilt(scorer.score_arrow(batch, as_of=AS_OF, contributions=True))
    difference = first_difference([expected], rows, "typed columns")
    assert difference is None, difference

    # Decimals and dates are numbers and text, as in JSON.
    typed = pa.RecordBatch.from_arrays(
        [pa.array(["d"]), pa.array([{"revenue": Decimal("1234.50"), "since": 0}],
                                   pa.struct([("revenue", pa.decimal128(10, 2)),
                                              ("since", pa.date32())]))],
        ["id", "attributes"],
    )
    plain = {"id": "d", "attributes": {"revenue": 1234.5, "since": "1970-01-01"}}
    assert rebuilt(scorer.score_arrow(typed, as_of=AS_OF, contributions=True)) == \
        [scorer.score(plain, as_of=AS_OF)]


def test_nulls_read_as_missing_keys(scorer):
    lead = LEADS[6]  # this lead misses a required field: nulls must not fill it
    fields = sorted({key for other in LEADS for key in other["attributes"]})
    row = {key: lead["attributes"].get(key) for key in fields}
    batch = pa.RecordBatch.from_pylist([
        {"id": lead["id"], "attributes": row, "events": None},
        {"id": "no-attributes", "attributes": None, "events": None},
    ])
    results = rebuilt(scorer.score_arrow(batch, as_of=AS_OF, contributions=True))
    assert results == scorer.score_batch(
        [{"id": lead["id"], "attributes": lead["attributes"]}, {"id": "no-attributes"}],
        as_of=AS_OF)
    assert results[0]["missingFields"], "the example lead misses a required field"


def test_bad_rows_are_collected_in_place(scorer):
    bad = {"id": "bad-1", "attributes": "{}", "events": '[{"type": "visit", "at": "soon"}]'}
    batch = text_columns(LEADS)
    rows = batch.to_pylist()
    mixed = pa.RecordBatch.from_pylist([rows[0], bad, rows[1]], schema=batch.schema)
    results = scorer.score_arrow(mixed, as_of=AS_OF, on_error="collect", contributions=True)
    rows_out = results.to_pylist()
    assert [rows_out[0]["error"], rows_out[2]["error"]] == [None, None]
    assert [result_from_row(rows_out[i]) for i in (0, 2)] == \
        scorer.score_batch(LEADS[:2], as_of=AS_OF)
    assert rows_out[1]["leadId"] == "bad-1"
    assert rows_out[1]["errorPath"] == "events[0].at"
    assert rows_out[1]["error"].startswith('invalid input at events[0].at: "soon" is not')
    assert all(value is None for name, value in rows_out[1].items()
               if name not in ("leadId", "error", "errorPath"))


def test_scoring_from_several_threads_gives_the_same_results(scorer):
    batch = text_columns(LEADS * 50)
    expected = scorer.score_arrow(batch, as_of=AS_OF, contributions=True)
    outputs = [None] * 4

    def score(slot):
        outputs[slot] = scorer.score_arrow(batch, as_of=AS_OF, contributions=True)

    threads = [threading.Thread(target=score, args=(slot,)) for slot in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(output.equals(expected) for output in outputs)
