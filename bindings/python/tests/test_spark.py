"""The Spark example (examples/spark/score_leads.py) on local[2]: its tasks run in more than one
Python worker process, a partition of bad leads comes back as error rows without failing the
job, Parquet struct columns read as JSON would be, conversion by band adds up, and a bad model,
time or column type stops it before any task starts. (The parity test runs its README's spark-submit line.)"""

import json
import os

import pyarrow as pa
import pyarrow.dataset as pa_dataset
import pyarrow.parquet as pq
import pytest
from pyspark.sql import functions as F

import leadscore
import score_leads
from support import AS_OF, DEFAULT_MODEL, REPO, first_difference, result_from_row, struct_columns

MODEL = DEFAULT_MODEL.read_text()


def recording_workers(function):
    """The job's scoring function, with each output batch marked by the Python process and the
    Spark task that scored it."""

    def recorded(batches):
        import os as worker_os

        from pyspark import TaskContext

        task = TaskContext.get()
        for results in function(batches):
            rows = results.num_rows
            yield results.append_column("pid", pa.array([worker_os.getpid()] * rows)) \
                .append_column("partition", pa.array([task.partitionId()] * rows, pa.int32())) \
                .append_column("attempt", pa.array([task.taskAttemptId()] * rows))

    return recorded


def test_the_job_runs_in_several_python_workers(spark, generated_2000):
    leads_path, _ = generated_2000
    leads = score_leads.read_leads(spark, str(leads_path)).repartition(8)
    model = spark.sparkContext.broadcast(MODEL)
    function = recording_workers(score_leads.scoring_function(model, AS_OF))
    schema = score_leads.result_schema() + ", pid BIGINT, partition INT, attempt BIGINT"
    rows = leads.mapInArrow(function, schema).collect()

    assert len(rows) == 2000
    pids = {row.pid for row in rows}
    partitions = {row.partition for row in rows}
    attempts = {row.attempt for row in rows}
    print(f"2,000 leads in {len(partitions)} partitions, {len(attempts)} task attempts, "
          f"Python worker processes {sorted(pids)}")
    assert partitions == set(range(8))
    assert len(attempts) == 8
    assert len(pids) >= 2, "every task ran in the same Python worker process"
    assert os.getpid() not in pids

    expected = leadscore.Scorer(MODEL).score_batch(leads_path.read_text(), as_of=AS_OF)
    totals = {row.leadId: (row.fit, row.intent, row.total, row.band) for row in rows}
    assert totals == {r["leadId"]: (r["fit"], r["intent"], r["total"], r["band"])
                      for r in expected}


def test_parquet_struct_columns_through_the_job(spark, generated_2000, tmp_path):
    leads_path, _ = generated_2000
    path = tmp_path / "leads.parquet"
    pq.write_table(pa.Table.from_batches([struct_columns(leads_path)]), path)
    leads = score_leads.read_leads(spark, str(path)).repartition(4)
    out = tmp_path / "scored"
    score_leads.write_results(score_leads.score_leads(leads, MODEL, AS_OF, contributions=True),
                              str(out))
    rows = pa_dataset.dataset(out, format="parquet").to_table().to_pylist()
    results = sorted((result_from_row(row) for row in rows), key=lambda r: r["leadId"])
    expected = leadscore.Scorer(MODEL).score_batch(leads_path.read_text(), as_of=AS_OF)
    difference = first_difference(expected, results, "Spark from Parquet struct columns")
    assert difference is None, difference


