//! Errors in rule and endpoint definitions, and the wording AWS uses for input constraints.

use eventlens::{PatternError, Span};
use serde::Serialize;
use std::fmt;

/// A rule, target or endpoint definition EventBridge would refuse, or a rules file that cannot be
/// read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConfigError {
    /// What is wrong; AWS's own message where the API has one.
    pub message: String,
    /// Where in the definitions: `[2].Targets[0].InputTransformer.InputTemplate`,
    /// `Resources.OrdersRule.Properties.EventPattern`, … (empty for the whole file).
    pub location: String,
    /// The part of the field's text at fault (a pattern, a template, a path), when known; boxed
    /// to keep the error small.
    pub field: Option<Box<FieldSpan>>,
    /// 1-based line in the rules file, for a file that cannot be parsed.
    pub line: Option<usize>,
    /// 1-based column in the rules file, for a file that cannot be parsed.
    pub column: Option<usize>,
    /// The engine's full report when the fault is in an event pattern.
    pub pattern_error: Option<Box<PatternError>>,
}

impl ConfigError {
    /// An error at `location`.
    pub fn at(location: impl Into<String>, message: impl Into<String>) -> Self {
        ConfigError {
            message: message.into(),
            location: location.into(),
            field: None,
            line: None,
            column: None,
            pattern_error: None,
        }
    }

    /// The same error with `span` within the field's `text`.
    pub fn with_span(mut self, span: Span, text: &str) -> Self {
        self.field = Some(Box::new(FieldSpan {
            text: text.to_string(),
            span,
        }));
        self
    }
}

/// The bytes at fault within a field's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldSpan {
    /// The field's text: a pattern, a template, a path, an `Input`.
    pub text: String,
    /// The bytes at fault within `text`.
    pub span: Span,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.location.is_empty() {
            write!(f, "{}: ", self.location)?;
        }
        f.write_str(&self.message)?;
        if let (Some(line), Some(column)) = (self.line, self.column) {
            // The JSON and YAML readers' messages often say where already.
            if !self
                .message
                .contains(&format!("line {line} column {column}"))
            {
                write!(f, " (line {line}, column {column})")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

/// AWS's message for a value that breaks a constraint of the API model:
/// `1 validation error detected: Value 'x' at 'name' failed to satisfy constraint: …`.
pub fn constraint(value: &str, member: &str, rule: &str) -> String {
    format!(
        "1 validation error detected: Value {value} at '{member}' failed to satisfy constraint: {rule}"
    )
}

/// A character class of the API model: its text as AWS quotes it, and a test of one character.
#[derive(Debug, Clone, Copy)]
pub struct CharPattern {
    /// The pattern as AWS's messages quote it.
    pub text: &'static str,
    /// Whether one character is allowed.
    pub allows: fn(char) -> bool,
}

/// Rule, endpoint and target names: `[\.\-_A-Za-z0-9]+`.
pub const NAME: CharPattern = CharPattern {
    text: r"[\.\-_A-Za-z0-9]+",
    allows: |c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'),
};

/// Event bus names: `[/\.\-_A-Za-z0-9]+`.
pub const BUS_NAME: CharPattern = CharPattern {
    text: r"[/\.\-_A-Za-z0-9]+",
    allows: |c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '/'),
};

/// `InputPathsMap` variable names: `[A-Za-z0-9\_\-]+`.
pub const VARIABLE: CharPattern = CharPattern {
    text: r"[A-Za-z0-9\_\-]+",
    allows: |c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'),
};

/// Checks a required string's length and characters against the API model, with AWS's wording.
pub fn check_text(
    value: &str,
    member: &str,
    max: usize,
    pattern: Option<&CharPattern>,
) -> Result<(), String> {
    let quoted = format!("'{value}'");
    if value.is_empty() {
        return Err(constraint(
            &quoted,
            member,
            "Member must have length greater than or equal to 1",
        ));
    }
    if value.chars().count() > max {
        return Err(constraint(
            &quoted,
            member,
            &format!("Member must have length less than or equal to {max}"),
        ));
    }
    if let Some(p) = pattern {
        if !value.chars().all(p.allows) {
            return Err(constraint(
                &quoted,
                member,
                &format!("Member must satisfy regular expression pattern: {}", p.text),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constraint_messages() {
        assert_eq!(
            check_text("a b", "name", 64, Some(&NAME)).unwrap_err(),
            r"1 validation error detected: Value 'a b' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\.\-_A-Za-z0-9]+"
        );
        assert!(check_text(&"x".repeat(65), "name", 64, None)
            .unwrap_err()
            .ends_with("less than or equal to 64"));
        assert!(check_text("", "id", 64, None).is_err());
        assert!(check_text("ok-1.x_y", "id", 64, Some(&NAME)).is_ok());
    }

    #[test]
    fn the_place_in_the_file_is_said_once() {
        let unreadable = crate::Bus::load("[1,]", Default::default()).unwrap_err();
        assert_eq!(
            unreadable.to_string(),
            "The rules file is not valid JSON: trailing comma at line 1 column 4"
        );
        let mut error = ConfigError::at("", "The rules file is wrong");
        (error.line, error.column) = (Some(2), Some(3));
        assert_eq!(
            error.to_string(),
            "The rules file is wrong (line 2, column 3)"
        );
    }
}
