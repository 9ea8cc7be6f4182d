//! Matching a pattern against an event, and explaining the verdict condition by condition with
//! spans in both texts.

use crate::eval::{candidates, solve, Choice, FieldCandidates};
use crate::event::{Event, LeafIndex};
use crate::json::EntryKind;
use crate::pattern::{Combination, Field, Op, OrChoice, Pattern, Scalar};
use crate::suggest;
use crate::Span;
use serde::Serialize;
use std::cell::OnceCell;

/// How many values of one condition an explanation lists.
pub const MAX_REPORTED_VALUES: usize = 100;

/// [`Pattern::explain`]: every condition of every `$or` combination, what it was tested
/// against, whether it held and why.
pub(crate) fn explain(pattern: &Pattern, event: &Event) -> Explanation {
    let index = event.index(&pattern.paths());
    let event_paths = OnceCell::new();
    let combinations: Vec<CombinationReport> = pattern
        .combinations()
        .iter()
        .map(|combination| pattern.report(event, &index, combination, &event_paths))
        .collect();
    let matched = combinations.iter().any(|c| c.matched);
    let best = combinations
        .iter()
        .enumerate()
        .max_by_key(|(i, c)| {
            (
                c.matched,
                c.conditions.iter().filter(|x| x.held).count(),
                usize::MAX - i,
            )
        })
        .map(|(i, _)| i)
        .unwrap_or(0);
    Explanation {
        matched,
        best,
        combinations,
    }
}

impl Pattern {
    fn report(
        &self,
        event: &Event,
        index: &LeafIndex,
        combination: &Combination,
        event_paths: &OnceCell<Vec<String>>,
    ) -> CombinationReport {
        let fields = self.combination_fields(combination);
        let cands = candidates(event, index, &fields);
        let solution = solve(index, &cands);
        let conditions: Vec<Condition> = fields
            .iter()
            .zip(&cands)
            .enumerate()
            .map(|(i, (field, cand))| {
                let chosen = solution.as_ref().map(|s| s[i].clone());
                self.condition(event, index, field, cand, chosen, event_paths)
            })
            .collect();
        let note = (solution.is_none() && conditions.iter().all(|c| c.held))
            .then(|| consistency_note(event, index, &fields, &cands));
        CombinationReport {
            matched: solution.is_some(),
            branches: combination.choices.clone(),
            conditions,
            note,
        }
    }

