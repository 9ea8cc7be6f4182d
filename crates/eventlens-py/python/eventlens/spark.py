"""Apache Spark helpers: an eventlens rule set over a column of event text (JSON strings),
matched on the executors through Arrow (``arrow_udf`` and ``mapInArrow``; never a per-row Python
``udf``, which is several times slower). Every worker needs the eventlens wheel installed.

    from eventlens.spark import matching_rules, matches_any, read_events, replay_counts
    events = read_events(spark, "s3://bucket/events/2024/05/")  # lines, `}{` or arrays; gz or plain
    events.select(matching_rules(rules, "value").alias("rules"))
    events.filter(matches_any(rules, "value"))
    replay_counts(events, rules, "value")  # {"events": N, "invalid": K, "rules": {name: count}}

``rules`` is what ``eventlens.RuleSet`` takes: a dict of name → pattern, or rules file text. It
is compiled once per worker process. (``spark.read.text`` also gives events, one per line, but
not those of files of concatenated events, Firehose's default.)
"""

import functools
import gzip
import json
from typing import Any, Dict, Iterator, Mapping, Union

import pyarrow
import pyarrow.compute as pc
from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F

from .eventlens import RuleSet, split_events

Rules = Union[Mapping[str, Any], str]


def _key(rules: Rules) -> str:
    """The rules as one string, the cache key of their compiled set."""
    return rules if isinstance(rules, str) else json.dumps(dict(rules))


@functools.lru_cache(maxsize=16)
def _compiled(key: str, is_text: bool) -> RuleSet:
    return RuleSet(key if is_text else json.loads(key))


def _rule_set(rules: Rules) -> RuleSet:
    return _compiled(_key(rules), isinstance(rules, str))


def _column(column: Union[str, Column]) -> Column:
    return F.col(column) if isinstance(column, str) else column


def read_events(spark: SparkSession, path: str, *, recursive: bool = True) -> DataFrame:
    """The events of the files at ``path`` (a file, a folder read recursively, or a glob), one
    per row in column ``value``, cut on the executors as ``eventlens replay`` cuts them: one per
    line, concatenated (``}{``, as Firehose writes them by default) or in a JSON array, in gzip
    or plain files; null for a piece that is not UTF-8. Each file is one row of Spark's
    ``binaryFile`` source (not split), so a task holds its files whole."""
    files = (
        spark.read.format("binaryFile")
        .option("recursiveFileLookup", str(recursive).lower())
        .load(path)
        .select("content")
    )

    def split(batches: Iterator[pyarrow.RecordBatch]) -> Iterator[pyarrow.RecordBatch]:
        for batch in batches:
            for content in batch.column(0):
                data = content.as_py()
                if data is None:
                    continue
                if data[:2] == b"\x1f\x8b":
                    data = gzip.decompress(data)
                yield pyarrow.RecordBatch.from_arrays([split_events(data)], names=["value"])

    return files.mapInArrow(split, "value string")


def matching_rules(rules: Rules, column: Union[str, Column]) -> Column:
    """A column of the names of the rules each event matches (``array<string>``; null for a
    null or invalid event)."""
    key, is_text = _key(rules), isinstance(rules, str)

    def names(events: pyarrow.Array) -> pyarrow.Array:
        return _compiled(key, is_text).match_arrow(events)

    return F.arrow_udf(names, "array<string>")(_column(column))


def matches_any(rules: Rules, column: Union[str, Column]) -> Column:
    """A boolean column: whether each event matches any rule (null for a null or invalid
    event); use it in ``filter``."""
    key, is_text = _key(rules), isinstance(rules, str)

    def any_rule(events: pyarrow.Array) -> pyarrow.Array:
        return _compiled(key, is_text).any_arrow(events)

    return F.arrow_udf(any_rule, "boolean")(_column(column))


def replay_counts(df: DataFrame, rules: Rules, column: str = "value") -> Dict[str, Any]:
    """Events, invalid events and matches per rule over ``df[column]``, counted on the
    executors with ``mapInArrow``: ``{"events": N, "invalid": K, "rules": {name: count}}``, as
    ``eventlens replay --json`` gives them."""
    key, is_text = _key(rules), isinstance(rules, str)
    names = _rule_set(rules).names

    def count(batches: Iterator[pyarrow.RecordBatch]) -> Iterator[pyarrow.RecordBatch]:
        rule_set = _compiled(key, is_text)
        totals = dict.fromkeys(["\0events", "\0invalid", *rule_set.names], 0)
        for batch in batches:
            events = batch.column(0)
            lists = rule_set.match_arrow(events)
            totals["\0events"] += len(events)
            totals["\0invalid"] += lists.null_count
            for entry in pc.value_counts(pc.list_flatten(lists)).to_pylist():
                totals[entry["values"]] += entry["counts"]
        yield pyarrow.RecordBatch.from_pydict(
            {"name": list(totals), "count": list(totals.values())}
        )

    rows = (
        df.select(_column(column))
        .mapInArrow(count, "name string, count long")
        .groupBy("name")
        .agg(F.sum("count").alias("count"))
        .collect()
    )
    found = {r["name"]: r["count"] for r in rows}
    return {
        "events": found.get("\0events", 0),
        "invalid": found.get("\0invalid", 0),
        "rules": {name: found.get(name, 0) for name in names},
    }
