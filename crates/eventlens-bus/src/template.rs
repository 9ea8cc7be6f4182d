//! `InputTemplate`s: finding the `<variable>` placeholders, checking them as PutTargets does, and
//! filling them in.
//!
//! Two kinds of template, as the EventBridge documentation describes them:
//! - a **JSON template** (the text is a JSON object, `{…}`): a placeholder standing as a value is
//!   replaced by the value's JSON (`"instance": <instance>` gives `"instance": "i-0123"`), one inside
//!   a string by the value's text, escaped so the result stays JSON; placeholders cannot be object
//!   keys; the result is passed on minified;
//! - a **string template** (anything else): placeholders are replaced by the value's text as is
//!   (a string without quotes, anything else as JSON) and the result is passed on unchanged.
//!
//! A variable whose path selects nothing is replaced by an empty string (`""` where it stands as a
//! JSON value), as EventBridge does. `aws.events.event` and `aws.events.event.json` can only stand
//! as JSON values, because EventBridge does not escape them.

use super::compact::{compact, push_string};
use eventlens::json::push_escaped;
use eventlens::json::{Document, NodeKind};
use eventlens::Span;
use serde::Serialize;

/// The rule's ARN.
pub const RULE_ARN: &str = "aws.events.rule-arn";
/// The rule's name.
pub const RULE_NAME: &str = "aws.events.rule-name";
/// When EventBridge received the event.
pub const INGESTION_TIME: &str = "aws.events.event.ingestion-time";
/// The event without `detail` (EventBridge's internal form, `detailType` and all).
pub const EVENT: &str = "aws.events.event";
/// The whole event as JSON.
pub const EVENT_JSON: &str = "aws.events.event.json";

/// The predefined variables, usable without an `InputPathsMap` entry.
pub const PREDEFINED: &[&str] = &[RULE_ARN, RULE_NAME, INGESTION_TIME, EVENT, EVENT_JSON];

/// Whether the template is a JSON object or free text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TemplateKind {
    /// A JSON object with placeholders.
    Json,
    /// Free text with placeholders.
    Text,
}

/// One `<name>` in a template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Placeholder {
    /// The variable name.
    pub name: String,
    /// Where `<name>` is in the template.
    pub span: Span,
    /// Whether it is inside a JSON string of a JSON template.
    pub in_string: bool,
}

/// A checked template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputTemplate {
    text: String,
    kind: TemplateKind,
    placeholders: Vec<Placeholder>,
}

/// What a variable holds for one event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VarValue {
    /// The path selected nothing.
    Missing,
    /// A string (its decoded text).
    Str(String),
    /// Any other value, as compact JSON.
    Json(String),
}

/// Why a template is refused, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TemplateError {
    /// The message.
    pub message: String,
    /// The part of the template at fault.
    pub span: Span,
}

fn is_name_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')
}

impl InputTemplate {
    /// Reads `text` and checks it for target `target_id`: every placeholder must be a predefined
    /// variable or satisfy `defined`, and a JSON template must be a JSON object with no
    /// placeholder as a key.
    pub fn parse(
        text: &str,
        target_id: &str,
        defined: impl Fn(&str) -> bool,
    ) -> Result<InputTemplate, TemplateError> {
        let kind = if text.trim_start().starts_with('{') {
            TemplateKind::Json
        } else {
            TemplateKind::Text
        };
        let placeholders = scan(text, kind);
        for p in &placeholders {
            if !PREDEFINED.contains(&p.name.as_str()) && !defined(&p.name) {
                return Err(TemplateError {
                    message: format!(
                        "InputTemplate for target {target_id} contains invalid placeholder {}.",
                        p.name
                    ),
                    span: p.span,
                });
            }
            if (p.name == EVENT || p.name == EVENT_JSON)
                && (kind == TemplateKind::Text || p.in_string)
            {
                return Err(TemplateError {
                    message: format!(
                        "InputTemplate for target {target_id}: <{}> can only be used as the value of a JSON field, because its content is not escaped",
                        p.name
                    ),
                    span: p.span,
                });
            }
        }
        if kind == TemplateKind::Json {
            check_json(text, target_id, &placeholders)?;
        }
        Ok(InputTemplate {
            text: text.to_string(),
            kind,
            placeholders,
        })
    }

    /// The template text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// JSON object or free text.
    pub fn kind(&self) -> TemplateKind {
        self.kind
    }

    /// Every placeholder, in template order.
    pub fn placeholders(&self) -> &[Placeholder] {
        &self.placeholders
    }

