//! Adding a matcher to a pattern text by a minimal splice that keeps the author's layout.

use super::error::{kind_name, parse_named, BuildError};
use crate::syntax::{tokens, TokenKind};
use eventlens::json::{Document, NodeId, NodeKind};
use eventlens::{Span, TextPos};

/// A pattern text with a matcher added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The new pattern text.
    pub text: String,
    /// The bytes of the matcher in the new text (the one already there when it was not added).
    pub inserted: Span,
}

/// Adds `matcher` (JSON text) to the list of field `path` in `pattern_text`: appended to the
/// field's list (unless an equal matcher is there), or in a new member with the objects the path
/// needs. Every other byte stays as it was; the new text follows the layout around it (one line
/// or indented lines). An empty text becomes a laid-out object.
pub fn add_condition(
    pattern_text: &str,
    path: &[String],
    matcher: &str,
) -> Result<Edit, BuildError> {
    let matcher = matcher.trim();
    let wanted = serde_json::from_str::<serde_json::Value>(matcher)
        .map_err(|e| BuildError::Matcher(e.to_string()))?;
    if path.is_empty() {
        return Err(BuildError::EmptyPath);
    }
    let blank = pattern_text.trim().is_empty();
    let text = if blank { "{}" } else { pattern_text };
    let doc = parse_named(text, "pattern")?;
    let splicer = Splicer {
        text,
        doc: &doc,
        laid_out: blank || text.contains('\n'),
        eol: if text.contains("\r\n") { "\r\n" } else { "\n" },
        minified: !blank && is_minified(text),
    };
    let mut object = doc.root();
    for (depth, key) in path.iter().enumerate() {
        let node = doc.node(object);
        let NodeKind::Object(members) = &node.kind else {
            return Err(BuildError::NotAnObject {
                path: path[..depth].join("."),
                found: kind_name(&node.kind),
                at: TextPos::of(text, node.span.start),
            });
        };
        let Some(member) = members.iter().rev().find(|m| m.key == *key) else {
            return Ok(splicer.add_member(object, &path[depth..], matcher));
        };
        if depth + 1 == path.len() {
            let list = doc.node(member.value);
            let NodeKind::Array(items) = &list.kind else {
                return Err(BuildError::NotAList {
                    path: path.join("."),
                    found: kind_name(&list.kind),
                    at: TextPos::of(text, list.span.start),
                });
            };
            let same = items.iter().find(|&&i| {
                let item = serde_json::from_str(doc.node(i).span.slice(text)).ok();
                item.as_ref() == Some(&wanted)
            });
            return Ok(match same {
                Some(&i) => Edit {
                    text: text.to_string(),
                    inserted: doc.node(i).span,
                },
                None => splicer.append(list.span, items, matcher),
            });
        }
        object = member.value;
    }
    unreachable!("the loop returns at the path's last key")
}

/// Whether the text has members and no white space between its tokens.
fn is_minified(text: &str) -> bool {
    let tokens = tokens(text);
    tokens.iter().any(|t| t.kind == TokenKind::Punct)
        && tokens
            .windows(2)
            .all(|pair| pair[0].span.end == pair[1].span.start)
}

/// Splices new text into a parsed pattern text.
struct Splicer<'a> {
    text: &'a str,
    doc: &'a Document,
    /// New members go on lines of their own (when the object has none yet).
    laid_out: bool,
    /// No spaces after `:` and `,`.
    minified: bool,
    /// The text's line break.
    eol: &'static str,
}

