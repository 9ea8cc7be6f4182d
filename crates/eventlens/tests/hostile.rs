//! Hostile input: every case gives a clear error or the correct answer, finishing under a
//! watchdog (generous: it catches hangs and blow-ups, it does not time anything) and within a
//! bound on the process's peak memory. Limits EventBridge itself enforces are in `limits.rs`;
//! speed is measured by `benches/linear.rs`.

use eventlens::{
    Event, EventErrorKind, Limits, Pattern, PatternErrorKind, RuleSet, MAX_REPORTED_VALUES,
};
use std::sync::mpsc;
use std::time::Duration;

/// Runs `f` on its own thread and fails the test if it has not finished after `seconds`.
fn within<T: Send + 'static>(seconds: u64, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(Duration::from_secs(seconds)) {
        Ok(v) => v,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("still running after {seconds} s"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("the worker panicked"),
    }
}

/// Fails if the test process has ever held more than `mib` MiB (Linux; elsewhere no check).
fn assert_peak_memory_below(mib: u64) {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return;
    };
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM in /proc/self/status");
    assert!(
        kib < mib * 1024,
        "peak memory {} MiB, bound {mib} MiB",
        kib / 1024
    );
}

/// Limits with room for the large inputs these tests build.
fn roomy() -> Limits {
    Limits {
        max_pattern_chars: 1 << 26,
        max_event_bytes: 1 << 28,
        ..Limits::default()
    }
}

const MEMORY_MIB: u64 = 1536;

