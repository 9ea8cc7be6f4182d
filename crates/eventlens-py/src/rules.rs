//! The `RuleSet` class: many named patterns, matched one event at a time or over Arrow arrays.

use crate::arrow;
use crate::errors;
use crate::inputs::json_text;
use engine::{Limits, Validation};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

/// Named patterns, matched together: `RuleSet({"name": pattern, ...})` (a pattern being text or
/// a dict) or `RuleSet(text)` for the text of a rules file (as `eventlens replay --rules` reads).
#[pyclass(module = "eventlens", frozen)]
pub struct RuleSet {
    inner: engine::RuleSet,
    notes: Vec<String>,
}

#[pymethods]
impl RuleSet {
    /// Compiles the rules; `validation` is "full" (every byte checked) or "structure" (what the
    /// rules read). Raises `PatternError` for a bad pattern, `ConfigError` for a bad file.
    #[new]
    #[pyo3(signature = (rules, *, validation = "full"))]
    fn new(py: Python<'_>, rules: &Bound<'_, PyAny>, validation: &str) -> PyResult<Self> {
        let validation = match validation {
            "full" => Validation::Full,
            "structure" => Validation::Structure,
            other => {
                return Err(PyValueError::new_err(format!(
                    "validation must be \"full\" or \"structure\", not {other:?}"
                )))
            }
        };
        let (mut inner, notes) = if let Ok(dict) = rules.cast::<PyDict>() {
            let mut set = engine::RuleSet::new();
            for (name, pattern) in dict.iter() {
                let name: String = name.extract()?;
                let text = json_text(&pattern, "pattern")?;
                set.add(&name, &text).map_err(|e| {
                    let err = errors::pattern(py, e, Some(&text));
                    let _ = err.value(py).setattr("rule", &name);
                    err
                })?;
            }
            (set, Vec::new())
        } else if let Ok(text) = rules.cast::<PyString>() {
            let file = eventlens_bus::rules_file::load(&text.to_cow()?, &Limits::default())
                .map_err(|e| errors::rules_file(py, e))?;
            (file.rules, file.notes)
        } else {
            return Err(PyValueError::new_err(
                "rules must be a dict of name → pattern or the text of a rules file",
            ));
        };
        inner.set_validation(validation);
        Ok(RuleSet { inner, notes })
    }

    /// The rule names, in the order matches are listed.
    #[getter]
    fn names(&self) -> Vec<String> {
        self.inner.names().map(str::to_string).collect()
    }

    /// What a rules file's loading left out (disabled rules, unmodelled resources).
    #[getter]
    fn notes(&self) -> Vec<String> {
        self.notes.clone()
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    /// The names of the rules `event` matches; raises `EventError` for an unreadable event.
    fn matches(&self, py: Python<'_>, event: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
        let text = json_text(event, "event")?;
        match self.inner.matches(&text) {
            Ok(names) => Ok(names.into_iter().map(str::to_string).collect()),
            Err(e) => Err(errors::event(py, e, &text)),
        }
    }

    /// For a pyarrow string array (or chunked array) of events: a `ListArray` of the matching
    /// rule names per event, null for a null or invalid event. The strings are read in place,
    /// without the GIL.
    fn match_arrow<'py>(&self, array: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        arrow::match_lists(&self.inner, array)
    }

    /// For a pyarrow string array (or chunked array) of events: a `BooleanArray`, whether each
    /// event matches any rule, null for a null or invalid event.
    fn any_arrow<'py>(&self, array: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        arrow::match_any(&self.inner, array)
    }

    fn __repr__(&self) -> String {
        format!("RuleSet({:?})", self.inner.names().collect::<Vec<_>>())
    }
}
