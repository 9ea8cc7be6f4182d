"""Prints the requirements (`name` or `name<version`) that this Python does not satisfy, one a
line: what scripts/setup.sh has pip install."""
import re
import sys
from importlib import metadata


def satisfied(requirement: str) -> bool:
    name, op, bound = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*(<)?\s*([0-9.]*)", requirement).groups()
    try:
        version = metadata.version(name)
    except metadata.PackageNotFoundError:
        return False
    if op != "<":
        return True
    major = int(version.split(".")[0])
    return major < int(bound.split(".")[0])


for r in sys.argv[1:]:
    if not satisfied(r):
        print(r)
