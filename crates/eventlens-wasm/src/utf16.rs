//! Spans in both units, for JavaScript: the engine's byte spans, and the same spans in UTF-16
//! code units (the engine's [`Utf16Map`] converts).

use eventlens::{Span, Utf16Map};
use serde::Serialize;

/// A span of a text in both units: UTF-8 bytes (what the engine and Rust use) and UTF-16 code
/// units (what JavaScript strings and editors index by).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TextSpan {
    /// The span in UTF-8 bytes.
    pub bytes: Span,
    /// The same span in UTF-16 code units.
    pub utf16: Span,
}

impl TextSpan {
    /// `span` of the text `map` was built from, in both units.
    pub fn new(map: &Utf16Map, span: Span) -> Self {
        TextSpan {
            bytes: span,
            utf16: map.span(span),
        }
    }
}

/// Slices `text` by a UTF-16 span, as JavaScript's `String.prototype.slice` would.
#[cfg(test)]
pub(crate) fn slice_utf16(text: &str, span: Span) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(&units[span.start..span.end]).unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_units_name_the_same_text() {
        let text = "é🦀a\u{10FFFF}x";
        let map = Utf16Map::new(text);
        for (i, _) in text.char_indices() {
            let span = TextSpan::new(&map, Span::new(i, text.len()));
            assert_eq!(span.bytes.slice(text), slice_utf16(text, span.utf16));
        }
    }
}