    fn condition(
        &self,
        event: &Event,
        index: &LeafIndex,
        field: &Field,
        cand: &FieldCandidates,
        chosen: Option<Choice>,
        event_paths: &OnceCell<Vec<String>>,
    ) -> Condition {
        let src = self.source();
        let matchers: Vec<MatcherReport> = field
            .matchers
            .iter()
            .map(|m| MatcherReport {
                operator: m.op.name().to_string(),
                text: compact(m.span.slice(src)),
                span: m.span,
                held: false,
            })
            .collect();
        let mut report = Condition {
            path: field.path.clone(),
            pattern_span: field.span,
            key_span: field.key_span,
            held: false,
            reason: String::new(),
            matchers,
            values: Vec::new(),
            values_omitted: 0,
            suggestion: None,
        };
        let accepted_by = |value: &Scalar| -> Vec<usize> {
            field
                .matchers
                .iter()
                .enumerate()
                .filter(|(_, m)| m.op != Op::Exists(false) && m.op.test(value))
                .map(|(k, _)| k)
                .collect()
        };
        for (i, leaf) in cand.leaves.iter().enumerate() {
            let value = event.scalar(leaf.node);
            let by = accepted_by(&value);
            for &k in &by {
                report.matchers[k].held = true;
            }
            let is_chosen = chosen == Some(Choice::Leaf(i));
            // A path's values are listed up to a bound (the chosen one always): a huge array
            // must not make the explanation grow with its size times its depth.
            if report.values.len() >= MAX_REPORTED_VALUES && !is_chosen {
                report.values_omitted += 1;
                continue;
            }
            report.values.push(ValueReport {
                path: index.display_path(event, leaf),
                span: event.span(leaf.node),
                value: value.json(),
                matched: !by.is_empty(),
                chosen: is_chosen,
                matchers: by,
            });
        }
        let containers = index
            .containers
            .get(&field.path)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let container_desc = containers.first().map(|&c| match event.kind(c) {
            EntryKind::Array => "an empty array",
            _ => "an object",
        });
        let expected = expectation(field, src);
        let path = &field.path;
        // Whether it held: in a matching combination, by the chosen way; otherwise on its own.
        report.held = match &chosen {
            Some(_) => true,
            None => !cand.accepted.is_empty() || (cand.absence_ok && cand.leaves.is_empty()),
        };
        report.reason = match (&chosen, report.held) {
            (Some(Choice::Absent), _) | (None, true) if cand.accepted.is_empty() => {
                for m in report.matchers.iter_mut().filter(|m| m.text.contains("exists")) {
                    m.held = true;
                }
                match container_desc {
                    Some(what) => format!("`{path}` holds no value (it is {what}), as `exists: false` requires"),
                    None => format!("`{path}` is missing, as `exists: false` requires"),
                }
            }
            (Some(Choice::Absent), _) => format!("`{path}` has no value in the array elements the conditions on the paths before it matched, as `exists: false` requires"),
            (_, true) => {
                let v = chosen
                    .as_ref()
                    .and_then(|c| match c {
                        Choice::Leaf(i) => Some(*i),
                        Choice::Absent => None,
                    })
                    .or_else(|| cand.accepted.first().copied())
                    .expect("a held condition has an accepted value");
                let value = event.scalar(cand.leaves[v].node);
                let by = &report.matchers[accepted_by(&value)[0]].text;
                format!("`{path}` is {}, which matches {by}", value.json())
            }
            (_, false) if cand.leaves.is_empty() => match container_desc {
                Some(what) => format!("`{path}` is {what}, not a value; expected {expected}"),
                None => format!("`{path}` is missing; expected {expected}"),
            },
            (_, false) => self.miss_reason(event, field, cand, &expected),
        };
        if !report.held {
            report.suggestion = if cand.leaves.is_empty() && containers.is_empty() {
                // At most 10,000 paths are compared, so a huge event cannot stall the hint.
                suggest::for_event_form(path, event).or_else(|| {
                    suggest::for_missing_path(
                        path,
                        event_paths.get_or_init(|| event.value_paths(10_000)),
                    )
                })
            } else {
                let values: Vec<Scalar> =
                    cand.leaves.iter().map(|l| event.scalar(l.node)).collect();
                suggest::for_values(field, &values)
            };
        }
        report
    }

    fn miss_reason(
        &self,
        event: &Event,
        field: &Field,
        cand: &FieldCandidates,
        expected: &str,
    ) -> String {
        let path = &field.path;
        let values: Vec<Scalar> = cand.leaves.iter().map(|l| event.scalar(l.node)).collect();
        if field.accepts_absence() && field.matchers.len() == 1 {
            return format!(
                "`{path}` is {}, but `exists: false` requires it to be missing",
                values[0].json()
            );
        }
        // A type miss is the likeliest mistake: say it plainly.
        let ops: Vec<&Op> = field.matchers.iter().map(|m| &m.op).collect();
        if ops.iter().all(|o| matches!(o, Op::AnythingBut(_))) {
            let shown: Vec<String> = values.iter().take(5).map(Scalar::json).collect();
            return match shown.as_slice() {
                [one] => format!("`{path}` is {one}, which anything-but excludes"),
                _ => format!(
                    "`{path}` has the values {}{}, each of which anything-but excludes",
                    shown.join(", "),
                    if values.len() > 5 { " and more" } else { "" }
                ),
            };
        }
        if values.len() == 1 {
            let v = &values[0];
            if ops.iter().all(|o| matches!(o, Op::Numeric { .. }))
                && !matches!(v, Scalar::Number { .. })
            {
                return format!(
                    "`numeric` needs a number, found {} at `{path}`",
                    v.describe()
                );
            }
            if ops.iter().all(|o| o.wants_string()) && !matches!(v, Scalar::String(_)) {
                let name = ops[0].name();
                let op = if ops.iter().all(|o| o.name() == name) {
                    format!("`{name}`")
                } else {
                    "this condition".to_string()
                };
                return format!("{op} needs a string, found {} at `{path}`", v.describe());
            }
            return format!("`{path}` is {}; expected {expected}", v.json());
        }
        let shown: Vec<String> = values.iter().take(5).map(Scalar::json).collect();
        let more = if values.len() > 5 {
            format!(" and {} more", values.len() - 5)
        } else {
            String::new()
        };
        format!(
            "`{path}` has the values {}{more}; none is {expected}",
            shown.join(", ")
        )
    }
}

