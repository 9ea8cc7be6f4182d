//! eventlens: Amazon EventBridge event patterns, exactly as AWS evaluates them.
//!
//! - [`Pattern::compile`] validates a pattern with AWS's error texts and locations;
//! - [`Pattern::matches`] tests an [`Event`], with EventBridge's semantics for arrays, numbers,
//!   `null`, `exists` and every operator;
//! - [`Pattern::explain`] says, for every condition, which event values it was tested against,
//!   whether it held and why, with byte spans in both texts.
//!
//! ```
//! use eventlens::{Event, Pattern};
//! let pattern = Pattern::compile(r#"{"detail": {"status": ["COMPLETED"]}}"#).unwrap();
//! let event = Event::parse(r#"{"detail": {"status": "FAILED"}}"#).unwrap();
//! assert!(!pattern.matches(&event));
//! let why = pattern.explain(&event);
//! assert_eq!(why.combinations[0].conditions[0].reason,
//!            r#"`detail.status` is "FAILED"; expected "COMPLETED""#);
//! ```

pub mod eval;
pub mod event;
pub mod explain;
pub mod json;
pub mod pattern;
pub mod ruleset;
mod short_bytes;
pub mod suggest;

pub use event::{Event, EventError, EventErrorKind};
pub use explain::{CombinationReport, Condition, Explanation, MatcherReport, ValueReport};
pub use json::text::{Span, TextPos};
pub use pattern::{validate, Pattern, PatternError, PatternErrorKind};
pub use ruleset::{RuleSet, Validation};
pub use suggest::DELIVERED_FIELDS;

/// Size and depth limits. The defaults are EventBridge's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Longest pattern, in characters (UTF-16 units). EventBridge: 2,048 (4,096 on request).
    pub max_pattern_chars: usize,
    /// Largest event, in bytes. EventBridge: 256 KB.
    pub max_event_bytes: usize,
    /// Deepest nesting of patterns and events. EventBridge: 1,100 levels.
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_pattern_chars: 2048,
            max_event_bytes: 256 * 1024,
            max_depth: 1100,
        }
    }
}

/// Compiles `pattern` and tests `event`: `Ok(true)` for a match.
pub fn matches(pattern: &str, event: &str) -> Result<bool, Error> {
    let p = Pattern::compile(pattern)?;
    let e = Event::parse(event)?;
    Ok(p.matches(&e))
}

/// Either input of a match can be at fault.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// The pattern is not valid.
    Pattern(PatternError),
    /// The event cannot be read.
    Event(EventError),
}

impl From<PatternError> for Error {
    fn from(e: PatternError) -> Self {
        Error::Pattern(e)
    }
}

impl From<EventError> for Error {
    fn from(e: EventError) -> Self {
        Error::Event(e)
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Pattern(e) => e.fmt(f),
            Error::Event(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {}
