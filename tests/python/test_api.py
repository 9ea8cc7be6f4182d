"""The module's API: validation errors with AWS's messages and where, matching, explanations
with spans in bytes and code points, rule sets (dicts and rules files), Arrow entry points, the
bus."""
import json

import pyarrow as pa
import pytest

import eventlens
from eventlens import EventError, Pattern, PatternError, RuleSet


def test_validate_reports_aws_message_line_column_and_both_spans():
    eventlens.validate({"source": ["aws.s3"]})
    with pytest.raises(PatternError) as info:
        eventlens.validate('{\n  "é": "x"\n}')
    e = info.value
    assert e.message.startswith("Event pattern is not valid. Reason: ")
    assert "must be an object or an array" in e.reason
    assert (e.line, e.column) == (2, 8)
    text = '{\n  "é": "x"\n}'
    # The fault is at the value "x": code point 9, byte 10 (é is two bytes).
    start, end = e.char_span
    assert start == 9 and text[start:end].startswith('"')
    assert e.span == (len(text[:start].encode()), len(text[:end].encode()))
    assert e.span[0] == 10
    assert isinstance(e, ValueError)


def test_matches_explain_and_patterns():
    pattern = {"detail": {"status": ["COMPLETED"]}}
    assert eventlens.matches(pattern, {"detail": {"status": "COMPLETED"}})
    assert not eventlens.matches(pattern, b'{"detail": {"status": "FAILED"}}')
    event = '{"détail": 1, "detail": {"status": "FAILED"}}'
    why = eventlens.explain(pattern, event)
    assert why["matched"] is False
    cond = why["combinations"][0]["conditions"][0]
    assert cond["reason"] == '`detail.status` is "FAILED"; expected "COMPLETED"'
    value = cond["values"][0]["span"]
    assert event[value["char_start"]:value["char_end"]] == '"FAILED"'
    assert event.encode()[value["start"]:value["end"]] == b'"FAILED"'
    p = Pattern(json.dumps(pattern))
    assert p.source == json.dumps(pattern)
    assert p.matches('{"detail": {"status": "COMPLETED"}}')
    with pytest.raises(EventError) as info:
        p.matches('{"detail": ')
    assert info.value.line == 1


def test_rule_sets_from_dicts_and_rules_files():
    rules = RuleSet({"done": {"detail": {"status": ["COMPLETED"]}}, "any": '{"source": [{"prefix": ""}]}'})
    assert rules.names == ["done", "any"]
    assert len(rules) == 2
    assert rules.matches('{"source": "x", "detail": {"status": "COMPLETED"}}') == ["done", "any"]
    with pytest.raises(EventError):
        rules.matches("[]")
    with pytest.raises(PatternError) as info:
        RuleSet({"bad": {"source": "x"}})
    assert info.value.rule == "bad"
    template = """
Resources:
  On: {Type: "AWS::Events::Rule", Properties: {Name: on, EventPattern: {source: [a]}}}
  Off: {Type: "AWS::Events::Rule", Properties: {Name: off, State: DISABLED, EventPattern: {source: [a]}}}
"""
    from_file = RuleSet(template)
    assert from_file.names == ["on"]
    assert from_file.notes == ["rule off is disabled: left out"]
    with pytest.raises(eventlens.ConfigError):
        RuleSet("Resources: [")


def test_arrow_entry_points_take_every_string_layout_and_chunks():
    rules = RuleSet({"a": {"k": ["a"]}, "ab": {"k": ["a", "b"]}})
    events = ['{"k": "a"}', '{"k": "b"}', None, "not json", '{"k": "c"}']
    want = [["a", "ab"], ["ab"], None, None, []]
    for kind in (pa.string(), pa.large_string(), pa.string_view()):
        array = pa.array(events, type=kind)
        got = rules.match_arrow(array)
        assert got.type == pa.list_(pa.string())
        assert got.to_pylist() == want
        assert rules.any_arrow(array).to_pylist() == [True, True, None, None, False]
    chunked = pa.chunked_array([events[:2], events[2:]], type=pa.string())
    assert rules.match_arrow(chunked).to_pylist() == want
    with pytest.raises(TypeError):
        rules.match_arrow(pa.array([1, 2]))