impl Splicer<'_> {
    fn colon(&self) -> &'static str {
        if self.minified {
            ":"
        } else {
            ": "
        }
    }

    fn comma(&self) -> &'static str {
        if self.minified {
            ","
        } else {
            ", "
        }
    }

    /// Appends `matcher` to the list at `span` with elements `items`.
    fn append(&self, span: Span, items: &[NodeId], matcher: &str) -> Edit {
        let Some(&last) = items.last() else {
            return self.splice(span.start + 1, "", matcher, "");
        };
        let last = self.doc.node(last).span;
        if self.on_other_lines(span.start, last.start) {
            let lead = format!(",{}{}", self.eol, indent_at(self.text, last.start));
            self.splice(last.end, &lead, matcher, "")
        } else {
            self.splice(last.end, self.comma(), matcher, "")
        }
    }

    /// Adds a member for `keys` (the first missing from `object`, then the ones under it) with
    /// the list `[matcher]`.
    fn add_member(&self, object: NodeId, keys: &[String], matcher: &str) -> Edit {
        let node = self.doc.node(object);
        let NodeKind::Object(members) = &node.kind else {
            unreachable!("members are added to objects")
        };
        let open = node.span.start;
        let outer = indent_at(self.text, open);
        let Some(last) = members.last() else {
            if !self.laid_out {
                let (before, after) = self.member(keys, "", "");
                return self.splice(open + 1, &before, matcher, &after);
            }
            // The braces of an empty object hold white space at most: the new lines replace it.
            let inner = format!("{outer}  ");
            let (before, after) = self.member(keys, &inner, "  ");
            let blank = Span::new(open + 1, node.span.end - 1);
            return self.replace(
                blank,
                &format!("{}{inner}{before}", self.eol),
                matcher,
                &format!("{after}{}{outer}", self.eol),
            );
        };
        let end = self.doc.node(last.value).span.end;
        if self.on_other_lines(open, last.key_span.start) {
            let inner = indent_at(self.text, last.key_span.start);
            let unit = inner.strip_prefix(outer).filter(|u| !u.is_empty());
            let (before, after) = self.member(keys, inner, unit.unwrap_or("  "));
            let lead = format!(",{}{inner}{before}", self.eol);
            self.splice(end, &lead, matcher, &after)
        } else {
            let (before, after) = self.member(keys, "", "");
            self.splice(end, &format!("{}{before}", self.comma()), matcher, &after)
        }
    }

    /// The text of a member for `keys` holding a list of one matcher: what goes before the
    /// matcher and after it. Nested objects go on lines indented by `unit` from `indent`, or on
    /// one line when `unit` is empty.
    fn member(&self, keys: &[String], indent: &str, unit: &str) -> (String, String) {
        let mut before = String::new();
        let mut after = "]".to_string();
        let mut pad = indent.to_string();
        for (i, key) in keys.iter().enumerate() {
            before.push_str(&eventlens::json::quote(key));
            before.push_str(self.colon());
            if i + 1 == keys.len() {
                before.push('[');
                break;
            }
            before.push('{');
            if unit.is_empty() {
                after.push('}');
            } else {
                after.insert_str(1, &format!("{}{pad}}}", self.eol));
                pad.push_str(unit);
                before.push_str(self.eol);
                before.push_str(&pad);
            }
        }
        (before, after)
    }

    /// Whether offsets `a` and `b` are on different lines.
    fn on_other_lines(&self, a: usize, b: usize) -> bool {
        self.text[a.min(b)..a.max(b)].contains('\n')
    }

    /// The text with `before`, `matcher` and `after` inserted at `at`.
    fn splice(&self, at: usize, before: &str, matcher: &str, after: &str) -> Edit {
        self.replace(Span::new(at, at), before, matcher, after)
    }

    /// The text with `span` replaced by `before`, `matcher` and `after`.
    fn replace(&self, span: Span, before: &str, matcher: &str, after: &str) -> Edit {
        let start = span.start + before.len();
        let text = [
            &self.text[..span.start],
            before,
            matcher,
            after,
            &self.text[span.end..],
        ]
        .concat();
        Edit {
            text,
            inserted: Span::new(start, start + matcher.len()),
        }
    }
}

