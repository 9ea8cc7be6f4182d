//! What Python callers pass: a pattern or an event as `str`, UTF-8 `bytes`, or a `dict` (or any
//! value `json.dumps` takes), turned into JSON text.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

/// The JSON text of `value`: a `str` as it is, `bytes` decoded as UTF-8, anything else through
/// `json.dumps`. `what` names the argument in errors.
pub fn json_text(value: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    if let Ok(b) = value.cast::<PyBytes>() {
        return String::from_utf8(b.as_bytes().to_vec())
            .map_err(|e| PyTypeError::new_err(format!("{what} is not UTF-8: {e}")));
    }
    let json = value.py().import("json")?;
    json.call_method1("dumps", (value,))
        .and_then(|t| t.extract::<String>())
        .map_err(|e| PyTypeError::new_err(format!("{what} must be JSON text or a JSON value: {e}")))
}

/// The Python value of JSON text (through `json.loads`).
pub fn from_json<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (text,))
}
