"""Type stubs of the native module (re-exported by the ``eventlens`` package)."""

from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import pyarrow

JsonInput = Union[str, bytes, Mapping[str, Any], Sequence[Any]]

class PatternError(ValueError):
    """An invalid pattern, with AWS's message and where the fault is."""

    message: str
    reason: str
    kind: str
    line: int
    column: int
    span: Tuple[int, int]
    char_span: Optional[Tuple[int, int]]

class EventError(ValueError):
    """An event that cannot be read, and where."""

    message: str
    kind: str
    line: int
    column: int
    span: Tuple[int, int]
    char_span: Tuple[int, int]

class ConfigError(ValueError):
    """Rules, settings or a PutEvents request refused."""

    message: str
    location: str
    line: Optional[int]
    column: Optional[int]

def validate(pattern: JsonInput) -> None:
    """Checks a pattern; raises PatternError."""

def matches(pattern: JsonInput, event: JsonInput) -> bool:
    """Whether the event matches the pattern."""

def explain(pattern: JsonInput, event: JsonInput) -> Dict[str, Any]:
    """Every condition, the values it was tested against, and spans in bytes and code points."""

def split_events(data: bytes) -> pyarrow.StringArray:
    """The events of a file's bytes (gzip or plain; one per line, concatenated ``}{`` or in a
    JSON array), as ``eventlens replay`` cuts them; null for a piece that is not UTF-8. Raises
    ValueError for gzip data that cannot be inflated."""

class Pattern:
    """A compiled pattern."""

    def __init__(self, pattern: JsonInput) -> None: ...
    @property
    def source(self) -> str: ...
    def matches(self, event: JsonInput) -> bool: ...
    def explain(self, event: JsonInput) -> Dict[str, Any]: ...

class RuleSet:
    """Named patterns matched together."""

    def __init__(
        self, rules: Union[Mapping[str, JsonInput], str], *, validation: str = "full"
    ) -> None: ...
    @property
    def names(self) -> List[str]: ...
    @property
    def notes(self) -> List[str]: ...
    def __len__(self) -> int: ...
    def matches(self, event: JsonInput) -> List[str]:
        """The names of the rules the event matches; raises EventError."""
    def match_arrow(
        self, array: Union[pyarrow.Array, pyarrow.ChunkedArray]
    ) -> pyarrow.ListArray:
        """Matching rule names per event (null for a null or invalid event)."""
    def any_arrow(
        self, array: Union[pyarrow.Array, pyarrow.ChunkedArray]
    ) -> pyarrow.BooleanArray:
        """Whether each event matches any rule (null for a null or invalid event)."""

class Bus:
    """An account's rules, targets and endpoints."""

    def __init__(
        self,
        rules: JsonInput,
        *,
        account: str = "123456789012",
        region: str = "us-east-1",
        stack_name: str = "eventlens",
        parameters: Optional[Mapping[str, str]] = None,
        imports: Optional[Mapping[str, str]] = None,
    ) -> None: ...
    def put_events(
        self,
        entries: JsonInput,
        *,
        now: Optional[str] = None,
        seed: int = 0,
        unhealthy: Sequence[str] = (),
    ) -> Dict[str, Any]: ...
    @property
    def rules(self) -> List[Dict[str, Any]]: ...
    @property
    def notes(self) -> List[str]: ...
