//! The `eventlens` Python module: EventBridge patterns validated, matched and explained exactly
//! as AWS does, rule sets matched over Arrow arrays (for Spark, DuckDB and Polars), and the bus.

mod arrow;
mod bus;
mod errors;
mod inputs;
mod pattern;
mod rules;
mod split;

use pyo3::prelude::*;

/// The native module, re-exported by the package's `__init__.py`.
#[pymodule]
fn eventlens(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_function(wrap_pyfunction!(pattern::validate, m)?)?;
    m.add_function(wrap_pyfunction!(pattern::matches, m)?)?;
    m.add_function(wrap_pyfunction!(pattern::explain, m)?)?;
    m.add_function(wrap_pyfunction!(split::split_events, m)?)?;
    m.add_class::<pattern::Pattern>()?;
    m.add_class::<rules::RuleSet>()?;
    m.add_class::<bus::Bus>()?;
    m.add("PatternError", py.get_type::<errors::PatternError>())?;
    m.add("EventError", py.get_type::<errors::EventError>())?;
    m.add("ConfigError", py.get_type::<errors::ConfigError>())?;
    Ok(())
}
