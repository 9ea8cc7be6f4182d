//! A JSON document as a tree that keeps every node's span, duplicate keys and exact number text.

use super::document::{read_document, DocumentSink};
use super::reader::{SyntaxError, Token};
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
        let mut builder = TreeBuilder::default();
        read_document(src, max_depth, &mut builder)?;
        Ok(Document {
            nodes: builder.nodes,
        })
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

/// Builds a [`Document`]'s nodes from the tokens.
#[derive(Default)]
struct TreeBuilder {
    nodes: Vec<Node>,
    /// Open containers, each with the key its next child goes under.
    open: Vec<(NodeId, Option<(String, Span)>)>,
}

impl TreeBuilder {
    fn push(&mut self, kind: NodeKind, span: Span) {
        let id = self.nodes.len();
        let is_container = matches!(kind, NodeKind::Array(_) | NodeKind::Object(_));
        self.nodes.push(Node { kind, span });
        if let Some((parent, key)) = self.open.last_mut() {
            match &mut self.nodes[*parent].kind {
                NodeKind::Array(items) => items.push(id),
                NodeKind::Object(members) => {
                    let (key, key_span) = key.take().expect("reader gives a key before a value");
                    members.push(Member {
                        key,
                        key_span,
                        value: id,
                    });
                }
                _ => unreachable!("only containers are open"),
            }
        }
        if is_container {
            self.open.push((id, None));
        }
    }
}

impl DocumentSink for TreeBuilder {
    fn key(&mut self, name: String, span: Span) {
        if let Some(top) = self.open.last_mut() {
            top.1 = Some((name, span));
        }
    }

    fn scalar(&mut self, token: Token, span: Span, string: Option<String>) {
        let kind = match token {
            Token::Number => NodeKind::Number,
            Token::True => NodeKind::Bool(true),
            Token::False => NodeKind::Bool(false),
            Token::String => NodeKind::String(string.unwrap_or_default()),
            _ => NodeKind::Null,
        };
        self.push(kind, span);
    }

    fn open(&mut self, object: bool, span: Span) {
        let kind = if object {
            NodeKind::Object(Vec::new())
        } else {
            NodeKind::Array(Vec::new())
        };
        self.push(kind, span);
    }

    fn close(&mut self, span: Span) {
        let (id, _) = self.open.pop().expect("reader balances brackets");
        self.nodes[id].span.end = span.end;
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
