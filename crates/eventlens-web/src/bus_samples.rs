//! The Bus view's samples (`web/bus-samples.json`, built into the app): rules and PutEvents
//! requests with their options. Rules and requests either name one of the bus crate's fixtures
//! (the lab bus with its endpoint, the Quilt and Benchling templates as published), built in as
//! they are, or are written inline.

use crate::format::pretty;
use crate::workspace::{BusDocs, DEFAULT_NOW};
use serde::Deserialize;
use serde_json::value::RawValue;

const SOURCE: &str = include_str!("../../../web/bus-samples.json");

/// The bus crate's fixtures a sample may name.
const FIXTURES: [(&str, &str); 6] = [
    (
        "lab-rules.json",
        include_str!("../../eventlens-bus/tests/fixtures/bus/lab-rules.json"),
    ),
    (
        "lab-entries.json",
        include_str!("../../eventlens-bus/tests/fixtures/bus/lab-entries.json"),
    ),
    (
        "lab-service-events.json",
        include_str!("../../eventlens-bus/tests/fixtures/bus/lab-service-events.json"),
    ),
    (
        "quilt-template.yaml",
        include_str!("../../eventlens-bus/tests/fixtures/bus/quilt-template.yaml"),
    ),
    (
        "benchling-sqs-template.yaml",
        include_str!("../../eventlens-bus/tests/fixtures/bus/benchling-sqs-template.yaml"),
    ),
    (
        "benchling-lambda-template.yaml",
        include_str!("../../eventlens-bus/tests/fixtures/bus/benchling-lambda-template.yaml"),
    ),
];

/// One sample of the Bus view.
#[derive(Debug, Clone)]
pub struct BusSample {
    /// Stable identifier (the sample menu's option value).
    pub id: String,
    /// Menu title.
    pub title: String,
    /// One sentence on what it shows (the menu entry's tooltip).
    pub summary: String,
    /// What loading it puts in the Bus view.
    pub docs: BusDocs,
    /// What the run gives (the browser tests read it from the JSON file; the unit tests from here).
    #[cfg(test)]
    pub expect: Expect,
}

/// What a sample's run gives.
#[cfg(test)]
#[derive(Debug, Clone, Deserialize)]
pub struct Expect {
    /// The response's `FailedEntryCount`.
    pub failed: usize,
    /// Region buses reached, over all entries.
    pub arrivals: usize,
    /// Targets that received a payload, over all entries and Regions.
    pub payloads: usize,
}

/// A text of a sample: a fixture by file name, or JSON written inline.
#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum Text<'a> {
    Fixture(String),
    Json(#[serde(borrow)] &'a RawValue),
}

impl Text<'_> {
    fn resolve(&self) -> Result<String, String> {
        match self {
            Text::Fixture(name) => FIXTURES
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, text)| text.to_string())
                .ok_or_else(|| format!("no bus fixture named {name}")),
            Text::Json(raw) => pretty(raw.get()),
        }
    }
}

#[derive(Deserialize)]
struct Entry<'a> {
    id: String,
    title: String,
    summary: String,
    #[serde(borrow)]
    rules: Text<'a>,
    #[serde(borrow)]
    request: Text<'a>,
    #[serde(default)]
    parameters: String,
    now: Option<String>,
    #[serde(default)]
    seed: u64,
    /// Whether the request holds the services' own events.
    #[serde(default)]
    service: bool,
    #[cfg(test)]
    expect: Expect,
}

/// Parses a library. The app's own library is checked by the tests below.
fn parse(source: &str) -> Result<Vec<BusSample>, String> {
    let entries: Vec<Entry> = serde_json::from_str(source).map_err(|e| e.to_string())?;
    entries
        .into_iter()
        .map(|e| {
            Ok(BusSample {
                docs: BusDocs {
                    rules: e.rules.resolve()?.into(),
                    request: e.request.resolve()?.into(),
                    parameters: e.parameters,
                    now: e.now.unwrap_or_else(|| DEFAULT_NOW.into()),
                    seed: e.seed,
                    service: e.service,
                    ..BusDocs::default()
                },
                id: e.id,
                title: e.title,
                summary: e.summary,
                #[cfg(test)]
                expect: e.expect,
            })
        })
        .collect()
}

/// The app's own library (kept by [`samples::libraries`](crate::samples::libraries)).
pub fn built_in() -> Vec<BusSample> {
    parse(SOURCE).expect("web/bus-samples.json is checked by the unit tests")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bus_run::BusRun;

    #[test]
    fn every_sample_routes_as_expected() {
        let all = built_in();
        assert!(all.len() >= 4);
        for s in &all {
            let run = BusRun::run(&s.docs);
            let outcome = run
                .outcome
                .as_ref()
                .unwrap_or_else(|| panic!("sample {}: {:?}", s.id, run.fault));
            let arrivals = outcome.entries.iter().flat_map(|e| &e.arrivals);
            let payloads = arrivals
                .clone()
                .flat_map(|a| &a.rules)
                .flat_map(|r| &r.deliveries)
                .filter(|d| d.payload.is_some())
                .count();
            assert_eq!(
                (
                    outcome.response.failed_entry_count,
                    arrivals.count(),
                    payloads
                ),
                (s.expect.failed, s.expect.arrivals, s.expect.payloads),
                "sample {}",
                s.id
            );
        }
    }

    #[test]
    fn samples_cover_the_fixtures_and_bad_names_are_refused() {
        for (name, _) in FIXTURES {
            assert!(
                SOURCE.contains(&format!("\"{name}\"")),
                "{name} is not used by a sample"
            );
        }
        let bad = r#"[{"id": "x", "title": "t", "summary": "s", "rules": {"fixture": "nope.json"},
            "request": {"json": {}}, "expect": {"failed": 0, "arrivals": 0, "payloads": 0}}]"#;
        assert_eq!(parse(bad).unwrap_err(), "no bus fixture named nope.json");
    }
}
