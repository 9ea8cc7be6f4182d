//! The module's exceptions (all `ValueError`s), carrying AWS's message and where the fault is:
//! line, column, and the span in bytes and in code points.

use engine::{EventError as EngineEventError, PatternError as EnginePatternError, Span};
use eventlens_bus::rules_file::RulesFileError;
use eventlens_bus::{ConfigError as BusConfigError, RequestError};
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::IntoPyObjectExt;

create_exception!(
    eventlens,
    PatternError,
    PyValueError,
    "An invalid pattern: `message` (AWS's text), `reason`, `kind`, `line`, `column`, `span` (bytes) and `char_span` (code points)."
);
create_exception!(
    eventlens,
    EventError,
    PyValueError,
    "An event that cannot be read: `message`, `kind`, `line`, `column`, `span` (bytes) and `char_span` (code points)."
);
create_exception!(
    eventlens,
    ConfigError,
    PyValueError,
    "Rules, bus settings or a PutEvents request refused: `message`, `location`, `line`, `column`."
);

/// The code-point offset of byte `offset` of `text`.
pub fn chars_before(text: &str, offset: usize) -> usize {
    text.get(..offset).map_or(0, |t| t.chars().count())
}

/// Sets the error's attributes (`message`, then `fields`) on its exception value.
fn with_fields(err: PyErr, py: Python<'_>, fields: &[(&str, Py<PyAny>)]) -> PyErr {
    let value = err.value(py);
    for (name, v) in fields {
        // Setting an attribute on a fresh exception instance does not fail.
        let _ = value.setattr(*name, v);
    }
    err
}

/// `span` in bytes and, when the text is known, `char_span` in code points (else `None`).
fn span_fields(py: Python<'_>, text: Option<&str>, span: Span) -> [(&'static str, Py<PyAny>); 2] {
    let chars = text.map(|t| (chars_before(t, span.start), chars_before(t, span.end)));
    [
        ("span", obj(py, (span.start, span.end))),
        ("char_span", obj(py, chars)),
    ]
}

fn obj<'py, T: IntoPyObject<'py>>(py: Python<'py>, v: T) -> Py<PyAny> {
    v.into_py_any(py).expect("plain values convert")
}

/// A `PatternError` for `e`, raised on `text` (when known).
pub fn pattern(py: Python<'_>, e: EnginePatternError, text: Option<&str>) -> PyErr {
    let mut fields = vec![
        ("message", obj(py, e.message.clone())),
        ("reason", obj(py, e.reason.clone())),
        ("kind", obj(py, format!("{:?}", e.kind))),
        ("line", obj(py, e.line)),
        ("column", obj(py, e.column)),
    ];
    fields.extend(span_fields(py, text, e.span));
    with_fields(PatternError::new_err(e.message), py, &fields)
}

/// An `EventError` for `e`, raised on `text`.
pub fn event(py: Python<'_>, e: EngineEventError, text: &str) -> PyErr {
    let mut fields = vec![
        ("message", obj(py, e.message.clone())),
        ("kind", obj(py, format!("{:?}", e.kind))),
        ("line", obj(py, e.line)),
        ("column", obj(py, e.column)),
    ];
    fields.extend(span_fields(py, Some(text), e.span));
    with_fields(EventError::new_err(e.to_string()), py, &fields)
}

/// A `ConfigError` for a bus's refusal.
pub fn config(py: Python<'_>, e: BusConfigError) -> PyErr {
    let fields = [
        ("message", obj(py, e.message.clone())),
        ("location", obj(py, e.location.clone())),
        ("line", obj(py, e.line)),
        ("column", obj(py, e.column)),
    ];
    with_fields(ConfigError::new_err(e.to_string()), py, &fields)
}

/// A `ConfigError` for a refused PutEvents request.
pub fn request(py: Python<'_>, e: RequestError) -> PyErr {
    let fields = [
        ("message", obj(py, e.message.clone())),
        ("code", obj(py, e.code.clone())),
    ];
    with_fields(ConfigError::new_err(e.to_string()), py, &fields)
}

/// The error for a refused rules file: a `PatternError` for its first bad pattern (the message
/// names every one), else a `ConfigError`.
pub fn rules_file(py: Python<'_>, e: RulesFileError) -> PyErr {
    match e {
        RulesFileError::Config(c) => config(py, c),
        RulesFileError::Patterns(ref list) => {
            let (_, first) = &list[0];
            let err = pattern(py, first.clone(), None);
            let _ = err.value(py).setattr("message", e.to_string());
            err
        }
        other => with_fields(
            ConfigError::new_err(other.to_string()),
            py,
            &[("message", obj(py, other.to_string()))],
        ),
    }
}
