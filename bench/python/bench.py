"""The Python and Spark benchmark: leads per second per core through Scorer.score_arrow, through
the Spark example's job on local[2] and through the Node CLI, on the same generated leads; the
Spark job's overhead over the bare package; peak memory as the number of leads grows; and, from
those figures, what rescoring 100 million leads nightly takes. Prints the figures and writes
them to bench/results/python.md.

    scripts/bench-python.sh [--leads 20000] [--events-per-lead 50] [--runs 3]

Timings are medians of --runs runs after a warm-up. Per core: a single Python or Node process
scores on one core; the Spark job's rate is divided by its two task slots.
"""

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as pa_dataset
import pyarrow.json as pa_json
import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "examples" / "spark"))
MODEL = REPO / "examples" / "models" / "b2b-default.json"
CLI = REPO / "pkg" / "bin" / "leadscore.mjs"
AS_OF = "2026-11-20T17:00:00Z"
BATCH_ROWS = 5000
PARQUET_FILES = 8
NIGHTLY_LEADS = 100_000_000


class Figure:
    """Wall-clock and CPU seconds of each run (after a warm-up run)."""

    def __init__(self, function, runs, cpu_clock):
        function()
        self.wall, self.cpu = [], []
        for _ in range(runs):
            wall, cpu = time.perf_counter(), cpu_clock()
            function()
            self.wall.append(time.perf_counter() - wall)
            self.cpu.append(cpu_clock() - cpu)

    @property
    def median_wall(self):
        return statistics.median(self.wall)

    @property
    def median_cpu(self):
        return statistics.median(self.cpu)


def children_cpu():
    """CPU seconds of the child processes waited for (the Node CLI runs)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def tree_cpu():
    """CPU seconds of this process and every process below it (Spark's JVM, its Python daemon
    and workers), counting those that ended in their parents' totals."""
    ticks = os.sysconf("SC_CLK_TCK")
    parents, times = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        parents[int(entry)] = int(fields[1])
        times[int(entry)] = sum(int(value) for value in fields[11:15]) / ticks
    total, seen = 0.0, {os.getpid()}
    for pid in sorted(parents):
        ancestor = pid
        while ancestor not in seen and ancestor in parents and ancestor > 1:
            ancestor = parents[ancestor]
        if ancestor in seen:
            seen.add(pid)
    return sum(times[pid] for pid in seen if pid in times)


def prepare(work, leads, events_per_lead, seed):
    """The workload: generated leads as JSON Lines, and as Parquet (struct columns, and JSON
    text columns) in PARQUET_FILES files each, so that Spark reads several partitions, as it
    would a real dataset, without a shuffle."""
    work.mkdir(parents=True, exist_ok=True)
    jsonl = work / f"leads-{leads}-{events_per_lead}-{seed}.jsonl"
    if not jsonl.exists():
        subprocess.run(["node", str(CLI), "generate", "--leads", str(leads), "--seed", seed,
                        "--events-per-lead", str(events_per_lead), "--out", str(jsonl)],
                       check=True, cwd=REPO)
    structs = jsonl.with_suffix(".structs.parquet")
    if not structs.exists():
        write_parts(struct_table(jsonl), structs)
    texts = jsonl.with_suffix(".text.parquet")
    if not texts.exists():
        rows = [json.loads(line) for line in jsonl.open()]
        write_parts(pa.table({
            "id": [str(row["id"]) for row in rows],
            "attributes": [json.dumps(row.get("attributes", {})) for row in rows],
            "events": [json.dumps(row.get("events", [])) for row in rows],
        }), texts)
    events = sum(line.count('"type":') for line in jsonl.open())
    return jsonl, {"struct columns": structs, "JSON text columns": texts}, events


def struct_table(jsonl):
    """pyarrow's reading of the JSON Lines, the event times (UTC) given their time zone."""
    table = pa_json.read_json(jsonl)
    event = table.schema.field("events").type.value_type
    fields = [f.with_type(pa.timestamp("s", tz="UTC")) if f.name == "at" else f for f in event]
    schema = pa.schema([table.schema.field("id"), table.schema.field("attributes"),
                        pa.field("events", pa.list_(pa.struct(fields)))])
    return table.cast(schema)


