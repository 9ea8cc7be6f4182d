//! Building a pattern from the event: the field and value under the caret, and a new pattern
//! for the event's source and type. The conditions for a value are in `actions`, adding one to
//! the pattern text in `insert`.

use super::error::parse_named;
use super::tree::{self, Scalar};
use eventlens::json::NodeKind;
use eventlens::Span;

/// A field of the event under the caret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueAt {
    /// The keys from the root (array indexes are not part of an EventBridge path).
    pub path: Vec<String>,
    /// The scalar under the caret; `None` when the caret is on a key whose value is an object or
    /// an array.
    pub scalar: Option<Scalar>,
    /// The quoted key of the field.
    pub key: Span,
    /// The value under the caret (for a key: its whole value).
    pub value: Span,
    /// Whether the event has scalars at the path (always, for a scalar): `exists` looks at
    /// those only, not at objects.
    pub leaves: bool,
}

/// The field and value under byte `offset` of a valid event text, if the caret is on a key or
/// a scalar (anywhere from its first byte to just after its last).
pub fn value_at(event_text: &str, offset: usize) -> Option<ValueAt> {
    let doc = tree::parse(event_text).ok()?;
    let within = |span: Span| span.start <= offset && offset <= span.end;
    let mut path = Vec::new();
    let mut key = None;
    let mut id = doc.root();
    loop {
        match &doc.node(id).kind {
            NodeKind::Object(members) => {
                if let Some(m) = members.iter().find(|m| within(m.key_span)) {
                    path.push(m.key.clone());
                    let leaves = tree::nodes_at::<&str>(&doc, m.value, &[])
                        .into_iter()
                        .any(|id| Scalar::of(&doc, event_text, id).is_some());
                    return Some(ValueAt {
                        path,
                        scalar: Scalar::of(&doc, event_text, m.value),
                        key: m.key_span,
                        value: doc.node(m.value).span,
                        leaves,
                    });
                }
                let m = members.iter().find(|m| within(doc.node(m.value).span))?;
                path.push(m.key.clone());
                key = Some(m.key_span);
                id = m.value;
            }
            NodeKind::Array(items) => {
                id = *items.iter().find(|&&i| within(doc.node(i).span))?;
            }
            _ => {
                return Some(ValueAt {
                    path,
                    scalar: Scalar::of(&doc, event_text, id),
                    key: key?,
                    value: doc.node(id).span,
                    leaves: true,
                })
            }
        }
    }
}

use super::error::BuildError;

