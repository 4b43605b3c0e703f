"""Scores leads with leadscore on Apache Spark, and shows how each band converts.

    spark-submit examples/spark/score_leads.py --model MODEL.json --leads LEADS \\
        --as-of 2026-11-20T17:00:00Z --out scored/ [--outcomes OUTCOMES.jsonl] [--contributions]

LEADS is Parquet (a file or a directory) or JSON Lines (``.jsonl``, ``.ndjson``, ``.json``, or
any path with ``--input-format jsonl``):
one lead a row, with ``id``, ``attributes`` (a struct, or JSON text) and ``events`` (a list of
``{id, type, at, props}`` structs, or JSON text). JSON Lines are read with ``attributes`` and
``events`` kept as JSON text, so every lead reaches the engine exactly as it was written.

The model's JSON text is broadcast once; each task compiles it once into a ``Scorer`` and
scores its partition's Arrow batches with ``Scorer.score_arrow`` (``mapInArrow``: batches
stream through, nothing is collected). A lead that cannot be read becomes a row with
``error`` and ``errorPath`` instead of failing the job. The results (one row per lead, the
columns of ``score_arrow``) are written as Parquet to ``--out``. With ``--outcomes`` (JSON
Lines of ``{"id", "converted"}``, as ``leadscore generate --outcomes`` writes), the job prints
each band's conversion rate.
"""

from __future__ import annotations

import argparse
import sys
from typing import Callable, Iterator

import pyarrow as pa
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

# The columns of Scorer.score_arrow, as Spark types. Times are UTC instants (Spark keeps
# microseconds; leadscore's are whole milliseconds, so nothing is lost).
RESULT_COLUMNS = """
    leadId STRING, asOf TIMESTAMP, fit BIGINT, intent BIGINT, total BIGINT, band STRING,
    fitBand STRING, intentBand STRING, grid STRING, mql BOOLEAN, mqlReason STRING,
    handRaiser BOOLEAN, trigger STRING, blockedBy ARRAY<STRING>, disqualified BOOLEAN,
    disqualifiedBy ARRAY<STRING>, missingFields ARRAY<STRING>, lastEngagementAt TIMESTAMP,
    crossedAt TIMESTAMP, crossingEvent STRING, {contributions} warnings STRING, error STRING,
    errorPath STRING
"""

#: The lead columns score_arrow reads.
LEAD_COLUMNS = ("id", "attributes", "events")

#: JSON Lines are read with this schema: attributes and events stay JSON text.
JSON_LINES_SCHEMA = "id STRING, attributes STRING, events STRING"


def result_schema(contributions: bool = False) -> str:
    """The Spark schema (DDL) of the results, with or without the contributions column."""
    return RESULT_COLUMNS.format(contributions="contributions STRING," if contributions else "")


def read_leads(spark: SparkSession, path: str, input_format: str = "auto") -> DataFrame:
    """Leads from Parquet, or from JSON Lines with attributes and events kept as JSON text.
    `auto` reads JSON Lines when the path ends in .jsonl, .ndjson or .json, else Parquet."""
    if input_format == "auto":
        is_json = path.lower().rstrip("/").endswith((".jsonl", ".ndjson", ".json"))
        input_format = "jsonl" if is_json else "parquet"
    if input_format == "jsonl":
        return spark.read.schema(JSON_LINES_SCHEMA).json(path)
    return spark.read.parquet(path)