def write_parts(table, folder):
    folder.mkdir()
    size = -(-table.num_rows // PARQUET_FILES)
    for part in range(PARQUET_FILES):
        pq.write_table(table.slice(part * size, size), folder / f"part-{part}.parquet",
                       row_group_size=BATCH_ROWS)


def stream_parquet(scorer, parquet, out, passes=1):
    """Reads leads from Parquet in batches, scores each, writes each result batch: one batch in
    memory at a time."""
    writer = None
    for _ in range(passes):
        for part in sorted(Path(parquet).glob("*.parquet")):
            for batch in pq.ParquetFile(part).iter_batches(batch_size=BATCH_ROWS):
                results = scorer.score_arrow(batch, as_of=AS_OF, on_error="collect")
                if writer is None:
                    writer = pq.ParquetWriter(out, results.schema)
                writer.write_batch(results)
    writer.close()


def bare_package(args, parquet, jsonl, work):
    import leadscore

    scorer = leadscore.Scorer(MODEL.read_text())
    batches = pa_dataset.dataset(parquet).to_table().to_batches(max_chunksize=BATCH_ROWS)
    text = jsonl.read_text()
    cpu = time.process_time
    return {
        "`score_arrow` (struct columns)": Figure(
            lambda: [scorer.score_arrow(b, as_of=AS_OF) for b in batches], args.runs, cpu),
        "`score_arrow`, Parquet in and out, streamed": Figure(
            lambda: stream_parquet(scorer, parquet, work / "bare-out.parquet"), args.runs, cpu),
        "`score_batch` (JSON Lines text in, summaries as dicts out)": Figure(
            lambda: scorer.score_batch(text, as_of=AS_OF, detail="summary"), args.runs, cpu),
    }


def spark_job(args, parquets, work):
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    import score_leads

    spark = (SparkSession.builder.master("local[2]").appName("leadscore-bench")
             .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
             .config("spark.ui.showConsoleProgress", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    model = MODEL.read_text()

    def job(parquet):
        leads = score_leads.read_leads(spark, str(parquet))
        score_leads.write_results(score_leads.score_leads(leads, model, AS_OF),
                                  str(work / "spark-out"))

    def pass_through(parquet):
        # The same job with the scoring left out: Spark's own reading and moving to Python.
        leads = score_leads.read_leads(spark, str(parquet))
        empty = leads.mapInArrow(lambda batches: (b.slice(0, 0).select(["id"]) for b in batches),
                                 "id STRING")
        empty.write.mode("overwrite").parquet(str(work / "spark-noop"))

    figures = {}
    for columns, parquet in parquets.items():
        partitions = score_leads.read_leads(spark, str(parquet)).rdd.getNumPartitions()
        name = f"Spark job on local[2], {columns} ({partitions} partitions)"
        figures[name] = Figure(lambda: job(parquet), args.runs, tree_cpu)
        figures[f"{name}, scoring left out"] = Figure(
            lambda: pass_through(parquet), args.runs, tree_cpu)
    spark.stop()
    return figures


def node_cli(args, jsonl):
    command = ["node", str(CLI), "score", "--model", str(MODEL), "--leads", str(jsonl),
               "--as-of", AS_OF, "--quiet", "--out", os.devnull]
    return {"Node CLI (`leadscore score`, JSON Lines in and out)": Figure(
        lambda: subprocess.run(command, check=True, cwd=REPO), args.runs, children_cpu)}


def peak_memory(parquet, work, passes):
    """Peak resident memory (MiB) of a fresh process streaming the leads `passes` times: its
    VmHWM, which starts afresh at exec (ru_maxrss would carry this process's own peak over)."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import bench, leadscore; "
        "bench.stream_parquet(leadscore.Scorer(bench.MODEL.read_text()), sys.argv[2], sys.argv[3],"
        " int(sys.argv[4])); "
        "print(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1])"
    )
    printed = subprocess.run(
        [sys.executable, "-c", code, str(Path(__file__).parent), str(parquet),
         str(work / "memory-out.parquet"), str(passes)],
        check=True, capture_output=True, text=True).stdout
    return int(printed.split()[-1]) / 1024


def report(args, events, figures, memory):
    """The results as Markdown. Per core is leads per CPU-second: every process of the path
    counted (Spark's JVM and Python workers too), so the figure holds on a busy machine."""
    leads = args.leads
    lines = [
        "# leadscore for Python and Spark: benchmark results",
        "",
        f"Generated by `scripts/bench-python.sh` on "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, commit {git_commit()}, "
        f"{platform.machine()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} "
        "at the end.",
        f"Workload: {leads:,} leads, {events:,} events (`leadscore generate`, seed "
        f"`{args.seed}`, about {args.events_per_lead} events per lead), the default example "
        f"model, as of {AS_OF}; Arrow batches of {BATCH_ROWS:,} rows; Parquet in "
        f"{PARQUET_FILES} files. Medians of {args.runs} runs after a warm-up.",
        "",
        "| path | leads/s (wall clock) | leads per CPU-second (per core) | events per CPU-second "
        "| wall s (runs) | CPU s (runs) |",
        "|---|---:|---:|---:|---|---|",
    ]
    for name, figure in figures.items():
        lines.append(
            f"| {name} | {leads / figure.median_wall:,.0f} | {leads / figure.median_cpu:,.0f} | "
            f"{events / figure.median_cpu:,.0f} | {figure.median_wall:.2f} "
            f"({', '.join(f'{t:.2f}' for t in figure.wall)}) | {figure.median_cpu:.2f} "
            f"({', '.join(f'{t:.2f}' for t in figure.cpu)}) |")
    bare = figures["`score_arrow`, Parquet in and out, streamed"].median_cpu
    lines.append("")
    for columns in ("struct columns", "JSON text columns"):
        name = next(n for n in figures if n.startswith(f"Spark job on local[2], {columns}"))
        spark = figures[name].median_cpu
        per_core = leads / spark
        lines.append(
            f"- Spark from Parquet with {columns}: {spark / bare:.2f}x the CPU time of the bare "
            f"package streaming Parquet in and out. On paper, rescoring {NIGHTLY_LEADS:,} leads "
            f"at {per_core:,.0f} leads per core-second takes "
            f"{NIGHTLY_LEADS / per_core / 3600:,.1f} core-hours: "
            + ", ".join(f"{cores} cores {NIGHTLY_LEADS / per_core / cores / 60:,.0f} min"
                        for cores in (16, 32, 64, 128))
            + ".")
    lines += [
        "",
        f"Peak memory of a process streaming the Parquet leads through `score_arrow` and into "
        f"Parquet once ({leads:,} leads) and five times ({5 * leads:,}): {memory[0]:.0f} MiB and "
        f"{memory[1]:.0f} MiB.",
    ]
    return "\n".join(lines) + "\n"


def git_commit():
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                          cwd=REPO)
    return done.stdout.strip() or "unknown"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--leads", type=int, default=20_000)
    parser.add_argument("--events-per-lead", type=int, default=50)
    parser.add_argument("--seed", default="leadscore-bench-python")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=REPO / "bench" / ".work" / "python")
    args = parser.parse_args()

    jsonl, parquets, events = prepare(args.work, args.leads, args.events_per_lead, args.seed)
    structs = parquets["struct columns"]
    print(f"{args.leads:,} leads, {events:,} events", flush=True)
    figures = bare_package(args, structs, jsonl, args.work)
    figures.update(spark_job(args, parquets, args.work))
    figures.update(node_cli(args, jsonl))
    memory = (peak_memory(structs, args.work, 1), peak_memory(structs, args.work, 5))
    text = report(args, events, figures, memory)
    print(text)
    (REPO / "bench" / "results" / "python.md").write_text(text)


if __name__ == "__main__":
    main()
