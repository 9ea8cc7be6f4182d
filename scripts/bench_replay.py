#!/usr/bin/env python3
"""The replay benchmark (issue 21's targets): medians of repeated runs, printed as a table.

  1. `eventlens replay` on gz input, per core, against decompression alone on one core with the
     same inflater and reading path (`replay --read-only`: zlib-rs; Python's zlib is shown too):
     CityLots (synthetic, split into 8 gz files) and a Firehose-style archive of small envelopes
     (16 gz files); and 2 threads against 1 (wall time; meaningful on an idle machine only, so
     the CPU use of the 2-thread run is shown alongside).
  2. `RuleSet.match_arrow` from Python against the native rule set (`eventlens bench`, one
     thread) on the same events.
  3. PySpark (mapInArrow on `local[2]`) end to end against `eventlens replay` on the same
     archive and cores: `replay_counts` over `spark.read.text` and over `read_events`, and
     `replay_files` (files cut and matched in one pass).

Run from the repository after `scripts/setup.sh` and a release build of the CLI
(`cargo build --release -p eventlens-cli`), with the wheel installed in .venv:
  .venv/bin/python scripts/bench_replay.py [--runs 5] [--data DIR] [--skip-spark]
Data go to bench-data/ (or DIR; generated once). CPU times come from the children's rusage, steadier
than wall time on a shared machine; both are shown.
"""
import argparse
import gzip
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench-data"  # --data
CLI = ROOT / "target/release/eventlens"
SHARED_BENCH = ROOT.parent / "shared/bench"
sys.path.insert(0, str(ROOT / "scripts"))

from firehose_archive import RULES, write_archive  # noqa: E402

CITYLOTS_SETS = ["EXACT", "WILDCARD", "PREFIX", "NUMERIC", "ANYTHING_BUT"]


