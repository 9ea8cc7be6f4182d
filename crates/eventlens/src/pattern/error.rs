//! Why a pattern is not valid, with AWS's message text and where in the pattern the fault is.

use crate::json::text::{source_description, TextPos};
use crate::Span;
use serde::Serialize;
use std::fmt;

/// The class of a pattern error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum PatternErrorKind {
    /// The text is not valid JSON (Jackson's message).
    Syntax,
    /// The JSON is not an object.
    NotAnObject,
    /// A rule of the pattern language is broken (event-ruler's message).
    Invalid,
    /// Longer than the configured pattern size limit.
    TooLong,
    /// More than 1,000 `$or` combinations.
    TooManyCombinations,
    /// More fields in one combination than EventBridge allows.
    TooManyFields,
    /// The wildcards are too complex (EventBridge's service check).
    TooComplex,
}

/// An invalid pattern: AWS's message and the location of the offending part.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PatternError {
    /// What kind of fault.
    pub kind: PatternErrorKind,
    /// The reason alone, as event-ruler words it (`Empty arrays are not allowed`).
    pub reason: String,
    /// The whole message as AWS returns it (`Event pattern is not valid. Reason: …`), with
    /// Jackson's location line where AWS adds one.
    pub message: String,
    /// The bytes of the pattern text at fault.
    pub span: Span,
    /// 1-based line of the start of `span`.
    pub line: usize,
    /// 1-based column (UTF-16 units) of the start of `span`.
    pub column: usize,
}

impl PatternError {
    /// Builds an error; `jackson` is the location AWS appends to the message, when it does.
    pub fn new(
        kind: PatternErrorKind,
        reason: String,
        span: Span,
        src: &str,
        jackson: Option<TextPos>,
    ) -> Self {
        let mut message = format!("Event pattern is not valid. Reason: {reason}");
        if let Some(pos) = jackson {
            message.push_str(&format!(
                "\n at [Source: {}; line: {}, column: {}]",
                source_description(src),
                pos.line,
                pos.column
            ));
        }
        let at = TextPos::of(src, span.start);
        PatternError {
            kind,
            reason,
            message,
            span,
            line: at.line,
            column: at.column,
        }
    }
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (line {}, column {})",
            self.message, self.line, self.column
        )
    }
}

impl std::error::Error for PatternError {}
