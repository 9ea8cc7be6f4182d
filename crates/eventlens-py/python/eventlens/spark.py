"""Apache Spark helpers: an eventlens rule set over a column of event text (JSON strings),
matched on the executors through Arrow (``arrow_udf`` and ``mapInArrow``; never a per-row Python
``udf``, which is several times slower). Every worker needs the eventlens wheel installed.

    from eventlens.spark import matching_rules, matches_any, read_events, replay_counts, replay_files
    events = read_events(spark, "s3://bucket/events/2024/05/")  # lines, `}{` or arrays; gz or plain
    events.select(matching_rules(rules, "value").alias("rules"))
    events.filter(matches_any(rules, "value"))
    replay_counts(events, rules, "value")  # {"events": N, "invalid": K, "rules": {name: count}}
    replay_files(spark, "s3://bucket/events/2024/05/", rules)  # the same, in one pass

``rules`` is what ``eventlens.RuleSet`` takes: a dict of name → pattern, or rules file text. It
is compiled once per worker process. (``spark.read.text`` also gives events, one per line, but
not those of files of concatenated events, Firehose's default.)
"""

import functools
import json
from typing import Any, Callable, Dict, Iterator, Mapping, Union

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


def _files(spark: SparkSession, path: str, recursive: bool) -> DataFrame:
    """The files at ``path``, one row each: their stored bytes in column ``content``."""
    return (
        spark.read.format("binaryFile")
        .option("recursiveFileLookup", str(recursive).lower())
        .load(path)
        .select("content")
    )


def _events_of(batch: pyarrow.RecordBatch) -> Iterator[pyarrow.Array]:
    """The events of each file in a batch of ``_files`` rows."""
    for content in batch.column(0):
        data = content.as_py()
        if data is not None:
            yield split_events(data)


def read_events(spark: SparkSession, path: str, *, recursive: bool = True) -> DataFrame:
    """The events of the files at ``path`` (a file, a folder read recursively, or a glob), one
    per row in column ``value``, cut on the executors as ``eventlens replay`` cuts them: one per
    line, concatenated (``}{``, as Firehose writes them by default) or in a JSON array, in gzip
    or plain files; null for a piece that is not UTF-8. Each file is one row of Spark's
    ``binaryFile`` source (not split), so a task holds its files whole."""

    def split(batches: Iterator[pyarrow.RecordBatch]) -> Iterator[pyarrow.RecordBatch]:
        for batch in batches:
            for events in _events_of(batch):
                yield pyarrow.RecordBatch.from_arrays([events], names=["value"])

    return _files(spark, path, recursive).mapInArrow(split, "value string")


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


def _counter(rules: Rules, arrays_of: Callable[[pyarrow.RecordBatch], Iterator[pyarrow.Array]]):
    """A ``mapInArrow`` function: the events of each batch (``arrays_of``) matched, and one row
    per total (events, invalid events, matches per rule) at the end."""
    key, is_text = _key(rules), isinstance(rules, str)

    def count(batches: Iterator[pyarrow.RecordBatch]) -> Iterator[pyarrow.RecordBatch]:
        rule_set = _compiled(key, is_text)
        totals = dict.fromkeys(["\0events", "\0invalid", *rule_set.names], 0)
        for batch in batches:
            for events in arrays_of(batch):
                lists = rule_set.match_arrow(events)
                totals["\0events"] += len(events)
                totals["\0invalid"] += lists.null_count
                for entry in pc.value_counts(pc.list_flatten(lists)).to_pylist():
                    totals[entry["values"]] += entry["counts"]
        yield pyarrow.RecordBatch.from_pydict(
            {"name": list(totals), "count": list(totals.values())}
        )

    return count


def _summed(df: DataFrame, rules: Rules, arrays_of) -> Dict[str, Any]:
    """The totals of ``_counter`` over ``df``, summed: replay's summary."""
    rows = (
        df.mapInArrow(_counter(rules, arrays_of), "name string, count long")
        .groupBy("name")
        .agg(F.sum("count").alias("count"))
        .collect()
    )
    found = {r["name"]: r["count"] for r in rows}
    return {
        "events": found.get("\0events", 0),
        "invalid": found.get("\0invalid", 0),
        "rules": {name: found.get(name, 0) for name in _rule_set(rules).names},
    }


def replay_counts(df: DataFrame, rules: Rules, column: str = "value") -> Dict[str, Any]:
    """Events, invalid events and matches per rule over ``df[column]``, counted on the
    executors with ``mapInArrow``: ``{"events": N, "invalid": K, "rules": {name: count}}``, as
    ``eventlens replay --json`` gives them."""
    return _summed(df.select(_column(column)), rules, lambda batch: iter([batch.column(0)]))


def replay_files(
    spark: SparkSession, path: str, rules: Rules, *, recursive: bool = True
) -> Dict[str, Any]:
    """``replay_counts(read_events(spark, path), rules)`` in one pass: each file is cut and
    matched where it is read, so only its stored (compressed) bytes go from the JVM to Python.
    The fastest way to count an archive."""
    return _summed(_files(spark, path, recursive), rules, _events_of)