def citylots_data():
    """CityLots v2 (synthetic) as 8 gz files, and its rules: five of the benchmark sets."""
    folder = DATA / "citylots-split"
    source = DATA / "citylots2-synth.jsonl.gz"
    if not source.exists():
        subprocess.run([sys.executable, str(SHARED_BENCH / "gen_citylots.py"), str(DATA)], check=True)
    if not folder.exists():
        folder.mkdir(parents=True)
        with gzip.open(source, "rt") as f:
            lines = f.readlines()
        per = -(-len(lines) // 8)
        for i in range(8):
            with gzip.open(folder / f"part-{i}.jsonl.gz", "wt", compresslevel=6) as out:
                out.writelines(lines[i * per:(i + 1) * per])
    sets = json.loads((SHARED_BENCH / "citylots-benchmarks.json").read_text())["sets"]
    rules = {f"{s['name']}.{n}": t for s in sets if s["name"] in CITYLOTS_SETS
             for n, t in zip(s["pattern_names"], s["pattern_texts"])}
    return folder, rules


def firehose_data():
    folder = DATA / "firehose-archive"
    if not folder.exists():
        write_archive(folder, files=16, per_file=60000)
    return folder, RULES


def timed(cmd):
    """Wall and CPU seconds of a child process, and its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    out = subprocess.run(cmd, check=False, capture_output=True, text=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if out.returncode not in (0, 1):
        raise SystemExit(f"{cmd}: {out.stderr}")
    return wall, cpu, out.stdout


def zlib_cpu(files):
    """CPU seconds to inflate every file with Python's zlib on one core, and the bytes it gives."""
    t = time.process_time()
    total = 0
    for path in files:
        d = zlib.decompressobj(31)
        with open(path, "rb") as f:
            while block := f.read(1 << 20):
                total += len(d.decompress(block))
    return time.process_time() - t, total


def median_of(runs, f):
    results = [f() for _ in range(runs)]
    return [statistics.median(x) for x in zip(*results)]


def describe(name, files, text_bytes, events):
    packed = sum(f.stat().st_size for f in files)
    return (f"| {name} | data | {len(files)} gz files, {packed / 1e6:.1f} MB gz, {text_bytes / 1e6:.1f} MB "
            f"of text, {events} events ({text_bytes / max(events, 1):.0f} bytes each) | |")


def replay_rows(name, folder, rules, runs):
    rules_path = DATA / f"{name}-rules.json"
    rules_path.write_text(json.dumps(rules))
    files = sorted(p for p in folder.rglob("*.gz"))
    z_cpu, text_bytes = median_of(runs, lambda: zlib_cpu(files))
    base = [str(CLI), "replay", "--rules", str(rules_path), str(folder), "--json"]

    def cpu_of(extra):
        wall, cpu, out = timed(base + extra)
        return wall, cpu, json.loads(out)["events"]

    _, dec_cpu, _ = median_of(runs, lambda: cpu_of(["--threads", "1", "--read-only"]))
    rows = [
        None,  # the data, once the events are counted
        f"| {name} | decompression alone, 1 core: `replay --read-only` (zlib-rs) | {text_bytes / dec_cpu / 1e6:.0f} MB/s (CPU) | {dec_cpu:.2f} s CPU |",
        f"| {name} | decompression alone, 1 core: Python's zlib | {text_bytes / z_cpu / 1e6:.0f} MB/s (CPU) | {z_cpu:.2f} s CPU |",
    ]
    walls = {}
    for validation in ("full", "structure"):
        for threads in (1, 2):
            if validation == "structure" and threads == 2:
                continue
            wall, cpu, events = median_of(runs, lambda: cpu_of(["--threads", str(threads), "--validation", validation]))
            walls[threads] = walls.get(threads, wall)
            rows.append(
                f"| {name} | `replay --threads {threads} --validation {validation}` | "
                f"{text_bytes / cpu / 1e6:.0f} MB/s per core (CPU), {events / wall / 1e3:.0f} K events/s wall | "
                f"{wall:.2f} s wall, {cpu:.2f} s CPU ({cpu / wall:.2f} cores busy) |"
            )
            if threads == 1:
                rows.append(
                    f"| {name} | replay ({validation}) per core / decompression alone | "
                    f"**{dec_cpu / cpu:.2f}** (zlib-rs), {z_cpu / cpu:.2f} (Python's zlib) (target ≥ 0.8) | |"
                )
    rows[0] = describe(name, files, text_bytes, events)
    rows.append(f"| {name} | 2 threads / 1 thread (wall, full) | **{walls[1] / walls[2]:.2f}×** (target ≥ 1.7×) | |")
    return rows, rules_path, files


def arrow_rows(folder, rules, runs):
    import pyarrow as pa

    import eventlens

    lines = []
    for path in sorted(folder.rglob("*.gz")):
        with gzip.open(path, "rt") as f:
            lines.extend(l.rstrip("\n") for l in f)
    events = DATA / "firehose-events.jsonl"
    valid = [l for l in lines if _valid(l)]
    events.write_text("\n".join(valid) + "\n")
    sets = DATA / "firehose-sets.json"
    sets.write_text(json.dumps({"sets": [{"name": "FIREHOSE", "pattern_names": list(rules),
                                          "pattern_texts": [json.dumps(p) for p in rules.values()]}]}))
    out = subprocess.run([str(CLI), "bench", "--sets", str(sets), "--set", "FIREHOSE",
                          "--events", str(events), "--passes", str(runs)],
                         check=True, capture_output=True, text=True).stdout
    native = json.loads(out)["eps_cpu_median"]
    rule_set = eventlens.RuleSet(rules)
    array = pa.array(valid)

    def once():
        # match_arrow releases the GIL but runs on this thread: its CPU time is the thread's.
        t = time.thread_time()
        rule_set.match_arrow(array)
        return (time.thread_time() - t,)

    (cpu,) = median_of(runs, once)
    py = len(valid) / cpu
    return [
        f"| firehose | native `RuleSet::matches_each` (`eventlens bench`, 1 thread, thread CPU time) | {native / 1e3:.0f} K events/s | |",
        f"| firehose | Python `match_arrow` (1 thread, thread CPU time) | {py / 1e3:.0f} K events/s | ratio **{py / native:.2f}** (target ≥ 0.8) |",
    ]


def _valid(line):
    try:
        json.loads(line)
        return True
    except ValueError:
        return False


def spark_rows(folder, rules_path, runs):
    from pyspark.sql import SparkSession

    from eventlens.spark import read_events, replay_counts, replay_files

    os.environ["PYSPARK_PYTHON"] = sys.executable
    spark = (SparkSession.builder.master("local[2]").appName("eventlens-bench")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
             .config("spark.sql.shuffle.partitions", "2").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    rules = json.loads(rules_path.read_text())
    readers = {
        "`spark.read.text` + `replay_counts`": lambda: replay_counts(
            spark.read.text(str(folder), recursiveFileLookup=True), rules, "value"),
        "`read_events` + `replay_counts`": lambda: replay_counts(
            read_events(spark, str(folder)), rules, "value"),
        "`replay_files` (one pass)": lambda: replay_files(spark, str(folder), rules),
    }
    r_wall, _, _ = median_of(runs, lambda: timed([str(CLI), "replay", "--rules", str(rules_path),
                                                  str(folder), "--json", "--threads", "2"]))
    rows = []
    for reader, counts_of in readers.items():
        counts_of()  # warm-up: session, workers, the wheel's import

        def once():
            t = time.perf_counter()
            counts = counts_of()
            return time.perf_counter() - t, counts["events"]

        wall, events = median_of(runs, once)
        rows.append(
            f"| firehose | PySpark {reader} (mapInArrow, local[2], warm) | "
            f"{events / wall / 1e3:.0f} K events/s | {wall:.2f} s wall; Spark/replay **{r_wall / wall:.2f}** (target ≥ 0.4) |"
        )
    spark.stop()
    rows.insert(0, f"| firehose | `replay --threads 2`, same archive | {events / r_wall / 1e3:.0f} K events/s | {r_wall:.2f} s wall |")
    return rows


def main():
    global DATA
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-spark", action="store_true")
    parser.add_argument("--data", type=Path, default=DATA, help="where the generated data go")
    args = parser.parse_args()
    DATA = args.data.resolve()
    if not CLI.exists():
        raise SystemExit(f"build the CLI first: cargo build --release -p eventlens-cli ({CLI})")
    DATA.mkdir(exist_ok=True)
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; medians of {args.runs} runs")
    print("| data | what | rate | detail |\n|---|---|---|---|")
    folder, rules = citylots_data()
    for row in replay_rows("citylots", folder, rules, args.runs)[0]:
        print(row, flush=True)
    folder, rules = firehose_data()
    rows, rules_path, _ = replay_rows("firehose", folder, rules, args.runs)
    for row in rows + arrow_rows(folder, rules, args.runs):
        print(row, flush=True)
    if not args.skip_spark:
        for row in spark_rows(folder, rules_path, args.runs):
            print(row, flush=True)
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
