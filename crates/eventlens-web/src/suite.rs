//! Suites of expectations in the playground: the workspace written as a suite file (the format
//! `eventlens test-suite` and the npm `runSuite` read), and a suite file opened as a workspace.

use crate::doc_list::{DocList, MAX_DOCS};
use crate::format::pretty;
use crate::workspace::{Doc, Workspace};
use eventlens_suite::{Expectation, Suite, SuiteError};
use std::fmt;

/// Why a suite could not be exported or imported.
#[derive(Debug, Clone, PartialEq)]
pub enum SuiteProblem {
    /// The suite (or the workspace as a suite) is refused, with the reason and place.
    Refused(SuiteError),
    /// The suite has no pattern or no event.
    Empty(&'static str),
    /// The suite has more patterns or events than a workspace holds.
    TooMany(&'static str, usize),
}

impl fmt::Display for SuiteProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SuiteProblem::Refused(e) => match &e.at {
                Some(at) => write!(f, "Line {}, column {}: {}", at.line, at.column, e.message),
                None => f.write_str(&e.message),
            },
            SuiteProblem::Empty(what) => {
                write!(f, "The suite has no {what}: a workspace needs one at least")
            }
            SuiteProblem::TooMany(what, n) => write!(
                f,
                "The suite has {n} {what}; a workspace holds at most {MAX_DOCS}"
            ),
        }
    }
}

/// The workspace as a suite: every pattern and event by name, and the expectations grouped by
/// pattern. Refused when a pattern or an event is invalid (a suite runs only valid texts).
pub fn export(ws: &Workspace) -> Result<Suite, SuiteProblem> {
    let list = |docs: &DocList| {
        docs.docs()
            .iter()
            .map(|d| (d.name.clone(), d.text.to_string()))
            .collect::<Vec<_>>()
    };
    let mut grouped: Vec<Expectation> = Vec::new();
    for x in &ws.expectations {
        let at = match grouped.iter().position(|g| g.pattern == x.pattern) {
            Some(i) => i,
            None => {
                grouped.push(Expectation {
                    pattern: x.pattern.clone(),
                    ..Expectation::default()
                });
                grouped.len() - 1
            }
        };
        let g = &mut grouped[at];
        if x.matches {
            g.matches.push(x.event.clone());
        } else {
            g.no_match.push(x.event.clone());
        }
    }
    Suite::from_lists(list(&ws.patterns), list(&ws.events), grouped).map_err(SuiteProblem::Refused)
}

/// A suite file as a workspace: its patterns and events (laid out when they were written
/// compact, as YAML objects are), the first of each shown, and its expectations.
pub fn import(text: &str) -> Result<Workspace, SuiteProblem> {
    let suite = Suite::parse(text).map_err(SuiteProblem::Refused)?;
    let docs = |what: &'static str, items: Vec<(&str, &str)>| {
        if items.len() > MAX_DOCS {
            return Err(SuiteProblem::TooMany(what, items.len()));
        }
        let docs = items
            .into_iter()
            .map(|(name, text)| Doc::new(name, editor_text(text)))
            .collect();
        DocList::new(docs, 0).ok_or(SuiteProblem::Empty(what))
    };
    let mut ws = Workspace::of(
        docs("patterns", suite.patterns().collect())?,
        docs("events", suite.events().collect())?,
    );
    for x in suite.expectations() {
        for (events, matches) in [(&x.matches, true), (&x.no_match, false)] {
            for event in events {
                ws.expect(&x.pattern, event, Some(matches));
            }
        }
    }
    Ok(ws)
}

/// A text for the editor: laid out when it is on one line (a suite's compact objects), else as
/// written.
fn editor_text(text: &str) -> String {
    if text.contains('\n') {
        return text.to_string();
    }
    pretty(text).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc_list::DocAction;
    use crate::workspace::Side;

    fn workspace() -> Workspace {
        let mut ws = Workspace::single(
            "{\"detail\": {\"status\": [\"FAILED\"]}}",
            "{\"detail\": {\"status\": \"FAILED\"}}",
        );
        ws.apply(
            Side::Event,
            DocAction::Open(Doc::new("ok", "{\"detail\": {\"status\": \"COMPLETED\"}}")),
        );
        ws.expect("rule-1", "event-1", Some(true));
        ws.expect("rule-1", "ok", Some(false));
        ws
    }

    #[test]
    fn a_workspace_round_trips_through_both_formats() {
        let ws = workspace();
        let suite = export(&ws).unwrap();
        assert_eq!(suite.run().failed(), 0);
        for text in [suite.to_json(), suite.to_yaml()] {
            let back = import(&text).unwrap();
            let names = |l: &DocList| l.docs().iter().map(|d| d.name.clone()).collect::<Vec<_>>();
            assert_eq!(names(&back.patterns), names(&ws.patterns), "{text}");
            assert_eq!(names(&back.events), names(&ws.events));
            assert_eq!(back.expectations, ws.expectations);
            for (a, b) in back.events.docs().iter().zip(ws.events.docs()) {
                let value = |t: &str| serde_json::from_str::<serde_json::Value>(t).unwrap();
                assert_eq!(value(&a.text), value(&b.text));
            }
        }
    }

    #[test]
    fn invalid_texts_and_suites_are_refused_with_a_place() {
        let mut ws = workspace();
        ws.apply(Side::Pattern, DocAction::Edit("{\"a\": 1}".into()));
        let why = export(&ws).unwrap_err().to_string();
        assert!(
            why.contains("rule-1") || why.contains("Event pattern is not valid"),
            "{why}"
        );
        let why =
            import("patterns:\n  p: {\"a\": [1]}\nevents: {}\nexpect:\n  q:\n    match: [e]\n")
                .unwrap_err()
                .to_string();
        assert!(why.starts_with("Line "), "{why}");
        assert_eq!(
            import("patterns:\n  p: {\"a\": [1]}\nevents: {}\n").unwrap_err(),
            SuiteProblem::Empty("events")
        );
    }
}
