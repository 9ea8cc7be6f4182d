//! Rules files, in every form the tools read: a JSON object of name → pattern or a list of
//! `{"name", "pattern"}` objects (a pattern being a JSON object, or a string holding its text), or
//! the rule files of the [bus](crate) (PutRule lists, `{"Rules": [...]}`, CloudFormation/SAM
//! templates in JSON or YAML), of which the enabled rules' patterns are taken.

use crate::{load, Bus, BusSettings, ConfigError};
use eventlens::{Limits, PatternError, RuleSet};
use serde_json::Value;
use std::fmt;

/// The rules of a rules file, and what was left out of it.
#[derive(Debug, Clone)]
pub struct RulesFile {
    /// The rules, named.
    pub rules: RuleSet,
    /// Rules left out (disabled, or with no pattern) and what the bus could not model.
    pub notes: Vec<String>,
}

/// Why a rules file was refused.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum RulesFileError {
    /// The file cannot be read, or the bus refuses its rules.
    Config(ConfigError),
    /// Entry `index` (0-based) of a list lacks a string `name` or a `pattern`.
    Entry {
        /// The entry's position in the list.
        index: usize,
    },
    /// The file holds neither named patterns nor bus rules.
    Shape,
    /// These rules' patterns are not valid.
    Patterns(Vec<(String, PatternError)>),
}

impl fmt::Display for RulesFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RulesFileError::Config(e) => e.fmt(f),
            RulesFileError::Entry { index } => write!(
                f,
                "entry {} needs a string \"name\" and a \"pattern\"",
                index + 1
            ),
            RulesFileError::Shape => f.write_str(
                "must hold an object of name → pattern or a list of {\"name\", \"pattern\"}",
            ),
            RulesFileError::Patterns(errors) => {
                for (i, (name, e)) in errors.iter().enumerate() {
                    let sep = if i == 0 { "" } else { "; " };
                    write!(f, "{sep}rule {name:?}: {}", e.message)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for RulesFileError {}

/// Reads a rules file of any form (see the [module](self)).
pub fn load(text: &str, limits: &Limits) -> Result<RulesFile, RulesFileError> {
    let value = load::document(text).map_err(RulesFileError::Config)?;
    if !value.is_object() && !value.is_array() {
        return Err(RulesFileError::Shape);
    }
    if holds_named_patterns(&value) {
        return Ok(RulesFile {
            rules: named_patterns(&value, limits)?,
            notes: Vec::new(),
        });
    }
    let bus = Bus::load_with(text, BusSettings::default(), limits.clone())
        .map_err(RulesFileError::Config)?;
    let mut rules = RuleSet::with_limits(limits.clone());
    let mut notes = bus.notes().to_vec();
    for rule in bus.rules() {
        if !rule.state.is_enabled() {
            notes.push(format!("rule {} is disabled: left out", rule.name));
            continue;
        }
        // Rules of the same name on other buses keep their bus in their name.
        let name = match rules.get(&rule.name) {
            None => rule.name.clone(),
            Some(_) => format!("{}/{}", rule.bus, rule.name),
        };
        rules.insert(&name, rule.pattern.clone());
    }
    Ok(RulesFile { rules, notes })
}

/// Whether a parsed rules file holds named patterns rather than bus rules.
fn holds_named_patterns(value: &Value) -> bool {
    match value {
        Value::Object(map) => !["Resources", "Rules", "Endpoints", "EventPattern"]
            .iter()
            .any(|k| map.contains_key(*k)),
        Value::Array(items) => items
            .iter()
            .all(|item| item.get("name").is_some() || item.get("pattern").is_some()),
        _ => false,
    }
}

/// Compiles named patterns: a JSON object of name → pattern, or a list of `{"name", "pattern"}`
/// objects; every bad pattern is named in the error.
pub fn named_patterns(value: &Value, limits: &Limits) -> Result<RuleSet, RulesFileError> {
    let entries: Vec<(&str, &Value)> = match value {
        Value::Object(map) => map.iter().map(|(k, v)| (k.as_str(), v)).collect(),
        Value::Array(list) => list
            .iter()
            .enumerate()
            .map(
                |(index, item)| match (item.get("name"), item.get("pattern")) {
                    (Some(Value::String(name)), Some(pattern)) => Ok((name.as_str(), pattern)),
                    _ => Err(RulesFileError::Entry { index }),
                },
            )
            .collect::<Result<_, _>>()?,
        _ => return Err(RulesFileError::Shape),
    };
    let mut rules = RuleSet::with_limits(limits.clone());
    let mut errors = Vec::new();
    for (name, pattern) in entries {
        let text = match pattern {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        if let Err(e) = rules.add(name, &text) {
            errors.push((name.to_string(), e));
        }
    }
    match errors.is_empty() {
        true => Ok(rules),
        false => Err(RulesFileError::Patterns(errors)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(file: &RulesFile) -> Vec<&str> {
        file.rules.names().collect()
    }

    #[test]
    fn named_patterns_and_bus_rules() {
        let limits = Limits::default();
        let map = load(
            r#"{"a": {"source": ["x"]}, "b": "{\"source\": [\"y\"]}"}"#,
            &limits,
        );
        assert_eq!(names(&map.unwrap()), ["a", "b"]);
        let list = load(r#"[{"name": "a", "pattern": {"source": ["x"]}}]"#, &limits).unwrap();
        assert_eq!(names(&list), ["a"]);
        let bus = r#"[{"Name": "on", "EventPattern": {"source": ["x"]}},
            {"Name": "off", "State": "DISABLED", "EventPattern": {"source": ["x"]}},
            {"Name": "on", "EventBusName": "orders", "EventPattern": {"source": ["y"]}}]"#;
        let bus = load(bus, &limits).unwrap();
        assert_eq!(names(&bus), ["on", "orders/on"]);
        assert_eq!(bus.notes, ["rule off is disabled: left out"]);
        let yaml = "Resources:\n  R:\n    Type: AWS::Events::Rule\n    Properties:\n      Name: r\n      EventPattern:\n        source: [x]\n";
        assert_eq!(names(&load(yaml, &limits).unwrap()), ["r"]);
    }

    #[test]
    fn refusals_say_what_and_where() {
        let limits = Limits::default();
        let bad = load(r#"{"a": {"source": "x"}, "b": {"source": ["y"]}}"#, &limits);
        let Err(RulesFileError::Patterns(errors)) = bad else {
            panic!("{bad:?}")
        };
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].0, "a");
        let entry = load(r#"[{"name": "a"}]"#, &limits).unwrap_err();
        assert_eq!(
            entry.to_string(),
            "entry 1 needs a string \"name\" and a \"pattern\""
        );
        let Err(RulesFileError::Config(e)) = load("{\"a\": ", &limits) else {
            panic!("an unfinished file is refused")
        };
        assert_eq!(e.line, Some(1));
        assert_eq!(load("42", &limits).unwrap_err(), RulesFileError::Shape);
    }
}
