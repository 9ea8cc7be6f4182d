//! Checking a suite as read: unique names, patterns and events the engine accepts, and
//! expectations that name only what the suite defines.

use crate::error::{Place, SuiteError, SuiteErrorKind};
use crate::read::{duplicate, Draft, DraftExpect, Entry, Inner, Ref};
use crate::{Expectation, Suite};
use eventlens::{Event, Limits, Pattern, Span};
use eventlens_bus::locate::raw_offset;

/// The draft of a suite given as plain lists: nothing has a place in a file.
pub(crate) fn draft_of(
    patterns: Vec<(String, String)>,
    events: Vec<(String, String)>,
    expectations: Vec<Expectation>,
) -> Draft {
    let entries = |list: Vec<(String, String)>| {
        list.into_iter()
            .map(|(name, text)| Entry {
                name,
                at: None,
                text,
                inner: Inner::Fixed(None),
            })
            .collect()
    };
    let refs = |names: Vec<String>| {
        names
            .into_iter()
            .map(|name| Ref { name, at: None })
            .collect()
    };
    Draft {
        patterns: entries(patterns),
        events: entries(events),
        expect: expectations
            .into_iter()
            .map(|x| DraftExpect {
                pattern: Ref {
                    name: x.pattern,
                    at: None,
                },
                matches: refs(x.matches),
                no_match: refs(x.no_match),
            })
            .collect(),
    }
}

/// Where the bytes `span` of an entry's text are in the suite `file`.
fn inner_place(file: Option<&str>, inner: Inner, span: Span) -> Option<Place> {
    let file = file?;
    let span = match inner {
        Inner::Raw(start) => Span::new(start + span.start, start + span.end),
        Inner::Literal(literal) => {
            let raw = literal.slice(file);
            Span::new(
                literal.start + raw_offset(raw, span.start),
                literal.start + raw_offset(raw, span.end),
            )
        }
        Inner::Fixed(at) => return at,
    };
    Some(Place::of(file, span))
}

/// Compiles each entry with `build`, refusing a name given twice.
fn build_all<T, E>(
    entries: Vec<Entry>,
    what: &str,
    file: Option<&str>,
    build: impl Fn(&str) -> Result<T, E>,
    refuse: impl Fn(String, E) -> (SuiteErrorKind, String, Span),
) -> Result<Vec<(String, T)>, SuiteError> {
    let mut out: Vec<(String, T)> = Vec::with_capacity(entries.len());
    for entry in entries {
        if out.iter().any(|(n, _)| *n == entry.name) {
            return Err(duplicate(&entry.name, what, entry.at));
        }
        match build(&entry.text) {
            Ok(built) => out.push((entry.name, built)),
            Err(e) => {
                let (kind, message, span) = refuse(entry.name, e);
                return Err(SuiteError::new(
                    kind,
                    message,
                    inner_place(file, entry.inner, span),
                ));
            }
        }
    }
    Ok(out)
}

/// Checks a draft into a suite; `file` is the text it was read from, if any.
pub(crate) fn assemble(
    draft: Draft,
    file: Option<&str>,
    limits: &Limits,
) -> Result<Suite, SuiteError> {
    let patterns = build_all(
        draft.patterns,
        "pattern",
        file,
        |text| Pattern::compile_with(text, limits),
        |name, e| {
            let message = format!("pattern \"{name}\": {}", e.message);
            let span = e.span;
            (
                SuiteErrorKind::InvalidPattern {
                    name,
                    error: Box::new(e),
                },
                message,
                span,
            )
        },
    )?;
    let events = build_all(
        draft.events,
        "event",
        file,
        |text| Event::parse_with(text, limits),
        |name, e| {
            let message = format!("event \"{name}\": {}", e.message);
            let span = e.span;
            (
                SuiteErrorKind::InvalidEvent {
                    name,
                    error: Box::new(e),
                },
                message,
                span,
            )
        },
    )?;
    let mut expectations: Vec<Expectation> = Vec::with_capacity(draft.expect.len());
    for x in draft.expect {
        let name = &x.pattern.name;
        if !patterns.iter().any(|(n, _)| n == name) {
            return Err(unknown("pattern", &x.pattern));
        }
        if expectations.iter().any(|e| e.pattern == *name) {
            return Err(duplicate(name, "expectation of the pattern", x.pattern.at));
        }
        for (i, r) in x.matches.iter().chain(&x.no_match).enumerate() {
            if !events.iter().any(|(n, _)| *n == r.name) {
                return Err(unknown("event", r));
            }
            let (list, earlier) = if i < x.matches.len() {
                ("match", &x.matches[..i])
            } else {
                ("no-match", &x.no_match[..i - x.matches.len()])
            };
            if earlier.iter().any(|e| e.name == r.name) {
                return Err(duplicate(
                    &r.name,
                    &format!("event in `{list}` of \"{name}\""),
                    r.at,
                ));
            }
        }
        if let Some(both) = x
            .no_match
            .iter()
            .find(|r| x.matches.iter().any(|m| m.name == r.name))
        {
            return Err(SuiteError::new(
                SuiteErrorKind::InBothLists {
                    pattern: name.clone(),
                    event: both.name.clone(),
                },
                format!(
                    "The event \"{}\" is listed in both `match` and `no-match` of \"{name}\"",
                    both.name
                ),
                both.at,
            ));
        }
        let names = |refs: Vec<Ref>| refs.into_iter().map(|r| r.name).collect();
        expectations.push(Expectation {
            pattern: x.pattern.name,
            matches: names(x.matches),
            no_match: names(x.no_match),
        });
    }
    Ok(Suite {
        patterns,
        events,
        expectations,
    })
}

fn unknown(what: &str, r: &Ref) -> SuiteError {
    SuiteError::new(
        SuiteErrorKind::UnknownName {
            name: r.name.clone(),
        },
        format!(
            "`expect` names the {what} \"{}\", which the suite does not define",
            r.name
        ),
        r.at,
    )
}
