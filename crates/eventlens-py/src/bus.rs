//! The `Bus` class: rules (and global endpoints) of an account, and what PutEvents does with
//! them, as the npm package's `Bus`.

use crate::errors;
use crate::inputs::{from_json, json_text};
use eventlens_bus::{BusSettings, PutOptions, Timestamp};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use std::collections::BTreeMap;

/// An account's bus: `Bus(rules)` with a rule list, `{"Rules": [...], "Endpoints": [...]}`, or a
/// CloudFormation/SAM template (JSON or YAML text, or the parsed value).
#[pyclass(module = "eventlens", frozen)]
pub struct Bus {
    inner: eventlens_bus::Bus,
}

#[pymethods]
impl Bus {
    /// Loads the rules; raises `ConfigError` (or `PatternError` inside it) for a refused one.
    #[new]
    #[pyo3(signature = (rules, *, account = "123456789012", region = "us-east-1", stack_name = "eventlens", parameters = None, imports = None))]
    fn new(
        py: Python<'_>,
        rules: &Bound<'_, PyAny>,
        account: &str,
        region: &str,
        stack_name: &str,
        parameters: Option<BTreeMap<String, String>>,
        imports: Option<BTreeMap<String, String>>,
    ) -> PyResult<Self> {
        let settings = BusSettings {
            account: account.to_string(),
            region: region.to_string(),
            stack_name: stack_name.to_string(),
            parameters: parameters.unwrap_or_default(),
            imports: imports.unwrap_or_default(),
        };
        let text = json_text(rules, "rules")?;
        let inner = eventlens_bus::Bus::load(&text, settings).map_err(|e| errors::config(py, e))?;
        Ok(Bus { inner })
    }

    /// Runs a PutEvents request (`{"Entries": [...]}` or a list of entries; text or value)
    /// received at `now` (RFC 3339; the current time when omitted), with event ids drawn from
    /// `seed`. Returns the outcome as a dict: the response, and per entry its event, the rules
    /// that matched (with explanations) and each target's payload.
    #[pyo3(signature = (entries, *, now = None, seed = 0, unhealthy = Vec::new()))]
    fn put_events<'py>(
        &self,
        py: Python<'py>,
        entries: &Bound<'py, PyAny>,
        now: Option<&str>,
        seed: u64,
        unhealthy: Vec<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let now = match now {
            Some(t) => Timestamp::parse(t),
            None => Timestamp::from_epoch_millis(epoch_millis()),
        }
        .map_err(|e| PyValueError::new_err(format!("now: {e}")))?;
        let request = json_text(entries, "entries")?;
        let options = PutOptions {
            now,
            seed,
            unhealthy,
        };
        let outcome = self
            .inner
            .put_events(&request, &options)
            .map_err(|e| errors::request(py, e))?;
        from_json(
            py,
            &serde_json::to_string(&outcome).expect("outcomes serialize"),
        )
    }

    /// The rules, as summaries (name, bus, state, pattern, targets).
    #[getter]
    fn rules<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let summary = serde_json::to_string(&self.inner.summary()).expect("summaries serialize");
        from_json(py, &summary)
    }

    /// What loading left out or could not model.
    #[getter]
    fn notes(&self) -> Vec<String> {
        self.inner.notes().to_vec()
    }
}

/// Milliseconds since 1970 (0 for a clock set before it).
fn epoch_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}