/// Why conditions that each hold do not hold together: where each one's accepted values are (the
/// array elements, by index), for the fields whose values lie in arrays.
fn consistency_note(
    event: &Event,
    index: &LeafIndex,
    fields: &[&Field],
    cands: &[FieldCandidates],
) -> String {
    let places: Vec<String> = fields
        .iter()
        .zip(cands)
        .filter(|(_, c)| c.accepted.iter().any(|&i| c.leaves[i].element.is_some()))
        .map(|(f, c)| {
            let at: Vec<String> = c
                .accepted
                .iter()
                .take(3)
                .map(|&i| format!("`{}`", index.display_path(event, &c.leaves[i])))
                .collect();
            let more = if c.accepted.len() > 3 { " …" } else { "" };
            format!("`{}` holds only at {}{more}", f.path, at.join(", "))
        })
        .collect();
    format!(
        "Each condition holds on its own, but not within one element of the same array ({}): \
         conditions on fields inside an array must be met by a single element",
        places.join("; ")
    )
}

/// What a field expects, in words: `"A"`, `one of "A", "B"`, or the matchers' own text.
fn expectation(field: &Field, src: &str) -> String {
    let texts: Vec<String> = field
        .matchers
        .iter()
        .map(|m| compact(m.span.slice(src)))
        .collect();
    let all_exact = field.matchers.iter().all(|m| m.op.name() == "exact");
    match (all_exact, texts.len()) {
        (_, 1) => texts[0].clone(),
        (true, _) => format!("one of {}", texts.join(", ")),
        (false, _) => format!("any of {}", texts.join(", ")),
    }
}

/// Pattern text on one line with runs of white space folded.
fn compact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    let mut last_space = false;
    for c in text.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
            continue;
        }
        last_space = false;
        if c == '"' {
            in_string = true;
        }
        out.push(c);
    }
    out.trim().to_string()
}

/// The verdict and a report for every `$or` combination.
///
/// ```
/// use eventlens::{Event, Pattern};
/// let pattern = r#"{"$or": [{"source": ["aws.s3"]}, {"detail": {"size": [{"numeric": [">", 100]}]}}]}"#;
/// let event = r#"{"source": "aws.ec2", "detail": {"size": [7, 120]}}"#;
/// let p = Pattern::compile(pattern).unwrap();
/// let why = p.explain(&Event::parse(event).unwrap());
/// assert!(why.matched);
/// assert_eq!(why.best, 1); // the second combination matched
/// let size = &why.combinations[1].conditions[0];
/// assert_eq!((size.path.as_str(), size.held), ("detail.size", true));
/// // Spans point into both texts: the matcher in the pattern, each value in the event.
/// assert_eq!(size.matchers[0].span.slice(pattern), r#"{"numeric": [">", 100]}"#);
/// let chosen = size.values.iter().find(|v| v.chosen).unwrap();
/// assert_eq!((chosen.path.as_str(), chosen.span.slice(event)), ("detail.size[1]", "120"));
/// // The first combination failed, and says why.
/// assert_eq!(why.combinations[0].conditions[0].reason, r#"`source` is "aws.ec2"; expected "aws.s3""#);
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// Whether the pattern matches.
    pub matched: bool,
    /// Index of the combination to show first: a matching one, else the one closest to matching.
    pub best: usize,
    /// One report per `$or` combination (one when the pattern has no `$or`).
    pub combinations: Vec<CombinationReport>,
}