    /// Fills the placeholders with `value(name)`: the exact payload a target receives.
    pub fn render(&self, value: impl Fn(&str) -> VarValue) -> String {
        let mut out = String::with_capacity(self.text.len() + 64);
        let mut at = 0;
        for p in &self.placeholders {
            out.push_str(&self.text[at..p.span.start]);
            at = p.span.end;
            match (self.kind, p.in_string, value(&p.name)) {
                (_, _, VarValue::Missing) if self.kind == TemplateKind::Json && !p.in_string => {
                    out.push_str("\"\"")
                }
                (_, _, VarValue::Missing) => {}
                (TemplateKind::Text, _, VarValue::Str(s)) => out.push_str(&s),
                (TemplateKind::Text, _, VarValue::Json(j)) => out.push_str(&j),
                (TemplateKind::Json, true, VarValue::Str(s)) => push_escaped(&s, &mut out),
                (TemplateKind::Json, true, VarValue::Json(j)) => push_escaped(&j, &mut out),
                (TemplateKind::Json, false, VarValue::Str(s)) => push_string(&s, &mut out),
                (TemplateKind::Json, false, VarValue::Json(j)) => out.push_str(&j),
            }
        }
        out.push_str(&self.text[at..]);
        if self.kind == TemplateKind::Json {
            // Values are escaped as they go in, so the result is JSON; pass it on minified.
            if let Ok(doc) = Document::parse(&out, usize::MAX) {
                return compact(&doc, &out, doc.root());
            }
        }
        out
    }
}

