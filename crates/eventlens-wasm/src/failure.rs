//! Refused input as thrown to JavaScript.

use crate::utf16::TextSpan;
use eventlens::Utf16Map;
use eventlens::{EventError, EventErrorKind, PatternError, PatternErrorKind};
#[cfg(feature = "bus")]
use eventlens_bus::{ConfigError, RequestError};
#[cfg(feature = "bus")]
use eventlens_suite::{SuiteError, SuiteErrorKind};
use serde::Serialize;

/// Why the engine refused a pattern, an event, a bus definition, a PutEvents request, an option
/// or a suite file (the last four only with the cargo feature `bus`). Serialised with a `class`
/// tag that names the JavaScript error the TypeScript layer throws.
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
    /// A suite file that cannot be run (boxed: it is larger than the other failures).
    #[cfg(feature = "bus")]
    SuiteError(Box<SuiteFailure>),
    /// A rule, target or endpoint definition EventBridge would refuse, or rules text that cannot
    /// be read (boxed: it is much larger than the other failures).
    #[cfg(feature = "bus")]
    BusConfigError(Box<ConfigFailure>),
    /// A PutEvents request refused as a whole (no entry is processed).
    #[cfg(feature = "bus")]
    BusRequestError {
        /// AWS's error code (`ValidationException`, `SerializationException`, …).
        code: String,
        /// AWS's message.
        message: String,
    },
    /// An option value the engine cannot use.
    #[cfg(feature = "bus")]
    InvalidOption {
        /// The option's name.
        option: String,
        /// What is wrong with it.
        message: String,
    },
}

/// A refused suite file: the suite crate's [`SuiteError`], its place in both units. Its fields
/// are read in JavaScript, as the `SuiteError` the TypeScript layer throws. (Plain fields: a
/// flattened enum would reach JavaScript as a `Map`.)
#[cfg(feature = "bus")]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SuiteFailure {
    /// What kind of fault (`syntax`, `unknown-name`, `invalid-pattern`, …).
    pub(crate) kind: &'static str,
    /// What is wrong (for an invalid pattern, AWS's message).
    pub(crate) message: String,
    /// 1-based line in the suite text, when the place is known.
    pub(crate) line: Option<usize>,
    /// 1-based column (UTF-16 units) in the suite text, when the place is known.
    pub(crate) column: Option<usize>,
    /// The part of the suite text at fault, when known.
    pub(crate) span: Option<TextSpan>,
    /// The pattern or event named (a duplicate, an unknown name, an invalid pattern or event).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) name: Option<String>,
    /// An unknown key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) key: Option<String>,
    /// The pattern of an event listed in both lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) pattern: Option<String>,
    /// The event listed in both lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) event: Option<String>,
    /// The engine's error for an invalid pattern or event, within that text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) error: Option<EngineError>,
}

/// The engine's error inside a suite failure.
#[cfg(feature = "bus")]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum EngineError {
    /// An invalid pattern's error.
    Pattern(Box<PatternError>),
    /// An invalid event's error.
    Event(Box<EventError>),
}

/// A refused bus definition: the engine's [`ConfigError`], with its span in both units. Its fields
/// are read in JavaScript, as the `BusConfigError` the TypeScript layer throws.
#[cfg(feature = "bus")]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfigFailure {
    /// Where and why, in one line (the engine's `Display`).
    pub(crate) message: String,
    /// Why alone; AWS's own message where the API has one.
    pub(crate) reason: String,
    /// The engine's full report when the fault is in an event pattern (a `PatternError`).
    pub(crate) pattern_error: Option<Failure>,
    /// Where in the definitions (`[2].Targets[0].InputTransformer.InputTemplate`, …).
    pub(crate) location: String,
    /// The field's text (a pattern, a template, a path, an `Input`) that `span` points into.
    pub(crate) field_text: Option<String>,
    /// The part of `field_text` at fault.
    pub(crate) span: Option<TextSpan>,
    /// 1-based line in the rules text, for rules text that cannot be parsed.
    pub(crate) line: Option<usize>,
    /// 1-based column in the rules text, for rules text that cannot be parsed.
    pub(crate) column: Option<usize>,
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
            span: TextSpan::new(&Utf16Map::new(text), e.span),
        }
    }

    /// The failure for a refused bus definition.
    #[cfg(feature = "bus")]
    pub fn config(e: ConfigError) -> Self {
        let message = e.to_string();
        let ConfigError {
            message: reason,
            location,
            field,
            line,
            column,
            pattern_error,
        } = e;
        let (span, field_text) = match field {
            Some(f) => (
                Some(TextSpan::new(&Utf16Map::new(&f.text), f.span)),
                Some(f.text),
            ),
            None => (None, None),
        };
        let pattern_error =
            pattern_error.map(|p| Failure::pattern(*p, field_text.as_deref().unwrap_or_default()));
        Failure::BusConfigError(Box::new(ConfigFailure {
            message,
            reason,
            location,
            line,
            column,
            span,
            field_text,
            pattern_error,
        }))
    }

    /// The failure for a refused PutEvents request.
    #[cfg(feature = "bus")]
    pub fn request(e: RequestError) -> Self {
        Failure::BusRequestError {
            code: e.code,
            message: e.message,
        }
    }

    /// The failure for an unusable value of `option`.
    #[cfg(feature = "bus")]
    pub fn option(option: &str, message: impl ToString) -> Self {
        Failure::InvalidOption {
            option: option.to_string(),
            message: message.to_string(),
        }
    }

    /// The failure for a refused suite file `text`.
    #[cfg(feature = "bus")]
    pub fn suite(e: SuiteError, text: &str) -> Self {
        let mut failure = SuiteFailure {
            kind: "",
            message: e.message,
            line: e.at.map(|at| at.line),
            column: e.at.map(|at| at.column),
            span: e.at.map(|at| TextSpan::new(&Utf16Map::new(text), at.span)),
            name: None,
            key: None,
            pattern: None,
            event: None,
            error: None,
        };
        failure.kind = match e.kind {
            SuiteErrorKind::Syntax => "syntax",
            SuiteErrorKind::NotAMapping => "not-a-mapping",
            SuiteErrorKind::UnknownKey { key } => {
                failure.key = Some(key);
                "unknown-key"
            }
            SuiteErrorKind::Shape => "shape",
            SuiteErrorKind::Duplicate { name } => {
                failure.name = Some(name);
                "duplicate"
            }
            SuiteErrorKind::UnknownName { name } => {
                failure.name = Some(name);
                "unknown-name"
            }
            SuiteErrorKind::InBothLists { pattern, event } => {
                (failure.pattern, failure.event) = (Some(pattern), Some(event));
                "in-both-lists"
            }
            SuiteErrorKind::InvalidPattern { name, error } => {
                (failure.name, failure.error) = (Some(name), Some(EngineError::Pattern(error)));
                "invalid-pattern"
            }
            SuiteErrorKind::InvalidEvent { name, error } => {
                (failure.name, failure.error) = (Some(name), Some(EngineError::Event(error)));
                "invalid-event"
            }
        };
        Failure::SuiteError(Box::new(failure))
    }

    /// The failure for an event error of `text`.
    pub fn event(e: EventError, text: &str) -> Self {
        Failure::EventError {
            kind: e.kind,
            message: e.message,
            line: e.line,
            column: e.column,
            span: TextSpan::new(&Utf16Map::new(text), e.span),
        }
    }
}
