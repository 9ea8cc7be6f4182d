//! JSON reading with Jackson's behaviour and byte spans: the reader the engine parses patterns
//! and events with, public for tools that point into JSON texts (the bus, suites, the
//! playground).

pub(crate) mod document;
pub(crate) mod escape;
pub(crate) mod reader;
pub(crate) mod tape;
pub(crate) mod text;
pub(crate) mod tree;
pub(crate) mod utf16;

pub use escape::{push_escaped, quote};
pub use reader::SyntaxError;
pub(crate) use reader::{Token, TokenReader};
pub use tape::{EntryKind, Tape};
pub use tree::{Document, Member, Node, NodeId, NodeKind};