/// Finds the placeholders; in a JSON template, notes which stand inside strings.
fn scan(text: &str, kind: TemplateKind) -> Vec<Placeholder> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if kind == TemplateKind::Json && in_string && b == b'\\' {
            i += 2;
            continue;
        }
        if kind == TemplateKind::Json && b == b'"' {
            in_string = !in_string;
        } else if b == b'<' {
            let len = bytes[i + 1..]
                .iter()
                .take_while(|&&c| is_name_char(c))
                .count();
            if len > 0 && bytes.get(i + 1 + len) == Some(&b'>') {
                out.push(Placeholder {
                    name: text[i + 1..i + 1 + len].to_string(),
                    span: Span::new(i, i + len + 2),
                    in_string: kind == TemplateKind::Json && in_string,
                });
                i += len + 2;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// Checks that a JSON template is a JSON object once its placeholders hold values. Each
/// placeholder is swapped for text of the same length (a number as a value, letters inside a
/// string) so the parser's positions are the template's.
fn check_json(
    text: &str,
    target_id: &str,
    placeholders: &[Placeholder],
) -> Result<(), TemplateError> {
    let mut probe = String::with_capacity(text.len());
    let mut at = 0;
    for p in placeholders {
        probe.push_str(&text[at..p.span.start]);
        let len = p.span.end - p.span.start;
        if p.in_string {
            probe.push_str(&"x".repeat(len));
        } else {
            // A lone `0` with space on both sides (placeholders are at least 3 bytes long), so
            // that text touching the placeholder (`1<v>`) cannot merge with it into one token.
            probe.push_str(" 0");
            probe.push_str(&" ".repeat(len - 2));
        }
        at = p.span.end;
    }
    probe.push_str(&text[at..]);
    let doc = Document::parse(&probe, usize::MAX).map_err(|e| {
        let culprit = placeholders
            .iter()
            .find(|p| !p.in_string && p.span.start <= e.span.start && e.span.start < p.span.end);
        let message = match culprit {
            Some(p) => format!(
                "InputTemplate for target {target_id} is not valid: placeholder <{}> stands where no JSON value can (a placeholder cannot be used as an object key)",
                p.name
            ),
            None => format!(
                "InputTemplate for target {target_id} is not valid JSON: {}",
                e.message
            ),
        };
        TemplateError {
            message,
            span: culprit.map_or(e.span, |p| p.span),
        }
    })?;
    let NodeKind::Object(_) = doc.node(doc.root()).kind else {
        return Err(TemplateError {
            message: format!(
                "InputTemplate for target {target_id} starts with `{{` but is not a JSON object"
            ),
            span: Span::new(0, text.len()),
        });
    };
    // A placeholder inside a quoted key.
    let mut stack = vec![doc.root()];
    while let Some(id) = stack.pop() {
        match &doc.node(id).kind {
            NodeKind::Object(members) => {
                for m in members {
                    if let Some(p) = placeholders
                        .iter()
                        .find(|p| m.key_span.start <= p.span.start && p.span.end <= m.key_span.end)
                    {
                        return Err(TemplateError {
                            message: format!(
                                "InputTemplate for target {target_id} is not valid: placeholder <{}> is used in an object key; placeholders cannot be used as object keys",
                                p.name
                            ),
                            span: p.span,
                        });
                    }
                    stack.push(m.value);
                }
            }
            NodeKind::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(text: &str) -> Result<InputTemplate, TemplateError> {
        InputTemplate::parse(text, "t1", |n| ["instance", "state", "obj"].contains(&n))
    }

    fn values(name: &str) -> VarValue {
        match name {
            "instance" => VarValue::Str("i-0123456789".into()),
            "state" => VarValue::Str("RUNNING".into()),
            "obj" => VarValue::Json(r#"{"a":[1,"q\"x"]}"#.into()),
            RULE_NAME => VarValue::Str("example".into()),
            _ => VarValue::Missing,
        }
    }

    #[test]
    fn a_placeholder_touching_a_literal_is_not_json() {
        // Found by fuzzing: `1<state>` used to pass the check and fill to `1"RUNNING"`.
        assert!(template(r#"{"a": 1<state>}"#).is_err());
        assert!(template(r#"{"a": <state>1}"#).is_err());
        assert!(template(r#"{"a": [<state>, 1]}"#).is_ok());
    }

    #[test]
    fn aws_documentation_examples() {
        // The examples of the EventBridge user guide, "Input transform examples".
        let cases = [
            (
                r#""instance <instance> is in <state>""#,
                r#""instance i-0123456789 is in RUNNING""#,
            ),
            (
                r#"{"instance" : <instance>, "state": <state>}"#,
                r#"{"instance":"i-0123456789","state":"RUNNING"}"#,
            ),
            (
                r#"{"instance" : <instance>, "state": "<state>", "instanceStatus": "instance \"<instance>\" is in <state>"}"#,
                r#"{"instance":"i-0123456789","state":"RUNNING","instanceStatus":"instance \"i-0123456789\" is in RUNNING"}"#,
            ),
            (
                r#"{"instance" : <instance>, "state": [ 9, <state>, true ], "Transformed" : "Yes"}"#,
                r#"{"instance":"i-0123456789","state":[9,"RUNNING",true],"Transformed":"Yes"}"#,
            ),
            (
                r#""<aws.events.rule-name> triggered""#,
                r#""example triggered""#,
            ),
        ];
        for (t, want) in cases {
            assert_eq!(template(t).unwrap().render(values), want, "{t}");
        }
    }

    #[test]
    fn objects_inside_strings_are_escaped() {
        let t = template(r#"{"raw": <obj>, "text": "obj=<obj>"}"#).unwrap();
        assert_eq!(
            t.render(values),
            r#"{"raw":{"a":[1,"q\"x"]},"text":"obj={\"a\":[1,\"q\\\"x\"]}"}"#
        );
        let t = template("obj=<obj> <instance>").unwrap();
        assert_eq!(t.render(values), r#"obj={"a":[1,"q\"x"]} i-0123456789"#);
    }

    #[test]
    fn missing_values_become_empty() {
        let t = InputTemplate::parse(r#"{"c": <gone>, "s": "x<gone>y"}"#, "t1", |_| true).unwrap();
        assert_eq!(t.render(|_| VarValue::Missing), r#"{"c":"","s":"xy"}"#);
        let t = InputTemplate::parse(r#""detail <gone>""#, "t1", |_| true).unwrap();
        assert_eq!(t.render(|_| VarValue::Missing), r#""detail ""#);
    }

    #[test]
    fn refusals() {
        let e = template(r#""<nope> here""#).unwrap_err();
        assert_eq!(
            e.message,
            "InputTemplate for target t1 contains invalid placeholder nope."
        );
        assert_eq!(e.span, Span::new(1, 7));
        assert!(template(r#"{<state>: 1}"#)
            .unwrap_err()
            .message
            .contains("object key"));
        assert!(template(r#"{"<state>": 1}"#)
            .unwrap_err()
            .message
            .contains("object key"));
        assert!(template(r#"{"a": 1,}"#)
            .unwrap_err()
            .message
            .contains("not valid JSON"));
        assert!(template(r#""x <aws.events.event>""#)
            .unwrap_err()
            .message
            .contains("value of a JSON field"));
        assert!(template(r#"{"e": "<aws.events.event.json>"}"#).is_err());
        assert!(template(r#"{"e": <aws.events.event.json>}"#).is_ok());
    }

    #[test]
    fn angle_brackets_that_are_not_placeholders_stay() {
        let t = template(r#""a < b and c<>d <state>""#).unwrap();
        assert_eq!(t.placeholders().len(), 1);
        assert_eq!(t.render(values), r#""a < b and c<>d RUNNING""#);
    }
}