def scoring_function(
    model, as_of: str, contributions: bool = False
) -> Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    """The function mapInArrow runs in each task: compile the broadcast model (its JSON text)
    once, then score each Arrow batch of the partition, collecting bad leads as error rows."""

    def score_partition(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        import leadscore  # imported in the Python worker, where the wheel is installed

        scorer = leadscore.Scorer(model.value)
        target = None
        for batch in batches:
            results = scorer.score_arrow(
                batch, as_of=as_of, on_error="collect", contributions=contributions
            )
            if target is None:
                # Spark reads timestamps in microseconds: only the unit changes.
                target = pa.schema(
                    [
                        field.with_type(pa.timestamp("us", tz="UTC"))
                        if pa.types.is_timestamp(field.type)
                        else field
                        for field in results.schema
                    ]
                )
            yield results.cast(target)

    return score_partition


def lead_columns(leads: DataFrame) -> list[str]:
    """The columns the leads are scored from: `id`, and `attributes` and `events` where they
    are. Other columns are left out (main() names them)."""
    present = [name for name in LEAD_COLUMNS if name in leads.columns]
    if present[:1] != ["id"] or len(present) < 2:
        raise ValueError(
            f"the leads need an id column and attributes or events; they have {leads.columns}"
        )
    return present


def check_leads(leads: DataFrame, model_text: str, as_of: str) -> None:
    """Raises leadscore's InputError on the driver, before any task starts, when the time or
    the lead columns' types cannot be scored (every task would fail the same way)."""
    import leadscore

    schema = leads.select(*lead_columns(leads)).limit(0).toArrow().schema
    empty = pa.RecordBatch.from_pylist([], schema=schema)
    leadscore.Scorer(model_text).score_arrow(empty, as_of=as_of)


def score_leads(
    leads: DataFrame, model_text: str, as_of: str, contributions: bool = False
) -> DataFrame:
    """Scores every lead of the DataFrame: one result row per lead (error rows included)."""
    model = leads.sparkSession.sparkContext.broadcast(model_text)
    function = scoring_function(model, as_of, contributions)
    return leads.select(*lead_columns(leads)).mapInArrow(function, result_schema(contributions))


def write_results(results: DataFrame, out: str) -> None:
    """Writes the results as Parquet, times as standard UTC microsecond timestamps (not the
    legacy INT96 Spark writes by default), replacing what `out` held."""
    results.sparkSession.conf.set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
    results.write.mode("overwrite").parquet(out)


def conversion_by_band(results: DataFrame, outcomes: DataFrame) -> DataFrame:
    """Each band's leads, conversions and conversion rate, lowest band first (error rows left
    out; leads without an outcome are not counted)."""
    scored = results.where(F.col("error").isNull())
    joined = scored.join(outcomes, scored.leadId == outcomes.id)
    return (
        joined.groupBy("band")
        .agg(
            F.count("*").alias("leads"),
            F.sum(F.col("converted").cast("int")).alias("converted"),
            F.min("total").alias("lowest"),
        )
        .withColumn("rate", F.round(100 * F.col("converted") / F.col("leads"), 1))
        .orderBy("lowest")
        .drop("lowest")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score leads with leadscore on Spark.")
    parser.add_argument("--model", required=True, help="the model's JSON file")
    parser.add_argument("--leads", required=True, help="Parquet, or JSON Lines (.jsonl)")
    parser.add_argument("--input-format", choices=["auto", "parquet", "jsonl"], default="auto",
                        help="the leads' format (auto: JSON Lines by the extension, else Parquet)")
    parser.add_argument("--as-of", required=True, help="RFC 3339 time to score as of")
    parser.add_argument("--out", required=True, help="directory for the results (Parquet)")
    parser.add_argument("--outcomes", help="JSON Lines of {id, converted}")
    parser.add_argument("--contributions", action="store_true", help="add contributions (JSON text)")
    parser.add_argument("--partitions", type=int, help="repartition the leads first")
    args = parser.parse_args(argv)

    with open(args.model, encoding="utf-8") as file:
        model_text = file.read()
    import leadscore

    try:
        leadscore.Scorer(model_text)  # a bad model stops here, before Spark starts
    except leadscore.ModelError as err:
        print(f"{args.model}: {err}", file=sys.stderr)
        return 3

    spark = SparkSession.builder.appName("leadscore").getOrCreate()
    leads = read_leads(spark, args.leads, args.input_format)
    try:
        check_leads(leads, model_text, args.as_of)
    except (leadscore.InputError, ValueError) as err:
        print(f"{args.leads}: {err}", file=sys.stderr)
        return 3
    left_out = [name for name in leads.columns if name not in lead_columns(leads)]
    if left_out:
        print(f"scoring from {', '.join(lead_columns(leads))}; left out: {', '.join(left_out)}")
    if args.partitions:
        leads = leads.repartition(args.partitions)
    write_results(score_leads(leads, model_text, args.as_of, args.contributions), args.out)

    written = spark.read.parquet(args.out)
    errors = written.where(F.col("error").isNotNull())
    print(f"scored {written.count()} leads into {args.out} ({errors.count()} could not be read)")
    for row in errors.limit(5).collect():
        print(f"  {row.leadId}: {row.error}")
    if args.outcomes:
        outcomes = spark.read.schema("id STRING, converted BOOLEAN").json(args.outcomes)
        print("conversion by band:")
        for row in conversion_by_band(written, outcomes).collect():
            print(f"  {row.band}: {row.leads} leads, {row.converted} converted, {row.rate}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
