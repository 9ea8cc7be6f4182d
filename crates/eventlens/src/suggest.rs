//! Hints for a condition that failed: the field path the author probably meant, a value that
//! differs only in letter case, a number written as a string, or the closest value present; and
//! for an event pasted in another form than the one EventBridge delivers, that form.

use crate::event::Event;
use crate::json::EntryKind;
use crate::pattern::{Field, Op, Scalar};
use strsim::levenshtein;

/// The top-level fields of the event EventBridge delivers, in its order.
pub const DELIVERED_FIELDS: &[&str] = &[
    "version",
    "id",
    "detail-type",
    "source",
    "account",
    "time",
    "region",
    "resources",
    "detail",
];

/// Top-level keys that mark a PutEvents entry (or a whole request) rather than an event.
const ENTRY_KEYS: &[&str] = &["Source", "DetailType", "Detail", "Entries"];

/// A hint for a field missing from an event that is not in the form EventBridge delivers: a
/// PutEvents entry pasted as the event (the pattern's envelope field is right, the event is
/// not), or a `detail` that holds JSON text in a string. `None` for an event in the usual form.
pub fn for_event_form(path: &str, event: &Event) -> Option<String> {
    let top = path.split('.').next().unwrap_or(path);
    if !DELIVERED_FIELDS.contains(&top) {
        return None;
    }
    match event.top_level(top) {
        None if ENTRY_KEYS.iter().any(|k| event.top_level(k).is_some()) => Some(format!(
            "the event looks like a PutEvents entry (`Source`, `DetailType`, `Detail`), not the event EventBridge delivers, which has `{top}`: convert the entry to the delivered event rather than renaming `{path}` in the pattern"
        )),
        Some(value) if top != path && event.kind(value) == EntryKind::String => Some(format!(
            "`{top}` is a string here (a JSON text), not an object, so `{path}` is not in it: EventBridge delivers `{top}` as an object"
        )),
        _ => None,
    }
}

