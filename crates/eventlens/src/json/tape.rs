//! A compact JSON document for events: one 9-byte entry per key and value in source order (its
//! kind and where it starts in the source text), instead of a tree of copies of the text.
//!
//! Where a scalar ends is read again from the source when asked (its length is known from its
//! first bytes: a literal's, a number's digits, a string's closing quote). A string or key is
//! read from the source between its quotes; only the ones holding escapes keep their decoded
//! text, in one shared buffer. A container keeps where its subtree ends in the entries and in
//! the text, so its children are found by walking forward without a per-container list. Even
//! an array of one-digit numbers costs 4.5 bytes of entries per value (2 bytes of text); the
//! tree ([`super::tree::Document`]) costs tens of bytes per value.

use super::document::{read_document, DocumentSink};
use super::reader::{SyntaxError, Token};
use super::tree::NodeId;
use crate::Span;

/// What an entry of a [`Tape`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// `null`
    Null,
    /// `true`
    True,
    /// `false`
    False,
    /// A number; its exact text is the entry's span.
    Number,
    /// A string value.
    String,
    /// An object key; the member's value is the next entry.
    Key,
    /// An array; its items follow it.
    Array,
    /// An object; its keys and values follow it, in pairs.
    Object,
}

/// `Entry::extra` of a string or key whose text is the source between its quotes.
const VERBATIM: u32 = u32::MAX;

#[derive(Debug, Clone, Copy)]
struct Entry {
    /// Where the value or key starts in the source.
    start: u32,
    /// Containers: their index in `Tape::containers`. Strings and keys: their index in
    /// `Tape::escaped`, or [`VERBATIM`]. Nothing for the others.
    extra: u32,
}

/// A container's extent.
#[derive(Debug, Clone, Copy)]
struct Container {
    /// The index of the first entry after the subtree.
    next: u32,
    /// One past the closing marker in the source.
    end: u32,
}

/// A string or key holding escapes.
#[derive(Debug, Clone, Copy)]
struct Escaped {
    /// Its decoded text's range in `Tape::decoded`.
    from: u32,
    to: u32,
    /// One past the closing quote in the source.
    end: u32,
}

/// A parsed JSON text as a flat list of entries (see the module's documentation). Its text
/// accessors take the source it was parsed from.
#[derive(Debug, Clone)]
pub struct Tape {
    kinds: Vec<EntryKind>,
    entries: Vec<Entry>,
    containers: Vec<Container>,
    escaped: Vec<Escaped>,
    /// The decoded text of the strings and keys that hold escapes, one after another.
    decoded: String,
}

impl Tape {
    /// The longest source a tape can hold (offsets are 32-bit).
    pub const MAX_SOURCE_BYTES: usize = u32::MAX as usize;

    /// Parses one JSON value filling the whole of `src`, with the same errors as
    /// [`super::tree::Document::parse`]. `src` must be at most [`Tape::MAX_SOURCE_BYTES`] long.
    pub fn parse(src: &str, max_depth: usize) -> Result<Tape, SyntaxError> {
        assert!(
            src.len() <= Self::MAX_SOURCE_BYTES,
            "callers refuse longer sources"
        );
        let mut builder = TapeBuilder {
            tape: Tape {
                kinds: Vec::new(),
                entries: Vec::new(),
                containers: Vec::new(),
                escaped: Vec::new(),
                decoded: String::new(),
            },
            open: Vec::new(),
        };
        read_document(src, max_depth, &mut builder)?;
        let mut tape = builder.tape;
        tape.kinds.shrink_to_fit();
        tape.entries.shrink_to_fit();
        tape.containers.shrink_to_fit();
        tape.escaped.shrink_to_fit();
        tape.decoded.shrink_to_fit();
        Ok(tape)
    }

    /// The root value.
    pub fn root(&self) -> NodeId {
        0
    }

    /// What entry `id` is.
    pub fn kind(&self, id: NodeId) -> EntryKind {
        self.kinds[id]
    }

