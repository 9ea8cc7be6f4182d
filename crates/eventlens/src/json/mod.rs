//! JSON reading with Jackson's behaviour and byte spans.

pub mod escape;
pub mod reader;
pub mod text;
pub mod tree;
pub mod utf16;

pub use reader::{SyntaxError, Token, TokenReader};
pub use text::{Span, TextPos};
pub use tree::{Document, Member, Node, NodeId, NodeKind};
pub use utf16::Utf16Map;
