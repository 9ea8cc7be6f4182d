//! `validate`, `matches`, `explain` and the `Pattern` class.

use crate::errors::{self, chars_before};
use crate::inputs::{from_json, json_text};
use engine::{Event, Explanation};
use pyo3::prelude::*;
use serde_json::Value;

/// Compiles pattern text, raising `PatternError`.
pub fn compile(py: Python<'_>, text: &str) -> PyResult<engine::Pattern> {
    engine::Pattern::compile(text).map_err(|e| errors::pattern(py, e, Some(text)))
}

/// Parses event text, raising `EventError`.
pub fn parse_event(py: Python<'_>, text: &str) -> PyResult<Event> {
    Event::parse(text).map_err(|e| errors::event(py, e, text))
}

/// Checks a pattern (text or a JSON value); raises `PatternError` with AWS's message.
#[pyfunction]
pub fn validate(py: Python<'_>, pattern: &Bound<'_, PyAny>) -> PyResult<()> {
    compile(py, &json_text(pattern, "pattern")?).map(drop)
}

/// Whether `event` matches `pattern` (each JSON text, bytes or a JSON value).
#[pyfunction]
pub fn matches(
    py: Python<'_>,
    pattern: &Bound<'_, PyAny>,
    event: &Bound<'_, PyAny>,
) -> PyResult<bool> {
    Pattern::new(py, pattern)?.matches(py, event)
}

/// Why `event` matches `pattern` or not: a dict with every condition, the values it was tested
/// against and the spans of both in bytes (`start`, `end`) and code points (`char_start`,
/// `char_end`).
#[pyfunction]
pub fn explain<'py>(
    py: Python<'py>,
    pattern: &Bound<'py, PyAny>,
    event: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    Pattern::new(py, pattern)?.explain(py, event)
}

/// A compiled pattern.
#[pyclass(module = "eventlens", frozen)]
pub struct Pattern {
    inner: engine::Pattern,
}

#[pymethods]
impl Pattern {
    /// Compiles a pattern (JSON text, bytes or a JSON value); raises `PatternError`.
    #[new]
    fn new(py: Python<'_>, pattern: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text = json_text(pattern, "pattern")?;
        Ok(Pattern {
            inner: compile(py, &text)?,
        })
    }

    /// The pattern text.
    #[getter]
    fn source(&self) -> &str {
        self.inner.source()
    }

    /// Whether `event` matches; raises `EventError` for an event that cannot be read.
    fn matches(&self, py: Python<'_>, event: &Bound<'_, PyAny>) -> PyResult<bool> {
        let text = json_text(event, "event")?;
        Ok(self.inner.matches(&parse_event(py, &text)?))
    }

    /// Why `event` matches or not (see `eventlens.explain`).
    fn explain<'py>(
        &self,
        py: Python<'py>,
        event: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let text = json_text(event, "event")?;
        let event = parse_event(py, &text)?;
        let x: Explanation = self.inner.explain(&event);
        let mut value = serde_json::to_value(&x).expect("explanations serialize");
        add_char_spans(&mut value, self.inner.source(), &text, false);
        from_json(py, &value.to_string())
    }

    fn __repr__(&self) -> String {
        format!("Pattern({:?})", self.inner.source())
    }
}

/// Adds `char_start` and `char_end` to every span (`{"start", "end"}`) of a serialized
/// explanation: offsets in the event text under `values`, in the pattern text elsewhere.
fn add_char_spans(value: &mut Value, pattern: &str, event: &str, in_event: bool) {
    match value {
        Value::Object(map) => {
            let text = if in_event { event } else { pattern };
            if let (2, Some(s), Some(e)) = (
                map.len(),
                map.get("start").and_then(Value::as_u64),
                map.get("end").and_then(Value::as_u64),
            ) {
                map.insert("char_start".into(), chars_before(text, s as usize).into());
                map.insert("char_end".into(), chars_before(text, e as usize).into());
                return;
            }
            for (key, v) in map.iter_mut() {
                add_char_spans(v, pattern, event, in_event || key == "values");
            }
        }
        Value::Array(items) => {
            for v in items {
                add_char_spans(v, pattern, event, in_event);
            }
        }
        _ => {}
    }
}
