//! EventBridge's limits and hostile input: each gives a clear error, never a panic or a hang.

use eventlens::{Event, EventErrorKind, Limits, Pattern, PatternErrorKind};

#[test]
fn pattern_size_limit_is_configurable() {
    let long = format!(r#"{{"a": ["{}"]}}"#, "x".repeat(2100));
    let err = Pattern::compile(&long).unwrap_err();
    assert_eq!(err.kind, PatternErrorKind::TooLong);
    assert!(err.message.contains("2048"), "{}", err.message);
    let roomy = Limits {
        max_pattern_chars: 4096,
        ..Limits::default()
    };
    assert!(Pattern::compile_with(&long, &roomy).is_ok());
}

#[test]
fn or_combinations_are_capped_at_1000() {
    // 10 × 10 × 10 = 1,000 combinations: allowed. One more branch anywhere: refused.
    let branches = |n: usize, key: &str| {
        (0..n)
            .map(|i| format!(r#"{{"{key}{i}": ["v"]}}"#))
            .collect::<Vec<_>>()
            .join(",")
    };
    let three = |last: usize| {
        format!(
            r#"{{"a": {{"$or": [{}]}}, "b": {{"$or": [{}]}}, "c": {{"$or": [{}]}}}}"#,
            branches(10, "x"),
            branches(10, "y"),
            branches(last, "z")
        )
    };
    let limits = Limits {
        max_pattern_chars: 100_000,
        ..Limits::default()
    };
    assert_eq!(
        Pattern::compile_with(&three(10), &limits)
            .unwrap()
            .combination_count(),
        1000
    );
    let err = Pattern::compile_with(&three(11), &limits).unwrap_err();
    assert_eq!(err.kind, PatternErrorKind::TooManyCombinations);
}

#[test]
fn more_than_256_fields_in_a_combination_is_refused() {
    let fields: Vec<String> = (0..257).map(|i| format!(r#""f{i}": [1]"#)).collect();
    let text = format!("{{{}}}", fields.join(","));
    let limits = Limits {
        max_pattern_chars: 100_000,
        ..Limits::default()
    };
    assert_eq!(
        Pattern::compile_with(&text, &limits).unwrap_err().kind,
        PatternErrorKind::TooManyFields
    );
    let ok = format!("{{{}}}", fields[..256].join(","));
    assert!(Pattern::compile_with(&ok, &limits).is_ok());
}

#[test]
fn deep_nesting_in_patterns_and_events_is_an_error() {
    let deep_pattern = format!("{}[1]{}", r#"{"a":"#.repeat(100_000), "}".repeat(100_000));
    let limits = Limits {
        max_pattern_chars: usize::MAX,
        ..Limits::default()
    };
    let err = Pattern::compile_with(&deep_pattern, &limits).unwrap_err();
    assert!(err.reason.contains("Nesting depth"), "{}", err.reason);
    let deep_event = format!("{}1{}", r#"{"a":"#.repeat(100_000), "}".repeat(100_000));
    let limits = Limits {
        max_event_bytes: usize::MAX,
        ..Limits::default()
    };
    assert_eq!(
        Event::parse_with(&deep_event, &limits).unwrap_err().kind,
        EventErrorKind::TooDeep
    );
}

#[test]
fn events_over_256_kb_are_refused() {
    let big = format!(r#"{{"a": "{}"}}"#, "x".repeat(256 * 1024));
    assert_eq!(
        Event::parse(&big).unwrap_err().kind,
        EventErrorKind::TooLarge
    );
}

#[test]
fn hostile_numbers_are_values_not_crashes() {
    let p = Pattern::compile(r#"{"n": [{"numeric": [">", 0]}], "m": [-0]}"#).unwrap();
    assert!(p.matches(&Event::parse(r#"{"n": 1, "m": 0}"#).unwrap()));
    assert!(!p.matches(&Event::parse(r#"{"n": 1e400, "m": 0}"#).unwrap()));
    let err = Pattern::compile(r#"{"n": [{"numeric": [">", 1e400]}]}"#).unwrap_err();
    assert_eq!(err.reason, "Cannot compare number : 1e400");
    let err = Pattern::compile(r#"{"n": [{"numeric": ["=", 0.30000000000000001]}]}"#).unwrap_err();
    assert_eq!(err.reason, "Cannot compare number : 0.30000000000000001");
}

#[test]
fn errors_say_where() {
    let text = "{\n  \"detail\": {\n    \"state\": [{\"anything-but\": null}]\n  }\n}";
    let err = Pattern::compile(text).unwrap_err();
    assert_eq!(
        err.message,
        "Event pattern is not valid. Reason: Value of anything-but must be an array or single string/number value."
    );
    assert_eq!((err.line, err.column), (3, 32));
    assert_eq!(err.span.slice(text), "null");
    let err = Event::parse("{\"a\": [1,\n 2 3]}").unwrap_err();
    assert_eq!(err.kind, EventErrorKind::Syntax);
    assert_eq!((err.line, err.column), (2, 4));
}

#[test]
fn lone_surrogates_and_odd_keys() {
    let p = Pattern::compile(r#"{"": ["x"], "a.b": [{"exists": true}], "k": ["\ud800"]}"#).unwrap();
    assert!(p.matches(&Event::parse(r#"{"": "x", "a": {"b": null}, "k": "\udbff"}"#).unwrap()));
}
