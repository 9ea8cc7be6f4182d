//! The JSONPath subset EventBridge evaluates in `InputPath` and `InputPathsMap`: `$`, dot
//! notation (`$.detail.state`, names with dashes, underscores, slashes…), array indices
//! (`$.resources[0]`) and wildcards (`$.detail.items[*].id`, `$.detail.*`).
//!
//! Written by hand: general JSONPath crates accept far more syntax than EventBridge does (bracket
//! names, filters, recursive descent), and these paths must run over the engine's own document
//! with its exact number texts.

use eventlens::json::{Document, NodeId, NodeKind};
use serde::Serialize;
use std::fmt;

/// A parsed path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonPath {
    text: String,
    steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
    Wildcard,
}

/// A path EventBridge cannot evaluate, and where in it the fault is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PathError {
    /// The path text.
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// Byte offset of the fault in the path.
    pub offset: usize,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (in `{}` at character {})",
            self.message,
            self.path,
            self.offset + 1
        )
    }
}

impl std::error::Error for PathError {}

/// What a path selects in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Nothing: a missing key, an index past the end, a step into a scalar.
    Missing,
    /// One value (a path without wildcards).
    One(NodeId),
    /// Every value a wildcard path reaches, in document order (possibly none).
    Many(Vec<NodeId>),
}

impl JsonPath {
    /// Parses `text`, refusing what EventBridge does not support.
    pub fn parse(text: &str) -> Result<JsonPath, PathError> {
        let err = |offset: usize, message: String| PathError {
            path: text.to_string(),
            message,
            offset,
        };
        let bytes = text.as_bytes();
        if bytes.first() != Some(&b'$') {
            return Err(err(0, "A JSON path must start with `$`".to_string()));
        }
        let mut steps = Vec::new();
        let mut i = 1;
        while i < bytes.len() {
            match bytes[i] {
                b'.' => {
                    let start = i + 1;
                    if bytes.get(start) == Some(&b'.') {
                        return Err(err(
                            i,
                            "Recursive descent (`..`) is not supported by EventBridge".to_string(),
                        ));
                    }
                    if bytes.get(start) == Some(&b'*') {
                        steps.push(Step::Wildcard);
                        i = start + 1;
                        continue;
                    }
                    let end = text[start..]
                        .find(['.', '['])
                        .map_or(text.len(), |n| start + n);
                    let name = &text[start..end];
                    if name.is_empty() {
                        return Err(err(i, "Expected a field name after `.`".to_string()));
                    }
                    if let Some((at, c)) = name.char_indices().find(|(_, c)| {
                        c.is_whitespace() || matches!(c, ']' | '\'' | '"' | '*' | '?' | '(' | ')')
                    }) {
                        return Err(err(
                            start + at,
                            format!("The character '{c}' is not supported in a field name; EventBridge paths use dot notation with letters, digits, '-', '_' and '/'"),
                        ));
                    }
                    steps.push(Step::Key(name.to_string()));
                    i = end;
                }
                b'[' => {
                    let close = text[i..]
                        .find(']')
                        .map(|n| i + n)
                        .ok_or_else(|| err(i, "Unclosed `[`".to_string()))?;
                    let inner = &text[i + 1..close];
                    if inner == "*" {
                        steps.push(Step::Wildcard);
                    } else if !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_digit()) {
                        let index = inner
                            .parse::<usize>()
                            .map_err(|_| err(i + 1, format!("Array index {inner} is too large")))?;
                        steps.push(Step::Index(index));
                    } else if inner.starts_with('\'') || inner.starts_with('"') {
                        return Err(err(
                            i,
                            "Use dot notation, not bracket notation, for field names (EventBridge: \"You must use JSON dot notation, not bracket notation\")".to_string(),
                        ));
                    } else {
                        return Err(err(
                            i + 1,
                            format!("`[{inner}]` is not supported: EventBridge paths take an array index (`[0]`) or `[*]` in brackets"),
                        ));
                    }
                    i = close + 1;
                }
                _ => {
                    let found = text[i..].chars().next().unwrap_or_default();
                    return Err(err(i, format!("Expected `.` or `[` here, found '{found}'")));
                }
            }
        }
        Ok(JsonPath {
            text: text.to_string(),
            steps,
        })
    }

    /// The path as written.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether the path has a wildcard (and so selects a list).
    pub fn has_wildcard(&self) -> bool {
        self.steps.contains(&Step::Wildcard)
    }

    /// What the path selects in `doc`, from its root.
    pub fn select(&self, doc: &Document) -> Selection {
        let mut current = vec![doc.root()];
        for step in &self.steps {
            let mut next = Vec::new();
            for id in current {
                match (&doc.node(id).kind, step) {
                    (NodeKind::Object(members), Step::Key(k)) => {
                        if let Some(m) = members.iter().rev().find(|m| &m.key == k) {
                            next.push(m.value);
                        }
                    }
                    (NodeKind::Array(items), Step::Index(n)) => {
                        if let Some(&item) = items.get(*n) {
                            next.push(item);
                        }
                    }
                    (NodeKind::Array(items), Step::Wildcard) => next.extend(items),
                    (NodeKind::Object(_), Step::Wildcard) => next.extend(
                        super::compact::unique_members(doc, id)
                            .into_iter()
                            .map(|(_, v)| v),
                    ),
                    _ => {}
                }
            }
            current = next;
        }
        if self.has_wildcard() {
            Selection::Many(current)
        } else {
            current
                .first()
                .map_or(Selection::Missing, |&id| Selection::One(id))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pick(path: &str, src: &str) -> Vec<String> {
        let doc = Document::parse(src, 100).unwrap();
        match JsonPath::parse(path).unwrap().select(&doc) {
            Selection::Missing => vec![],
            Selection::One(id) => vec![doc.node(id).span.slice(src).to_string()],
            Selection::Many(ids) => ids
                .iter()
                .map(|&id| doc.node(id).span.slice(src).to_string())
                .collect(),
        }
    }

    const EVENT: &str = r#"{"detail-type":"x","detail":{"items":[{"id":1},{"id":2},{"no":3}],"a/b":"s"},"resources":["r0","r1"]}"#;

    #[test]
    fn dot_index_and_wildcards() {
        assert_eq!(pick("$.detail-type", EVENT), vec![r#""x""#]);
        assert_eq!(pick("$.resources[1]", EVENT), vec![r#""r1""#]);
        assert_eq!(pick("$.detail.a/b", EVENT), vec![r#""s""#]);
        assert_eq!(pick("$.detail.items[*].id", EVENT), vec!["1", "2"]);
        assert_eq!(pick("$.resources.*", EVENT), vec![r#""r0""#, r#""r1""#]);
        assert!(pick("$.resources[5]", EVENT).is_empty());
        assert!(pick("$.detail.missing.deeper", EVENT).is_empty());
        assert_eq!(pick("$", EVENT), vec![EVENT]);
    }

    #[test]
    fn refuses_unsupported_syntax() {
        for (bad, at) in [
            ("detail", 0),
            ("$..id", 1),
            ("$['detail']", 1),
            ("$.detail[?(@.a)]", 9),
            ("$.a.", 3),
            ("$.a b", 3),
            ("$.a[0", 3),
            ("$x", 1),
            ("$é", 1),
        ] {
            let e = JsonPath::parse(bad).unwrap_err();
            assert_eq!(e.offset, at, "{bad}: {e}");
        }
    }
}
