"""Type stubs of the package: the native module's names, and ``put_events``."""

from typing import Any, Dict, Mapping, Optional, Sequence

from .eventlens import Bus as Bus
from .eventlens import ConfigError as ConfigError
from .eventlens import EventError as EventError
from .eventlens import JsonInput
from .eventlens import Pattern as Pattern
from .eventlens import PatternError as PatternError
from .eventlens import RuleSet as RuleSet
from .eventlens import explain as explain
from .eventlens import matches as matches
from .eventlens import split_events as split_events
from .eventlens import validate as validate

def put_events(
    rules: JsonInput,
    entries: JsonInput,
    *,
    now: Optional[str] = None,
    seed: int = 0,
    unhealthy: Sequence[str] = (),
    account: str = ...,
    region: str = ...,
    stack_name: str = ...,
    parameters: Optional[Mapping[str, str]] = None,
    imports: Optional[Mapping[str, str]] = None,
) -> Dict[str, Any]:
    """One PutEvents request on a bus of ``rules``."""

__all__: list
