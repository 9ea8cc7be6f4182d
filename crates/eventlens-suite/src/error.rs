//! Why a suite is refused, and where in the suite file.

use eventlens::{EventError, PatternError, Span, TextPos};
use serde::Serialize;
use std::fmt;

/// A place in the suite text: its bytes, and the line and column where they start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Place {
    /// The bytes at fault.
    pub span: Span,
    /// 1-based line of the start of `span`.
    pub line: usize,
    /// 1-based column (UTF-16 code units, as the engine counts) of the start of `span`.
    pub column: usize,
}

impl Place {
    /// The place of `span` in `text`.
    pub fn of(text: &str, span: Span) -> Place {
        let TextPos { line, column } = TextPos::of(text, span.start);
        Place { span, line, column }
    }
}

/// What kind of fault a suite has.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum SuiteErrorKind {
    /// The text is neither valid JSON (when it starts with `{` or `[`) nor valid YAML.
    Syntax,
    /// The suite, or one of its sections, is not a mapping.
    NotAMapping,
    /// A key the format does not have (top level, or in an expectation).
    UnknownKey {
        /// The key.
        key: String,
    },
    /// A value of the wrong type (a list of event names that is not a list of strings).
    Shape,
    /// A name (or a top-level key) given twice.
    Duplicate {
        /// The name.
        name: String,
    },
    /// `expect` names a pattern or an event the suite does not define.
    UnknownName {
        /// The name.
        name: String,
    },
    /// An event listed in both `match` and `no-match` of one pattern.
    InBothLists {
        /// The pattern's name.
        pattern: String,
        /// The event's name.
        event: String,
    },
    /// A pattern the engine refuses.
    InvalidPattern {
        /// The pattern's name.
        name: String,
        /// The engine's error, with AWS's message and the span within the pattern's text.
        error: Box<PatternError>,
    },
    /// An event the engine refuses.
    InvalidEvent {
        /// The event's name.
        name: String,
        /// The engine's error, with the span within the event's text.
        error: Box<EventError>,
    },
}

/// A suite that cannot be run: what is wrong and, for a suite read from a file, where.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SuiteError {
    /// What kind of fault, with its details.
    #[serde(flatten)]
    pub kind: SuiteErrorKind,
    /// What is wrong, in words (for an invalid pattern, AWS's message).
    pub message: String,
    /// Where in the suite file; `None` for a suite built from lists, or when the YAML layout
    /// does not show the place (flow collections).
    pub at: Option<Place>,
}

impl SuiteError {
    /// An error of `kind` at `at`.
    pub(crate) fn new(kind: SuiteErrorKind, message: impl Into<String>, at: Option<Place>) -> Self {
        SuiteError {
            kind,
            message: message.into(),
            at,
        }
    }
}

impl fmt::Display for SuiteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            Some(at) => write!(f, "{}:{}: {}", at.line, at.column, self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for SuiteError {}
