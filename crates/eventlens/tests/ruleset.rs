//! The rule set gives, rule by rule, the answers of the single-pattern matcher: on generated
//! patterns and events (every operator, arrays of objects, `exists: false`, `$or`, keys with
//! dots), on every case of the conformance corpus, and on broken events (same errors).

use eventlens::{Event, Pattern, RuleSet, Validation};
use eventlens_conformance::Corpus;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

const KEYS: &[&str] = &["a", "b", "c", "a.b", "", "a.", ".b"];

/// A string longer than the scanner's 64-byte words, so that events run over several of them
/// (and values, skipped or read, over their boundaries).
const LONG: &str = "a string value long enough to run from one 64-byte word to the next one";

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::sample::select(vec![
            "x", "y", "xy", "X", "xY", "10.0.0.1", "1.5", "", "straße", "é", LONG
        ])
        .prop_map(|s| json!(s)),
        prop::sample::select(vec![
            "1",
            "1.0",
            "2",
            "-0",
            "1e0",
            "1.5",
            "300",
            "3e2",
            "0.30000000000000001"
        ])
        .prop_map(|n| serde_json::from_str::<Value>(n).unwrap()),
        any::<bool>().prop_map(Value::Bool),
        Just(Value::Null),
    ]
}

/// Event values: scalars, arrays (of scalars, objects or arrays), objects over [`KEYS`].
fn event_value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(4, 40, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..4).prop_map(|m| {
                Value::Object(
                    m.into_iter()
                        .map(|(k, v)| (k.to_string(), v))
                        .collect::<Map<_, _>>(),
                )
            }),
        ]
    })
}

fn event() -> impl Strategy<Value = String> {
    let members = prop::collection::vec((prop::sample::select(KEYS), event_value()), 0..5);
    (members, any::<bool>()).prop_map(|(m, spaced)| {
        // Text, not a map: duplicate keys stay, as in real events. With or without white space
        // between the top-level tokens (values are compact).
        let (colon, comma) = if spaced { (": ", ", ") } else { (":", ",") };
        let members: Vec<String> = m
            .iter()
            .map(|(k, v)| format!("{}{colon}{v}", json!(k)))
            .collect();
        format!("{{{}}}", members.join(comma))
    })
}

fn matcher() -> impl Strategy<Value = Value> {
    prop_oneof![
        scalar(),
        prop::sample::select(vec!["x", "X", "", "1"]).prop_map(|s| json!({"prefix": s})),
        prop::sample::select(vec!["y", "Y", "xy"]).prop_map(|s| json!({"suffix": s})),
        prop::sample::select(vec!["x", "XY", "STRASSE", "É"])
            .prop_map(|s| json!({"equals-ignore-case": s})),
        prop::sample::select(vec!["X", "é"])
            .prop_map(|s| json!({"prefix": {"equals-ignore-case": s}})),
        prop::sample::select(vec!["Y", "xY"])
            .prop_map(|s| json!({"suffix": {"equals-ignore-case": s}})),
        prop::sample::select(vec![
            json!({"anything-but": "x"}),
            json!({"anything-but": ["x", "y"]}),
            json!({"anything-but": 1}),
            json!({"anything-but": [1, 300]}),
            json!({"anything-but": {"prefix": "x"}}),
            json!({"anything-but": {"suffix": "y"}}),
            json!({"anything-but": {"equals-ignore-case": ["X"]}}),
            json!({"anything-but": {"equals-ignore-case": ["É", "xy"]}}),
            json!({"anything-but": {"wildcard": "x*"}}),
            json!({"numeric": [">", 1]}),
            json!({"numeric": [">=", 1, "<", 2]}),
            json!({"numeric": ["=", 300]}),
            json!({"numeric": ["<=", 0]}),
            json!({"exists": true}),
            json!({"exists": false}),
            json!({"cidr": "10.0.0.0/8"}),
            json!({"wildcard": "x*y"}),
            json!({"wildcard": "*"}),
            json!({"wildcard": "x*"}),
            json!({"wildcard": "*y"}),
            json!({"wildcard": "*x*"}),
            json!({"wildcard": "xy"}),
            json!({"exactly": "x"}),
        ]),
    ]
}

