//! Highlights for the two editors, from an explanation: each condition of the shown `$or`
//! combination in the pattern, and the event values it was tested against.

use crate::edit::Change;
use eventlens::{Explanation, Span};

/// How a highlighted piece of text fared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// It held (green).
    Held,
    /// It failed (red).
    Failed,
    /// It played no part in the verdict (grey).
    Unreached,
}

impl Status {
    /// The CSS class of the highlight.
    pub fn class(self) -> &'static str {
        match self {
            Status::Held => "m-held",
            Status::Failed => "m-failed",
            Status::Unreached => "m-unreached",
        }
    }
}

/// One highlight: a span, how it fared and which condition (by index in the shown combination)
/// it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    /// The bytes highlighted.
    pub span: Span,
    /// Green, red or grey.
    pub status: Status,
    /// The condition, when it belongs to the shown combination.
    pub cond: Option<u32>,
}

/// Highlights for both editors.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Marks {
    /// In the pattern text.
    pub pattern: Vec<Mark>,
    /// In the event text.
    pub event: Vec<Mark>,
}

/// The highlights of combination `shown` of `x`. Conditions that only other combinations use
/// are grey in the pattern.
pub fn marks(x: &Explanation, shown: usize) -> Marks {
    let mut out = Marks::default();
    let Some(combination) = x.combinations.get(shown) else {
        return out;
    };
    for (i, c) in combination.conditions.iter().enumerate() {
        let cond = Some(i as u32);
        let status = if c.held { Status::Held } else { Status::Failed };
        out.pattern.push(Mark {
            span: c.key_span,
            status,
            cond,
        });
        for m in &c.matchers {
            let status = match (m.held, c.held) {
                (true, _) => Status::Held,
                (false, true) => Status::Unreached,
                (false, false) => Status::Failed,
            };
            out.pattern.push(Mark {
                span: m.span,
                status,
                cond,
            });
        }
        let used_one = c.values.iter().any(|v| v.chosen);
        for v in &c.values {
            let status = match (v.matched, c.held) {
                (true, true) if used_one && !v.chosen => Status::Unreached,
                (true, _) => Status::Held,
                (false, true) => Status::Unreached,
                (false, false) => Status::Failed,
            };
            out.event.push(Mark {
                span: v.span,
                status,
                cond,
            });
        }
    }
    for (k, other) in x.combinations.iter().enumerate() {
        if k == shown {
            continue;
        }
        for c in &other.conditions {
            if out.pattern.iter().any(|m| m.span == c.key_span) {
                continue;
            }
            for span in [c.key_span, c.pattern_span] {
                out.pattern.push(Mark {
                    span,
                    status: Status::Unreached,
                    cond: None,
                });
            }
        }
    }
    out.pattern.sort_by_key(|m| (m.span.start, m.span.end));
    out.event.sort_by_key(|m| (m.span.start, m.span.end));
    out.event.dedup_by_key(|m| m.span);
    out
}

/// `marks` moved to follow an edit from `old` to `new`; those the edit touched are dropped.
pub fn follow(marks: &[Mark], old: &str, new: &str) -> Vec<Mark> {
    if old == new {
        return marks.to_vec();
    }
    let change = Change::between(old, new);
    marks
        .iter()
        .filter_map(|m| change.map(m.span).map(|span| Mark { span, ..*m }))
        .collect()
}

/// A span moved to follow an edit, or `None` when the edit touched it.
pub fn follow_span(span: Span, old: &str, new: &str) -> Option<Span> {
    if old == new {
        return Some(span);
    }
    Change::between(old, new).map(span)
}

/// The condition whose highlight covers byte `offset`, if any (the innermost one).
pub fn condition_at(marks: &[Mark], offset: usize) -> Option<u32> {
    marks
        .iter()
        .filter(|m| m.span.start <= offset && offset < m.span.end.max(m.span.start + 1))
        .min_by_key(|m| m.span.end - m.span.start)
        .and_then(|m| m.cond)
}

#[cfg(test)]
mod tests {
    use super::*;
    use eventlens::{Event, Pattern};

    fn explain(p: &str, e: &str) -> Explanation {
        Pattern::compile(p)
            .unwrap()
            .explain(&Event::parse(e).unwrap())
    }

    fn shown(text: &str, marks: &[Mark]) -> Vec<(String, Status)> {
        marks
            .iter()
            .map(|m| (m.span.slice(text).to_string(), m.status))
            .collect()
    }

    #[test]
    fn a_miss_is_red_on_both_sides() {
        let p = r#"{"detail": {"status": ["COMPLETED", "FAILED"]}, "source": ["aws.omics"]}"#;
        let e = r#"{"source": "aws.omics", "detail": {"status": "RUNNING"}}"#;
        let m = marks(&explain(p, e), 0);
        use Status::*;
        assert_eq!(
            shown(p, &m.pattern),
            vec![
                ("\"status\"".into(), Failed),
                ("\"COMPLETED\"".into(), Failed),
                ("\"FAILED\"".into(), Failed),
                ("\"source\"".into(), Held),
                ("\"aws.omics\"".into(), Held),
            ]
        );
        assert_eq!(
            shown(e, &m.event),
            vec![
                ("\"aws.omics\"".into(), Held),
                ("\"RUNNING\"".into(), Failed)
            ]
        );
        assert_eq!(m.event[1].cond, Some(0));
    }

    #[test]
    fn unused_matchers_and_other_branches_are_grey() {
        let p = r#"{"$or": [{"a": ["1", "2"]}, {"b": ["3"]}]}"#;
        let e = r#"{"a": "1", "b": "9"}"#;
        let x = explain(p, e);
        let m = marks(&x, x.best);
        use Status::*;
        assert_eq!(
            shown(p, &m.pattern),
            vec![
                ("\"a\"".into(), Held),
                ("\"1\"".into(), Held),
                ("\"2\"".into(), Unreached),
                ("\"b\"".into(), Unreached),
                ("[\"3\"]".into(), Unreached),
            ]
        );
        assert_eq!(m.pattern[3].cond, None);
        assert_eq!(shown(e, &m.event), vec![("\"1\"".into(), Held)]);
    }

    #[test]
    fn array_values_not_used_by_the_match_are_grey() {
        let p = r#"{"r": ["b"]}"#;
        let e = r#"{"r": ["a", "b"]}"#;
        let m = marks(&explain(p, e), 0);
        use Status::*;
        assert_eq!(
            shown(e, &m.event),
            vec![("\"a\"".into(), Unreached), ("\"b\"".into(), Held)]
        );
    }

    #[test]
    fn marks_follow_edits_and_find_conditions() {
        let m = vec![
            Mark {
                span: Span::new(1, 4),
                status: Status::Held,
                cond: Some(0),
            },
            Mark {
                span: Span::new(6, 9),
                status: Status::Failed,
                cond: Some(1),
            },
        ];
        let moved = follow(&m, "{\"a\":[\"b\"]}", "{\"a\":  [\"b\"]}");
        assert_eq!(moved[0].span, Span::new(1, 4));
        assert_eq!(moved[1].span, Span::new(8, 11));
        assert_eq!(follow(&m, "{\"a\":[\"b\"]}", "{\"aa\":[\"b\"]}").len(), 1);
        assert_eq!(condition_at(&m, 7), Some(1));
        assert_eq!(condition_at(&m, 5), None);
    }
}