/// A hint for a field that is missing from the event: a path of the event that is close to it
/// (a typo, a letter-case slip, or the same field at another depth).
pub fn for_missing_path(path: &str, event_paths: &[String]) -> Option<String> {
    let last = path.rsplit('.').next().unwrap_or(path);
    let lower = path.to_lowercase();
    let allowed = (path.chars().count() / 4).max(2);
    let mut best: Option<(usize, &String)> = None;
    for candidate in event_paths {
        let cand_lower = candidate.to_lowercase();
        let distance = if cand_lower == lower {
            0
        } else if candidate.rsplit('.').next() == Some(last) {
            // Same field name at another depth: a nesting slip.
            1
        } else if cand_lower.chars().count().abs_diff(lower.chars().count()) > allowed {
            // Too far apart in length to be within reach: skip the quadratic distance.
            continue;
        } else {
            levenshtein(&lower, &cand_lower)
        };
        if best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    let (distance, candidate) = best?;
    (distance <= allowed && candidate != path)
        .then(|| format!("did you mean `{candidate}`? The event has a value there"))
}

/// A hint for values that no matcher accepted.
pub fn for_values(field: &Field, values: &[Scalar]) -> Option<String> {
    let mut closest: Option<(usize, String)> = None;
    for m in &field.matchers {
        for v in values {
            match (&m.op, v) {
                (Op::ExactString(want) | Op::Exactly(want), Scalar::String(got)) => {
                    if want.to_lowercase() == got.to_lowercase() {
                        return Some(format!(
                            "\"{got}\" differs from \"{want}\" only in letter case; {{\"equals-ignore-case\": \"{want}\"}} would match it"
                        ));
                    }
                    let reach = (want.chars().count() / 3).max(1);
                    // The distance is at least the difference in length: a value much longer
                    // or shorter is out of reach, and skipping it keeps huge values cheap.
                    if got.chars().count().abs_diff(want.chars().count()) > reach {
                        continue;
                    }
                    let d = levenshtein(want, got);
                    if d <= reach && closest.as_ref().is_none_or(|(c, _)| d < *c) {
                        closest = Some((d, near_miss(got, want, d, values.len())));
                    }
                }
                (Op::ExactNumber { text, .. }, Scalar::String(got)) if got.trim() == text => {
                    return Some(format!(
                        "the event has the string \"{got}\" and the pattern the number {text}: a string never equals a number"
                    ));
                }
                (Op::ExactString(want), Scalar::Number { text, .. }) if want.trim() == *text => {
                    return Some(format!(
                        "the event has the number {text} and the pattern the string \"{want}\": a number never equals a string"
                    ));
                }
                (Op::Numeric { .. }, Scalar::String(got)) if got.trim().parse::<f64>().is_ok() => {
                    return Some(format!(
                        "\"{got}\" is a string; `numeric` only matches JSON numbers, so the event must hold {got} without quotes"
                    ));
                }
                (Op::Prefix(p), Scalar::String(got))
                    if got.to_lowercase().starts_with(&p.to_lowercase()) =>
                {
                    return Some(format!(
                        "\"{got}\" starts with \"{p}\" only if letter case is ignored; use {{\"prefix\": {{\"equals-ignore-case\": \"{p}\"}}}}"
                    ));
                }
                (Op::Suffix(p), Scalar::String(got))
                    if got.to_lowercase().ends_with(&p.to_lowercase()) =>
                {
                    return Some(format!(
                        "\"{got}\" ends with \"{p}\" only if letter case is ignored; use {{\"suffix\": {{\"equals-ignore-case\": \"{p}\"}}}}"
                    ));
                }
                _ => {}
            }
        }
    }
    closest.map(|(_, hint)| hint)
}

/// The hint for a string `d` edits from the pattern's: among several values, which one is
/// closest; for the only value (which the reason already shows), how far it is.
fn near_miss(got: &str, want: &str, d: usize, values: usize) -> String {
    if values > 1 {
        return format!("the closest value is \"{got}\" (pattern: \"{want}\")");
    }
    let edits = if d == 1 { "one edit" } else { "a few edits" };
    format!("\"{got}\" is {edits} away from \"{want}\": a typo in the pattern or in the event?")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pattern::Pattern;

    fn field(p: &str) -> Field {
        Pattern::compile(p).unwrap().fields()[0].clone()
    }

    #[test]
    fn missing_path_hints() {
        let paths = vec!["detail.status".to_string(), "source".to_string()];
        assert!(for_missing_path("detail.stauts", &paths)
            .unwrap()
            .contains("`detail.status`"));
        assert!(for_missing_path("status", &paths)
            .unwrap()
            .contains("`detail.status`"));
        assert!(for_missing_path("Source", &paths)
            .unwrap()
            .contains("`source`"));
        assert_eq!(for_missing_path("region", &paths), None);
    }

    fn missing_hint(pattern: &str, event: &str) -> Option<String> {
        let p = Pattern::compile(pattern).unwrap();
        let e = Event::parse(event).unwrap();
        let why = p.explain(&e);
        assert!(!why.matched);
        why.combinations[0].conditions[0].suggestion.clone()
    }

    #[test]
    fn entries_pasted_as_events_are_named_not_renamed() {
        let entry = r#"{"Source": "shop", "DetailType": "Order", "Detail": "{\"x\": 1}"}"#;
        let hint = missing_hint(r#"{"detail-type": ["Order"]}"#, entry).unwrap();
        assert!(hint.contains("looks like a PutEvents entry"), "{hint}");
        assert!(!hint.contains("did you mean"), "{hint}");
        let hint = missing_hint(r#"{"detail": {"x": [1]}}"#, entry).unwrap();
        assert!(hint.contains("PutEvents entry"), "{hint}");
        let request = format!(r#"{{"Entries": [{entry}]}}"#);
        let hint = missing_hint(r#"{"source": ["shop"]}"#, &request).unwrap();
        assert!(hint.contains("PutEvents entry"), "{hint}");
        // An event in the usual form keeps the path hints.
        let usual = r#"{"source": "shop", "detail_type": "Order"}"#;
        let hint = missing_hint(r#"{"detail-type": ["Order"]}"#, usual).unwrap();
        assert!(hint.contains("did you mean `detail_type`"), "{hint}");
        // Fields outside the envelope are not about the entry's form.
        let hint = missing_hint(r#"{"Sourc": ["shop"]}"#, entry).unwrap();
        assert!(hint.contains("did you mean `Source`"), "{hint}");
    }

    #[test]
    fn a_detail_held_in_a_string_is_named() {
        let event = r#"{"source": "shop", "detail": "{\"x\": 1}"}"#;
        let hint = missing_hint(r#"{"detail": {"x": [1]}}"#, event).unwrap();
        assert!(
            hint.contains("`detail` is a string here (a JSON text), not an object"),
            "{hint}"
        );
        let object = r#"{"source": "shop", "detail": {"y": 1}}"#;
        assert_eq!(
            for_event_form("detail.x", &Event::parse(object).unwrap()),
            None
        );
        assert_eq!(
            for_event_form("source", &Event::parse(event).unwrap()),
            None
        );
    }

    #[test]
    fn value_hints() {
        let f = field(r#"{"s": ["COMPLETED"]}"#);
        assert!(for_values(&f, &[Scalar::String("completed")])
            .unwrap()
            .contains("letter case"));
        assert!(
            for_values(&f, &[Scalar::String("FAILED"), Scalar::String("COMPLETE")])
                .unwrap()
                .contains("closest value is \"COMPLETE\"")
        );
        // The only value is not offered as the closest one: the hint says how near it is.
        let only = for_values(&f, &[Scalar::String("COMPLETE")]).unwrap();
        assert!(!only.contains("closest"), "{only}");
        assert!(
            only.contains("\"COMPLETE\" is one edit away from \"COMPLETED\""),
            "{only}"
        );
        assert_eq!(for_values(&f, &[Scalar::String("FAILED")]), None);
        let f = field(r#"{"n": [300]}"#);
        assert!(for_values(&f, &[Scalar::String("300")])
            .unwrap()
            .contains("never equals"));
        let f = field(r#"{"n": [{"numeric": [">", 1]}]}"#);
        assert!(for_values(&f, &[Scalar::String("12")])
            .unwrap()
            .contains("without quotes"));
    }
}