fn fields() -> impl Strategy<Value = Value> {
    prop::collection::vec(
        (
            prop::sample::select(KEYS),
            prop::option::of(prop::sample::select(KEYS)),
            prop::collection::vec(matcher(), 1..3),
        ),
        1..4,
    )
    .prop_map(|fs| {
        let mut obj = Map::new();
        for (k, sub, matchers) in fs {
            match sub {
                Some(s) => {
                    let inner = obj.entry(k.to_string()).or_insert_with(|| json!({}));
                    if let Value::Object(m) = inner {
                        m.insert(s.to_string(), Value::Array(matchers));
                    }
                }
                None => {
                    obj.insert(k.to_string(), Value::Array(matchers));
                }
            }
        }
        Value::Object(obj)
    })
}

fn pattern() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => fields(),
        1 => (fields(), fields(), fields()).prop_map(|(base, x, y)| {
            let mut m = base.as_object().cloned().unwrap_or_default();
            m.insert("$or".to_string(), json!([x, y]));
            Value::Object(m)
        }),
    ]
    .prop_map(|v| v.to_string())
}

/// The names the single-pattern matcher gives, in rule order.
fn naive<'a>(rules: &'a [(String, Pattern)], event: &Event) -> Vec<&'a str> {
    rules
        .iter()
        .filter(|(_, p)| p.matches(event))
        .map(|(n, _)| n.as_str())
        .collect()
}

