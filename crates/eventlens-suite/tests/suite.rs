//! Suites read from JSON and YAML, run, written and read back; every refusal with its place.

use eventlens_suite::{Expectation, Suite, SuiteError, SuiteErrorKind, Verdict};

const JSON_SUITE: &str = r#"{
  "patterns": {
    "omics-failed": {"source": ["aws.omics"], "detail": {"status": ["FAILED"]}},
    "big": "{\"detail\": {\"size\": [{\"numeric\": [\">\", 1e3]}]}}",
    "exact": {"detail": {"size": [{"numeric": [">=", 1.50E2]}]}}
  },
  "events": {
    "run-failed": {"source": "aws.omics", "detail": {"status": "FAILED", "size": 2000}},
    "run-done": {"source": "aws.omics", "detail": {"status": "DONE", "size": 10}}
  },
  "expect": {
    "omics-failed": {"match": ["run-failed", "run-done"], "no-match": []},
    "big": {"match": ["run-failed"], "no-match": ["run-done"]},
    "exact": {"no-match": ["run-failed"]}
  }
}"#;

const YAML_SUITE: &str = r#"# Expectations of the omics rules.
patterns:
  omics-failed: {"source": ["aws.omics"], "detail": {"status": ["FAILED"]}}
  exact-text: '{"detail": {"size": [{"numeric": [">", 1e3]}]}}'
  block:
    detail:
      status: [DONE]
events:
  run-failed: {"source": "aws.omics", "detail": {"status": "FAILED", "size": 2000}}
  run-done:
    source: aws.omics
    detail:
      status: DONE
expect:
  omics-failed:
    match: [run-failed]
    no-match: [run-done]
  exact-text:
    match:
      - run-failed
  block:
    match: [run-failed]
"#;

fn refused(text: &str) -> SuiteError {
    Suite::parse(text).expect_err("the suite should be refused")
}

/// The line and column an error gives.
fn at(e: &SuiteError) -> (usize, usize) {
    let at = e.at.unwrap_or_else(|| panic!("no place: {e}"));
    (at.line, at.column)
}

/// The 1-based line and column of the first `needle` in `text` (ASCII texts).
fn find(text: &str, needle: &str) -> (usize, usize) {
    let offset = text.find(needle).unwrap();
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    (
        text[..offset].matches('\n').count() + 1,
        offset - line_start + 1,
    )
}

#[test]
fn a_json_suite_keeps_names_in_order_and_texts_exact() {
    let suite = Suite::parse(JSON_SUITE).unwrap();
    let names: Vec<&str> = suite.patterns().map(|(n, _)| n).collect();
    assert_eq!(names, ["omics-failed", "big", "exact"]);
    let texts: Vec<&str> = suite.patterns().map(|(_, t)| t).collect();
    assert_eq!(
        texts[0],
        r#"{"source": ["aws.omics"], "detail": {"status": ["FAILED"]}}"#
    );
    assert_eq!(
        texts[1],
        r#"{"detail": {"size": [{"numeric": [">", 1e3]}]}}"#
    );
    // The number literal as written, not re-serialised.
    assert_eq!(
        texts[2],
        r#"{"detail": {"size": [{"numeric": [">=", 1.50E2]}]}}"#
    );
    let events: Vec<(&str, &str)> = suite.events().collect();
    assert_eq!(events[1].0, "run-done");
    assert_eq!(
        events[1].1,
        r#"{"source": "aws.omics", "detail": {"status": "DONE", "size": 10}}"#
    );
    assert_eq!(
        suite.expectations()[2],
        Expectation {
            pattern: "exact".into(),
            matches: vec![],
            no_match: vec!["run-failed".into()]
        }
    );
}

#[test]
fn running_gives_one_outcome_per_expectation_with_the_reason_of_each_failure() {
    let report = Suite::parse(JSON_SUITE).unwrap().run();
    let summary: Vec<(&str, &str, Verdict, Verdict, bool)> = report
        .outcomes
        .iter()
        .map(|o| {
            (
                o.pattern.as_str(),
                o.event.as_str(),
                o.expected,
                o.actual,
                o.pass,
            )
        })
        .collect();
    use Verdict::*;
    assert_eq!(
        summary,
        [
            ("omics-failed", "run-failed", Match, Match, true),
            ("omics-failed", "run-done", Match, NoMatch, false),
            ("big", "run-failed", Match, Match, true),
            ("big", "run-done", NoMatch, NoMatch, true),
            ("exact", "run-failed", NoMatch, Match, false),
        ]
    );
    assert_eq!((report.passed(), report.failed()), (3, 2));
    let reasons: Vec<&str> = report
        .failures()
        .map(|o| o.reason.as_deref().unwrap())
        .collect();
    assert_eq!(
        reasons[0],
        r#"`detail.status` is "DONE"; expected "FAILED""#
    );
    // An unexpected match says which conditions held.
    assert!(
        reasons[1].contains("`detail.size`") && reasons[1].contains("2000"),
        "{}",
        reasons[1]
    );
    assert!(report
        .outcomes
        .iter()
        .filter(|o| o.pass)
        .all(|o| o.reason.is_none()));
}

