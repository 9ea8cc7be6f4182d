"""The recipes on engines (Spark, DuckDB, Polars) over a generated Firehose-style archive: each
counts exactly what `eventlens replay` counts."""
import os
import sys
from collections import Counter

import duckdb
import polars as pl
import pyarrow as pa
import pyspark
import pytest
from pyspark.sql import SparkSession

import eventlens
from firehose_archive import RULES


def counts_of(lists: pa.Array) -> dict:
    """What replay reports, from match_arrow's answer."""
    per_rule = Counter(name for names in lists.to_pylist() if names for name in names)
    return {
        "events": len(lists),
        "invalid": lists.null_count,
        "rules": {name: per_rule.get(name, 0) for name in RULES},
    }


def test_arrow_counts_equal_replay(lines, replayed):
    rules = eventlens.RuleSet(RULES)
    assert counts_of(rules.match_arrow(pa.array(lines))) == replayed


def test_duckdb_arrow_function_counts_equal_replay(lines, replayed):
    rules = eventlens.RuleSet(RULES)
    con = duckdb.connect()
    con.create_function(
        "rules_of",
        lambda events: rules.match_arrow(events),
        ["VARCHAR"],
        "VARCHAR[]",
        type="arrow",
        # Invalid events are null: the function sees every row and answers for each.
        null_handling="special",
    )
    con.register("events", pa.table({"value": pa.array(lines)}))
    result = con.sql("SELECT rules_of(value) AS rules FROM events").to_arrow_table()
    assert counts_of(result.column("rules").combine_chunks()) == replayed
    hits = con.sql(
        "SELECT count(*) FROM (SELECT rules_of(value) AS r FROM events)"
        " WHERE list_contains(r, 'failed-runs')"
    ).fetchall()[0][0]
    assert hits == replayed["rules"]["failed-runs"]


def test_polars_map_batches_counts_equal_replay(lines, replayed):
    rules = eventlens.RuleSet(RULES)
    df = pl.DataFrame({"value": lines}).with_columns(
        pl.col("value")
        .map_batches(
            lambda s: pl.from_arrow(rules.match_arrow(s.to_arrow())),
            return_dtype=pl.List(pl.String),
        )
        .alias("rules")
    )
    assert counts_of(df["rules"].to_arrow()) == replayed


@pytest.fixture(scope="module")
def spark():
    # The workers run this interpreter, which has the wheel.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("eventlens-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    assert pyspark.__version__ >= "4.1"
    yield session
    session.stop()


def test_spark_recipe_counts_equal_replay(spark, archive, replayed):
    from eventlens.spark import matches_any, matching_rules, replay_counts

    events = spark.read.text(str(archive), recursiveFileLookup=True)
    assert replay_counts(events, RULES, "value") == replayed
    named = events.select(matching_rules(RULES, "value").alias("rules"))
    invalid = named.filter("rules IS NULL").count()
    assert invalid == replayed["invalid"]
    failed = named.filter("array_contains(rules, 'failed-runs')").count()
    assert failed == replayed["rules"]["failed-runs"]
    # The filter keeps the events some rule matches.
    any_count = events.filter(matches_any(RULES, "value")).count()
    expected = named.filter("size(rules) > 0").count()
    assert any_count == expected > 0


def test_spark_reads_concatenated_archives_as_replay_does(
    spark, concatenated_archive, replayed_concatenated, archive, replayed
):
    from eventlens.spark import read_events, replay_counts, replay_files

    # One text line per file: spark.read.text cannot cut `}{`.
    assert spark.read.text(str(concatenated_archive), recursiveFileLookup=True).count() == 6
    events = read_events(spark, str(concatenated_archive))
    assert events.count() == replayed_concatenated["events"]
    assert replay_counts(events, RULES, "value") == replayed_concatenated
    assert replay_files(spark, str(concatenated_archive), RULES) == replayed_concatenated
    # The same readers take files of lines.
    assert replay_counts(read_events(spark, str(archive)), RULES, "value") == replayed
    assert replay_files(spark, str(archive), RULES) == replayed
