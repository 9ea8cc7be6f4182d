//! A JSON document as a tree that keeps every node's span, duplicate keys and exact number text.

use super::reader::{SyntaxError, Token, TokenReader};
use crate::Span;

/// Index of a node in a [`Document`].
pub type NodeId = usize;

/// An object member: the decoded key, where the key is, and its value.
#[derive(Debug, Clone)]
pub struct Member {
    /// The decoded key.
    pub key: String,
    /// The span of the quoted key.
    pub key_span: Span,
    /// The value node.
    pub value: NodeId,
}

/// What a node holds.
#[derive(Debug, Clone)]
pub enum NodeKind {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A number; its exact text is the node's span.
    Number,
    /// A decoded string.
    String(String),
    /// Element nodes in order.
    Array(Vec<NodeId>),
    /// Members in order, duplicates kept.
    Object(Vec<Member>),
}

/// One node and its span in the source.
#[derive(Debug, Clone)]
pub struct Node {
    /// The value.
    pub kind: NodeKind,
    /// Its bytes in the source, brackets and quotes included.
    pub span: Span,
}

/// A parsed JSON text.
#[derive(Debug, Clone)]
pub struct Document {
    nodes: Vec<Node>,
}

impl Document {
    /// Parses one JSON value filling the whole of `src` (white space around it allowed).
    /// Nesting deeper than `max_depth` is an error; the parser never recurses.
    pub fn parse(src: &str, max_depth: usize) -> Result<Document, SyntaxError> {
        let mut reader = TokenReader::new(src, max_depth);
        let mut nodes: Vec<Node> = Vec::new();
        // Open containers, each with the key its next child goes under.
        let mut open: Vec<(NodeId, Option<(String, Span)>)> = Vec::new();
        let mut root = None;
        while let Some(tok) = reader.next_token()? {
            let span = reader.span();
            let kind = match tok {
                Token::FieldName(name) => {
                    if let Some(top) = open.last_mut() {
                        top.1 = Some((name, span));
                    }
                    continue;
                }
                Token::EndArray | Token::EndObject => {
                    let (id, _) = open.pop().expect("reader balances brackets");
                    nodes[id].span.end = span.end;
                    if open.is_empty() {
                        root = Some(id);
                        break;
                    }
                    continue;
                }
                Token::String => NodeKind::String(reader.string_value()?),
                Token::Number => NodeKind::Number,
                Token::True => NodeKind::Bool(true),
                Token::False => NodeKind::Bool(false),
                Token::Null => NodeKind::Null,
                Token::StartArray => NodeKind::Array(Vec::new()),
                Token::StartObject => NodeKind::Object(Vec::new()),
            };
            let span = reader.span();
            let id = nodes.len();
            let is_container = matches!(kind, NodeKind::Array(_) | NodeKind::Object(_));
            nodes.push(Node { kind, span });
            match open.last_mut() {
                Some((parent, key)) => match &mut nodes[*parent].kind {
                    NodeKind::Array(items) => items.push(id),
                    NodeKind::Object(members) => {
                        let (key, key_span) =
                            key.take().expect("reader gives a key before a value");
                        members.push(Member {
                            key,
                            key_span,
                            value: id,
                        });
                    }
                    _ => unreachable!("only containers are open"),
                },
                None if !is_container => {
                    root = Some(id);
                    break;
                }
                None => {}
            }
            if is_container {
                open.push((id, None));
            }
        }
        let Some(_root) = root else {
            let end = src.len();
            return Err(SyntaxError {
                message: "No content to map due to end-of-input".to_string(),
                jackson_pos: reader.pos_at(end),
                span: Span::new(end, end),
                depth_exceeded: false,
            });
        };
        // Anything but white space after the value is an error.
        let rest_start = reader.offset();
        let rest = &src[rest_start..];
        if let Some(i) = rest.find(|c: char| !matches!(c, ' ' | '\t' | '\n' | '\r')) {
            let at = rest_start + i;
            let ch = src[at..].chars().next().unwrap_or(' ');
            return Err(SyntaxError {
                message: format!("Unexpected content after the JSON value: '{ch}'"),
                jackson_pos: reader.pos_at(at),
                span: Span::new(at, at + ch.len_utf8()),
                depth_exceeded: false,
            });
        }
        Ok(Document { nodes })
    }

    /// The root node (the first one created).
    pub fn root(&self) -> NodeId {
        0
    }

    /// The node `id`.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_duplicates_and_spans() {
        let src = r#"{"a": 1, "a": [true, "x"], "b": {"c": null}}"#;
        let doc = Document::parse(src, 10).unwrap();
        let NodeKind::Object(m) = &doc.node(doc.root()).kind else {
            panic!()
        };
        assert_eq!(m.len(), 3);
        assert_eq!(m[0].key, "a");
        assert_eq!(doc.node(m[0].value).span.slice(src), "1");
        assert_eq!(doc.node(m[1].value).span.slice(src), r#"[true, "x"]"#);
        assert_eq!(doc.node(doc.root()).span.slice(src), src);
    }

    #[test]
    fn scalar_roots_and_trailing_content() {
        assert!(matches!(
            Document::parse(" \"x\" ", 5).unwrap().node(0).kind,
            NodeKind::String(_)
        ));
        assert!(Document::parse("{} x", 5).is_err());
        assert!(Document::parse("", 5).is_err());
    }

    #[test]
    fn deep_nesting_is_refused_without_recursion() {
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        let err = Document::parse(&deep, 1100).unwrap_err();
        assert!(err.message.contains("1100"));
    }
}
