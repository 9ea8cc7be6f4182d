//! One line of a corpus file: the texts to feed the engine and the outcome expected.

use serde_json::{Map, Value};

/// What a case expects of the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// The pattern is valid and matches the event.
    Match,
    /// The pattern is valid and does not match the event.
    NoMatch,
    /// The pattern is refused.
    InvalidPattern,
    /// The pattern is valid and the event is refused.
    InvalidEvent,
}

impl Outcome {
    /// Every outcome, in the order the corpus's statistics list them.
    pub const ALL: [Outcome; 4] = [
        Outcome::Match,
        Outcome::NoMatch,
        Outcome::InvalidPattern,
        Outcome::InvalidEvent,
    ];

    /// The corpus's name of the outcome (`match`, `no-match`, `invalid-pattern`,
    /// `invalid-event`), which is also what `eventlens check` writes as its `result`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Match => "match",
            Outcome::NoMatch => "no-match",
            Outcome::InvalidPattern => "invalid-pattern",
            Outcome::InvalidEvent => "invalid-event",
        }
    }
}

/// One conformance case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// The corpus file it comes from, without `.jsonl` (`localstack`, `aws-docs`, …).
    pub file: String,
    /// Its 1-based line in that file.
    pub line: usize,
    /// The line as written.
    pub text: String,
    /// The case's id, unique in the corpus.
    pub id: String,
    /// The pattern text: `pattern_raw` verbatim, else `pattern` as compact JSON.
    pub pattern: String,
    /// The event text: `event_raw` verbatim, else `event` as compact JSON; `None` for a
    /// validation-only case (`event` null or absent).
    pub event: Option<String>,
    /// What the engine must answer.
    pub expect: Outcome,
    /// The exact message expected for a refused input (AWS's whole text for AWS's cases,
    /// event-ruler's bare reason for event-ruler's).
    pub error_message: Option<String>,
    /// AWS's behaviour contradicts the documented statement: the case is not run.
    pub disputed: bool,
    /// A limit of the EventBridge service that event-ruler does not enforce.
    pub eventbridge_only: bool,
}

impl Case {
    /// Reads line `line` (1-based, text `text`) of corpus file `file`; `Err` says what is wrong.
    pub(crate) fn parse(file: &str, line: usize, text: &str) -> Result<Case, String> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| format!("not a JSON line: {e}"))?;
        let Value::Object(fields) = value else {
            return Err("not a JSON object".to_string());
        };
        let string = |name: &str| -> Result<Option<String>, String> {
            match fields.get(name) {
                None => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(other) => Err(format!("`{name}` must be a string, not {other}")),
            }
        };
        let flag = |name: &str| -> Result<bool, String> {
            match fields.get(name) {
                None => Ok(false),
                Some(Value::Bool(b)) => Ok(*b),
                Some(other) => Err(format!("`{name}` must be true or false, not {other}")),
            }
        };
        let id = string("id")?.ok_or("no `id`")?;
        let expect = string("expect")?.ok_or("no `expect`")?;
        let expect = Outcome::ALL
            .into_iter()
            .find(|o| o.as_str() == expect)
            .ok_or_else(|| format!("`expect` is {expect:?}, not one of match, no-match, invalid-pattern, invalid-event"))?;
        let pattern = text_of(&fields, "pattern_raw", "pattern")?
            .ok_or("no `pattern` (nor `pattern_raw`)")?;
        let event = text_of(&fields, "event_raw", "event")?;
        Ok(Case {
            file: file.to_string(),
            line,
            text: text.to_string(),
            id,
            pattern,
            event,
            expect,
            error_message: string("error_message")?,
            disputed: flag("disputed")?,
            eventbridge_only: flag("eventbridge_only")?,
        })
    }
}

/// The text of an input: the string field `raw` verbatim, else the value `value` as compact JSON
/// (`None` when it is null or absent).
fn text_of(fields: &Map<String, Value>, raw: &str, value: &str) -> Result<Option<String>, String> {
    match (fields.get(raw), fields.get(value)) {
        (Some(Value::String(s)), _) => Ok(Some(s.clone())),
        (Some(other), _) => Err(format!("`{raw}` must be a string, not {other}")),
        (None, None) => Ok(None),
        (None, Some(Value::Null)) if value == "event" => Ok(None),
        (None, Some(v)) => Ok(Some(v.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_texts_win_and_values_are_compact_in_file_order() {
        let line = r#"{"id": "a/1", "pattern": {"z": [1], "a": ["x"]}, "event": {"z": 1},
                       "event_raw": "{\"z\": 1e0}", "expect": "match", "disputed": true}"#;
        let case = Case::parse("f", 3, line).unwrap();
        assert_eq!(case.pattern, r#"{"z":[1],"a":["x"]}"#);
        assert_eq!(case.event.as_deref(), Some(r#"{"z": 1e0}"#));
        assert_eq!(
            (case.expect, case.disputed, case.eventbridge_only),
            (Outcome::Match, true, false)
        );
        assert_eq!(
            (case.file.as_str(), case.line, case.id.as_str()),
            ("f", 3, "a/1")
        );
    }

    #[test]
    fn a_null_pattern_is_a_text_and_a_null_event_is_none() {
        let case = Case::parse(
            "f",
            1,
            r#"{"id": "v", "pattern": null, "event": null, "expect": "invalid-pattern"}"#,
        )
        .unwrap();
        assert_eq!((case.pattern.as_str(), case.event), ("null", None));
    }

    #[test]
    fn malformed_cases_say_why() {
        for (line, why) in [
            ("{", "not a JSON line"),
            ("[1]", "not a JSON object"),
            (r#"{"pattern": {}, "expect": "match"}"#, "no `id`"),
            (
                r#"{"id": 7, "pattern": {}, "expect": "match"}"#,
                "`id` must be a string",
            ),
            (r#"{"id": "x", "pattern": {}}"#, "no `expect`"),
            (
                r#"{"id": "x", "pattern": {}, "expect": "matches"}"#,
                "`expect` is \"matches\"",
            ),
            (r#"{"id": "x", "expect": "match"}"#, "no `pattern`"),
            (
                r#"{"id": "x", "pattern_raw": {}, "expect": "match"}"#,
                "`pattern_raw` must be a string",
            ),
            (
                r#"{"id": "x", "pattern": {}, "expect": "match", "disputed": 1}"#,
                "`disputed` must be true or false",
            ),
        ] {
            let err = Case::parse("f", 1, line).unwrap_err();
            assert!(err.starts_with(why), "{line}: {err}");
        }
    }
}
