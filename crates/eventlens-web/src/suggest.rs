//! Hints for a failed condition: the field the pattern probably meant, or the nearest value.

use eventlens::json::NodeKind;
use eventlens::{Condition, Event};
use std::collections::BTreeMap;

/// Leaves the walk collects at most (the rest of a huge event is not searched).
const MAX_LEAVES: usize = 20_000;
/// Values longer than this are cut in hints.
const MAX_SHOWN: usize = 60;

/// The dotted paths of an event's leaf values, each with the first value's JSON text.
#[derive(Debug, Default)]
pub struct EventPaths {
    leaves: BTreeMap<String, String>,
}

impl EventPaths {
    /// Walks `event` (without recursion: events nest up to 1,100 levels).
    pub fn of(event: &Event) -> EventPaths {
        let doc = event.document();
        let src = event.source();
        let mut leaves: BTreeMap<String, String> = BTreeMap::new();
        let mut stack = vec![(doc.root(), String::new())];
        while let Some((id, path)) = stack.pop() {
            if leaves.len() >= MAX_LEAVES {
                break;
            }
            let node = doc.node(id);
            match &node.kind {
                NodeKind::Object(members) => {
                    for m in members.iter().rev() {
                        let child = if path.is_empty() {
                            m.key.clone()
                        } else {
                            format!("{path}.{}", m.key)
                        };
                        stack.push((m.value, child));
                    }
                }
                NodeKind::Array(items) => {
                    stack.extend(items.iter().rev().map(|&i| (i, path.clone())));
                }
                _ => {
                    leaves
                        .entry(path)
                        .or_insert_with(|| shorten(node.span.slice(src)));
                }
            }
        }
        EventPaths { leaves }
    }

    fn value(&self, path: &str) -> Option<&str> {
        self.leaves.get(path).map(String::as_str)
    }
}

/// Plain-word hints for a condition that failed; none for one that held.
pub fn hints(cond: &Condition, paths: &EventPaths) -> Vec<String> {
    if cond.held {
        return Vec::new();
    }
    if cond.values.is_empty() {
        return missing_field(&cond.path, paths).into_iter().collect();
    }
    let wanted: Vec<String> = cond
        .matchers
        .iter()
        .filter_map(|m| serde_json::from_str::<String>(&m.text).ok())
        .collect();
    let mut out = Vec::new();
    for v in &cond.values {
        let Ok(value) = serde_json::from_str::<String>(&v.value) else {
            // A number, boolean or null where the pattern names the same text as a string.
            if wanted.contains(&v.value) {
                out.push(format!(
                    "`{}` holds {}, not the string \"{}\": values match only values of the same type",
                    v.path, v.value, v.value
                ));
            }
            continue;
        };
        if let Some(w) = wanted
            .iter()
            .find(|w| **w != value && w.to_lowercase() == value.to_lowercase())
        {
            out.push(format!(
                "`{}` is {} and differs from \"{w}\" only in letter case: {{\"equals-ignore-case\": \"{w}\"}} would match",
                v.path, v.value
            ));
        }
        if cond.matchers.iter().any(|m| m.text == value) {
            out.push(format!(
                "`{}` holds the string {}, not the {} the pattern names: values match only values of the same type",
                v.path,
                v.value,
                if value.parse::<f64>().is_ok() {
                    "number"
                } else {
                    "literal"
                }
            ));
        }
    }
    if out.is_empty() && cond.values.len() > 1 && !wanted.is_empty() {
        let nearest = cond.values.iter().min_by_key(|v| {
            wanted
                .iter()
                .map(|w| strsim::levenshtein(w, v.value.trim_matches('"')))
                .min()
                .unwrap_or(usize::MAX)
        });
        if let Some(v) = nearest {
            out.push(format!(
                "Nearest candidate: {} at `{}`",
                shorten(&v.value),
                v.path
            ));
        }
    }
    out
}

/// Why a path the pattern names may be missing from the event.
fn missing_field(path: &str, paths: &EventPaths) -> Option<String> {
    // A leaf at a shorter path: the pattern goes one level too deep.
    let mut cut = path.len();
    while let Some(dot) = path[..cut].rfind('.') {
        cut = dot;
        if let Some(value) = paths.value(&path[..cut]) {
            return Some(format!(
                "`{}` is a value ({value}), so it has no field `{}`: the pattern nests too deep",
                &path[..cut],
                &path[cut + 1..]
            ));
        }
    }
    let lower = path.to_lowercase();
    if let Some(p) = paths.leaves.keys().find(|p| p.to_lowercase() == lower) {
        return Some(format!(
            "The event has `{p}`: field names are case-sensitive"
        ));
    }
    let limit = (path.len() / 5).max(2);
    paths
        .leaves
        .keys()
        .map(|p| (strsim::levenshtein(p, path), p))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, p)| format!("Did you mean `{p}`?"))
}

fn shorten(text: &str) -> String {
    if text.chars().count() <= MAX_SHOWN {
        return text.to_string();
    }
    let cut: String = text.chars().take(MAX_SHOWN - 1).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;
    use eventlens::Pattern;

    fn first_hints(pattern: &str, event: &str) -> Vec<String> {
        let event = Event::parse(event).unwrap();
        let x = Pattern::compile(pattern).unwrap().explain(&event);
        let paths = EventPaths::of(&event);
        x.combinations[0]
            .conditions
            .iter()
            .flat_map(|c| hints(c, &paths))
            .collect()
    }

    #[test]
    fn explains_a_pattern_that_nests_too_deep() {
        let h = first_hints(
            r#"{"detail":{"schema":{"id":{"value":["ts_1"]}}}}"#,
            r#"{"detail":{"schema":{"id":"ts_1"}}}"#,
        );
        assert_eq!(
            h,
            vec![
                r#"`detail.schema.id` is a value ("ts_1"), so it has no field `value`: the pattern nests too deep"#
            ]
        );
    }

    #[test]
    fn suggests_near_field_names() {
        let h = first_hints(
            r#"{"detail":{"Status":["A"]}}"#,
            r#"{"detail":{"status":"A"}}"#,
        );
        assert_eq!(
            h,
            vec!["The event has `detail.status`: field names are case-sensitive"]
        );
        let h = first_hints(
            r#"{"detail":{"stauts":["A"]}}"#,
            r#"{"detail":{"status":"A"}}"#,
        );
        assert_eq!(h, vec!["Did you mean `detail.status`?"]);
        assert!(first_hints(r#"{"zzz":["A"]}"#, r#"{"detail":{"status":"A"}}"#).is_empty());
    }

    #[test]
    fn points_at_case_and_type_mistakes() {
        let h = first_hints(r#"{"state":["RUNNING"]}"#, r#"{"state":"running"}"#);
        assert_eq!(h.len(), 1);
        assert!(
            h[0].contains(r#"{"equals-ignore-case": "RUNNING"}"#),
            "{h:?}"
        );
        let h = first_hints(r#"{"size":["300"]}"#, r#"{"size":300}"#);
        assert!(h[0].contains("not the string \"300\""), "{h:?}");
        let h = first_hints(r#"{"size":[300]}"#, r#"{"size":"300"}"#);
        assert!(h[0].contains("not the number"), "{h:?}");
    }

    #[test]
    fn names_the_nearest_of_several_values() {
        let h = first_hints(r#"{"tags":["prod"]}"#, r#"{"tags":["dev","prd","test"]}"#);
        assert_eq!(h, vec![r#"Nearest candidate: "prd" at `tags[1]`"#]);
    }
}
