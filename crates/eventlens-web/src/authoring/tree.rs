//! JSON texts read with the engine's reader (spans, exact number literals, duplicate keys): the
//! scalars they hold and the nodes at an EventBridge field path.

use eventlens::json::{Document, NodeId, NodeKind, SyntaxError};
use eventlens::Limits;

/// Parses `text` with the engine's JSON reader and its default nesting limit.
pub fn parse(text: &str) -> Result<Document, SyntaxError> {
    Document::parse(text, Limits::default().max_depth)
}

/// A JSON scalar of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scalar {
    /// A string, decoded.
    String(String),
    /// A number, as its exact literal text.
    Number(String),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
}

impl Scalar {
    /// The scalar of node `id` of `doc` (parsed from `text`), or `None` for an object or array.
    pub fn of(doc: &Document, text: &str, id: NodeId) -> Option<Scalar> {
        let node = doc.node(id);
        Some(match &node.kind {
            NodeKind::String(s) => Scalar::String(s.clone()),
            NodeKind::Number => Scalar::Number(node.span.slice(text).to_string()),
            NodeKind::Bool(b) => Scalar::Bool(*b),
            NodeKind::Null => Scalar::Null,
            NodeKind::Array(_) | NodeKind::Object(_) => return None,
        })
    }

    /// The scalar as a JSON literal: strings quoted and escaped, numbers as written.
    pub fn literal(&self) -> String {
        match self {
            Scalar::String(s) => eventlens::json::quote(s),
            Scalar::Number(n) => n.clone(),
            Scalar::Bool(b) => b.to_string(),
            Scalar::Null => "null".to_string(),
        }
    }
}

/// The nodes at field `path` below node `from`, as EventBridge addresses them: arrays on the
/// way and at the end are looked through (their elements take the array's path), so the result
/// holds no arrays.
pub fn nodes_at<S: AsRef<str>>(doc: &Document, from: NodeId, path: &[S]) -> Vec<NodeId> {
    let mut current = flatten(doc, vec![from]);
    for key in path {
        let mut next = Vec::new();
        for id in current {
            if let NodeKind::Object(members) = &doc.node(id).kind {
                next.extend(
                    members
                        .iter()
                        .filter(|m| m.key == key.as_ref())
                        .map(|m| m.value),
                );
            }
        }
        current = flatten(doc, next);
    }
    current
}

/// `ids` with every array replaced by its elements, at any depth.
fn flatten(doc: &Document, ids: Vec<NodeId>) -> Vec<NodeId> {
    let mut out = Vec::new();
    let mut stack: Vec<NodeId> = ids.into_iter().rev().collect();
    while let Some(id) = stack.pop() {
        match &doc.node(id).kind {
            NodeKind::Array(items) => stack.extend(items.iter().rev()),
            _ => out.push(id),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_at_a_path_look_through_arrays() {
        let text = r#"{"a": [{"b": 1}, {"b": [2, [3]]}, {"c": 4}], "d": "x\"y"}"#;
        let doc = parse(text).unwrap();
        let values: Vec<String> = nodes_at(&doc, doc.root(), &["a", "b"])
            .into_iter()
            .map(|id| Scalar::of(&doc, text, id).unwrap().literal())
            .collect();
        assert_eq!(values, ["1", "2", "3"]);
        let d = nodes_at(&doc, doc.root(), &["d"]);
        assert_eq!(
            Scalar::of(&doc, text, d[0]),
            Some(Scalar::String("x\"y".into()))
        );
        assert_eq!(Scalar::of(&doc, text, d[0]).unwrap().literal(), r#""x\"y""#);
        assert!(nodes_at(&doc, doc.root(), &["a", "zz"]).is_empty());
        assert_eq!(nodes_at(&doc, doc.root(), &["a"]).len(), 3);
        assert_eq!(Scalar::of(&doc, text, doc.root()), None);
    }

    #[test]
    fn literals_of_every_kind() {
        assert_eq!(Scalar::Number("1E+2".into()).literal(), "1E+2");
        assert_eq!(Scalar::Bool(false).literal(), "false");
        assert_eq!(Scalar::Null.literal(), "null");
        assert_eq!(Scalar::String("é\n".into()).literal(), "\"é\\n\"");
    }
}
