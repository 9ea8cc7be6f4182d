//! Compact JSON text, as EventBridge hands events to targets: no white space, one value per key
//! (the last one, in the place of the first, as Jackson's tree model keeps duplicates), numbers
//! exactly as written.
//!
//! Written by hand over the engine's own [`Document`] because it must keep number texts as they
//! were written and never recurse (events nest 1,100 levels deep); `serde_json` does neither.

use eventlens::json::push_escaped;
use eventlens::json::{Document, NodeId, NodeKind};
use std::collections::HashMap;

/// The compact text of `node` of `doc` (parsed from `src`).
pub fn compact(doc: &Document, src: &str, node: NodeId) -> String {
    let mut out = String::with_capacity(doc.node(node).span.end - doc.node(node).span.start);
    write_compact(doc, src, node, &mut out);
    out
}

/// Appends the compact text of `node` to `out`.
pub fn write_compact(doc: &Document, src: &str, node: NodeId, out: &mut String) {
    enum Work<'d> {
        Node(NodeId),
        Text(&'static str),
        Key(&'d str),
    }
    let mut work = vec![Work::Node(node)];
    while let Some(item) = work.pop() {
        match item {
            Work::Text(t) => out.push_str(t),
            Work::Key(k) => {
                push_string(k, out);
                out.push(':');
            }
            Work::Node(id) => {
                let n = doc.node(id);
                match &n.kind {
                    NodeKind::Null => out.push_str("null"),
                    NodeKind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
                    NodeKind::Number => out.push_str(n.span.slice(src)),
                    NodeKind::String(s) => push_string(s, out),
                    NodeKind::Array(items) => {
                        out.push('[');
                        work.push(Work::Text("]"));
                        for (i, &item) in items.iter().enumerate().rev() {
                            work.push(Work::Node(item));
                            if i > 0 {
                                work.push(Work::Text(","));
                            }
                        }
                    }
                    NodeKind::Object(_) => {
                        out.push('{');
                        work.push(Work::Text("}"));
                        let members = unique_members(doc, id);
                        for (i, (key, value)) in members.into_iter().enumerate().rev() {
                            work.push(Work::Node(value));
                            work.push(Work::Key(key));
                            if i > 0 {
                                work.push(Work::Text(","));
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The members of object `id`, one per key: the last value, in the place of the first key.
pub fn unique_members(doc: &Document, id: NodeId) -> Vec<(&str, NodeId)> {
    let NodeKind::Object(members) = &doc.node(id).kind else {
        return Vec::new();
    };
    let mut out: Vec<(&str, NodeId)> = Vec::with_capacity(members.len());
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for m in members {
        match seen.get(m.key.as_str()) {
            Some(&at) => out[at].1 = m.value,
            None => {
                seen.insert(&m.key, out.len());
                out.push((&m.key, m.value));
            }
        }
    }
    out
}

/// Appends `s` as a quoted JSON string.
pub fn push_string(s: &str, out: &mut String) {
    out.push('"');
    push_escaped(s, out);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(src: &str) -> String {
        let doc = Document::parse(src, 1100).unwrap();
        compact(&doc, src, doc.root())
    }

    #[test]
    fn drops_white_space_and_keeps_number_text() {
        assert_eq!(
            roundtrip("{ \"a\" : [ 1.50, -0, 1E+2 ], \"b\": { } , \"c\": [] }"),
            r#"{"a":[1.50,-0,1E+2],"b":{},"c":[]}"#
        );
    }

    #[test]
    fn last_duplicate_wins_in_first_place() {
        assert_eq!(roundtrip(r#"{"a": 1, "b": 2, "a": 3}"#), r#"{"a":3,"b":2}"#);
    }

    #[test]
    fn escapes_like_jackson() {
        assert_eq!(
            roundtrip(r#"["q\"b\\s\/é\u0001\n"]"#),
            "[\"q\\\"b\\\\s/é\\u0001\\n\"]"
        );
    }

    #[test]
    fn deep_nesting_does_not_recurse() {
        let deep = "[".repeat(1100) + &"]".repeat(1100);
        assert_eq!(roundtrip(&deep), deep);
    }
}