impl Explanation {
    /// Why the verdict went as it did, in plain words. No match: the first condition of the
    /// combination closest to matching that failed, with its hint (`… (hint: …)`), or why its
    /// conditions fail together. A match: the conditions of the matching combination, joined
    /// by `; `.
    pub fn deciding_reason(&self) -> String {
        let Some(best) = self.combinations.get(self.best) else {
            return "the pattern has no conditions".to_string();
        };
        if !self.matched {
            if let Some(c) = best.conditions.iter().find(|c| !c.held) {
                return match &c.suggestion {
                    Some(hint) => format!("{} (hint: {hint})", c.reason),
                    None => c.reason.clone(),
                };
            }
            if let Some(note) = &best.note {
                return note.clone();
            }
        }
        let held: Vec<&str> = best.conditions.iter().map(|c| c.reason.as_str()).collect();
        if held.is_empty() {
            "the pattern has no conditions".to_string()
        } else {
            held.join("; ")
        }
    }
}

/// How one `$or` combination fared.
#[derive(Debug, Clone, Serialize)]
pub struct CombinationReport {
    /// Whether every condition held together.
    pub matched: bool,
    /// The `$or` branches this combination took.
    pub branches: Vec<OrChoice>,
    /// One per field, sorted by path.
    pub conditions: Vec<Condition>,
    /// Set when each condition holds alone but no array element satisfies them together.
    pub note: Option<String>,
}

/// One field condition of the pattern and what it found in the event.
#[derive(Debug, Clone, Serialize)]
pub struct Condition {
    /// Dotted event path.
    pub path: String,
    /// The matcher list in the pattern text.
    pub pattern_span: Span,
    /// The field's key in the pattern text.
    pub key_span: Span,
    /// Whether the condition held (in a matching combination: as part of the match).
    pub held: bool,
    /// Why, in plain words.
    pub reason: String,
    /// The condition's matchers.
    pub matchers: Vec<MatcherReport>,
    /// The event values at the path, in event order: the first [`MAX_REPORTED_VALUES`], and
    /// the one the match used if it comes later.
    pub values: Vec<ValueReport>,
    /// How many more values the path holds than `values` lists.
    pub values_omitted: usize,
    /// For a failed condition, the likeliest fix: a nearby path, a letter-case or type slip, or
    /// the closest value present.
    pub suggestion: Option<String>,
}

/// One matcher of a condition.
#[derive(Debug, Clone, Serialize)]
pub struct MatcherReport {
    /// Operator name (`exact`, `prefix`, `anything-but`, …).
    pub operator: String,
    /// The matcher's pattern text, on one line.
    pub text: String,
    /// The matcher in the pattern text.
    pub span: Span,
    /// Whether it accepted any value at the path.
    pub held: bool,
}

/// One event value a condition was tested against.
#[derive(Debug, Clone, Serialize)]
pub struct ValueReport {
    /// Path with array positions (`detail.items[1].name`).
    pub path: String,
    /// The value in the event text.
    pub span: Span,
    /// The value as JSON.
    pub value: String,
    /// Whether some matcher accepted it.
    pub matched: bool,
    /// Whether the match used this value (array consistency picks one per condition).
    pub chosen: bool,
    /// Indexes of the matchers that accepted it.
    pub matchers: Vec<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn explain(p: &str, e: &str) -> Explanation {
        Pattern::compile(p)
            .unwrap()
            .explain(&Event::parse(e).unwrap())
    }