    /// The bytes of entry `id` in `src` (the source the tape was parsed from): brackets and
    /// quotes included.
    pub fn span(&self, src: &str, id: NodeId) -> Span {
        let Entry { start, extra } = self.entries[id];
        let start = start as usize;
        let bytes = &src.as_bytes()[start..];
        let len = match self.kinds[id] {
            EntryKind::Null | EntryKind::True => 4,
            EntryKind::False => 5,
            EntryKind::Number => bytes
                .iter()
                .position(|b| !matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
                .unwrap_or(bytes.len()),
            EntryKind::String | EntryKind::Key if extra == VERBATIM => {
                // A verbatim string holds no escape: its first quote after the opening one ends it.
                2 + bytes[1..]
                    .iter()
                    .position(|&b| b == b'"')
                    .expect("the reader found the closing quote")
            }
            EntryKind::String | EntryKind::Key => self.escaped[extra as usize].end as usize - start,
            EntryKind::Array | EntryKind::Object => {
                self.containers[extra as usize].end as usize - start
            }
        };
        Span::new(start, start + len)
    }

    /// The decoded text of the string or key `id`, from the source `src` the tape was parsed from.
    pub fn text<'a>(&'a self, src: &'a str, id: NodeId) -> &'a str {
        debug_assert!(matches!(self.kinds[id], EntryKind::String | EntryKind::Key));
        match self.entries[id].extra {
            VERBATIM => {
                let span = self.span(src, id);
                &src[span.start + 1..span.end - 1]
            }
            i => {
                let e = &self.escaped[i as usize];
                &self.decoded[e.from as usize..e.to as usize]
            }
        }
    }

    /// The members of object `id`: each key's entry and its value's, in source order.
    pub fn members(&self, id: NodeId) -> impl Iterator<Item = (NodeId, NodeId)> + '_ {
        self.children(id).map(|key| (key, key + 1))
    }

    /// The items of array `id`, in order.
    pub fn items(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        self.children(id)
    }

    /// The entries directly inside container `id` (for an object, its keys).
    fn children(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        let end = self.after(id);
        let object = self.kinds[id] == EntryKind::Object;
        std::iter::successors(Some(id + 1), move |&at| {
            // An object's child is a key; the member ends after its value.
            (at < end).then(|| self.after(if object { at + 1 } else { at }))
        })
        .take_while(move |&at| at < end)
    }

    /// Every entry, in source order (a value's subtree follows it; an object holds its keys).
    pub fn entries(&self) -> std::ops::Range<NodeId> {
        0..self.entries.len()
    }

    /// The first entry after the subtree of value `id`.
    pub fn after(&self, id: NodeId) -> NodeId {
        match self.kinds[id] {
            EntryKind::Array | EntryKind::Object => {
                self.containers[self.entries[id].extra as usize].next as usize
            }
            _ => id + 1,
        }
    }
}

/// Builds a [`Tape`] from the tokens.
struct TapeBuilder {
    tape: Tape,
    /// The open containers' entries.
    open: Vec<usize>,
}

impl TapeBuilder {
    fn push(&mut self, kind: EntryKind, span: Span, extra: u32) {
        // Offsets fit: the source is at most `Tape::MAX_SOURCE_BYTES` long.
        self.tape.kinds.push(kind);
        self.tape.entries.push(Entry {
            start: span.start as u32,
            extra,
        });
    }

    /// Where the text of a string or key spanning `span` (quotes included) is found.
    fn text(&mut self, decoded: String, span: Span) -> u32 {
        // Decoding shortens every escape, so the text is the source's exactly when as long.
        if decoded.len() + 2 == span.end - span.start {
            return VERBATIM;
        }
        let tape = &mut self.tape;
        let from = tape.decoded.len() as u32;
        tape.decoded.push_str(&decoded);
        tape.escaped.push(Escaped {
            from,
            to: tape.decoded.len() as u32,
            end: span.end as u32,
        });
        (tape.escaped.len() - 1) as u32
    }
}

impl DocumentSink for TapeBuilder {
    fn key(&mut self, name: String, span: Span) {
        let extra = self.text(name, span);
        self.push(EntryKind::Key, span, extra);
    }

