//! Bugs found by the fuzz targets (`fuzz/`) and the LocalStack oracle (`scripts/oracle/`), each
//! pinned by the smallest input that showed it. Triage notes: `docs/oracle-triage.md`.

use eventlens::{Event, Pattern};

fn matches(pattern: &str, event: &str) -> bool {
    Pattern::compile(pattern)
        .unwrap_or_else(|e| panic!("{pattern}: {e}"))
        .matches(&Event::parse(event).unwrap_or_else(|e| panic!("{event}: {e}")))
}

/// Oracle: `{"": {"c": 1}}` was read as if the empty key were not there, so its `c` counted
/// for the path `c`. event-ruler names event fields by joining every key with a dot
/// (`Path.name()`), so that value is at `.c`; only a pattern's own leading empty key vanishes
/// (`Path.extendedName()`), which is why `{"": {"c": [1]}}` compiles to the path `c`.
#[test]
fn an_empty_event_key_is_a_step_of_the_path() {
    assert!(!matches(r#"{"c": [1]}"#, r#"{"": {"c": 1}}"#));
    assert!(!matches(r#"{"c": [1]}"#, r#"{"": [{"c": 1}]}"#));
    assert!(!matches(r#"{"": {"c": [1]}}"#, r#"{"": {"c": 1}}"#));
    assert!(matches(r#"{"c": [1]}"#, r#"{"": {"c": 2}, "c": 1}"#));
    assert!(matches(
        r#"{"": {"": {"c": [1]}}}"#,
        r#"{"": {"": {"c": 1}}}"#
    ));
    assert!(matches(
        r#"{"x": {"": {"c": [1]}}}"#,
        r#"{"x": {"": {"c": 1}}}"#
    ));
    // exists:false sees the value is not at `c`.
    assert!(matches(
        r#"{"c": [{"exists": false}]}"#,
        r#"{"": {"c": 1}}"#
    ));
}

/// Oracle (same class): event-ruler only steps into an event key that is a step of some rule
/// path, and splits rule paths with Java's `split`, which drops a trailing empty step. So a
/// path ending in an empty key (`a.`) is never reached, unless the pattern uses the empty step
/// elsewhere (spec §5: "empty-string key segments are unreliable").
#[test]
fn a_trailing_empty_key_is_reached_only_when_another_path_uses_it() {
    assert!(!matches(r#"{"a": {"": ["x"]}}"#, r#"{"a": {"": "x"}}"#));
    assert!(matches(
        r#"{"a": {"": [{"exists": false}]}}"#,
        r#"{"a": {"": "x"}}"#
    ));
    assert!(matches(
        r#"{"a": {"": ["x"]}, "b": {"": {"c": [1]}}}"#,
        r#"{"a": {"": "x"}, "b": {"": {"c": 1}}}"#
    ));
    // The top-level empty key is a whole path, not a trailing step.
    assert!(matches(r#"{"": ["x"]}"#, r#"{"": "x"}"#));
}

/// Issue 24: "Rule is too complex" is decided by event-ruler's `MachineComplexityEvaluator`
/// measure (threshold 10). A suffix with two short wildcards measures 2 there; the old count
/// refused such patterns. AWS's two known data points still hold.
#[test]
fn wildcard_complexity_is_event_rulers_measure() {
    let ok = [
        r#"{"f": [{"suffix": "abc"}, {"wildcard": "a*b"}, {"wildcard": "c*d"}]}"#,
        r#"{"f": [{"wildcard": "/Users/*/dir/dir/dir/dir/dir/doc.txt"}]}"#,
        r#"{"f": [{"wildcard": "arn:aws:s3:::*-bucket/*.json"}, {"wildcard": "*.csv"}]}"#,
    ];
    for p in ok {
        assert!(Pattern::compile(p).is_ok(), "{p}");
    }
    let e = Pattern::compile(r#"{"f": [{"wildcard": "*:*:*:*:*:event-bus/*"}]}"#).unwrap_err();
    assert!(e.message.contains("Rule is too complex"), "{}", e.message);
    // An anything-but list of globs is one pattern of the measure.
    let e = Pattern::compile(
        r#"{"f": [{"anything-but": {"wildcard": ["*:*:*:*:*:event-bus/*", "x"]}}]}"#,
    )
    .unwrap_err();
    assert!(e.message.contains("Rule is too complex"), "{}", e.message);
}