/// Each event against the patterns that compile, as a rule set (with either validation) and
/// one by one. With `Full` the answers and errors are the same; with `Structure` too for valid
/// events, and an event it refuses gets the parser's error.
fn check(patterns: &[String], events: &[String]) -> Result<(), TestCaseError> {
    let mut set = RuleSet::new();
    let mut rules = Vec::new();
    for (i, text) in patterns.iter().enumerate() {
        if let Ok(p) = Pattern::compile(text) {
            let name = format!("r{i}");
            set.add(&name, text).unwrap();
            rules.push((name, p));
        }
    }
    let mut skim = set.clone();
    skim.set_validation(Validation::Structure);
    for e in events {
        let want = Event::parse(e).map(|parsed| naive(&rules, &parsed));
        let got = set.matches(e);
        prop_assert_eq!(&got, &want, "event {} patterns {:?}", e, patterns);
        let skimmed = skim.matches(e);
        match (&skimmed, &want) {
            (_, Ok(_)) | (Err(_), Err(_)) => {
                prop_assert_eq!(
                    &skimmed,
                    &want,
                    "structure: event {} patterns {:?}",
                    e,
                    patterns
                )
            }
            // A flaw inside a value no rule reads may go unnoticed.
            (Ok(_), Err(_)) => {}
        }
        if let Ok(parsed) = Event::parse(e) {
            prop_assert_eq!(set.matches_event(&parsed), want.unwrap());
        }
    }
    // The same events as one stream, with each validation.
    for rule_set in [&set, &skim] {
        let mut streamed = Vec::new();
        rule_set.matches_each(events.iter().map(String::as_str), |_, names| {
            streamed.push(names.map(<[_]>::to_vec));
        });
        let want: Vec<_> = events.iter().map(|e| rule_set.matches(e)).collect();
        prop_assert_eq!(
            streamed,
            want,
            "stream of {:?} patterns {:?}",
            events,
            patterns
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn same_answers_as_single_patterns(
        patterns in prop::collection::vec(pattern(), 1..12),
        events in prop::collection::vec(event(), 1..12),
    ) {
        check(&patterns, &events)?;
    }

    #[test]
    fn same_errors_for_broken_events(
        patterns in prop::collection::vec(pattern(), 1..4),
        event in event(),
        cut in any::<prop::sample::Index>(),
        byte in prop::sample::select(b"{}[],:\"\\ 0-.eExn".to_vec()),
    ) {
        let mut bad = event.clone();
        let i = cut.index(bad.len() + 1);
        if bad.is_char_boundary(i) {
            bad.insert(i, byte as char);
        }
        let half = (0..=event.len() / 2).rev().find(|&i| event.is_char_boundary(i)).unwrap_or(0);
        check(&patterns, &[bad, event[..half].to_string()])?;
    }
}

/// A string matcher over a small alphabet, so that matchers and values often meet: globs of
/// every shape (starting or ending with a star, a literal or an escaped star), and the indexed
/// operators (with a non-ASCII letter, which ASCII folding leaves alone).
fn string_matcher() -> impl Strategy<Value = Value> {
    let text = "[xyXYÉ*]{0,4}";
    // Globs from stars, letters and escaped stars (literal ones).
    let glob = prop::collection::vec(prop::sample::select(vec!["x", "y", "*", "\\*"]), 0..6);
    prop_oneof![
        glob.prop_map(|parts| parts.concat())
            .prop_filter("no two stars in a row", |g| !g
                .replace("\\*", "")
                .contains("**"))
            .prop_map(|g| json!({"wildcard": g})),
        text.prop_map(|s| json!(s)),
        text.prop_map(|s| json!({"prefix": s})),
        text.prop_map(|s| json!({"suffix": s})),
        text.prop_map(|s| json!({"equals-ignore-case": s})),
        text.prop_map(|s| json!({"prefix": {"equals-ignore-case": s}})),
        text.prop_map(|s| json!({"suffix": {"equals-ignore-case": s}})),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// Many string matchers on one path (several filed under the same length or end byte)
    /// against strings close to them: each rule's answer is the single-pattern matcher's.
    #[test]
    fn strings_against_string_matchers(
        matchers in prop::collection::vec(string_matcher(), 1..16),
        values in prop::collection::vec("[xyXYéÉ*]{0,6}", 1..6),
    ) {
        let patterns: Vec<String> =
            matchers.iter().map(|m| json!({"s": [m]}).to_string()).collect();
        let events: Vec<String> =
            values.iter().map(|v| json!({"s": v}).to_string()).collect();
        check(&patterns, &events)?;
    }
}

/// Number literals as events write them: up to 18 fraction digits (so that many are not the
/// shortest form of their double and compare with nothing), zeros ending the fraction,
/// exponents; and integer parts of up to 20 digits with short fractions.
fn number_literal() -> impl Strategy<Value = String> {
    prop_oneof![
        "-?(0|[1-9][0-9]{0,3})(\\.[0-9]{1,18})?([eE][-+]?[0-9]{1,2})?",
        // Long integer parts, short fractions.
        "-?[1-9][0-9]{4,19}(\\.[0-9]{1,7})?",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Literals against ranges and equalities whose bounds lie near them (their own value,
    /// rounded to fewer digits, or moved by a little): each rule's answer is the single-pattern
    /// matcher's.
    #[test]
    fn numbers_against_ranges(
        literal in number_literal(),
        others in prop::collection::vec(number_literal(), 1..3),
        digits in 1usize..17,
    ) {
        let value: f64 = literal.parse().unwrap();
        let mut bounds: Vec<f64> = others.iter().map(|o| o.parse().unwrap()).collect();
        bounds.push(value);
        bounds.push(format!("{value:.*e}", digits - 1).parse().unwrap());
        bounds.push(value + value.abs() * 1e-15);
        // About where a rough reading of the literal stops being sure.
        bounds.push(value + 2.5e-8);
        bounds.push(value - value.abs() * 1e-14 - 2e-8);
        let mut patterns = Vec::new();
        for (i, b) in bounds.iter().enumerate() {
            for op in [">", ">=", "<", "<=", "="] {
                patterns.push(json!({"n": [{"numeric": [op, b]}]}).to_string());
            }
            for high in &bounds[i + 1..] {
                let (low, high) = if b < high { (b, high) } else { (high, b) };
                patterns.push(json!({"n": [{"numeric": [">", low, "<=", high]}]}).to_string());
                patterns.push(json!({"n": [{"numeric": [">=", low, "<", high]}]}).to_string());
            }
        }
        patterns.push(json!({"n": [{"anything-but": [value]}]}).to_string());
        let events = [
            format!(r#"{{"n": {literal}}}"#),
            format!(r#"{{"n": [0, {literal}]}}"#),
        ];
        check(&patterns, &events)?;
    }
}

/// What `Validation::Structure` checks and what it lets pass.
#[test]
fn structure_validation_checks_what_the_rules_read() {
    let mut set = RuleSet::new();
    set.add("lot", r#"{"properties": {"lot": ["1"]}}"#).unwrap();
    set.set_validation(Validation::Structure);
    let full = {
        let mut s = set.clone();
        s.set_validation(Validation::Full);
        s
    };
    // Flaws inside a value no rule reads: matched on what the rules read.
    for skimmed in [
        r#"{"properties": {"lot": "1"}, "geometry": [01, tru, 1.]}"#,
        r#"{"properties": {"lot": "1"}, "geometry": {"a" 1 "b": [}]}"#,
        r#"{"properties": {"lot": "1", "other": -}}"#,
    ] {
        assert_eq!(set.matches(skimmed).unwrap(), vec!["lot"], "{skimmed}");
        assert_eq!(
            full.matches(skimmed).unwrap_err(),
            Event::parse(skimmed).unwrap_err()
        );
    }
    // Flaws in the skeleton or in what the rules read: the parser's error.
    for refused in [
        r#"{"properties": {"lot": 01}}"#,
        r#"{"properties": {"lot": tru}}"#,
        r#"{"properties": {"lot" "1"}}"#,
        r#"{"properties": {"lot": "1",}}"#,
        r#"{"properties": {"lot": "1"]}"#,
        r#"{"properties": {"lot": "1"}, "geometry": [1}"#,
        r#"{"properties": {"lot": "1"}, "geometry": "x}"#,
        "{\"properties\": {\"lot\": \"1\"}, \"g\": \"\u{1}\"}",
        r#"{"properties": {"lot": "1"}, "g": "\x"}"#,
        r#"{"properties": {"lot": "1"}} {}"#,
        r#"{"properties": {"lot": "1"}}}"#,
        r#"[{"properties": {"lot": "1"}}]"#,
        r#"{"properties": {"lot": "1"}, "g": 1"#,
    ] {
        assert_eq!(
            set.matches(refused).unwrap_err(),
            Event::parse(refused).unwrap_err(),
            "{refused}"
        );
    }
    let deep = format!(r#"{{"g": {}1{}}}"#, "[".repeat(1100), "]".repeat(1100));
    assert_eq!(
        set.matches(&deep).unwrap_err(),
        Event::parse(&deep).unwrap_err()
    );

    // A rule the index leaves to the engine (two fields in one array element) needs the parsed
    // event: then every flaw counts, and the error is the parser's.
    set.add("same", r#"{"a": {"x": [1], "y": [2]}}"#).unwrap();
    let flawed = r#"{"a": [{"x": 1, "y": 2}], "geometry": [01]}"#;
    assert_eq!(
        set.matches(flawed).unwrap_err(),
        Event::parse(flawed).unwrap_err()
    );
    assert_eq!(
        set.matches(r#"{"a": [{"x": 1, "y": 2}]}"#).unwrap(),
        vec!["same"]
    );
}

#[test]
fn removing_and_replacing_rules() {
    let mut set = RuleSet::new();
    for i in 0..100 {
        set.add(&format!("r{i}"), &format!(r#"{{"a": ["{}"]}}"#, i % 7))
            .unwrap();
    }
    for i in (0..100).step_by(2) {
        assert!(set.remove(&format!("r{i}")));
    }
    set.add("r1", r#"{"a": ["3"]}"#).unwrap();
    let got = set.matches(r#"{"a": "3"}"#).unwrap();
    let want: Vec<String> = (0..100)
        .filter(|i| i % 2 == 1 && (if *i == 1 { 3 } else { i % 7 }) == 3)
        .map(|i| format!("r{i}"))
        .collect();
    assert_eq!(got, want);
    assert_eq!(set.len(), 50);
    assert_eq!(set.names().next(), Some("r1"));
}

/// Every corpus pattern, alone and all together, against every corpus event.
#[test]
fn conformance_corpus() {
    let mut patterns = Vec::new();
    let mut events = Vec::new();
    for case in Corpus::load().cases() {
        let pattern = &case.pattern;
        if let Some(e) = &case.event {
            // One rule, one event: the case itself.
            if let Ok(p) = Pattern::compile(pattern) {
                let mut set = RuleSet::new();
                set.insert("case", p.clone());
                let want =
                    Event::parse(e).map(|ev| if p.matches(&ev) { vec!["case"] } else { vec![] });
                assert_eq!(set.matches(e), want, "pattern {pattern} event {e}");
            }
            events.push(e.clone());
        }
        patterns.push(pattern.clone());
    }
    println!(
        "{} corpus patterns, {} events",
        patterns.len(),
        events.len()
    );
    assert!(events.len() > 500, "the corpus has events");
    // All patterns together against a spread of the events.
    let sample: Vec<String> = events.iter().step_by(7).cloned().collect();
    check(&patterns, &sample).unwrap();
}
