//! Refused input as thrown to JavaScript.

use crate::utf16::{TextSpan, Utf16Map};
use eventlens::{EventError, EventErrorKind, PatternError, PatternErrorKind};
use serde::Serialize;

/// Why the engine refused a pattern or an event. Serialised with a `class` tag (`PatternError`
/// or `EventError`) that names the JavaScript error class the TypeScript layer throws.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "class")]
pub enum Failure {
    /// The pattern is not valid.
    PatternError {
        /// What kind of fault.
        kind: PatternErrorKind,
        /// The reason alone, as event-ruler words it.
        reason: String,
        /// The whole message as AWS returns it.
        message: String,
        /// 1-based line of the fault.
        line: usize,
        /// 1-based column (UTF-16 units) of the fault.
        column: usize,
        /// The part of the pattern at fault.
        span: TextSpan,
    },
    /// The event cannot be matched.
    EventError {
        /// What kind of fault.
        kind: EventErrorKind,
        /// What is wrong, in words.
        message: String,
        /// 1-based line of the fault.
        line: usize,
        /// 1-based column (UTF-16 units) of the fault.
        column: usize,
        /// The part of the event at fault.
        span: TextSpan,
    },
}

impl Failure {
    /// The failure for a pattern error of `text`.
    pub fn pattern(e: PatternError, text: &str) -> Self {
        Failure::PatternError {
            kind: e.kind,
            reason: e.reason,
            message: e.message,
            line: e.line,
            column: e.column,
            span: Utf16Map::new(text).span(e.span),
        }
    }

    /// The failure for an event error of `text`.
    pub fn event(e: EventError, text: &str) -> Self {
        Failure::EventError {
            kind: e.kind,
            message: e.message,
            line: e.line,
            column: e.column,
            span: Utf16Map::new(text).span(e.span),
        }
    }
}
