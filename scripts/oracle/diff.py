#!/usr/bin/env python3
"""Differential test of eventlens against LocalStack's EventBridge pattern engine.

Generates random (pattern, event) pairs across every operator, array shapes, nulls, numbers and
unicode, runs them through both engines and reports every disagreement, grouped into classes.
Each disagreeing case is reduced to the single field and matcher that disagree on their own, so a
class names an operator, the kind of event value it met and the two verdicts.

Ours runs as `eventlens check` (JSON Lines on stdin); LocalStack runs in this process
(`localstack.utils.event_matcher`). Use scripts/oracle/run.sh, which sets both up.

    diff.py --seed 7 --cases 20000 --bin target/oracle/release/eventlens
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import subprocess
import sys
from dataclasses import dataclass

from localstack.utils.event_matcher import InvalidEventPatternException, matches_event

# ------------------------------------------------------------------------------------------------
# Random events: JSON text is built by hand so that number literals keep their exact spelling.

KEYS = ["a", "b", "c", "detail", "x", "y", "state", "a.b", "", "ß", "Name"]
STRINGS = [
    "", "x", "abc", "abcabc", "ABC", "aBc", "prod", "production", "dev-prod", "init", "initial",
    "*", "a*b", "\\", "dir/file.png", "dir/.png", "10.0.0.1", "10.0.0.01", "10.0.1.7",
    "192.168.0.255", "2001:db8::1", "2001:0db8:0000:0000:0000:0000:0000:0001", "10.0.0.256",
    "straße", "STRASSE", "Σ", "ς", "ı", "I", "é", "e\u0301", "🚀", "??", "true", "null", "300",
    " 300", "aaaab", "ab", "ba",
]
NUMBERS = [
    "0", "-0", "1", "-1", "5", "5.0", "300", "300.0", "3e2", "3.0e2", "100", "101.5", "1e-6",
    "0.1", "0.30000000000000001", "12345678901234567890", "1e400", "-1e400", "4999999999",
    "5000000001", "2", "10",
]
SCALAR_KINDS = ["string"] * 6 + ["number"] * 4 + ["null", "true", "false"]


def js(s: str) -> str:
    """A JSON string literal; non-ASCII kept as UTF-8 (both engines read UTF-8)."""
    return json.dumps(s, ensure_ascii=False)


def scalar(rng: random.Random) -> str:
    kind = rng.choice(SCALAR_KINDS)
    if kind == "string":
        return js(rng.choice(STRINGS))
    if kind == "number":
        return rng.choice(NUMBERS)
    return kind


def value(rng: random.Random, depth: int) -> str:
    roll = rng.random()
    if depth >= 3 or roll < 0.55:
        return scalar(rng)
    if roll < 0.7:
        return "[" + ", ".join(scalar(rng) for _ in range(rng.randint(0, 3))) + "]"
    if roll < 0.82:
        n = rng.randint(0, 3)
        return "[" + ", ".join(obj(rng, depth + 1) for _ in range(n)) + "]"
    if roll < 0.85:
        return "[[" + scalar(rng) + "], " + obj(rng, depth + 1) + "]"
    return obj(rng, depth + 1)


def obj(rng: random.Random, depth: int) -> str:
    n = rng.randint(0, 4) if depth else rng.randint(1, 5)
    keys = rng.sample(KEYS, n)
    if keys and rng.random() < 0.05:
        keys.append(keys[0])  # a duplicate key now and then
    return "{" + ", ".join(f"{js(k)}: {value(rng, depth)}" for k in keys) + "}"


def leaves(text: str, raw: bool = False) -> list[tuple[str, object]]:
    """(dotted path, value) of every leaf of a JSON text, arrays expanded (duplicate keys kept)."""
    out: list[tuple[str, object]] = []

    def walk(v: object, path: str) -> None:
        if isinstance(v, PairList):
            for k, item in v:
                walk(item, f"{path}.{k}" if path else k)
        elif isinstance(v, list):
            for item in v:
                walk(item, path)
        else:
            out.append((path, v))

    walk(parse_raw(text) if raw else json.loads(text, object_pairs_hook=PairList), "")
    return out


class PairList(list):
    """An object as its list of (key, value) pairs, duplicates kept."""


class Num(str):
    """A number literal kept as written (`-0`, `1e400`, `0.30000000000000001`)."""


def parse_raw(text: str):
    """JSON with objects as pair lists and numbers as their exact text."""
    return json.loads(text, object_pairs_hook=PairList, parse_float=Num, parse_int=Num,
                      parse_constant=Num)


def kind(v: object) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, Num):
        return "number"
    return "string" if isinstance(v, str) else type(v).__name__


# ------------------------------------------------------------------------------------------------
# Random patterns built around the event's own paths and values, so that both verdicts occur.


def near_string(rng: random.Random, known: list[object]) -> str:
    strings = [v for v in known if isinstance(v, str)]
    if strings and rng.random() < 0.7:
        s = rng.choice(strings)
        cut = rng.randint(0, len(s))
        return rng.choice([s, s[:cut], s[cut:], s.upper(), s.lower(), s + "x"])
    return rng.choice(STRINGS)


def near_number(rng: random.Random, known: list[object]) -> str:
    nums = [v for v in known if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if nums and rng.random() < 0.6:
        n = rng.choice(nums)
        if isinstance(n, float) and n in (float("inf"), float("-inf")):
            return rng.choice(NUMBERS)
        return repr(n) if isinstance(n, float) else str(n)
    return rng.choice(NUMBERS)


def glob(rng: random.Random, known: list[object]) -> str:
    s = near_string(rng, known).replace("\\", "").replace("*", "")
    chars = list(s)
    for _ in range(rng.randint(0, 3)):
        chars.insert(rng.randint(0, len(chars)), "*")
    g = "".join(chars)
    while "**" in g:
        g = g.replace("**", "*")
    return g


def matcher(rng: random.Random, known: list[object]) -> str:
    op = rng.choice(OPERATORS)
    return op(rng, known)


def exact(rng, known):
    roll = rng.random()
    if roll < 0.5:
        return js(near_string(rng, known))
    if roll < 0.8:
        return near_number(rng, known)
    return rng.choice(["null", "true", "false"])


def string_list(rng, known, make):
    if rng.random() < 0.5:
        return js(make(rng, known))
    return "[" + ", ".join(js(make(rng, known)) for _ in range(rng.randint(1, 3))) + "]"


def anything_but(rng, known):
    form = rng.choice(["string", "number", "strings", "numbers", "prefix", "suffix", "eic", "wildcard"])
    if form == "string":
        body = js(near_string(rng, known))
    elif form == "number":
        body = near_number(rng, known)
    elif form == "strings":
        body = "[" + ", ".join(js(near_string(rng, known)) for _ in range(rng.randint(1, 3))) + "]"
    elif form == "numbers":
        body = "[" + ", ".join(near_number(rng, known) for _ in range(rng.randint(1, 3))) + "]"
    elif form in ("prefix", "suffix"):
        body = f'{{"{form}": {string_list(rng, known, lambda r, k: near_string(r, k) or "a")}}}'
    elif form == "eic":
        body = f'{{"equals-ignore-case": {string_list(rng, known, near_string)}}}'
    else:
        body = f'{{"wildcard": {string_list(rng, known, glob)}}}'
    return f'{{"anything-but": {body}}}'


def numeric(rng, known):
    a = near_number(rng, known)
    if rng.random() < 0.5:
        return f'{{"numeric": ["{rng.choice(["=", "<", "<=", ">", ">="])}", {a}]}}'
    b = near_number(rng, known)
    return f'{{"numeric": ["{rng.choice([">", ">="])}", {a}, "{rng.choice(["<", "<="])}", {b}]}}'


def cidr(rng, known):
    base = rng.choice(["10.0.0.0", "10.0.0.77", "192.168.0.0", "2001:db8::", "2001:DB8::1"])
    bits = rng.choice([8, 16, 24, 31, 32, 64, 96, 127])
    return f'{{"cidr": "{base}/{bits}"}}'


OPERATORS = [
    exact,
    exact,
    lambda r, k: f'{{"prefix": {js(near_string(r, k))}}}',
    lambda r, k: f'{{"suffix": {js(near_string(r, k))}}}',
    lambda r, k: f'{{"prefix": {{"equals-ignore-case": {js(near_string(r, k))}}}}}',
    lambda r, k: f'{{"suffix": {{"equals-ignore-case": {js(near_string(r, k))}}}}}',
    lambda r, k: f'{{"equals-ignore-case": {js(near_string(r, k))}}}',
    anything_but,
    anything_but,
    numeric,
    lambda r, k: f'{{"exists": {r.choice(["true", "false"])}}}',
    cidr,
    lambda r, k: f'{{"wildcard": {js(glob(r, k))}}}',
    lambda r, k: f'{{"wildcard": {js(glob(r, k))}}}',
]


def nest(path: str, body: str) -> str:
    """`{"a": {"b": body}}` for path a.b (a pattern key may also keep the dot: both are used)."""
    parts = path.split(".")
    for k in reversed(parts):
        body = f"{{{js(k)}: {body}}}"
    return body


def field(rng: random.Random, event_leaves, by_path) -> tuple[str, str]:
    if event_leaves and rng.random() < 0.85:
        path = rng.choice(event_leaves)[0]
    else:
        path = rng.choice(KEYS + ["a.x", "detail.state", "missing"])
    known = by_path.get(path, [])
    matchers = [matcher(rng, known) for _ in range(rng.choice([1, 1, 1, 2, 3]))]
    return path, "[" + ", ".join(matchers) + "]"


def pattern(rng: random.Random, event_text: str) -> str:
    event_leaves = [(p, v) for p, v in leaves(event_text) if p]
    by_path = collections.defaultdict(list)
    for p, v in event_leaves:
        by_path[p].append(v)
    fields = [field(rng, event_leaves, by_path) for _ in range(rng.choice([1, 1, 2, 2, 3]))]
    members = []
    for path, body in fields:
        if "." in path and rng.random() < 0.5:
            key, rest = path.split(".", 1)
            members.append(f"{js(key)}: {nest(rest, body)}")
        else:
            members.append(f"{js(path)}: {body}")
    if rng.random() < 0.15 and len(members) >= 2:
        half = len(members) // 2
        return '{"$or": [{' + ", ".join(members[:half]) + "}, {" + ", ".join(members[half:]) + "}]}"
    return "{" + ", ".join(members) + "}"


# ------------------------------------------------------------------------------------------------
# Running both engines.


def localstack(pattern_text: str, event_text: str) -> str:
    try:
        return "match" if matches_event(pattern_text, event_text) else "no-match"
    except InvalidEventPatternException:
        return "invalid-pattern"
    except Exception as e:  # noqa: BLE001 - a crash is a verdict too
        return f"crash:{type(e).__name__}"


def ours(binary: str, cases: list[tuple[str, str]]) -> list[str]:
    lines = "".join(
        json.dumps({"id": i, "pattern_raw": p, "event_raw": e}, ensure_ascii=False) + "\n"
        for i, (p, e) in enumerate(cases)
    )
    out = subprocess.run(
        [binary, "check"], input=lines.encode(), capture_output=True, check=True
    ).stdout.decode()
    verdicts = [json.loads(line) for line in out.splitlines()]
    assert len(verdicts) == len(cases), "one verdict per case"
    return [v["result"] for v in verdicts]


# ------------------------------------------------------------------------------------------------
# Reducing a disagreement to the field and matcher that disagree alone, and naming its class.


@dataclass
class Case:
    pattern: str
    event: str
    ours: str
    theirs: str


def split_fields(pattern_text: str) -> list[str]:
    """Single-field, single-matcher patterns taken from a pattern (`$or` branches flattened)."""
    try:
        p = parse_raw(pattern_text)
    except ValueError:
        return []
    out: list[str] = []

    def walk(node, path):
        if not isinstance(node, PairList):
            return
        for k, v in node:
            if k == "$or" and isinstance(v, list):
                for branch in v:
                    walk(branch, path)
            elif isinstance(v, PairList):
                walk(v, path + [k])
            elif isinstance(v, list):
                for m in v:
                    out.append(nest(".".join(path + [k]), "[" + to_json(m) + "]"))

    walk(p, [])
    return out


def to_json(v) -> str:
    if isinstance(v, PairList):
        return "{" + ", ".join(f"{js(k)}: {to_json(x)}" for k, x in v) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(to_json(x) for x in v) + "]"
    if isinstance(v, Num):
        return str(v)
    return json.dumps(v, ensure_ascii=False)


def operator_of(single: str) -> str:
    p = parse_raw(single)
    while isinstance(p, PairList) and len(p) == 1 and isinstance(p[0][1], PairList):
        p = p[0][1]
    m = p[0][1][0]
    if not isinstance(m, PairList):
        return f"exact {kind(m)}"
    name, arg = m[0]
    if isinstance(arg, PairList):
        return f"{name}/{arg[0][0]}"
    if name == "anything-but":
        shape = "list" if isinstance(arg, list) else "scalar"
        inner = arg[0] if isinstance(arg, list) and arg else arg
        return f"anything-but {shape} of {kind(inner)}"
    return name


def value_kind(event_text: str, single: str) -> str:
    p = parse_raw(single)
    path = []
    while isinstance(p, PairList) and isinstance(p[0][1], PairList):
        path.append(p[0][0])
        p = p[0][1]
    path.append(p[0][0])
    dotted = ".".join(path)
    vals = [v for pth, v in leaves(event_text, raw=True) if pth == dotted]
    if not vals:
        return "no value"
    kinds = sorted({kind(v) for v in vals})
    return ("values " if len(vals) > 1 else "value ") + "/".join(kinds)


def any_object(text: str, test) -> bool:
    """Whether `test(pairs)` holds for some object (a list of key/value pairs) in the JSON text."""
    def walk(v) -> bool:
        if isinstance(v, PairList):
            return test(v) or any(walk(x) for _, x in v)
        if isinstance(v, list):
            return any(walk(x) for x in v)
        return False

    try:
        return walk(parse_raw(text))
    except ValueError:
        return False


def has_duplicate_keys(text: str) -> bool:
    return any_object(text, lambda pairs: len({k for k, _ in pairs}) != len(pairs))


def has_empty_key(text: str) -> bool:
    return any_object(text, lambda pairs: any(k == "" for k, _ in pairs))


def rename_empty_keys(text: str) -> str:
    """The JSON text with every empty key renamed `_`, so that no path has an empty step."""

    def walk(v):
        if isinstance(v, PairList):
            return PairList((k or "_", walk(x)) for k, x in v)
        if isinstance(v, list):
            return [walk(x) for x in v]
        return v

    return to_json(walk(parse_raw(text)))


def features(c: Case) -> str:
    """What a disagreement that no single field shows on its own involves."""
    found = []
    if '"$or"' in c.pattern:
        found.append("$or")
    if has_empty_key(c.pattern) or has_empty_key(c.event):
        found.append("empty keys")
    if not found:
        found.append("fields under one array")
    return ", ".join(found)


def last_wins(text: str) -> str:
    """The JSON text as a reader that keeps only the last of repeated keys (Python's) sees it."""

    def walk(v):
        if isinstance(v, PairList):
            kept = dict((k, walk(x)) for k, x in v)
            return PairList(kept.items())
        if isinstance(v, list):
            return [walk(x) for x in v]
        return v

    return to_json(walk(parse_raw(text)))


def classify(binary: str, cases: list[Case]) -> dict[str, list[Case]]:
    """Names the cause of each disagreement: a repeated event or pattern key (ours agrees with
    LocalStack once repeats are dropped, last wins), else the operator of the first single
    field and matcher that disagrees alone, else the combination of fields."""
    classes: dict[str, list[Case]] = collections.defaultdict(list)
    rest = []
    for attr, label in (("event", "event repeats a key"), ("pattern", "pattern repeats a key")):
        candidates = [c for c in cases if has_duplicate_keys(getattr(c, attr))]
        rewritten = [
            (c.pattern, last_wins(c.event)) if attr == "event" else (last_wins(c.pattern), c.event)
            for c in candidates
        ]
        again = ours(binary, rewritten) if rewritten else []
        explained = {id(c) for c, v in zip(candidates, again) if v == c.theirs}
        for c in cases:
            if id(c) in explained:
                classes[f"{label} | ours={c.ours} localstack={c.theirs}"].append(c)
        cases = [c for c in cases if id(c) not in explained]
    singles = [(c, s) for c in cases for s in split_fields(c.pattern)]
    verdicts = ours(binary, [(s, c.event) for c, s in singles]) if singles else []
    culprit: dict[int, Case] = {}
    for (c, s), v in zip(singles, verdicts):
        theirs = localstack(s, c.event)
        if v != theirs and id(c) not in culprit:
            culprit[id(c)] = Case(s, c.event, v, theirs)
    # A single field may still disagree only through a repeated event key, or an empty key
    # (a path step named "": LocalStack skips it, event-ruler keeps it).
    repeats = [s for s in culprit.values() if has_duplicate_keys(s.event)]
    again = ours(binary, [(s.pattern, last_wins(s.event)) for s in repeats]) if repeats else []
    by_repeat = {id(s) for s, v in zip(repeats, again) if v == s.theirs}
    empties = [
        s
        for s in culprit.values()
        if id(s) not in by_repeat and (has_empty_key(s.event) or has_empty_key(s.pattern))
    ]
    renamed = [(rename_empty_keys(s.pattern), rename_empty_keys(s.event)) for s in empties]
    again = ours(binary, renamed) if renamed else []
    by_empty = {
        id(s) for s, (p, e), v in zip(empties, renamed, again) if v == localstack(p, e)
    }
    for c in cases:
        single = culprit.get(id(c))
        if single is None:
            rest.append(c)
            continue
        if id(single) in by_repeat:
            key = "event repeats a key"
        elif id(single) in by_empty:
            key = "empty key in a path"
        else:
            key = operator_of(single.pattern)
        classes[f"{key} | ours={single.ours} localstack={single.theirs}"].append(single)
    for c in rest:
        classes[f"combination ({features(c)}) | ours={c.ours} localstack={c.theirs}"].append(c)
    return classes


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=1, help="random seed (the run is deterministic)")
    ap.add_argument("--cases", type=int, default=5000, help="how many pairs to generate")
    ap.add_argument("--bin", default="target/oracle/release/eventlens", help="eventlens binary")
    ap.add_argument("--examples", type=int, default=2, help="examples shown per class")
    ap.add_argument("--json", help="also write the classes with all their cases to this file")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    generated = []
    for _ in range(args.cases):
        e = obj(rng, 0)
        generated.append((pattern(rng, e), e))
    mine = ours(args.bin, generated)
    theirs = [localstack(p, e) for p, e in generated]
    tally = collections.Counter(mine)
    disagree = [Case(p, e, o, t) for (p, e), o, t in zip(generated, mine, theirs) if o != t]
    print(f"{args.cases} cases (seed {args.seed}); ours: {dict(sorted(tally.items()))}")
    print(f"agree: {args.cases - len(disagree)}, disagree: {len(disagree)}")
    classes = classify(args.bin, disagree)
    for key, members in sorted(classes.items(), key=lambda kv: -len(kv[1])):
        kinds = collections.Counter(
            value_kind(c.event, c.pattern) for c in members if len(split_fields(c.pattern)) == 1
        )
        print(f"\n[{len(members):5}] {key}")
        if kinds:
            print("        event:", ", ".join(f"{k} ({n})" for k, n in kinds.most_common(4)))
        for c in sorted(members, key=lambda c: len(c.pattern) + len(c.event))[: args.examples]:
            print(f"        pattern {c.pattern}")
            print(f"        event   {c.event}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({k: [c.__dict__ for c in v] for k, v in classes.items()}, f, indent=1,
                      ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
