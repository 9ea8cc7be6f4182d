//! Suites of expectations: a JSON or YAML suite file run in one call. In the bus module (whose
//! YAML reader it uses); the main entry's `runSuite` loads that module when first called.

use crate::bindings::{throw, to_js};
use crate::failure::Failure;
use eventlens_suite::{Outcome, Suite};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// How many expectations held and failed.
#[derive(Serialize)]
struct Summary {
    total: usize,
    passed: usize,
    failed: usize,
}

/// A suite's outcomes and their summary.
#[derive(Serialize)]
struct SuiteRun<'r> {
    results: &'r [Outcome],
    summary: Summary,
}

/// Reads and runs the suite file `text`: one result per expectation and a summary. Throws a
/// `SuiteError` failure for a suite that cannot be run.
#[wasm_bindgen(js_name = runSuite)]
pub fn run_suite(text: &str) -> Result<JsValue, JsValue> {
    let suite = Suite::parse(text).map_err(|e| throw(Failure::suite(e, text)))?;
    let report = suite.run();
    to_js(&SuiteRun {
        results: &report.outcomes,
        summary: Summary {
            total: report.outcomes.len(),
            passed: report.passed(),
            failed: report.failed(),
        },
    })
}
