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

#[cfg(test)]
mod tests {
    use crate::failure::Failure;
    use eventlens_suite::Suite;

    #[test]
    fn a_refused_suite_is_a_plain_failure_with_its_kind_place_and_names() {
        let text = "patterns:\n  é: {\"a\": []}\n";
        let e = Suite::parse(text).unwrap_err();
        let v = serde_json::to_value(Failure::suite(e, text)).unwrap();
        assert_eq!(v["class"], "SuiteError");
        assert_eq!(v["kind"], "invalid-pattern");
        assert_eq!(v["name"], "é");
        assert_eq!(
            (v["line"].as_u64(), v["column"].as_u64()),
            (Some(2), Some(3))
        );
        assert_eq!(v["span"]["utf16"]["start"], 12);
        assert_eq!(v["span"]["bytes"]["start"], 12);
        assert_eq!(v["error"]["reason"], "Empty arrays are not allowed");
        assert!(v.get("key").is_none() && v.get("event").is_none());
        let text = "{\"patterns\": {}, \"tests\": {}}";
        let v =
            serde_json::to_value(Failure::suite(Suite::parse(text).unwrap_err(), text)).unwrap();
        assert_eq!(
            (v["kind"].as_str(), v["key"].as_str()),
            (Some("unknown-key"), Some("tests"))
        );
    }
}