    fn scalar(&mut self, token: Token, span: Span, string: Option<String>) {
        let (kind, extra) = match token {
            Token::Number => (EntryKind::Number, 0),
            Token::True => (EntryKind::True, 0),
            Token::False => (EntryKind::False, 0),
            Token::String => (
                EntryKind::String,
                self.text(string.unwrap_or_default(), span),
            ),
            _ => (EntryKind::Null, 0),
        };
        self.push(kind, span, extra);
    }

    fn open(&mut self, object: bool, span: Span) {
        let container = self.tape.containers.len();
        self.open.push(container);
        self.tape.containers.push(Container { next: 0, end: 0 });
        let kind = if object {
            EntryKind::Object
        } else {
            EntryKind::Array
        };
        self.push(kind, span, container as u32);
    }

    fn close(&mut self, span: Span) {
        let container = self.open.pop().expect("reader balances brackets");
        self.tape.containers[container] = Container {
            next: self.tape.entries.len() as u32,
            end: span.end as u32,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{Document, NodeKind};

    /// The tape's view of value `id` equals the tree's view of node `node`, recursively.
    fn same(tape: &Tape, doc: &Document, src: &str, id: NodeId, node: NodeId) {
        let n = doc.node(node);
        assert_eq!(tape.span(src, id), n.span);
        match &n.kind {
            NodeKind::Null => assert_eq!(tape.kind(id), EntryKind::Null),
            NodeKind::Bool(b) => {
                assert_eq!(
                    tape.kind(id),
                    if *b {
                        EntryKind::True
                    } else {
                        EntryKind::False
                    }
                )
            }
            NodeKind::Number => assert_eq!(tape.kind(id), EntryKind::Number),
            NodeKind::String(s) => {
                assert_eq!(tape.kind(id), EntryKind::String);
                assert_eq!(tape.text(src, id), s);
            }
            NodeKind::Array(items) => {
                let got: Vec<NodeId> = tape.items(id).collect();
                assert_eq!(got.len(), items.len());
                for (&a, &b) in got.iter().zip(items) {
                    same(tape, doc, src, a, b);
                }
            }
            NodeKind::Object(members) => {
                let got: Vec<(NodeId, NodeId)> = tape.members(id).collect();
                assert_eq!(got.len(), members.len());
                for (&(k, v), m) in got.iter().zip(members) {
                    assert_eq!(tape.kind(k), EntryKind::Key);
                    assert_eq!(tape.text(src, k), m.key);
                    assert_eq!(tape.span(src, k), m.key_span);
                    same(tape, doc, src, v, m.value);
                }
            }
        }
    }

    #[test]
    fn holds_what_the_tree_holds() {
        for src in [
            r#"{"a": 1, "a": [true, "x", [], {}], "b\n": {"c": null, "d": "\u00e9\"q"}, "": -0.5e3}"#,
            r#" [ [[1], [2, [3, {"k": false}]]], "tail" ] "#,
            r#"{"n":[-1.5e+3,0,true,null,"",{}],"e":"\\","":[[]]}"#,
            r#""just \\ a string""#,
            "7",
        ] {
            let tape = Tape::parse(src, 100).unwrap();
            let doc = Document::parse(src, 100).unwrap();
            same(&tape, &doc, src, tape.root(), doc.root());
        }
    }

    #[test]
    fn errors_are_the_tree_s() {
        for src in [
            "",
            "{} x",
            r#"{"a": [1, }"#,
            "[[[[1]]]]",
            r#"{"a" 1}"#,
            "\"\\q\"",
        ] {
            assert_eq!(
                Tape::parse(src, 3).unwrap_err(),
                Document::parse(src, 3).unwrap_err(),
                "{src}"
            );
        }
    }

    #[test]
    fn verbatim_strings_cost_no_copy() {
        let src = r#"{"plain": "text", "esc\taped": "a\\b"}"#;
        let tape = Tape::parse(src, 10).unwrap();
        assert_eq!(tape.decoded, "esc\taped".to_string() + "a\\b");
        assert_eq!(tape.escaped.len(), 2);
    }
}
