#!/usr/bin/env python3
"""Writes a synthetic archive of small EventBridge envelopes as a rule → Firehose → S3 delivery
leaves them: gzipped objects under yyyy/MM/dd/HH/, one event per line (Firehose's newline
delimiter) or concatenated (its default), a few of them not valid events. Deterministic.

Usage: firehose_archive.py OUT_DIR FILES EVENTS_PER_FILE [--concatenated]
Also imported by the Python tests and the replay benchmark (write_archive, RULES).
"""
import gzip
import json
import random
import sys
from pathlib import Path

# The rules the tests and the benchmark replay over such an archive.
RULES = {
    "failed-runs": {"source": ["aws.omics"], "detail": {"status": ["FAILED"]}},
    "big-files": {"source": ["aws.s3"], "detail": {"object": {"size": [{"numeric": [">", 500000]}]}}},
    "prod-any": {"account": [{"prefix": "1111"}], "detail-type": [{"wildcard": "* State Change"}]},
    "not-us": {"region": [{"anything-but": ["us-east-1", "us-west-2"]}]},
}

SOURCES = ["aws.omics", "aws.s3", "aws.batch", "com.example.lims"]
STATUSES = ["COMPLETED", "FAILED", "RUNNING", "STARTING"]
REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"]


def envelope(rnd: random.Random, i: int, hour: str) -> str:
    source = rnd.choice(SOURCES)
    detail = {"status": rnd.choice(STATUSES), "runId": f"r-{i:08d}"}
    if source == "aws.s3":
        detail["object"] = {"key": f"raw/{i}.fastq.gz", "size": rnd.randrange(1_000_000)}
    return json.dumps(
        {
            "version": "0",
            "id": f"{rnd.getrandbits(64):016x}-{i}",
            "detail-type": rnd.choice(["Run Status Change", "Job State Change", "Object Created"]),
            "source": source,
            "account": rnd.choice(["111122223333", "444455556666"]),
            "time": f"{hour}:{i % 60:02d}:00Z",
            "region": rnd.choice(REGIONS),
            "resources": [f"arn:aws:omics:us-east-1:111122223333:run/{i}"],
            "detail": detail,
        },
        separators=(",", ":"),
    )


def write_archive(root: Path, files: int, per_file: int, concatenated: bool = False) -> int:
    """Writes the archive under `root`; returns the number of events (bad ones included)."""
    rnd = random.Random(20240501)
    n = 0
    for f in range(files):
        day, hour = 1 + f // 24 % 28, f % 24
        stamp = f"2024-05-{day:02d}T{hour:02d}"
        folder = root / f"2024/05/{day:02d}/{hour:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        events = []
        for _ in range(per_file):
            # In files of lines, about one event in 2,000 is cut short, as a failed write
            # would leave it.
            text = envelope(rnd, n, stamp)
            cut = not concatenated and rnd.random() < 0.0005
            events.append(text[: len(text) // 2] if cut else text)
            n += 1
        body = "".join(events) if concatenated else "\n".join(events) + "\n"
        name = f"events-1-2024-05-{day:02d}-{hour:02d}-00-00-{f:04d}.gz"
        with gzip.open(folder / name, "wt", compresslevel=6) as out:
            out.write(body)
    return n


if __name__ == "__main__":
    out, files, per_file = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    print(write_archive(out, files, per_file, "--concatenated" in sys.argv[4:]))
