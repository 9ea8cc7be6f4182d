//! Suites of expectations for EventBridge event patterns: "pattern P must match events A and B,
//! and must not match C", kept in a JSON or YAML file that the playground, the CLI
//! (`eventlens test-suite`) and the npm package (`runSuite`) all run.
//!
//! ```
//! use eventlens_suite::{Suite, Verdict};
//! let suite = Suite::parse(r#"
//! patterns:
//!   failed: {"detail": {"status": ["FAILED"]}}
//! events:
//!   run-failed: {"detail": {"status": "FAILED"}}
//!   run-done: {"detail": {"status": "DONE"}}
//! expect:
//!   failed:
//!     match: [run-failed, run-done]
//! "#).unwrap();
//! let report = suite.run();
//! assert_eq!(report.failed(), 1);
//! let miss = &report.outcomes[1];
//! assert_eq!((miss.event.as_str(), miss.actual), ("run-done", Verdict::NoMatch));
//! assert_eq!(miss.reason.as_deref(), Some(r#"`detail.status` is "DONE"; expected "FAILED""#));
//! ```

mod check;
mod error;
mod read;
mod report;
mod write;

pub use error::{Place, SuiteError, SuiteErrorKind};
pub use report::{Outcome, Report, Verdict};

use eventlens::{Event, Limits, Pattern};
use serde::{Deserialize, Serialize};

/// One pattern's expectations: the events it must match and those it must not.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Expectation {
    /// The pattern's name.
    pub pattern: String,
    /// Names of the events the pattern must match.
    #[serde(rename = "match", default)]
    pub matches: Vec<String>,
    /// Names of the events the pattern must not match.
    #[serde(rename = "no-match", default)]
    pub no_match: Vec<String>,
}

/// A checked suite: named patterns and events (valid, in file order) and the expectations.
#[derive(Debug, Clone)]
pub struct Suite {
    patterns: Vec<(String, Pattern)>,
    events: Vec<(String, Event)>,
    expectations: Vec<Expectation>,
}

impl Suite {
    /// Reads a suite file (JSON when it starts with `{` or `[`, else YAML) with EventBridge's
    /// limits for its patterns and events.
    pub fn parse(text: &str) -> Result<Suite, SuiteError> {
        Suite::parse_with(text, &Limits::default())
    }

    /// Reads a suite file with the given limits for its patterns and events.
    pub fn parse_with(text: &str, limits: &Limits) -> Result<Suite, SuiteError> {
        check::assemble(read::read(text, limits)?, Some(text), limits)
    }

    /// A suite from plain lists of (name, text) and expectations (the playground's): checked as
    /// a file is, with errors that have no place in a file (an invalid pattern's or event's
    /// error carries its span within that text).
    pub fn from_lists(
        patterns: Vec<(String, String)>,
        events: Vec<(String, String)>,
        expectations: Vec<Expectation>,
    ) -> Result<Suite, SuiteError> {
        check::assemble(
            check::draft_of(patterns, events, expectations),
            None,
            &Limits::default(),
        )
    }

    /// The patterns' names and texts, in order.
    pub fn patterns(&self) -> impl Iterator<Item = (&str, &str)> {
        self.patterns.iter().map(|(n, p)| (n.as_str(), p.source()))
    }

    /// The events' names and texts, in order.
    pub fn events(&self) -> impl Iterator<Item = (&str, &str)> {
        self.events.iter().map(|(n, e)| (n.as_str(), e.source()))
    }

    /// The expectations, in order.
    pub fn expectations(&self) -> &[Expectation] {
        &self.expectations
    }

    /// Tests every expectation: one outcome per (pattern, event) pair, in the order of
    /// `expect`, each pattern's `match` list before its `no-match` list.
    pub fn run(&self) -> Report {
        let pattern = |name: &str| {
            self.patterns
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, p)| p)
        };
        let event = |name: &str| self.events.iter().find(|(n, _)| n == name).map(|(_, e)| e);
        let mut outcomes = Vec::new();
        for x in &self.expectations {
            // Every name was checked when the suite was built.
            let Some(p) = pattern(&x.pattern) else {
                continue;
            };
            let wanted = x
                .matches
                .iter()
                .map(|e| (e, Verdict::Match))
                .chain(x.no_match.iter().map(|e| (e, Verdict::NoMatch)));
            for (name, expected) in wanted {
                let Some(e) = event(name) else { continue };
                outcomes.push(Outcome::of(&x.pattern, name, p, e, expected));
            }
        }
        Report { outcomes }
    }

    /// The suite as a JSON file. A pattern's or event's text is written as an object when it is
    /// one JSON object with nothing around it (read back, its bytes are kept as written), else
    /// as a string holding it.
    pub fn to_json(&self) -> String {
        write::json(self)
    }

    /// The suite as a YAML file. YAML objects are read as compact JSON, so a text is written as
    /// an object only when it is its own compact JSON (`{"source":["aws.s3"]}`), else as a
    /// string holding it.
    pub fn to_yaml(&self) -> String {
        write::yaml(self)
    }
}
