//! The engine's explanation as JavaScript sees it: camelCase names, every span in both units.

use crate::utf16::TextSpan;
use eventlens::{
    CombinationReport, Condition, Event, Explanation, MatcherReport, Pattern, ValueReport,
};
use eventlens::{OrChoice, Utf16Map};
use serde::Serialize;

/// The verdict and a report for every `$or` combination (see the engine's [`Explanation`]).
#[derive(Debug, Clone, Serialize)]
pub struct ExplanationView {
    /// Whether the pattern matches.
    pub matched: bool,
    /// Index of the combination to show first.
    pub best: usize,
    /// One report per `$or` combination.
    pub combinations: Vec<CombinationView>,
}

/// How one `$or` combination fared.
#[derive(Debug, Clone, Serialize)]
pub struct CombinationView {
    /// Whether every condition held together.
    pub matched: bool,
    /// The `$or` branches this combination took.
    pub branches: Vec<BranchView>,
    /// One per field, sorted by path.
    pub conditions: Vec<ConditionView>,
    /// Set when each condition holds alone but no array element satisfies them together.
    pub note: Option<String>,
}

/// Which branch of which `$or` a combination took.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BranchView {
    /// The `$or` key in the pattern.
    pub or_span: TextSpan,
    /// 0-based index of the branch.
    pub branch: usize,
    /// The branch object in the pattern.
    pub branch_span: TextSpan,
}

/// One field condition of the pattern and what it found in the event.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConditionView {
    /// Dotted event path.
    pub path: String,
    /// The matcher list in the pattern.
    pub pattern_span: TextSpan,
    /// The field's key in the pattern.
    pub key_span: TextSpan,
    /// Whether the condition held.
    pub held: bool,
    /// Why, in plain words.
    pub reason: String,
    /// The condition's matchers.
    pub matchers: Vec<MatcherView>,
    /// The event values at the path (the first ones, and the one the match used).
    pub values: Vec<ValueView>,
    /// How many more values the path holds than `values` lists.
    pub values_omitted: usize,
    /// For a failed condition, the likeliest fix.
    pub suggestion: Option<String>,
}

/// One matcher of a condition.
#[derive(Debug, Clone, Serialize)]
pub struct MatcherView {
    /// Operator name (`exact`, `prefix`, `anything-but`, …).
    pub operator: String,
    /// The matcher's pattern text, on one line.
    pub text: String,
    /// The matcher in the pattern.
    pub span: TextSpan,
    /// Whether it accepted any value at the path.
    pub held: bool,
}

/// One event value a condition was tested against.
#[derive(Debug, Clone, Serialize)]
pub struct ValueView {
    /// Path with array positions (`detail.items[1].name`).
    pub path: String,
    /// The value in the event.
    pub span: TextSpan,
    /// The value as JSON.
    pub value: String,
    /// Whether some matcher accepted it.
    pub matched: bool,
    /// Whether the match used this value.
    pub chosen: bool,
    /// Indexes of the matchers that accepted it.
    pub matchers: Vec<usize>,
}

impl ExplanationView {
    /// Explains `event` against `pattern`, with spans in both units of their texts.
    pub fn of(pattern: &Pattern, event: &Event) -> Self {
        Self::new(
            pattern.explain(event),
            &Utf16Map::new(pattern.source()),
            &Utf16Map::new(event.source()),
        )
    }

    /// The view of an explanation made elsewhere (by the bus, say), given the maps of the
    /// pattern text and the event text its spans point into.
    pub fn new(x: Explanation, in_pattern: &Utf16Map, in_event: &Utf16Map) -> Self {
        let Explanation {
            matched,
            best,
            combinations,
        } = x;
        let combinations = combinations
            .into_iter()
            .map(|c| combination(c, in_pattern, in_event))
            .collect();
        ExplanationView {
            matched,
            best,
            combinations,
        }
    }
}

// Each engine report is taken apart whole (no `..`): a field added to one fails to compile here
// until its view carries it too (and `tests/npm/shapes.test.mjs` checks the views against the
// TypeScript declarations).

fn combination(
    CombinationReport {
        matched,
        branches,
        conditions,
        note,
    }: CombinationReport,
    pattern: &Utf16Map,
    event: &Utf16Map,
) -> CombinationView {
    CombinationView {
        matched,
        branches: branches.iter().map(|b| branch(b, pattern)).collect(),
        conditions: conditions
            .into_iter()
            .map(|x| condition(x, pattern, event))
            .collect(),
        note,
    }
}

fn branch(
    &OrChoice {
        or_span,
        branch,
        branch_span,
    }: &OrChoice,
    pattern: &Utf16Map,
) -> BranchView {
    BranchView {
        or_span: TextSpan::new(pattern, or_span),
        branch,
        branch_span: TextSpan::new(pattern, branch_span),
    }
}

fn condition(
    Condition {
        path,
        pattern_span,
        key_span,
        held,
        reason,
        matchers,
        values,
        values_omitted,
        suggestion,
    }: Condition,
    pattern: &Utf16Map,
    event: &Utf16Map,
) -> ConditionView {
    ConditionView {
        path,
        pattern_span: TextSpan::new(pattern, pattern_span),
        key_span: TextSpan::new(pattern, key_span),
        held,
        reason,
        matchers: matchers.into_iter().map(|m| matcher(m, pattern)).collect(),
        values: values.into_iter().map(|v| value(v, event)).collect(),
        values_omitted,
        suggestion,
    }
}

fn matcher(
    MatcherReport {
        operator,
        text,
        span,
        held,
    }: MatcherReport,
    pattern: &Utf16Map,
) -> MatcherView {
    MatcherView {
        operator,
        text,
        span: TextSpan::new(pattern, span),
        held,
    }
}

fn value(
    ValueReport {
        path,
        span,
        value,
        matched,
        chosen,
        matchers,
    }: ValueReport,
    event: &Utf16Map,
) -> ValueView {
    ValueView {
        path,
        span: TextSpan::new(event, span),
        value,
        matched,
        chosen,
        matchers,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::utf16::slice_utf16;

    #[test]
    fn every_span_slices_the_same_text_in_both_units() {
        let p = r#"{"$or": [{"ré": ["😀"]}, {"n": [{"numeric": [">", 1]}]}]}"#;
        let e = r#"{"ré": ["a", "😀"], "n": "日本"}"#;
        let x = ExplanationView::of(&Pattern::compile(p).unwrap(), &Event::parse(e).unwrap());
        assert!(x.matched);
        assert_eq!(x.best, 0);
        let same = |s: TextSpan, t: &str| assert_eq!(s.bytes.slice(t), slice_utf16(t, s.utf16));
        let mut spans = 0;
        for c in &x.combinations {
            for b in &c.branches {
                same(b.or_span, p);
                same(b.branch_span, p);
                spans += 2;
            }
            for cond in &c.conditions {
                same(cond.pattern_span, p);
                same(cond.key_span, p);
                spans += 2;
                for m in &cond.matchers {
                    same(m.span, p);
                    spans += 1;
                }
                for v in &cond.values {
                    same(v.span, e);
                    spans += 1;
                }
            }
        }
        assert_eq!(spans, 13);
        let chosen = &x.combinations[0].conditions[0].values[1];
        assert!(chosen.chosen);
        assert_eq!(slice_utf16(e, chosen.span.utf16), "\"😀\"");
    }
}
