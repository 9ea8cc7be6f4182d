//! JSON reading with Jackson's behaviour and byte spans.

pub mod document;
pub mod escape;
pub mod reader;
pub mod tape;
pub mod text;
pub mod tree;

pub use reader::{SyntaxError, Token, TokenReader};
pub use text::{Span, TextPos};
pub use tree::{Document, Member, Node, NodeId, NodeKind};