def test_split_events_cuts_lines_concatenations_and_arrays_as_replay_does():
    events = ['{"a": "}{"}', '{"b": [{"c": "\\"]"}]}', '{"d": "é"}']
    for text in ("\n".join(events), "".join(events), "[" + ",\n ".join(events) + "]"):
        got = eventlens.split_events(text.encode())
        assert got.type == pa.string()
        assert got.to_pylist() == events
    # A broken event ends at its line; bytes that are not UTF-8 are a null, stray text an event
    # (both refused when matched).
    got = eventlens.split_events(b'{"a": "open\n{"b": "\xff"}\n42\n{"c": 1}')
    assert got.to_pylist() == ['{"a": "open', None, "42", '{"c": 1}']
    rules = RuleSet({"c": {"c": [1]}})
    assert rules.match_arrow(got).to_pylist() == [None, None, None, ["c"]]
    assert eventlens.split_events(b"").to_pylist() == []
    # gzip is inflated (every member), as replay does; a broken stream is an error.
    import gzip

    members = gzip.compress("".join(events[:2]).encode()) + gzip.compress(events[2].encode())
    assert eventlens.split_events(members).to_pylist() == events
    with pytest.raises(ValueError, match="gzip"):
        eventlens.split_events(members[:-9])


def test_bus_puts_events_to_matching_rules_targets():
    bus = eventlens.Bus(
        [{"Name": "runs", "EventPattern": {"source": ["com.example.runs"]},
          "Targets": [{"Id": "log", "Arn": "arn:aws:logs:us-east-1:123456789012:log-group:runs",
                       "InputPath": "$.detail"}]}]
    )
    outcome = bus.put_events(
        [{"Source": "com.example.runs", "DetailType": "Run", "Detail": '{"status": "COMPLETED"}'}],
        now="2024-01-01T00:00:00Z",
        seed=1,
    )
    assert outcome["response"]["FailedEntryCount"] == 0
    rule = outcome["entries"][0]["arrivals"][0]["rules"][0]
    assert json.loads(rule["deliveries"][0]["payload"]) == {"status": "COMPLETED"}
    assert [r["name"] for r in bus.rules] == ["runs"]
    # Only AWS services may put events with an `aws.` source, as PutEvents answers.
    refused = bus.put_events(
        [{"Source": "aws.omics", "DetailType": "Run", "Detail": "{}"}], now="2024-01-01T00:00:00Z"
    )
    assert refused["response"]["Entries"][0]["ErrorCode"] == "NotAuthorizedForSourceException"
    once = eventlens.put_events(
        [{"Name": "runs", "EventPattern": {"source": ["com.example.runs"]}}],
        {"Entries": [{"Source": "com.example.runs", "DetailType": "Run", "Detail": "{}"}]},
        now="2024-01-01T00:00:00Z",
        region="eu-west-1",
    )
    arrival = once["entries"][0]["arrivals"][0]
    assert arrival["region"] == "eu-west-1"
    assert [r["rule"] for r in arrival["rules"] if r["matched"]] == ["runs"]
    with pytest.raises(eventlens.ConfigError):
        eventlens.Bus([{"Name": "x", "EventPattern": {"source": "bad"}}])


def test_the_package_ships_its_type_stubs():
    from importlib import resources

    files = resources.files("eventlens")
    assert (files / "py.typed").is_file()
    stubs = (files / "eventlens.pyi").read_text() + (files / "__init__.pyi").read_text()
    for name in eventlens.__all__:
        assert f"def {name}(" in stubs or f"class {name}" in stubs, name
