//! The sample library (`web/samples.json`, built into the app): real events with a pattern each,
//! the expected verdict, and the operator samples the quick reference shows; and the libraries of
//! both views, parsed once.

use crate::analysis::Verdict;
use crate::bus_samples::{self, BusSample};
use crate::doc_list::DocList;
use crate::format::pretty;
use crate::workspace::{Doc, Side, Workspace};
use serde::Deserialize;
use serde_json::value::RawValue;

const SOURCE: &str = include_str!("../../../web/samples.json");

/// One entry of the library.
#[derive(Debug, Clone)]
pub struct Sample {
    /// Stable identifier (the sample menu's option value).
    pub id: String,
    /// Menu group (the product the event comes from, or "Operators").
    pub group: String,
    /// Menu title.
    pub title: String,
    /// One sentence on what it shows.
    pub summary: String,
    /// For operator samples: the operator's name and a one-line example.
    pub operator: Option<(String, String)>,
    /// The verdict of the first pattern against the first event (the browser tests read it from
    /// the JSON file; the unit tests from here).
    #[cfg(test)]
    pub expect: Verdict,
    /// The expected matrix (rows: events, columns: patterns), for samples with several of either.
    #[cfg(test)]
    pub matrix: Option<Vec<Vec<Verdict>>>,
    /// What loading it puts in the editors.
    pub workspace: Workspace,
}

#[derive(Deserialize)]
struct Named<'a> {
    name: String,
    #[serde(borrow, alias = "event", alias = "pattern")]
    text: &'a RawValue,
}

#[derive(Deserialize)]
struct Entry<'a> {
    id: String,
    group: String,
    title: String,
    summary: String,
    operator: Option<String>,
    snippet: Option<String>,
    expect: Verdict,
    #[serde(borrow)]
    pattern: &'a RawValue,
    #[serde(borrow)]
    event: &'a RawValue,
    pattern_name: Option<String>,
    event_name: Option<String>,
    #[serde(borrow, default)]
    extra_patterns: Vec<Named<'a>>,
    #[serde(borrow, default)]
    extra_events: Vec<Named<'a>>,
    matrix: Option<Vec<Vec<Verdict>>>,
}

/// Editor text for a sample value: a JSON string holds raw text (for deliberately broken
/// patterns); anything else is laid out afresh.
fn editor_text(raw: &RawValue) -> String {
    let text = raw.get();
    match serde_json::from_str::<String>(text) {
        Ok(verbatim) => verbatim,
        Err(_) => pretty(text).unwrap_or_else(|_| text.to_string()),
    }
}

/// Parses a library. The app's own library is checked by the tests below.
fn parse(source: &str) -> Result<Vec<Sample>, serde_json::Error> {
    let entries: Vec<Entry> = serde_json::from_str(source)?;
    Ok(entries
        .into_iter()
        .map(|e| {
            let first_pattern = Doc::new(
                e.pattern_name.unwrap_or_else(|| "rule-1".into()),
                editor_text(e.pattern),
            );
            let first_event = Doc::new(
                e.event_name.unwrap_or_else(|| "event-1".into()),
                editor_text(e.event),
            );
            let docs = |first: Doc, extra: Vec<Named>| {
                let all = std::iter::once(first)
                    .chain(
                        extra
                            .into_iter()
                            .map(|n| Doc::new(n.name, editor_text(n.text))),
                    )
                    .collect();
                DocList::new(all, 0).expect("a sample has one to MAX_DOCS docs of each")
            };
            let mut workspace = Workspace::of(
                docs(first_pattern, e.extra_patterns),
                docs(first_event, e.extra_events),
            );
            // The library's verdicts come along as the pairs' expectations.
            let cells = e.matrix.clone().unwrap_or_else(|| vec![vec![e.expect]]);
            for (row, verdicts) in cells.iter().enumerate() {
                for (column, verdict) in verdicts.iter().enumerate() {
                    let matches = match verdict {
                        Verdict::Match => true,
                        Verdict::NoMatch => false,
                        _ => continue,
                    };
                    let (p, ev) = (
                        &workspace.patterns.docs()[column],
                        &workspace.events.docs()[row],
                    );
                    let (p, ev) = (p.name.clone(), ev.name.clone());
                    workspace.expect(&p, &ev, Some(matches));
                }
            }
            Sample {
                id: e.id,
                group: e.group,
                title: e.title,
                summary: e.summary,
                operator: e.operator.zip(e.snippet),
                #[cfg(test)]
                expect: e.expect,
                #[cfg(test)]
                matrix: e.matrix,
                workspace,
            }
        })
        .collect())
}