#[test]
fn a_yaml_suite_reads_objects_as_compact_json_and_strings_as_they_are() {
    let suite = Suite::parse(YAML_SUITE).unwrap();
    let patterns: Vec<(&str, &str)> = suite.patterns().collect();
    assert_eq!(
        patterns,
        [
            (
                "omics-failed",
                r#"{"source":["aws.omics"],"detail":{"status":["FAILED"]}}"#
            ),
            (
                "exact-text",
                r#"{"detail": {"size": [{"numeric": [">", 1e3]}]}}"#
            ),
            ("block", r#"{"detail":{"status":["DONE"]}}"#),
        ]
    );
    assert_eq!(
        suite.events().nth(1).unwrap().1,
        r#"{"source":"aws.omics","detail":{"status":"DONE"}}"#
    );
    let report = suite.run();
    assert_eq!(report.outcomes.len(), 4);
    assert_eq!(report.failed(), 1);
    let miss = report.failures().next().unwrap();
    assert_eq!(
        (miss.pattern.as_str(), miss.event.as_str()),
        ("block", "run-failed")
    );
}

fn round_trips(suite: &Suite) {
    for (format, written) in [("json", suite.to_json()), ("yaml", suite.to_yaml())] {
        let back = Suite::parse(&written).unwrap_or_else(|e| panic!("{format}: {e}\n{written}"));
        assert_eq!(
            back.patterns().collect::<Vec<_>>(),
            suite.patterns().collect::<Vec<_>>(),
            "{format}:\n{written}"
        );
        assert_eq!(
            back.events().collect::<Vec<_>>(),
            suite.events().collect::<Vec<_>>(),
            "{format}:\n{written}"
        );
        assert_eq!(
            back.expectations(),
            suite.expectations(),
            "{format}:\n{written}"
        );
        assert_eq!(back.run(), suite.run());
    }
}

#[test]
fn written_suites_read_back_the_same() {
    round_trips(&Suite::parse(JSON_SUITE).unwrap());
    round_trips(&Suite::parse(YAML_SUITE).unwrap());
    // Names and texts that need quoting and escapes in both formats.
    let odd = Suite::from_lists(
        vec![
            (
                "a <&\"> b: #c".into(),
                "{\n  \"a\": [\"x\\ty\", \"é😀\\u2028\"]\n}".into(),
            ),
            ("- yes".into(), r#"{"n":[{"numeric":["<",1e3]}]}"#.into()),
            ("compact".into(), r#"{"n":[1.5,"'\"\\"]}"#.into()),
        ],
        vec![
            (
                "ev\u{2028}\u{85}\u{7}".into(),
                " {\"a\": \"x\\ty\", \"n\": 5} ".into(),
            ),
            ("null".into(), r#"{"a":"é😀"}"#.into()),
        ],
        vec![Expectation {
            pattern: "a <&\"> b: #c".into(),
            matches: vec!["ev\u{2028}\u{85}\u{7}".into()],
            no_match: vec!["null".into()],
        }],
    )
    .unwrap();
    round_trips(&odd);
    let yaml = odd.to_yaml();
    // A compact text is written as an object in YAML; others as strings.
    assert!(
        yaml.contains(r#"  "compact": {"n":[1.5,"'\"\\"]}"#),
        "{yaml}"
    );
    assert!(yaml.contains(r#"  "- yes": "{\"n\":"#), "{yaml}");
    let json = odd.to_json();
    assert!(json.contains("\"a <&\\\"> b: #c\": {\n  \"a\""), "{json}");
    // Empty sections are written too.
    let empty = Suite::from_lists(vec![], vec![], vec![]).unwrap();
    assert_eq!(empty.to_yaml(), "patterns: {}\nevents: {}\nexpect: {}\n");
    round_trips(&empty);
}

#[test]
fn syntax_errors_have_their_place() {
    let e = refused("{\n  \"patterns\": {\n    \"a\": \n  }\n}");
    assert_eq!(e.kind, SuiteErrorKind::Syntax);
    assert!(
        e.message.starts_with("The suite file is not valid JSON"),
        "{e}"
    );
    assert_eq!(at(&e), (4, 3));
    let e = refused("patterns:\n  a: [1, 2\nevents: {}\n");
    assert_eq!(e.kind, SuiteErrorKind::Syntax);
    assert!(
        e.message.starts_with("The suite file is not valid YAML"),
        "{e}"
    );
    assert!(e.at.is_some(), "{e}");
    let e = refused("patterns:\n  a: {}\n  a: {}\n");
    assert_eq!(e.kind, SuiteErrorKind::Syntax, "{e}");
}

#[test]
fn a_suite_and_its_sections_must_be_mappings() {
    let e = refused("[1, 2]");
    assert_eq!(
        (e.kind.clone(), at(&e)),
        (SuiteErrorKind::NotAMapping, (1, 1))
    );
    let e = refused("- a\n- b\n");
    assert_eq!(
        (e.kind.clone(), at(&e)),
        (SuiteErrorKind::NotAMapping, (1, 1))
    );
    let text = "{\"patterns\": {}, \"events\": [\"x\"]}";
    let e = refused(text);
    assert_eq!(
        (e.kind.clone(), at(&e)),
        (SuiteErrorKind::NotAMapping, find(text, "["))
    );
    let text = "patterns: {}\nevents: {}\nexpect:\n  p: [a]\n";
    let e = refused(text);
    assert_eq!(e.kind, SuiteErrorKind::NotAMapping);
    assert_eq!(at(&e), (4, 3));
}

#[test]
fn unknown_keys_are_refused_where_they_are() {
    let text = "patterns: {}\nevent: {}\n";
    let e = refused(text);
    assert_eq!(
        e.kind,
        SuiteErrorKind::UnknownKey {
            key: "event".into()
        }
    );
    assert_eq!(at(&e), (2, 1));
    let text =
        r#"{"patterns": {"p": {"a": ["b"]}}, "events": {}, "expect": {"p": {"matches": []}}}"#;
    let e = refused(text);
    assert_eq!(
        e.kind,
        SuiteErrorKind::UnknownKey {
            key: "matches".into()
        }
    );
    assert_eq!(at(&e), find(text, "\"matches\""));
    let e = refused(r#"{"patterns": {}, "patterns": {}}"#);
    assert_eq!(
        e.kind,
        SuiteErrorKind::Duplicate {
            name: "patterns".into()
        }
    );
    assert_eq!(at(&e), (1, 18));
}

#[test]
fn unknown_names_in_expect_are_refused_where_they_are() {
    let text = "patterns:\n  p: {\"a\": [\"b\"]}\nevents:\n  e: {\"a\": \"b\"}\nexpect:\n  p:\n    match:\n      - e\n      - f\n";
    let e = refused(text);
    assert_eq!(e.kind, SuiteErrorKind::UnknownName { name: "f".into() });
    assert!(e.message.contains("event \"f\""), "{e}");
    assert_eq!(at(&e), (9, 7));
    let text = r#"{"patterns": {"p": {"a": ["b"]}}, "events": {"e": {"a": "b"}}, "expect": {"q": {"match": ["e"]}}}"#;
    let e = refused(text);
    assert_eq!(e.kind, SuiteErrorKind::UnknownName { name: "q".into() });
    assert_eq!(at(&e), find(text, "\"q\""));
}

#[test]
fn an_event_in_both_lists_is_refused() {
    let text = r#"{"patterns": {"p": {"a": ["b"]}}, "events": {"e": {"a": "b"}},
      "expect": {"p": {"match": ["e"], "no-match": ["e"]}}}"#;
    let e = refused(text);
    assert_eq!(
        e.kind,
        SuiteErrorKind::InBothLists {
            pattern: "p".into(),
            event: "e".into()
        }
    );
    // The second listing of the event.
    assert_eq!(at(&e), (2, 53));
    let e = refused("patterns: {p: {a: [b]}}\nevents: {e: {a: b}}\nexpect:\n  p:\n    match: [e]\n    no-match: [e]\n");
    assert!(matches!(e.kind, SuiteErrorKind::InBothLists { .. }), "{e}");
    // In a flow list, the place is the list's key.
    assert_eq!(at(&e), (6, 5));
}

#[test]
fn invalid_patterns_carry_aws_message_and_their_place_in_the_file() {
    // An object: the fault's own place.
    let text = "{\"patterns\": {\n  \"p\": {\"a\": [{\"numeric\": [\">\", \"x\"]}]}}}";
    let e = refused(text);
    let SuiteErrorKind::InvalidPattern { name, error } = &e.kind else {
        panic!("{e}")
    };
    assert_eq!(name, "p");
    assert!(
        e.message.contains(&error.message)
            && error.message.starts_with("Event pattern is not valid"),
        "{e}"
    );
    assert_eq!(at(&e), find(text, "\"x\""));
    // A string with escapes: the fault's place in the literal.
    let text = r#"{"patterns": {"p": "{\"a\": [{\"numeric\": [\">\", \"x\"]}]}"}}"#;
    let e = refused(text);
    assert!(
        matches!(e.kind, SuiteErrorKind::InvalidPattern { .. }),
        "{e}"
    );
    assert_eq!(at(&e), find(text, r#"\"x\""#));
    // YAML: the place of the pattern.
    let text = "patterns:\n  ok: {\"a\": [\"b\"]}\n  empty: {\"a\": []}\n";
    let e = refused(text);
    assert!(e.message.contains("Empty arrays are not allowed"), "{e}");
    assert_eq!(at(&e), (3, 3));
}

#[test]
fn invalid_events_carry_the_engine_message_and_their_place_in_the_file() {
    let text = "{\"events\": {\n  \"e\": [1, 2]}}";
    let e = refused(text);
    let SuiteErrorKind::InvalidEvent { name, error } = &e.kind else {
        panic!("{e}")
    };
    assert_eq!(name, "e");
    assert!(e.message.contains(&error.message), "{e}");
    assert_eq!(at(&e), find(text, "[1"));
    let text = "events:\n  e: 'not json'\n";
    let e = refused(text);
    assert!(matches!(e.kind, SuiteErrorKind::InvalidEvent { .. }), "{e}");
    assert_eq!(at(&e), (2, 3));
}

#[test]
fn shapes_and_duplicates_are_refused() {
    let text = r#"{"patterns": {"p": {"a": ["b"]}}, "expect": {"p": {"match": "e"}}}"#;
    let e = refused(text);
    assert_eq!(e.kind, SuiteErrorKind::Shape);
    assert_eq!(at(&e), find(text, "\"match\""));
    let text = r#"{"patterns": {"p": {"a": ["b"]}}, "events": {"e": {"a": "b"}}, "expect": {"p": {"match": ["e", 3]}}}"#;
    let e = refused(text);
    assert_eq!(
        (e.kind.clone(), at(&e)),
        (SuiteErrorKind::Shape, find(text, "3]"))
    );
    let text = r#"{"patterns": {"p": {"a": ["b"]}, "p": {"a": ["c"]}}}"#;
    let e = refused(text);
    assert_eq!(e.kind, SuiteErrorKind::Duplicate { name: "p".into() });
    assert_eq!(at(&e), (1, 34));
    let text = r#"{"patterns": {"p": {"a": ["b"]}}, "events": {"e": {"a": "b"}}, "expect": {"p": {"match": ["e", "e"]}}}"#;
    assert!(matches!(
        refused(text).kind,
        SuiteErrorKind::Duplicate { .. }
    ));
}

#[test]
fn suites_from_lists_are_checked_without_places() {
    let e =
        Suite::from_lists(vec![("p".into(), r#"{"a": []}"#.into())], vec![], vec![]).unwrap_err();
    let SuiteErrorKind::InvalidPattern { error, .. } = &e.kind else {
        panic!("{e}")
    };
    assert!(e.at.is_none());
    // The span within the pattern's own text.
    assert_eq!(error.span.slice(r#"{"a": []}"#), "[]");
    let e = Suite::from_lists(
        vec![("p".into(), r#"{"a": ["b"]}"#.into())],
        vec![],
        vec![Expectation {
            pattern: "p".into(),
            matches: vec!["e".into()],
            no_match: vec![],
        }],
    )
    .unwrap_err();
    assert_eq!(e.kind, SuiteErrorKind::UnknownName { name: "e".into() });
    assert_eq!(e.to_string(), e.message);
}

#[test]
fn limits_apply_to_the_patterns_and_events_of_a_suite() {
    let limits = eventlens::Limits {
        max_pattern_chars: 10,
        ..Default::default()
    };
    let e = Suite::parse_with(
        r#"{"patterns": {"p": {"source": ["a-long-source"]}}}"#,
        &limits,
    )
    .unwrap_err();
    assert!(
        matches!(e.kind, SuiteErrorKind::InvalidPattern { .. }),
        "{e}"
    );
}
