"""Amazon EventBridge event patterns, exactly as AWS evaluates them.

- ``validate(pattern)``, ``matches(pattern, event)``, ``explain(pattern, event)`` and ``Pattern``;
- ``RuleSet(rules)``: many named patterns; ``matches(event)`` and, over pyarrow arrays of event
  text, ``match_arrow`` and ``any_arrow`` (for Spark, DuckDB and Polars: see ``eventlens.spark``);
- ``split_events(data)``: the events of a file (gzip or plain; lines, ``}{`` or an array), as
  ``eventlens replay`` cuts them, in a pyarrow string array;
- ``Bus`` and ``put_events``: rules with targets, and what PutEvents does with them.

Errors are ``PatternError``, ``EventError`` and ``ConfigError`` (all ``ValueError``).
"""

from .eventlens import (
    Bus,
    ConfigError,
    EventError,
    Pattern,
    PatternError,
    RuleSet,
    explain,
    matches,
    split_events,
    validate,
)



def put_events(rules, entries, *, now=None, seed=0, unhealthy=(), **settings):
    """One PutEvents request on a bus of ``rules``: ``Bus(rules, **settings).put_events(...)``
    (settings: ``account``, ``region``, ``stack_name``, ``parameters``, ``imports``)."""
    return Bus(rules, **settings).put_events(entries, now=now, seed=seed, unhealthy=list(unhealthy))


__all__ = [
    "Bus",
    "ConfigError",
    "EventError",
    "Pattern",
    "PatternError",
    "RuleSet",
    "explain",
    "matches",
    "put_events",
    "split_events",
    "validate",
]