/// The built-in libraries of both views.
pub struct Libraries {
    /// The pattern view's samples.
    pub patterns: Vec<Sample>,
    /// The Bus view's samples.
    pub bus: Vec<BusSample>,
}

/// The libraries, parsed on first use (once per thread; the page has one) and kept for the
/// page's lifetime.
pub fn libraries() -> &'static Libraries {
    thread_local! {
        static LIBRARIES: &'static Libraries = Box::leak(Box::new(Libraries {
            patterns: parse(SOURCE).expect("web/samples.json is checked by the unit tests"),
            bus: bus_samples::built_in(),
        }));
    }
    LIBRARIES.with(|l| *l)
}

/// The pattern view's library.
pub fn all() -> &'static [Sample] {
    &libraries().patterns
}

/// Whether `doc` is one of the library's docs of `side`, unchanged (it can be had again from
/// the menu, so loading another sample may put it away).
pub fn is_pristine(side: Side, doc: &Doc) -> bool {
    all()
        .iter()
        .any(|s| s.workspace.side(side).docs().contains(doc))
}

/// The sample with identifier `id`.
pub fn find(id: &str) -> Option<&'static Sample> {
    all().iter().find(|s| s.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{matrix, Analysis};
    use std::collections::HashSet;

    #[test]
    fn every_sample_gives_its_expected_verdict() {
        for s in all() {
            let w = &s.workspace;
            let a = Analysis::run(w.pattern().text.clone(), w.event().text.clone());
            assert_eq!(a.verdict(), s.expect, "sample {}", s.id);
            if let Some(expected) = &s.matrix {
                let p: Vec<&str> = w.patterns.docs().iter().map(|d| &*d.text).collect();
                let e: Vec<&str> = w.events.docs().iter().map(|d| &*d.text).collect();
                assert_eq!(&matrix(&p, &e), expected, "sample {}", s.id);
            }
        }
    }

    #[test]
    fn the_library_covers_the_products_and_every_operator() {
        let ids: HashSet<&str> = all().iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids.len(), all().len(), "ids are unique");
        for title in [
            "Run Status Change",
            "Task Status Change",
            "RegistrationSucceeded",
            "SearchIndexing",
            "Workflow",
            "heartbeat",
            "package-revision",
            "v2.entity.registered",
            "v2.request.created",
            "S3 Object Created",
            "EC2 instance state change",
        ] {
            assert!(all().iter().any(|s| s.title.contains(title)), "{title}");
        }
        let texts: Vec<&str> = all()
            .iter()
            .filter(|s| s.operator.is_some())
            .map(|s| &*s.workspace.pattern().text)
            .collect();
        for op in [
            "\"prefix\"",
            "\"suffix\"",
            "\"equals-ignore-case\"",
            "\"anything-but\"",
            "\"numeric\"",
            "\"exists\": true",
            "\"exists\": false",
            "\"cidr\"",
            "\"wildcard\"",
            "\"$or\"",
            "null",
            "false",
        ] {
            assert!(texts.iter().any(|t| t.contains(op)), "{op}");
        }
        for inner in ["prefix", "suffix", "equals-ignore-case", "wildcard"] {
            let nested = format!("{{\"anything-but\": {{\"{inner}\"");
            assert!(texts.iter().any(|t| t.contains(&nested)), "{nested}");
        }
    }

    #[test]
    fn samples_expect_their_verdicts() {
        let s = find("many-events-omics").unwrap();
        let w = &s.workspace;
        let expected = s.matrix.as_ref().unwrap();
        assert_eq!(
            w.expectations.len(),
            expected
                .iter()
                .flatten()
                .filter(|v| matches!(v, Verdict::Match | Verdict::NoMatch))
                .count()
        );
        for x in &w.expectations {
            let p = w
                .patterns
                .docs()
                .iter()
                .position(|d| d.name == x.pattern)
                .unwrap();
            let e = w
                .events
                .docs()
                .iter()
                .position(|d| d.name == x.event)
                .unwrap();
            assert_eq!(expected[e][p].meets(Some(x.matches)), Some(true));
        }
    }

    #[test]
    fn broken_samples_keep_their_text_verbatim() {
        let s = find("tdp-heartbeat-as-printed").unwrap();
        assert!(s.workspace.pattern().text.ends_with("\n}"));
        assert_eq!(s.expect, Verdict::InvalidPattern);
    }
}
