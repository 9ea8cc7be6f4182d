"""Amazon EventBridge event patterns, exactly as AWS evaluates them.

- ``validate(pattern)``, ``matches(pattern, event)``, ``explain(pattern, event)`` and ``Pattern``;
- ``RuleSet(rules)``: many named patterns; ``matches(event)`` and, over pyarrow arrays of event
  text, ``match_arrow`` and ``any_arrow`` (for Spark, DuckDB and Polars: see ``eventlens.spark``);
- ``Bus``: rules with targets, and what PutEvents does with them.

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
    validate,
)

__all__ = [
    "Bus",
    "ConfigError",
    "EventError",
    "Pattern",
    "PatternError",
    "RuleSet",
    "explain",
    "matches",
    "validate",
]