    #[test]
    fn the_deciding_reason_is_the_first_failure_or_the_conditions_that_held() {
        let p = r#"{"source": ["aws.omics"], "detail": {"status": ["FAILED"]}}"#;
        let miss = explain(
            p,
            r#"{"source": "aws.omics", "detail": {"status": "DONE"}}"#,
        );
        assert_eq!(
            miss.deciding_reason(),
            r#"`detail.status` is "DONE"; expected "FAILED""#
        );
        let hit = explain(
            p,
            r#"{"source": "aws.omics", "detail": {"status": "FAILED"}}"#,
        );
        let why = hit.deciding_reason();
        assert!(
            why.contains("`source`") && why.contains("`detail.status`") && why.contains("; "),
            "{why}"
        );
        // A slip of letter case comes with its hint.
        let slip = explain(
            r#"{"detail": {"status": ["FAILED"]}}"#,
            r#"{"detail": {"Status": "FAILED"}}"#,
        );
        assert!(
            slip.deciding_reason().contains("(hint: "),
            "{}",
            slip.deciding_reason()
        );
    }

    #[test]
    fn reasons_for_misses() {
        let x = explain(
            r#"{"detail":{"status":["COMPLETED","CANCELLED"]}}"#,
            r#"{"detail":{"status":"FAILED"}}"#,
        );
        assert!(!x.matched);
        assert_eq!(
            x.combinations[0].conditions[0].reason,
            r#"`detail.status` is "FAILED"; expected one of "COMPLETED", "CANCELLED""#
        );
        let x = explain(
            r#"{"detail":{"size":[{"numeric":[">",1]}]}}"#,
            r#"{"detail":{}}"#,
        );
        assert!(x.combinations[0].conditions[0]
            .reason
            .starts_with("`detail.size` is missing"));
        let x = explain(
            r#"{"detail":{"size":[{"numeric":[">",1]}]}}"#,
            r#"{"detail":{"size":"12"}}"#,
        );
        assert_eq!(
            x.combinations[0].conditions[0].reason,
            r#"`numeric` needs a number, found the string "12" at `detail.size`"#
        );
    }

    #[test]
    fn spans_point_at_both_texts() {
        let p = r#"{"a": [{"prefix": "é"}]}"#;
        let e = r#"{"a": ["x", "éa"]}"#;
        let x = explain(p, e);
        assert!(x.matched);
        let c = &x.combinations[0].conditions[0];
        assert_eq!(c.matchers[0].span.slice(p), r#"{"prefix": "é"}"#);
        assert_eq!(c.values[1].span.slice(e), r#""éa""#);
        assert!(c.values[1].chosen);
    }

    #[test]
    fn or_branches_are_reported() {
        let x = explain(r#"{"$or":[{"a":["1"]},{"b":["2"]}]}"#, r#"{"b":"2"}"#);
        assert!(x.matched);
        assert_eq!(x.best, 1);
        assert_eq!(x.combinations[1].branches[0].branch, 1);
    }

    #[test]
    fn anything_but_and_array_reasons_in_words() {
        let x = explain(
            r#"{"s": [{"anything-but": ["approved", "done"]}]}"#,
            r#"{"s": "approved"}"#,
        );
        assert_eq!(
            x.combinations[0].conditions[0].reason,
            r#"`s` is "approved", which anything-but excludes"#
        );
        let x = explain(
            r#"{"s": [{"anything-but": {"prefix": "app"}}]}"#,
            r#"{"s": ["apple", "approved"]}"#,
        );
        assert_eq!(
            x.combinations[0].conditions[0].reason,
            r#"`s` has the values "apple", "approved", each of which anything-but excludes"#
        );
        let x = explain(
            r#"{"a": {"x": ["1"], "y": ["2"]}}"#,
            r#"{"a": [{"x": "1", "y": "0"}, {"x": "0", "y": "2"}]}"#,
        );
        let note = x.combinations[0].note.as_deref().unwrap();
        assert!(
            note.contains("(`a.x` holds only at `a[0].x`; `a.y` holds only at `a[1].y`)"),
            "{note}"
        );
    }
}
