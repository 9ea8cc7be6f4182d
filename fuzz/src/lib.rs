//! Invariants the fuzz targets check on every input: spans lie inside their text on character
//! boundaries, errors say where they are, and every answer the engine gives about one input agrees
//! with every other answer it gives about it.

pub mod bus;

use eventlens::internals::{combinations, fields, tape};
use eventlens::json::EntryKind;
use eventlens::{Event, EventError, Explanation, Pattern, PatternError, Span, TextPos};

/// Splits fuzz input at NUL bytes (which valid JSON never holds raw) into UTF-8 parts; `None`
/// when a part is not UTF-8 (the engine takes `&str`, so such input cannot reach it).
pub fn split_parts(data: &[u8]) -> Option<Vec<&str>> {
    data.split(|&b| b == 0)
        .map(|part| std::str::from_utf8(part).ok())
        .collect()
}

/// A span lies inside `text`, on character boundaries, and converts to UTF-16 offsets.
pub fn check_span(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {span:?} outside a text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} splits a character"
    );
    let utf16 = span.to_utf16(text);
    assert!(
        utf16.start <= utf16.end,
        "{what}: UTF-16 span {utf16:?} reversed"
    );
    let _ = span.slice(text);
}

/// The line and column reported for a span are those of its start.
fn check_position(text: &str, span: Span, line: usize, column: usize, what: &str) {
    let at = TextPos::of(text, span.start);
    assert_eq!((line, column), (at.line, at.column), "{what}: position");
}

/// A pattern error points inside the pattern and says where.
pub fn check_pattern_error(src: &str, e: &PatternError) {
    check_span(src, e.span, "pattern error");
    check_position(src, e.span, e.line, e.column, "pattern error");
    assert!(
        e.message
            .starts_with("Event pattern is not valid. Reason: "),
        "message: {}",
        e.message
    );
    assert!(!e.reason.is_empty(), "an error gives a reason");
    let _ = serde_json::to_string(e).expect("errors serialise");
}

/// An event error points inside the event and says where.
pub fn check_event_error(src: &str, e: &EventError) {
    check_span(src, e.span, "event error");
    check_position(src, e.span, e.line, e.column, "event error");
    assert!(!e.message.is_empty(), "an error gives a message");
    let _ = serde_json::to_string(e).expect("errors serialise");
}

/// Every part of a compiled pattern points into its source, and compiling the source again
/// gives the same fields and combinations.
pub fn check_pattern(p: &Pattern) {
    let src = p.source();
    for f in fields(p) {
        check_span(src, f.span, "field");
        check_span(src, f.key_span, "field key");
        assert!(!f.matchers.is_empty(), "a field has matchers");
        for m in &f.matchers {
            check_span(src, m.span, "matcher");
        }
    }
    assert!(!combinations(p).is_empty(), "a pattern has a combination");
    for rule in combinations(p) {
        for &f in &rule.fields {
            assert!(f < fields(p).len(), "combination names a missing field");
        }
        for choice in &rule.choices {
            check_span(src, choice.or_span, "$or key");
            check_span(src, choice.branch_span, "$or branch");
        }
    }
    let again = Pattern::compile_with(src, &generous()).expect("a valid pattern stays valid");
    assert_eq!(fields(&again), fields(p));
    assert_eq!(combinations(&again), combinations(p));
}

/// Every entry of a parsed event's tape points into its text: containers span their brackets,
/// keys and strings a quoted string, numbers number text, literals their word; every member's key
/// is a key entry.
pub fn check_event(e: &Event) {
    let src = e.source();
    let tape = tape(e);
    for id in tape.entries() {
        let span = tape.span(src, id);
        check_span(src, span, "event entry");
        let text = span.slice(src);
        match tape.kind(id) {
            EntryKind::Object => {
                assert!(
                    text.starts_with('{') && text.ends_with('}'),
                    "object span {text:?}"
                );
                for (key, _) in tape.members(id) {
                    assert_eq!(tape.kind(key), EntryKind::Key, "member key entry");
                }
            }
            EntryKind::Array => {
                assert!(
                    text.starts_with('[') && text.ends_with(']'),
                    "array span {text:?}"
                );
            }
            EntryKind::Key | EntryKind::String => {
                assert!(
                    text.len() >= 2 && text.starts_with('"') && text.ends_with('"'),
                    "string span {text:?}"
                )
            }
            EntryKind::Number => assert!(text.parse::<f64>().is_ok(), "number text {text:?}"),
            EntryKind::True => assert_eq!(text, "true"),
            EntryKind::False => assert_eq!(text, "false"),
            EntryKind::Null => assert_eq!(text, "null"),
        }
    }
}

/// The explanation agrees with the matcher, and every span it reports is sound.
pub fn check_explanation(p: &Pattern, e: &Event, x: &Explanation) {
    assert_eq!(
        x.matched,
        p.matches(e),
        "explanation verdict != matcher verdict"
    );
    assert_eq!(x.combinations.len(), p.combination_count());
    assert_eq!(x.matched, x.combinations.iter().any(|c| c.matched));
    assert!(
        x.best < x.combinations.len(),
        "best combination out of range"
    );
    if x.matched {
        assert!(
            x.combinations[x.best].matched,
            "best is not a matching combination"
        );
    }
    for c in &x.combinations {
        if c.matched {
            assert!(
                c.conditions.iter().all(|d| d.held),
                "matched with a failed condition"
            );
            assert!(c.note.is_none());
        }
        for d in &c.conditions {
            check_span(p.source(), d.pattern_span, "condition");
            check_span(p.source(), d.key_span, "condition key");
            assert!(!d.reason.is_empty(), "a condition gives a reason");
            for m in &d.matchers {
                check_span(p.source(), m.span, "matcher report");
            }
            let chosen = d.values.iter().filter(|v| v.chosen).count();
            assert!(chosen <= 1, "more than one value chosen for a condition");
            assert!(
                c.matched || chosen == 0,
                "a value chosen in a failed combination"
            );
            for v in &d.values {
                check_span(e.source(), v.span, "value");
                assert_eq!(v.matched, !v.matchers.is_empty());
                assert!(v.matchers.iter().all(|&k| k < d.matchers.len()));
                assert!(!v.chosen || v.matched, "a chosen value no matcher accepted");
            }
        }
    }
    let _ = serde_json::to_string(x).expect("explanations serialise");
}

/// Limits wide enough that the fuzzer explores the engine, not the size checks.
pub fn generous() -> eventlens::Limits {
    eventlens::Limits {
        max_pattern_chars: 1 << 20,
        max_event_bytes: 1 << 20,
        ..eventlens::Limits::default()
    }
}
