"""Shared fixtures: a generated Firehose-style archive and what `eventlens replay` finds in it."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from firehose_archive import RULES, write_archive  # noqa: E402


@pytest.fixture(scope="session")
def archive(tmp_path_factory):
    """A partitioned gz archive of 12 files of 2,500 events, one a line."""
    root = tmp_path_factory.mktemp("archive")
    write_archive(root, files=12, per_file=2500)
    return root


@pytest.fixture(scope="session")
def rules_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("rules") / "rules.json"
    path.write_text(json.dumps(RULES))
    return path


@pytest.fixture(scope="session")
def concatenated_archive(tmp_path_factory):
    """The same kind of archive with events concatenated (`}{`, Firehose's default): 6 files of
    2,000 events."""
    root = tmp_path_factory.mktemp("concatenated")
    write_archive(root, files=6, per_file=2000, concatenated=True)
    return root


def replay(archive, rules_file):
    """`eventlens replay --json` over an archive (the CLI named by EVENTLENS_BIN): events,
    invalid events and counts per rule."""
    binary = os.environ.get("EVENTLENS_BIN", str(ROOT / "target/debug/eventlens"))
    run = subprocess.run(
        [binary, "replay", "--rules", str(rules_file), str(archive), "--json"],
        capture_output=True,
        text=True,
    )
    assert run.returncode in (0, 1), run.stderr
    summary = json.loads(run.stdout)
    return {k: summary[k] for k in ("events", "invalid", "rules")}


@pytest.fixture(scope="session")
def replayed(archive, rules_file):
    """What `eventlens replay` finds in the archive of lines."""
    summary = replay(archive, rules_file)
    assert summary["events"] == 30000
    assert summary["invalid"] > 0, "the archive holds bad events"
    assert min(summary["rules"].values()) > 0, "every rule matches something"
    return summary


@pytest.fixture(scope="session")
def replayed_concatenated(concatenated_archive, rules_file):
    """What `eventlens replay` finds in the archive of concatenated events."""
    summary = replay(concatenated_archive, rules_file)
    assert summary["events"] == 12000
    assert min(summary["rules"].values()) > 0, "every rule matches something"
    return summary


@pytest.fixture(scope="session")
def lines(archive):
    """The archive's events, in file order, as Python strings."""
    import gzip

    out = []
    for path in sorted(p for p in archive.rglob("*") if p.is_file()):
        with gzip.open(path, "rt") as f:
            out.extend(line.rstrip("\n") for line in f)
    return out