def test_a_partition_of_bad_leads_becomes_error_rows(spark):
    leads = json.loads((REPO / "examples" / "leads" / "b2b-leads.json").read_text())
    good = [(str(lead["id"]), json.dumps(lead["attributes"]), json.dumps(lead["events"]))
            for lead in leads]
    bad = [
        ("bad-time", "{}", '[{"type": "visit", "at": "last tuesday"}]'),
        ("bad-attributes", "[1, 2]", "[]"),
        ("bad-json", '{"title": "CTO"', "[]"),
        ("bad-type", "{}", '[{"type": "", "at": 0}]'),
    ]
    frame = spark.createDataFrame(good + bad, score_leads.JSON_LINES_SCHEMA).repartition(
        3, F.col("id").startswith("bad"))
    results = score_leads.score_leads(frame, MODEL, AS_OF).collect()

    assert len(results) == len(good) + len(bad)
    errors = {row.leadId: (row.errorPath, row.error) for row in results if row.error}
    assert {lead: path for lead, (path, _) in errors.items()} == {
        "bad-time": "events[0].at", "bad-attributes": "attributes",
        "bad-json": "attributes", "bad-type": "events[0].type",
    }
    assert "last tuesday" in errors["bad-time"][1]
    expected = leadscore.Scorer(MODEL).score_batch(leads, as_of=AS_OF)
    scored = {row.leadId: row.total for row in results if not row.error}
    assert scored == {result["leadId"]: result["total"] for result in expected}


def test_conversion_by_band_adds_up(spark, generated_2000):
    leads_path, outcomes_path = generated_2000
    results = score_leads.score_leads(score_leads.read_leads(spark, str(leads_path)), MODEL,
                                      AS_OF)
    outcomes = spark.read.schema("id STRING, converted BOOLEAN").json(str(outcomes_path))
    bands = score_leads.conversion_by_band(results, outcomes).collect()
    assert [row.band for row in bands] == ["cold", "warm", "hot", "sales-ready"]
    assert sum(row.leads for row in bands) == 2000
    converted = sum(json.loads(line)["converted"] for line in outcomes_path.read_text().splitlines())
    assert sum(row.converted for row in bands) == converted
    rates = [row.rate for row in bands]
    assert rates == sorted(rates), f"conversion should rise with the band: {rates}"


def test_json_lines_are_read_by_extension_or_when_told(spark, generated_2000, tmp_path):
    leads_path, _ = generated_2000
    folder = tmp_path / "exported"
    folder.mkdir()
    (folder / "part-00000").write_text(leads_path.read_text())
    by_extension = score_leads.read_leads(spark, str(leads_path))
    told = score_leads.read_leads(spark, str(folder), "jsonl")
    assert by_extension.schema == told.schema
    assert told.count() == 2000


def test_the_job_scores_from_the_lead_columns_only(spark):
    frame = spark.createDataFrame([("l1", '{"title": "CTO"}', True)],
                                  "id STRING, attributes STRING, converted BOOLEAN")
    assert score_leads.lead_columns(frame) == ["id", "attributes"]
    [row] = score_leads.score_leads(frame, MODEL, AS_OF).collect()
    assert (row.leadId, row.error) == ("l1", None)
    with pytest.raises(ValueError, match="need an id column and attributes or events"):
        score_leads.score_leads(frame.select("id", "converted"), MODEL, AS_OF)


def test_a_bad_model_stops_the_job_before_spark_starts(tmp_path):
    model = tmp_path / "bad-model.json"
    model.write_text('{"version": 1, "fit": {"rules": [{"id": 1}]}}')
    code = score_leads.main(["--model", str(model), "--leads", "unused.jsonl", "--as-of", AS_OF,
                             "--out", str(tmp_path / "out")])
    assert code == 3


def test_a_bad_time_or_column_stops_the_job_before_any_task(spark, generated_2000, tmp_path,
                                                            capsys):
    leads_path, _ = generated_2000
    arguments = ["--model", str(DEFAULT_MODEL), "--out", str(tmp_path / "out")]
    assert score_leads.main([*arguments, "--leads", str(leads_path), "--as-of", "tomorrow"]) == 3
    assert "invalid input at as_of" in capsys.readouterr().err
    binary = tmp_path / "binary.parquet"
    pq.write_table(pa.table({"id": ["a"], "attributes": pa.array([{"photo": b"x"}])}), binary)
    assert score_leads.main([*arguments, "--leads", str(binary), "--as-of", AS_OF]) == 3
    assert "invalid input at attributes.photo: the Arrow type" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