#[test]
fn deep_arrays_and_deep_or_are_refused_at_the_depth_limit() {
    within(60, || {
        let deep_event = format!(
            r#"{{"a": {}1{}}}"#,
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let err = Event::parse_with(&deep_event, &roomy()).unwrap_err();
        assert_eq!(err.kind, EventErrorKind::TooDeep);
        // The object is level 1, so the 1,100th bracket opens level 1,101: that is the fault.
        assert_eq!(err.span.start, r#"{"a": "#.len() + 1099);
        assert_eq!((err.line, err.column), (1, err.span.start + 1));

        let deep_or = format!(
            "{}{}",
            r#"{"$or": [{"a": ["x"]}, "#.repeat(100_000),
            "]}".repeat(100_000)
        );
        let err = Pattern::compile_with(&deep_or, &roomy()).unwrap_err();
        assert_eq!(err.kind, PatternErrorKind::Syntax);
        assert!(err.reason.contains("Nesting depth"), "{}", err.reason);

        let deep_matcher = format!(
            r#"{{"a": {}"x"{}}}"#,
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let err = Pattern::compile_with(&deep_matcher, &roomy()).unwrap_err();
        // event-ruler refuses the nested array before the reader reaches the depth limit.
        assert_eq!(
            err.reason,
            "Match value must be String, number, true, false, or null"
        );
    });
    assert_peak_memory_below(MEMORY_MIB);
}

#[test]
fn nesting_just_inside_the_limit_is_matched_and_explained() {
    within(60, || {
        // The pattern object is level 1 and its matcher list one more: 1,099 keys deep (the
        // first is the pattern's own object) use 1,100 levels. The event's value sits as deep.
        let depth = 1_099;
        let pattern = format!(r#"{}["x"]{}"#, r#"{"k":"#.repeat(depth), "}".repeat(depth));
        let p = Pattern::compile_with(&pattern, &roomy()).expect("1,100 levels are allowed");
        let event = |v: &str| format!(r#"{}"{v}"{}"#, r#"{"k":"#.repeat(depth), "}".repeat(depth));
        let yes = Event::parse(&event("x")).unwrap();
        assert!(p.matches(&yes));
        let x = p.explain(&yes);
        assert!(x.matched);
        let value = &x.combinations[0].conditions[0].values[0];
        assert_eq!(value.path, vec!["k"; depth].join("."));
        assert!(!p.matches(&Event::parse(&event("y")).unwrap()));
        let too_deep = format!(
            r#"{}["x"]{}"#,
            r#"{"k":"#.repeat(depth + 1),
            "}".repeat(depth + 1)
        );
        let err = Pattern::compile_with(&too_deep, &roomy()).unwrap_err();
        assert!(err.reason.contains("Nesting depth"), "{}", err.reason);
    });
}

#[test]
fn values_deep_in_nested_arrays_cost_no_more_than_shallow_ones() {
    within(60, || {
        // 1,000 nested arrays around 100,000 values (200 KB): every value lies in 999 array
        // elements. Recording those per value once took gigabytes.
        let n = 100_000;
        let mut values = vec!["1"; n];
        values[n - 1] = "2";
        let event = format!(
            r#"{{"a": {}{}{}}}"#,
            "[".repeat(1000),
            values.join(","),
            "]".repeat(1000)
        );
        let e = Event::parse(&event).expect("within the default limits");
        let p = Pattern::compile(r#"{"a": [2]}"#).unwrap();
        assert!(p.matches(&e));
        let x = p.explain(&e);
        let c = &x.combinations[0].conditions[0];
        assert!(c.held);
        // The explanation lists a bounded number of values, and always the one that matched.
        assert_eq!(c.values.len(), MAX_REPORTED_VALUES + 1);
        assert_eq!(c.values_omitted, n - MAX_REPORTED_VALUES - 1);
        let chosen = c.values.last().unwrap();
        assert!(chosen.chosen && chosen.value == "2");
        assert_eq!(chosen.path, format!("a{}[{}]", "[0]".repeat(999), n - 1));
        assert!(!Pattern::compile(r#"{"a": [3]}"#).unwrap().matches(&e));
    });
    assert_peak_memory_below(MEMORY_MIB);
}

#[test]
fn array_consistency_stays_linear_when_no_element_satisfies_every_field() {
    within(120, || {
        // x holds only in the first half of the elements, y only in the second: every pairing
        // fails. Trying each x against each y would be 2.5 × 10^9 steps.
        let n = 100_000;
        let mut items = vec![r#"{"x":1}"#; n / 2];
        items.extend(vec![r#"{"y":2}"#; n / 2]);
        let e = Event::parse_with(&format!(r#"{{"a": [{}]}}"#, items.join(",")), &roomy()).unwrap();
        let p = Pattern::compile(r#"{"a": {"x": [1], "y": [2]}}"#).unwrap();
        assert!(!p.matches(&e));
        let x = p.explain(&e);
        assert!(
            x.combinations[0].note.is_some(),
            "each holds alone, not together"
        );

        // exists:false is judged in the element the other field chose: each element has y.
        let items = vec![r#"{"x":1,"y":0}"#; n];
        let e = Event::parse_with(&format!(r#"{{"a": [{}]}}"#, items.join(",")), &roomy()).unwrap();
        let p = Pattern::compile(r#"{"a": {"x": [1], "y": [{"exists": false}]}}"#).unwrap();
        assert!(!p.matches(&e));
        let mut items = items;
        items[n - 1] = r#"{"x":1}"#;
        let e = Event::parse_with(&format!(r#"{{"a": [{}]}}"#, items.join(",")), &roomy()).unwrap();
        assert!(p.matches(&e));
    });
    assert_peak_memory_below(MEMORY_MIB);
}

#[test]
fn a_thousand_way_or_is_the_limit_and_is_matched_and_explained() {
    within(60, || {
        let branches = |n: usize| {
            (0..n)
                .map(|i| format!(r#"{{"f{i}": ["v{i}"]}}"#))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let p = Pattern::compile_with(&format!(r#"{{"$or": [{}]}}"#, branches(1000)), &roomy())
            .expect("1,000 combinations are allowed");
        assert_eq!(p.combination_count(), 1000);
        let e = Event::parse(r#"{"f999": "v999", "f0": "nope"}"#).unwrap();
        assert!(p.matches(&e));
        let x = p.explain(&e);
        assert_eq!(x.best, 999);
        assert_eq!(x.combinations.iter().filter(|c| c.matched).count(), 1);
        assert!(!p.matches(&Event::parse(r#"{"f5": "v6"}"#).unwrap()));
        let err = Pattern::compile_with(&format!(r#"{{"$or": [{}]}}"#, branches(1001)), &roomy())
            .unwrap_err();
        assert_eq!(err.kind, PatternErrorKind::TooManyCombinations);
    });
}

#[test]
fn thousands_of_wildcards_are_refused_or_matched_quickly() {
    within(60, || {
        // One glob with 2,000 stars: far over EventBridge's complexity limit.
        let glob = "*a".repeat(2000) + "*";
        let err =
            Pattern::compile_with(&format!(r#"{{"a": [{{"wildcard": "{glob}"}}]}}"#), &roomy())
                .unwrap_err();
        assert_eq!(err.kind, PatternErrorKind::TooComplex);

        // 2,000 simple globs on 2,000 paths are each within the limit.
        let fields: Vec<String> = (0..2000)
            .map(|i| format!(r#""f{i}": [{{"wildcard": "*{i}*"}}]"#))
            .collect();
        let p = Pattern::compile_with(&format!("{{{}}}", fields.join(", ")), &roomy());
        // More than 256 fields in one combination: refused, whatever their matchers.
        assert_eq!(p.unwrap_err().kind, PatternErrorKind::TooManyFields);
        let fields = &fields[..256];
        let p = Pattern::compile_with(&format!("{{{}}}", fields.join(", ")), &roomy()).unwrap();
        let members: Vec<String> = (0..256).map(|i| format!(r#""f{i}": "x{i}y""#)).collect();
        assert!(p.matches(&Event::parse(&format!("{{{}}}", members.join(", "))).unwrap()));

        // anything-but with 2,000 globs: one pattern of event-ruler's complexity measure, which
        // these globs (a star after each number) take far over the limit.
        let list = |globs: Vec<String>| {
            Pattern::compile_with(
                &format!(
                    r#"{{"a": [{{"anything-but": {{"wildcard": [{}]}}}}]}}"#,
                    globs.join(",")
                ),
                &roomy(),
            )
        };
        let err = list((0..2000).map(|i| format!(r#""*{i}*z""#)).collect()).unwrap_err();
        assert_eq!(err.kind, PatternErrorKind::TooComplex);
        // 2,000 globs within the measure (a number, then one star) against a 1 MB string.
        let p = list((0..2000).map(|i| format!(r#""{i}*z""#)).collect()).unwrap();
        let big = format!(r#"{{"a": "{}"}}"#, "7".repeat(1 << 20));
        assert!(p.matches(&Event::parse_with(&big, &roomy()).unwrap()));
        let big = format!(r#"{{"a": "{}1999z"}}"#, "7".repeat(1 << 20));
        assert!(!p.matches(&Event::parse_with(&big, &roomy()).unwrap()));
        let big = format!(r#"{{"a": "1999{}"}}"#, "7".repeat(1 << 20));
        assert!(p.matches(&Event::parse_with(&big, &roomy()).unwrap()));
    });
    assert_peak_memory_below(MEMORY_MIB);
}

#[test]
fn extreme_numbers_compare_by_value_only_when_exact() {
    let m = |pattern: &str, event: &str| {
        let p = Pattern::compile(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"));
        p.matches(&Event::parse(event).unwrap())
    };
    // Not comparable: only the same text matches.
    assert!(m(r#"{"n": [1e400]}"#, r#"{"n": 1e400}"#));
    assert!(!m(r#"{"n": [1e400]}"#, r#"{"n": 1E400}"#));
    assert!(m(
        r#"{"n": [0.30000000000000001]}"#,
        r#"{"n": 0.30000000000000001}"#
    ));
    assert!(!m(r#"{"n": [0.30000000000000001]}"#, r#"{"n": 0.3}"#));
    assert!(!m(r#"{"n": [0.3]}"#, r#"{"n": 0.30000000000000001}"#));
    // -0 is zero.
    assert!(m(r#"{"n": [0]}"#, r#"{"n": -0}"#));
    assert!(m(r#"{"n": [-0.0]}"#, r#"{"n": 0e5}"#));
    assert!(m(r#"{"n": [{"numeric": ["=", 0]}]}"#, r#"{"n": -0}"#));
    assert!(!m(r#"{"n": [{"numeric": ["<", 0]}]}"#, r#"{"n": -0}"#));
    assert!(!m(r#"{"n": [{"numeric": [">", 0]}]}"#, r#"{"n": -0}"#));
    // Out-of-range and non-comparable event numbers never satisfy a range or anything-but.
    assert!(!m(r#"{"n": [{"numeric": ["<", 0]}]}"#, r#"{"n": -1e400}"#));
    assert!(!m(r#"{"n": [{"numeric": [">", 0]}]}"#, r#"{"n": 1e-400}"#));
    assert!(m(
        r#"{"n": [{"anything-but": [0.3]}]}"#,
        r#"{"n": 0.30000000000000001}"#
    ));
    assert!(!m(r#"{"n": [{"anything-but": [0.3]}]}"#, r#"{"n": 0.3}"#));
    assert!(!m(
        r#"{"n": [{"numeric": ["<", 1]}]}"#,
        r#"{"n": 1e-99999999999999999999999}"#
    ));

    // A 100,000-digit number: read, compared by text, never by a lossy value.
    within(60, || {
        let digits = "9".repeat(100_000);
        let e = Event::parse(&format!(r#"{{"n": {digits}, "m": 1}}"#)).unwrap();
        let p = Pattern::compile(r#"{"n": [{"numeric": [">", 0]}]}"#).unwrap();
        assert!(!p.matches(&e));
        let p = Pattern::compile(r#"{"n": [{"exists": true}], "m": [1.0]}"#).unwrap();
        assert!(p.matches(&e));
        let x = p.explain(&e);
        assert_eq!(x.combinations[0].conditions[1].values[0].value, digits);
    });
}

#[test]
fn lone_and_broken_surrogates_become_question_marks_never_panics() {
    let m = |pattern: &str, event: &str| {
        Pattern::compile(pattern)
            .unwrap()
            .matches(&Event::parse(event).unwrap())
    };
    // Java writes an unpaired surrogate as '?': so does the engine, in patterns and events.
    assert!(m(r#"{"k": ["\ud800"]}"#, r#"{"k": "?"}"#));
    assert!(m(r#"{"k": ["a\udc00b"]}"#, r#"{"k": "a\ud800b"}"#));
    // A reversed pair is two lone surrogates; a high one before a non-escape stays alone.
    assert!(m(r#"{"k": ["??"]}"#, r#"{"k": "\ude80\ud83d"}"#));
    assert!(m(r#"{"k": ["?x"]}"#, r#"{"k": "\ud83dx"}"#));
    assert!(m(r#"{"k": ["🚀"]}"#, r#"{"k": "\ud83d\ude80"}"#));
    assert!(m(r#"{"k": [{"prefix": "\udfff"}]}"#, r#"{"k": "?abc"}"#));
    assert!(m(
        r#"{"k": [{"equals-ignore-case": "\ud800A"}]}"#,
        r#"{"k": "?a"}"#
    ));
    assert!(m(r#"{"\ud800": ["x"]}"#, r#"{"?": "x"}"#));
    // A broken escape is a syntax error that points at it.
    let text = r#"{"k": "ab\ud8"}"#;
    let err = Event::parse(text).unwrap_err();
    assert_eq!(err.kind, EventErrorKind::Syntax);
    assert!(err.message.contains("hex-digit"), "{}", err.message);
    assert_eq!(err.span.slice(text), "\"");
    let err = Pattern::compile(r#"{"k": ["\uZZZZ"]}"#).unwrap_err();
    assert_eq!(err.kind, PatternErrorKind::Syntax);
    assert_eq!((err.line, err.column), (1, 11));
}

#[test]
fn duplicate_keys_last_wins_in_patterns_and_every_value_counts_in_events() {
    let m = |pattern: &str, event: &str| {
        Pattern::compile(pattern)
            .unwrap()
            .matches(&Event::parse(event).unwrap())
    };
    assert!(m(r#"{"a": ["x"], "a": ["y"]}"#, r#"{"a": "y"}"#));
    assert!(!m(r#"{"a": ["x"], "a": ["y"]}"#, r#"{"a": "x"}"#));
    // An object and an array under one key are two different paths: both stay.
    assert!(!m(
        r#"{"a": ["x"], "a": {"b": ["y"]}}"#,
        r#"{"a": {"b": "y"}}"#
    ));
    // A field that a later key replaces is still validated, as event-ruler reads it.
    let err =
        Pattern::compile(r#"{"a": [{"numeric": [">", 5, "<", 1]}], "a": ["x"]}"#).unwrap_err();
    assert_eq!(err.reason, "Bottom must be less than top");
    // Event: every occurrence is a value of the path.
    assert!(m(r#"{"a": ["x"]}"#, r#"{"a": "x", "a": "y"}"#));
    assert!(m(r#"{"a": ["y"]}"#, r#"{"a": "x", "a": "y"}"#));
    assert!(!m(r#"{"a": [{"exists": false}]}"#, r#"{"a": {}, "a": 1}"#));

    within(60, || {
        // 200,000 repeats of one key: a value each, found in one linear walk.
        let mut members = vec![r#""a": 0"#; 200_000];
        members.push(r#""a": 1"#);
        let e = Event::parse_with(&format!("{{{}}}", members.join(",")), &roomy()).unwrap();
        let p = Pattern::compile(r#"{"a": [1]}"#).unwrap();
        assert!(p.matches(&e));
        let c = &p.explain(&e).combinations[0].conditions[0];
        assert_eq!(c.values.len() + c.values_omitted, 200_001);
    });
}

#[test]
fn dotted_empty_and_huge_keys() {
    let m = |pattern: &str, event: &str| {
        Pattern::compile_with(pattern, &roomy())
            .unwrap()
            .matches(&Event::parse_with(event, &roomy()).unwrap())
    };
    // A dot in a key is the same as nesting, on either side.
    assert!(m(r#"{"a.b": ["x"]}"#, r#"{"a": {"b": "x"}}"#));
    assert!(m(r#"{"a": {"b": ["x"]}}"#, r#"{"a.b": "x"}"#));
    assert!(m(r#"{"a": {"b.c": ["x"]}}"#, r#"{"a.b": {"c": "x"}}"#));
    assert!(m(r#"{"a..b": ["x"]}"#, r#"{"a": {"": {"b": "x"}}}"#));
    assert!(m(r#"{"": ["x"]}"#, r#"{"": "x"}"#));
    assert!(!m(r#"{"": ["x"]}"#, r#"{"": {"": "x"}}"#));
    // A key of dots alone names only itself: event-ruler never steps into an empty key that
    // no rule path uses in its middle.
    assert!(m(r#"{".": ["y"]}"#, r#"{"": {"": "x"}, ".": "y"}"#));
    assert!(!m(r#"{".": ["x"]}"#, r#"{"": {"": "x"}, ".": "y"}"#));
    // A 1 MB key, on both sides.
    let key = "k".repeat(1 << 20);
    assert!(m(
        &format!(r#"{{"{key}": {{"{key}": ["x"]}}}}"#),
        &format!(r#"{{"{key}.{key}": "x"}}"#)
    ));
}

#[test]
fn a_rule_set_of_100000_rules() {
    let set = within(120, || {
        let mut set = RuleSet::new();
        for i in 0..100_000 {
            set.add(
                &format!("rule-{i}"),
                &format!(
                    r#"{{"source": ["app.{}"], "detail": {{"n": [{{"numeric": [">=", {i}]}}]}}}}"#,
                    i % 100
                ),
            )
            .expect("valid rule");
        }
        set
    });
    assert_eq!(set.len(), 100_000);
    let set = std::sync::Arc::new(set);
    let shared = std::sync::Arc::clone(&set);
    let got = within(60, move || {
        let mut names: Vec<String> = shared
            .matches(r#"{"source": "app.7", "detail": {"n": 250}}"#)
            .unwrap()
            .into_iter()
            .map(str::to_string)
            .collect();
        names.sort();
        names
    });
    // Rules i ≡ 7 (mod 100) with i ≤ 250: 7, 107, 207.
    assert_eq!(got, vec!["rule-107", "rule-207", "rule-7"]);
    // Each rule answers on its own as the set does.
    let e = Event::parse(r#"{"source": "app.7", "detail": {"n": 250}}"#).unwrap();
    let alone: Vec<&str> = set
        .names()
        .filter(|n| set.get(n).unwrap().matches(&e))
        .collect();
    let mut alone: Vec<String> = alone.into_iter().map(str::to_string).collect();
    alone.sort();
    assert_eq!(alone, got);
    assert_peak_memory_below(MEMORY_MIB);
}