/// "New pattern from this event": a laid-out pattern with the event's `source` and
/// `detail-type` (those it has as scalars), which matches the event.
pub fn pattern_from_event(event_text: &str) -> Result<String, BuildError> {
    let doc = parse_named(event_text, "event")?;
    let NodeKind::Object(members) = &doc.node(doc.root()).kind else {
        return Err(BuildError::NothingToMatch);
    };
    let lines: Vec<String> = ["source", "detail-type"]
        .into_iter()
        .filter_map(|key| {
            // The last of duplicate keys is the one EventBridge reads.
            let member = members.iter().rev().find(|m| m.key == key)?;
            let value = Scalar::of(&doc, event_text, member.value)?;
            Some(format!("  \"{key}\": [{}]", value.literal()))
        })
        .collect();
    if lines.is_empty() {
        return Err(BuildError::NothingToMatch);
    }
    Ok(format!("{{\n{}\n}}", lines.join(",\n")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::authoring::actions::actions;
    use crate::authoring::insert::add_condition;
    use crate::syntax::{tokens, TokenKind};
    use eventlens::{Event, Pattern, TextPos};

    const EVENT: &str = r#"{
  "source": "aws.s3",
  "detail-type": "Object Created",
  "resources": ["arn:aws:s3:::bucket", "arn:aws:s3:::other"],
  "detail": {
    "size": 1234,
    "ratio": -0.37,
    "object": {"key": "runs/r1/sample.fastq.gz"},
    "ok": true,
    "gone": null,
    "ip": "10.1.2.3",
    "v6": "2001:db8::7",
    "empty": [],
    "wörter": "Straße"
  }
}"#;

    fn at(needle: &str) -> ValueAt {
        value_at(EVENT, EVENT.find(needle).unwrap() + 1).unwrap()
    }

    fn matchers(value: &ValueAt) -> Vec<(&'static str, String)> {
        actions(value)
            .into_iter()
            .map(|a| (a.operator, a.matcher))
            .collect()
    }

    fn pair(operator: &'static str, matcher: &str) -> (&'static str, String) {
        (operator, matcher.to_string())
    }

    #[test]
    fn the_value_under_the_caret() {
        let v = at("\"Straße\"");
        assert_eq!(v.path, ["detail", "wörter"]);
        assert_eq!(v.scalar, Some(Scalar::String("Straße".into())));
        assert_eq!(v.key.slice(EVENT), "\"wörter\"");
        assert_eq!(v.value.slice(EVENT), "\"Straße\"");
        // Both ends of a value count; array indexes are not part of the path.
        let other = EVENT.find("\"arn:aws:s3:::other\"").unwrap();
        for offset in [other, other + 20] {
            let v = value_at(EVENT, offset).unwrap();
            assert_eq!(v.path, ["resources"]);
            assert_eq!(v.key.slice(EVENT), "\"resources\"");
            assert_eq!(v.value.slice(EVENT), "\"arn:aws:s3:::other\"");
        }
        let v = at("-0.37");
        assert_eq!(v.scalar, Some(Scalar::Number("-0.37".into())));
        assert_eq!(at("null").scalar, Some(Scalar::Null));
    }

    #[test]
    fn keys_of_objects_and_lists_have_no_scalar() {
        let detail = at("\"detail\"");
        assert_eq!(
            (detail.path.clone(), detail.scalar.clone()),
            (vec!["detail".to_string()], None)
        );
        assert!(!detail.leaves);
        assert!(detail.value.slice(EVENT).starts_with('{'));
        assert!(
            actions(&detail).is_empty(),
            "exists never matches an object"
        );
        let resources = at("\"resources\"");
        assert!(resources.leaves);
        assert_eq!(
            matchers(&resources),
            [pair("exists", r#"{"exists": true}"#)]
        );
        assert!(!at("\"empty\"").leaves);
    }

    #[test]
    fn nothing_outside_keys_and_values_or_in_broken_events() {
        assert_eq!(value_at(EVENT, 0), None);
        assert_eq!(value_at(EVENT, EVENT.find(" \"aws.s3\"").unwrap()), None);
        assert_eq!(value_at(EVENT, EVENT.find(", \"arn").unwrap() + 1), None);
        assert_eq!(value_at("{\"a\": [1,", 7), None);
        assert_eq!(value_at("", 0), None);
        assert_eq!(value_at("\"x\"", 1), None);
    }

    #[test]
    fn string_actions_cut_at_separators() {
        let key = at("\"runs/r1/sample.fastq.gz\"");
        assert_eq!(
            matchers(&key),
            [
                pair("exact", r#""runs/r1/sample.fastq.gz""#),
                pair("prefix", r#"{"prefix": "runs/r1/sample.fastq."}"#),
                pair("suffix", r#"{"suffix": ".fastq.gz"}"#),
                pair(
                    "equals-ignore-case",
                    r#"{"equals-ignore-case": "runs/r1/sample.fastq.gz"}"#
                ),
                pair("wildcard", r#"{"wildcard": "runs/r1/*.fastq.gz"}"#),
                pair(
                    "anything-but",
                    r#"{"anything-but": "runs/r1/sample.fastq.gz"}"#
                ),
                pair("exists", r#"{"exists": true}"#),
            ]
        );
        let source = actions(&at("\"aws.s3\""));
        assert_eq!(source[1].matcher, r#"{"prefix": "aws."}"#);
        assert_eq!(source[1].label, r#"starts with "aws.""#);
        assert_eq!(source[2].matcher, r#"{"suffix": ".s3"}"#);
        assert_eq!(source[4].matcher, r#"{"wildcard": "*.s3"}"#);
        let id = actions(&at("\"Object Created\""));
        assert_eq!(id[1].matcher, r#"{"prefix": "Object "}"#);
        assert_eq!(id[2].matcher, r#"{"suffix": "Created"}"#);
        assert_eq!(id[4].matcher, r#"{"wildcard": "Object *"}"#);
        let arn = actions(&at("\"arn:aws:s3:::other\""));
        assert_eq!(arn[1].matcher, r#"{"prefix": "arn:aws:s3:::"}"#);
        assert_eq!(arn[4].matcher, r#"{"wildcard": "arn:aws:s3:::*"}"#);
        let upper = ValueAt {
            scalar: Some(Scalar::String("FAILED".into())),
            ..at("\"Straße\"")
        };
        let m = matchers(&upper);
        assert!(m.contains(&pair(
            "equals-ignore-case",
            r#"{"equals-ignore-case": "failed"}"#
        )));
        assert!(m.contains(&pair("prefix", r#"{"prefix": "FAI"}"#)));
        assert!(m.contains(&pair("suffix", r#"{"suffix": "LED"}"#)));
        assert!(m.contains(&pair("anything-but", r#"{"anything-but": "FAILED"}"#)));
    }

    #[test]
    fn short_and_awkward_strings() {
        let of = |s: &str| {
            matchers(&ValueAt {
                scalar: Some(Scalar::String(s.into())),
                ..at("\"Straße\"")
            })
        };
        assert_eq!(
            of(""),
            [
                pair("exact", "\"\""),
                pair("anything-but", r#"{"anything-but": ""}"#),
                pair("exists", r#"{"exists": true}"#),
            ]
        );
        assert_eq!(of("é").len(), 4, "exact, ignore-case, anything-but, exists");
        // Letters outside the BMP cannot be compared ignoring case (event-ruler writes `?`).
        assert!(!of("a😀b").iter().any(|(o, _)| *o == "equals-ignore-case"));
        // İ lower-cases to two characters that no longer match it; the value stays as is.
        assert!(of("İx").contains(&pair(
            "equals-ignore-case",
            r#"{"equals-ignore-case": "İx"}"#
        )));
        assert!(of("a\"b").contains(&pair("exact", r#""a\"b""#)));
    }

    #[test]
    fn numbers_get_equality_and_a_round_range() {
        let m = matchers(&at("1234"));
        assert_eq!(
            m,
            [
                pair("exact", "1234"),
                pair("numeric", r#"{"numeric": ["=", 1234]}"#),
                pair("numeric", r#"{"numeric": [">=", 1000, "<", 2000]}"#),
                pair("anything-but", r#"{"anything-but": 1234}"#),
                pair("exists", r#"{"exists": true}"#),
            ]
        );
        // A literal that is not exactly a double compares with nothing: exact only.
        let long = ValueAt {
            scalar: Some(Scalar::Number("12345678901234567890".into())),
            ..at("1234")
        };
        assert_eq!(matchers(&long)[0], pair("exact", "12345678901234567890"));
        assert!(!matchers(&long).iter().any(|(o, _)| *o == "numeric"));
    }

    #[test]
    fn other_scalars_and_addresses() {
        assert_eq!(
            matchers(&at("true")),
            [pair("exact", "true"), pair("exists", r#"{"exists": true}"#)]
        );
        assert_eq!(matchers(&at("null"))[0], pair("exact", "null"));
        assert!(matchers(&at("\"10.1.2.3\"")).contains(&pair("cidr", r#"{"cidr": "10.1.2.0/24"}"#)));
        assert!(matchers(&at("\"2001:db8::7\""))
            .contains(&pair("cidr", r#"{"cidr": "2001:db8::/64"}"#)));
        assert!(!matchers(&at("\"aws.s3\""))
            .iter()
            .any(|(o, _)| *o == "cidr"));
    }

    /// Every key and scalar of `event`, with the scalars found at its path.
    fn every_value(event: &str) -> Vec<(ValueAt, Vec<Scalar>)> {
        let doc = tree::parse(event).unwrap();
        tokens(event)
            .into_iter()
            .filter(|t| !matches!(t.kind, TokenKind::Bracket | TokenKind::Punct))
            .filter_map(|t| value_at(event, t.span.start + 1))
            .map(|v| {
                let all = tree::nodes_at(&doc, doc.root(), &v.path)
                    .into_iter()
                    .filter_map(|id| Scalar::of(&doc, event, id))
                    .collect();
                (v, all)
            })
            .collect()
    }

    #[test]
    fn every_action_on_every_sample_event_compiles_and_matches_it() {
        let mut events: Vec<String> = crate::samples::all()
            .iter()
            .flat_map(|s| s.workspace.events.docs().iter().map(|d| d.text.to_string()))
            .filter(|text| Event::parse(text).is_ok())
            .collect();
        events.push(EVENT.to_string());
        let mut tried = 0;
        for event_text in &events {
            let event = Event::parse(event_text).unwrap();
            for (value, all) in every_value(event_text) {
                for action in actions(&value) {
                    let edit = add_condition("", &value.path, &action.matcher).unwrap();
                    let pattern = Pattern::compile(&edit.text)
                        .unwrap_or_else(|e| panic!("{}: {e}", edit.text));
                    // anything-but matches when another value at the path differs from it.
                    let expected = action.operator != "anything-but"
                        || all.iter().any(|s| Some(s) != value.scalar.as_ref());
                    assert_eq!(
                        pattern.matches(&event),
                        expected,
                        "{}\n{event_text}",
                        edit.text
                    );
                    tried += 1;
                }
            }
        }
        assert!(tried > 1000, "{tried} actions tried");
    }

    #[test]
    fn new_patterns_from_events() {
        let pattern = pattern_from_event(EVENT).unwrap();
        assert_eq!(
            pattern,
            "{\n  \"source\": [\"aws.s3\"],\n  \"detail-type\": [\"Object Created\"]\n}"
        );
        assert!(eventlens::matches(&pattern, EVENT).unwrap());
        for sample in crate::samples::all() {
            let event = &sample.workspace.event().text;
            if let Ok(pattern) = pattern_from_event(event) {
                assert!(
                    eventlens::matches(&pattern, event).unwrap(),
                    "{}",
                    sample.id
                );
            }
        }
        assert_eq!(
            pattern_from_event(r#"{"source": "x\"y", "source": "z"}"#).unwrap(),
            "{\n  \"source\": [\"z\"]\n}"
        );
        assert_eq!(
            pattern_from_event(r#"{"detail": {}}"#),
            Err(BuildError::NothingToMatch)
        );
        assert_eq!(pattern_from_event("[1]"), Err(BuildError::NothingToMatch));
        let err = pattern_from_event("{\n  \"source\": x}").unwrap_err();
        assert!(
            matches!(
                err,
                BuildError::Syntax {
                    text: "event",
                    at: TextPos {
                        line: 2,
                        column: 13
                    },
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(err
            .to_string()
            .starts_with("The event is not valid JSON (line 2, column 13)"));
    }
}
