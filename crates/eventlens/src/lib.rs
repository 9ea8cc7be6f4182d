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
//!
//! # Glossary
//!
//! - **event**: a JSON object as EventBridge delivers it ([`Event`]).
//! - **value**: a string, number, `true`, `false` or `null` in an event; objects and arrays are
//!   not values.
//! - **field path**: the dotted keys from the event's root to values (`detail.status`). Arrays
//!   add no step: a path reaches the values in every element of the arrays on its way.
//! - **pattern**: a JSON object whose leaves are lists of matchers ([`Pattern`]).
//! - **matcher**: one entry of such a list: a literal (exact match) or an operator object
//!   (`prefix`, `numeric`, `anything-but`, `exists`, `wildcard`, `cidr`, …).
//! - **condition**: a field path with its matcher list; it holds when a matcher accepts a value
//!   at the path (for `"exists": false`, when the path has none).
//! - **combination**: conditions that must hold together, their values taken from the same
//!   element of every array they share. A pattern without `$or` is one combination; otherwise
//!   there is one per choice of a branch in each `$or` (at most 1,000). The pattern matches
//!   when one of its combinations does.
//! - **explanation**: for every combination and each of its conditions, the values tested,
//!   whether it held and why ([`Explanation`], [`CombinationReport`], [`Condition`]).
//! - **span**: a byte range of a pattern or event text ([`Span`]); [`TextPos`] gives the
//!   1-based line and column (in UTF-16 units) of an offset, as AWS reports them.
//! - **rule set**: named patterns matched against each event in one pass ([`RuleSet`]).
//! - **validation level**: how much of an event a rule set checks before answering
//!   ([`Validation`]): *full*, every byte, as [`Event::parse`]; *structure*, the skeleton and
//!   what the rules read.
//! - **block**: 64 bytes of event text that the rule set's scanner classifies at once, one bit
//!   per byte for each class (quotes, backslashes, brackets, …).

#![warn(missing_docs)]
#![warn(clippy::undocumented_unsafe_blocks)]

mod eval;
mod event;
mod explain;
pub mod json;
mod pattern;
mod ruleset;
mod short_bytes;
pub mod split;
mod suggest;

pub use event::{Event, EventError, EventErrorKind, TEST_EVENT_PATTERN_MESSAGE};
pub use explain::{
    CombinationReport, Condition, Explanation, MatcherReport, ValueReport, MAX_REPORTED_VALUES,
};
pub use json::text::{Span, TextPos};
pub use json::utf16::Utf16Map;
pub use pattern::ignore_case::equals_ignore_case;
pub use pattern::ip::address_bytes as ip_address_bytes;
pub use pattern::number::comparable as comparable_number;
pub use pattern::{
    length as pattern_length, validate, OrChoice, Pattern, PatternError, PatternErrorKind,
};
pub use ruleset::{RuleSet, Validation};
pub use suggest::DELIVERED_FIELDS;

/// Internals for the fuzz targets (`fuzz/`) and the linear-time benchmark (`benches/linear.rs`),
/// behind the cargo feature `internals`, which nothing else enables: not part of the API.
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod internals {
    pub use crate::pattern::wildcard::Glob;
    pub use crate::pattern::{Combination, Field, Matcher};
    use crate::Pattern;

    /// Every field definition of `pattern`, in pattern order.
    pub fn fields(pattern: &Pattern) -> &[Field] {
        pattern.fields()
    }

    /// The `$or` combinations of `pattern`.
    pub fn combinations(pattern: &Pattern) -> &[Combination] {
        pattern.combinations()
    }
}

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
