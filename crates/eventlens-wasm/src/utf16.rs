//! Byte offsets to UTF-16 offsets, for spans that JavaScript strings can slice.

use eventlens::Span;
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

/// Converts byte offsets of one text to UTF-16 offsets.
///
/// The engine's `Span::to_utf16` rescans the text up to the offset for every span; an
/// explanation of a large event holds hundreds of spans, so this builds a prefix table once
/// instead (and none at all for ASCII text, where both units agree).
#[derive(Debug, Clone)]
pub struct Utf16Map {
    /// UTF-16 units before each byte offset `0..=len`; `None` when the text is ASCII.
    units: Option<Vec<u32>>,
}

impl Utf16Map {
    /// The map of `text`.
    pub fn new(text: &str) -> Self {
        if text.is_ascii() {
            return Utf16Map { units: None };
        }
        let mut units = Vec::with_capacity(text.len() + 1);
        let mut count = 0u32;
        for c in text.chars() {
            // Offsets inside a character map to its start; spans never point there.
            units.extend(std::iter::repeat_n(count, c.len_utf8()));
            count += c.len_utf16() as u32;
        }
        units.push(count);
        Utf16Map { units: Some(units) }
    }

    /// The UTF-16 offset of byte `offset` (clamped to the end of the text).
    pub fn offset(&self, offset: usize) -> usize {
        match &self.units {
            None => offset,
            Some(units) => units[offset.min(units.len() - 1)] as usize,
        }
    }

    /// `span` in both units.
    pub fn span(&self, span: Span) -> TextSpan {
        TextSpan {
            bytes: span,
            utf16: Span::new(self.offset(span.start), self.offset(span.end)),
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
    fn agrees_with_the_engine_on_every_boundary() {
        for text in ["", "plain ascii", "é🦀a\u{10FFFF}x", "日本語 and 😀😀"] {
            let map = Utf16Map::new(text);
            for (i, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let span = Span::new(0, i);
                assert_eq!(map.span(span).utf16, span.to_utf16(text), "{text:?} at {i}");
            }
        }
    }

    #[test]
    fn ascii_needs_no_table_and_offsets_clamp() {
        let map = Utf16Map::new("abc");
        assert!(map.units.is_none());
        assert_eq!(map.offset(2), 2);
        assert_eq!(Utf16Map::new("é").offset(99), 1);
    }
}
