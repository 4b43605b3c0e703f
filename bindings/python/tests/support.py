"""Helpers for the Python package's tests: the repository's files, generated leads, results
rebuilt from Arrow rows, and a field-by-field comparison that names the first difference."""

import json
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.json as pa_json

REPO = Path(__file__).resolve().parents[3]
AS_OF = "2026-11-20T17:00:00Z"
DEFAULT_MODEL = REPO / "examples" / "models" / "b2b-default.json"
EXAMPLE_LEADS = REPO / "examples" / "leads" / "b2b-leads.json"
CLI = REPO / "pkg" / "bin" / "leadscore.mjs"

# score_arrow's columns that hold JSON text, and those that hold times.
JSON_COLUMNS = {"trigger", "crossingEvent", "contributions", "warnings"}
TIME_COLUMNS = {"asOf", "lastEngagementAt", "crossedAt"}
ERROR_COLUMNS = ("error", "errorPath")


def run(command, **options):
    """Runs a command, failing with its standard error when it fails."""
    done = subprocess.run(command, capture_output=True, text=True, **options)
    assert done.returncode == 0, f"{' '.join(map(str, command))} failed:\n{done.stderr}"
    return done.stdout


def node_cli(*arguments):
    assert CLI.exists(), "pkg/ is not built: run `bash pkg-config/build.sh` first"
    return run(["node", str(CLI), *map(str, arguments)], cwd=REPO)


def generate_leads(folder, leads, seed, events_per_lead):
    """Generated leads as JSON Lines (the `leadscore generate` command) and their outcomes."""
    leads_path = Path(folder) / f"leads-{leads}.jsonl"
    outcomes_path = Path(folder) / f"outcomes-{leads}.jsonl"
    node_cli(
        "generate", "--leads", leads, "--seed", seed, "--events-per-lead", events_per_lead,
        "--out", leads_path, "--outcomes", outcomes_path,
    )
    return leads_path, outcomes_path


def struct_columns(path):
    """Leads read from JSON Lines by pyarrow, as a table of structs and lists, with the event
    times (which pyarrow reads as UTC without saying so) given their time zone."""
    table = pa_json.read_json(path)
    event = table.schema.field("events").type.value_type
    fields = [field.with_type(pa.timestamp("s", tz="UTC")) if field.name == "at" else field
              for field in event]
    events = pa.field("events", pa.list_(pa.struct(fields)))
    schema = pa.schema([table.schema.field("id"), table.schema.field("attributes"), events])
    return table.cast(schema).combine_chunks().to_batches()[0]


def rfc3339(moment):
    """A time as the engine writes it: UTC, milliseconds, `Z`."""
    moment = moment.astimezone(timezone.utc)
    return (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment.hour:02d}:"
        f"{moment.minute:02d}:{moment.second:02d}.{moment.microsecond // 1000:03d}Z"
    )


def result_from_row(row):
    """The JSON result rebuilt from one row of score_arrow's output (with contributions): the
    same fields in the same order, JSON text decoded and times written as the engine writes
    them."""
    result = {}
    for name, value in row.items():
        if name in ERROR_COLUMNS:
            continue
        if value is not None and name in JSON_COLUMNS:
            value = json.loads(value)
        elif value is not None and name in TIME_COLUMNS:
            assert isinstance(value, datetime), f"{name} is not a time: {value!r}"
            value = rfc3339(value)
        result[name] = value
    return result


def first_difference(expected, actual, label):
    """None when the two lists of results serialize alike (field names, their order, values
    and number types); else a description of the first lead that differs and where."""
    if len(expected) != len(actual):
        return f"{label}: {len(actual)} results, expected {len(expected)}"
    for index, (want, got) in enumerate(zip(expected, actual)):
        if json.dumps(want) == json.dumps(got):
            continue
        lead = want.get("leadId")
        if list(want) != list(got):
            return f"{label}: lead {index} ({lead}) has fields {list(got)}, expected {list(want)}"
        name = next(name for name in want if json.dumps(want[name]) != json.dumps(got[name]))
        return (
            f"{label}: lead {index} ({lead}) differs at {name}:\n"
            f"  expected {json.dumps(want[name])}\n    actual {json.dumps(got[name])}\n"
            f"  the whole lead, expected: {json.dumps(want)}\n  actual: {json.dumps(got)}"
        )
    return None