/// The white space that starts the line holding `offset`.
fn indent_at(text: &str, offset: usize) -> &str {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[start..];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::{json, Map, Value};

    fn path(keys: &[&str]) -> Vec<String> {
        keys.iter().map(|k| k.to_string()).collect()
    }

    /// The new text, with the matcher's span checked.
    fn add(text: &str, keys: &[&str], matcher: &str) -> String {
        let edit = add_condition(text, &path(keys), matcher).unwrap();
        assert_eq!(edit.inserted.slice(&edit.text), matcher, "{}", edit.text);
        edit.text
    }

    #[test]
    fn compact_patterns_stay_on_one_line() {
        let text = r#"{"source": ["aws.s3"]}"#;
        assert_eq!(
            add(text, &["source"], r#""aws.ec2""#),
            r#"{"source": ["aws.s3", "aws.ec2"]}"#
        );
        assert_eq!(
            add(text, &["detail", "state", "name"], r#"{"prefix": "run"}"#),
            r#"{"source": ["aws.s3"], "detail": {"state": {"name": [{"prefix": "run"}]}}}"#
        );
        assert_eq!(
            add(r#"{"detail":{"a":[1]}}"#, &["detail", "b"], "2"),
            r#"{"detail":{"a":[1],"b":[2]}}"#
        );
        assert_eq!(add("{}", &["a"], "1"), r#"{"a": [1]}"#);
        let edit = add_condition(r#"{"a": [1]}"#, &path(&["a"]), " 2\n").unwrap();
        assert_eq!(edit.text, r#"{"a": [1, 2]}"#);
        assert_eq!(add(r#"{"a": []}"#, &["a"], "1"), r#"{"a": [1]}"#);
    }

    #[test]
    fn laid_out_patterns_get_new_lines_with_the_indent() {
        let text = "{\n    \"source\": [\"aws.s3\"],\n    \"detail\": {\n        \"size\": [\n            1\n        ]\n    }\n}";
        assert_eq!(
            add(text, &["detail", "size"], "2"),
            "{\n    \"source\": [\"aws.s3\"],\n    \"detail\": {\n        \"size\": [\n            1,\n            2\n        ]\n    }\n}"
        );
        assert_eq!(
            add(text, &["detail", "x", "y"], "true"),
            "{\n    \"source\": [\"aws.s3\"],\n    \"detail\": {\n        \"size\": [\n            1\n        ],\n        \"x\": {\n            \"y\": [true]\n        }\n    }\n}"
        );
        assert_eq!(
            add(text, &["source"], "\"aws.ec2\""),
            "{\n    \"source\": [\"aws.s3\", \"aws.ec2\"],\n    \"detail\": {\n        \"size\": [\n            1\n        ]\n    }\n}"
        );
        // A new object in a laid-out text gets its own lines; white space in it gives way.
        assert_eq!(
            add("{\n  \"a\": {  }\n}", &["a", "b"], "1"),
            "{\n  \"a\": {\n    \"b\": [1]\n  }\n}"
        );
    }

    #[test]
    fn windows_line_breaks_are_kept() {
        let text = "{\r\n  \"a\": [1]\r\n}";
        assert_eq!(
            add(text, &["b", "c"], "2"),
            "{\r\n  \"a\": [1],\r\n  \"b\": {\r\n    \"c\": [2]\r\n  }\r\n}"
        );
    }

    #[test]
    fn empty_texts_become_laid_out_objects() {
        for blank in ["", "  \n\t"] {
            assert_eq!(
                add(blank, &["detail", "status"], "\"FAILED\""),
                "{\n  \"detail\": {\n    \"status\": [\"FAILED\"]\n  }\n}"
            );
        }
    }

    #[test]
    fn equal_matchers_are_not_repeated() {
        let text = r#"{"a": [{"numeric": [">", 1]}, "x"]}"#;
        let edit = add_condition(text, &path(&["a"]), r#"{ "numeric":[">",1] }"#).unwrap();
        assert_eq!(edit.text, text);
        assert_eq!(edit.inserted.slice(text), r#"{"numeric": [">", 1]}"#);
        let edit = add_condition(text, &path(&["a"]), " \"x\"\n").unwrap();
        assert_eq!(
            (edit.text.as_str(), edit.inserted.slice(text)),
            (text, "\"x\"")
        );
    }

    #[test]
    fn unicode_dotted_keys_and_or() {
        assert_eq!(
            add(
                r#"{"détail": {"naïve": ["é"]}}"#,
                &["détail", "naïve"],
                "\"ü\""
            ),
            r#"{"détail": {"naïve": ["é", "ü"]}}"#
        );
        // A key with a dot is one key, not a path.
        assert_eq!(
            add(r#"{"a.b": ["x"]}"#, &["a.b"], "\"y\""),
            r#"{"a.b": ["x", "y"]}"#
        );
        assert_eq!(
            add(r#"{"a": {"b": ["x"]}}"#, &["a.b"], "\"y\""),
            r#"{"a": {"b": ["x"]}, "a.b": ["y"]}"#
        );
        assert_eq!(
            add(r#"{"k": [1]}"#, &["quote\"d"], "1"),
            r#"{"k": [1], "quote\"d": [1]}"#
        );
        // Conditions go beside `$or`, which keeps its branches.
        let or = r#"{"$or": [{"a": [1]}, {"b": [2]}]}"#;
        let text = add(or, &["c"], "3");
        assert_eq!(text, r#"{"$or": [{"a": [1]}, {"b": [2]}], "c": [3]}"#);
        assert!(eventlens::matches(&text, r#"{"a": 1, "c": 3}"#).unwrap());
    }

    #[test]
    fn what_cannot_be_added_says_why_and_where() {
        let err = add_condition("{\"a\": [1]} // note", &path(&["a"]), "2").unwrap_err();
        assert!(
            matches!(
                err,
                BuildError::Syntax {
                    text: "pattern",
                    at: TextPos {
                        line: 1,
                        column: 12
                    },
                    ..
                }
            ),
            "{err:?}"
        );
        let err = add_condition("{\n  \"a\": [1],\n  /* c */\n}", &path(&["a"]), "2").unwrap_err();
        assert!(
            matches!(
                err,
                BuildError::Syntax {
                    at: TextPos { line: 3, .. },
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(err.to_string().contains("line 3"), "{err}");
        let err = add_condition("{\"a\": [1]}", &path(&["a", "b"]), "2").unwrap_err();
        assert_eq!(
            err.to_string(),
            "`a` holds a list (line 1, column 7), so no field can go under it"
        );
        let err = add_condition("{\"a\": {\"b\": [1]}}", &path(&["a"]), "2").unwrap_err();
        assert_eq!(
            err.to_string(),
            "`a` holds an object (line 1, column 7), not a list of matchers"
        );
        let err = add_condition("{\"a\": \"x\"}", &path(&["a"]), "2").unwrap_err();
        assert!(matches!(
            err,
            BuildError::NotAList {
                found: "a string",
                ..
            }
        ));
        let err = add_condition("[1]", &path(&["a"]), "2").unwrap_err();
        assert_eq!(
            err.to_string(),
            "The pattern is a list, not an object (line 1, column 1): conditions go in an object"
        );
        assert_eq!(add_condition("{}", &[], "2"), Err(BuildError::EmptyPath));
        assert!(matches!(
            add_condition("{}", &path(&["a"]), "{\"prefix\": "),
            Err(BuildError::Matcher(_))
        ));
    }

    /// A pattern: nested objects whose leaves are lists of strings.
    fn patterns() -> impl Strategy<Value = Value> {
        let key = prop_oneof![
            Just("a".to_string()),
            Just("b".to_string()),
            Just("a.b".to_string()),
            Just("é".to_string()),
            Just("$or-not".to_string()),
            "[a-zé😀\"\\\\]{1,3}",
        ];
        let leaf = prop::collection::vec("[a-zü]{0,3}", 1..3)
            .prop_map(|v| Value::Array(v.into_iter().map(Value::String).collect()));
        leaf.prop_recursive(3, 12, 3, move |inner| {
            prop::collection::btree_map(key.clone(), inner, 1..4)
                .prop_map(|m| Value::Object(m.into_iter().collect()))
        })
        .prop_filter("objects at the root", Value::is_object)
    }

    /// What adding `matcher` at `path` means for the parsed pattern; `None` when it cannot go
    /// there.
    fn expected(mut pattern: Value, path: &[String], matcher: &Value) -> Option<Value> {
        let mut node = &mut pattern;
        for key in &path[..path.len() - 1] {
            let object = node.as_object_mut()?;
            node = object
                .entry(key.clone())
                .or_insert_with(|| Value::Object(Map::new()));
        }
        let list = node
            .as_object_mut()?
            .entry(path[path.len() - 1].clone())
            .or_insert_with(|| json!([]))
            .as_array_mut()?;
        if !list.contains(matcher) {
            list.push(matcher.clone());
        }
        Some(pattern)
    }

    proptest! {
        #[test]
        fn added_conditions_give_the_expected_pattern(
            pattern in patterns(),
            keys in prop::collection::vec(prop_oneof![Just("a"), Just("b"), Just("a.b"), Just("é"), Just("new")], 1..4),
            matcher in prop_oneof![
                Just(json!("x")), Just(json!("")), Just(json!(12)),
                Just(json!({"prefix": "ü"})), Just(json!({"numeric": [">", 0, "<=", 5]})),
                Just(json!({"exists": true})),
            ],
            style in 0..3,
        ) {
            let text = match style {
                0 => serde_json::to_string(&pattern).unwrap(),
                1 => serde_json::to_string_pretty(&pattern).unwrap(),
                _ => crate::format::pretty(&serde_json::to_string(&pattern).unwrap()).unwrap(),
            };
            let keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
            let result = add_condition(&text, &keys, &matcher.to_string());
            match expected(pattern, &keys, &matcher) {
                Some(want) => {
                    let edit = result.unwrap();
                    let got: Value = serde_json::from_str(&edit.text).unwrap();
                    prop_assert_eq!(got, want);
                    prop_assert_eq!(edit.inserted.slice(&edit.text), matcher.to_string());
                    eventlens::Pattern::compile(&edit.text).unwrap();
                    // One-line texts stay on one line; the rest of the text is untouched.
                    prop_assert_eq!(edit.text.contains('\n'), style != 0);
                    let change = crate::edit::Change::between(&text, &edit.text);
                    prop_assert!(change.old_end == change.start || edit.text == text);
                }
                None => prop_assert!(result.is_err()),
            }
        }
    }
}
