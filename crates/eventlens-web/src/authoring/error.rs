//! Why a condition cannot be added to a pattern, or a pattern not be made from an event.

use super::tree;
use eventlens::json::{Document, NodeKind};
use eventlens::TextPos;
use std::fmt;

/// Why a condition cannot be added, or a pattern not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildError {
    /// The text (pattern or event) is not valid JSON.
    Syntax {
        /// Which text: "pattern" or "event".
        text: &'static str,
        /// The JSON reader's message.
        message: String,
        /// Where.
        at: TextPos,
    },
    /// The matcher is not one JSON value.
    Matcher(String),
    /// The path has no keys.
    EmptyPath,
    /// A value on the way to the field is not an object.
    NotAnObject {
        /// The path of that value (empty for the whole pattern).
        path: String,
        /// What it is instead.
        found: &'static str,
        /// Where it is.
        at: TextPos,
    },
    /// The field holds something other than a list of matchers.
    NotAList {
        /// The field's path.
        path: String,
        /// What it holds.
        found: &'static str,
        /// Where it is.
        at: TextPos,
    },
    /// The event has neither `source` nor `detail-type`.
    NothingToMatch,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pos = |at: &TextPos| format!("line {}, column {}", at.line, at.column);
        match self {
            BuildError::Syntax { text, message, at } => {
                write!(f, "The {text} is not valid JSON ({}): {message}", pos(at))
            }
            BuildError::Matcher(message) => write!(f, "The matcher is not valid JSON: {message}"),
            BuildError::EmptyPath => write!(f, "A condition needs a field path"),
            BuildError::NotAnObject { path, found, at } if path.is_empty() => write!(
                f,
                "The pattern is {found}, not an object ({}): conditions go in an object",
                pos(at)
            ),
            BuildError::NotAnObject { path, found, at } => write!(
                f,
                "`{path}` holds {found} ({}), so no field can go under it",
                pos(at)
            ),
            BuildError::NotAList { path, found, at } => write!(
                f,
                "`{path}` holds {found} ({}), not a list of matchers",
                pos(at)
            ),
            BuildError::NothingToMatch => {
                write!(
                    f,
                    "The event has neither a `source` nor a `detail-type` value"
                )
            }
        }
    }
}

impl std::error::Error for BuildError {}

/// What a node is, for messages.
pub fn kind_name(kind: &NodeKind) -> &'static str {
    match kind {
        NodeKind::Null => "null",
        NodeKind::Bool(_) => "a boolean",
        NodeKind::Number => "a number",
        NodeKind::String(_) => "a string",
        NodeKind::Array(_) => "a list",
        NodeKind::Object(_) => "an object",
    }
}

/// Parses `text` (the `name`d text), or says where it is not JSON.
pub fn parse_named(text: &str, name: &'static str) -> Result<Document, BuildError> {
    tree::parse(text).map_err(|e| BuildError::Syntax {
        text: name,
        message: e.message,
        at: TextPos::of(text, e.span.start),
    })
}
