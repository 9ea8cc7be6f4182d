//! The outcome of running a suite: one verdict per expectation, and why a failed one failed.

use eventlens::{Event, Pattern};
use serde::Serialize;

/// Whether a pattern matches an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The pattern matches the event.
    Match,
    /// The pattern does not match the event.
    NoMatch,
}

impl Verdict {
    /// `match` or `no match`.
    pub fn words(self) -> &'static str {
        match self {
            Verdict::Match => "match",
            Verdict::NoMatch => "no match",
        }
    }
}

/// One expectation tested: a pattern, an event, what was expected and what happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// The pattern's name.
    pub pattern: String,
    /// The event's name.
    pub event: String,
    /// What the suite expects.
    pub expected: Verdict,
    /// What the engine says.
    pub actual: Verdict,
    /// Whether the two agree.
    pub pass: bool,
    /// For a failure, why the verdict went the way it did, in plain words: the first condition
    /// that failed (an unexpected no match) or the conditions that held (an unexpected match).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl Outcome {
    /// Tests `event` against `pattern`, explaining the verdict only when it is not `expected`.
    pub(crate) fn of(
        pattern_name: &str,
        event_name: &str,
        pattern: &Pattern,
        event: &Event,
        expected: Verdict,
    ) -> Self {
        let actual = if pattern.matches(event) {
            Verdict::Match
        } else {
            Verdict::NoMatch
        };
        let pass = actual == expected;
        Outcome {
            pattern: pattern_name.to_string(),
            event: event_name.to_string(),
            expected,
            actual,
            pass,
            reason: (!pass).then(|| pattern.explain(event).deciding_reason()),
        }
    }
}

/// Every outcome of a suite, in the order of its expectations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// One per (pattern, event) pair of `expect`.
    pub outcomes: Vec<Outcome>,
}

impl Report {
    /// How many expectations hold.
    pub fn passed(&self) -> usize {
        self.outcomes.iter().filter(|o| o.pass).count()
    }

    /// How many expectations fail.
    pub fn failed(&self) -> usize {
        self.outcomes.len() - self.passed()
    }

    /// The outcomes that failed.
    pub fn failures(&self) -> impl Iterator<Item = &Outcome> {
        self.outcomes.iter().filter(|o| !o.pass)
    }
}
