//! Byte offsets and UTF-16 offsets of one text: the engine's spans count UTF-8 bytes, JavaScript
//! strings, browsers' carets and editors count UTF-16 code units. Every crate that crosses
//! between the two (the WebAssembly bindings, the playground) uses this map.

use super::text::Span;

/// The UTF-16 offset of every byte offset of one text, built once: an explanation of a large
/// event holds hundreds of spans, and rescanning the text for each would be quadratic. ASCII
/// text, where both units agree, needs no table.
///
/// ```
/// use eventlens::{Span, Utf16Map};
/// let text = "é😀x";
/// let map = Utf16Map::new(text);
/// assert_eq!(map.span(Span::new(6, 7)), Span::new(3, 4)); // "x": after 1 + 2 units
/// assert_eq!(map.byte_offset(3), 6);
/// assert_eq!(map.utf16_len(), 4);
/// ```
#[derive(Debug, Clone)]
pub struct Utf16Map {
    /// UTF-16 units before each byte offset `0..=len`; `None` when the text is ASCII.
    units: Option<Vec<u32>>,
    /// The text's length in bytes.
    len: usize,
}

impl Utf16Map {
    /// The map of `text`.
    pub fn new(text: &str) -> Self {
        if text.is_ascii() {
            return Utf16Map {
                units: None,
                len: text.len(),
            };
        }
        let mut units = Vec::with_capacity(text.len() + 1);
        let mut count = 0u32;
        for c in text.chars() {
            // Offsets inside a character map to its start; spans never point there.
            units.extend(std::iter::repeat_n(count, c.len_utf8()));
            count += c.len_utf16() as u32;
        }
        units.push(count);
        Utf16Map {
            units: Some(units),
            len: text.len(),
        }
    }

    /// The UTF-16 offset of byte offset `offset`: an offset inside a character gives the
    /// character's start, one past the end of the text gives the text's length.
    pub fn offset(&self, offset: usize) -> usize {
        match &self.units {
            None => offset.min(self.len),
            Some(units) => units[offset.min(self.len)] as usize,
        }
    }

    /// `span` (in bytes) in UTF-16 code units.
    pub fn span(&self, span: Span) -> Span {
        Span::new(self.offset(span.start), self.offset(span.end))
    }

    /// The byte offset of UTF-16 offset `units` (a caret position, a JavaScript string index):
    /// an offset between the two halves of a surrogate pair gives the end of its character, one
    /// past the end of the text gives the text's length.
    pub fn byte_offset(&self, units: usize) -> usize {
        match &self.units {
            None => units.min(self.len),
            Some(table) => table[..self.len].partition_point(|&u| (u as usize) < units),
        }
    }

    /// The text's length in UTF-16 code units.
    pub fn utf16_len(&self) -> usize {
        self.offset(self.len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The UTF-16 offset of byte `offset`, counted the slow way.
    fn counted(text: &str, offset: usize) -> usize {
        text[..offset].encode_utf16().count()
    }

    #[test]
    fn every_boundary_maps_both_ways() {
        for text in [
            "",
            "plain ascii",
            "é🦀a\u{10FFFF}x",
            "日本語 and 😀😀",
            "😀",
        ] {
            let map = Utf16Map::new(text);
            assert_eq!(map.utf16_len(), text.encode_utf16().count(), "{text:?}");
            for (i, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let units = counted(text, i);
                assert_eq!(map.offset(i), units, "{text:?} at byte {i}");
                assert_eq!(map.byte_offset(units), i, "{text:?} at unit {units}");
                assert_eq!(map.span(Span::new(0, i)), Span::new(0, units));
            }
        }
    }

    #[test]
    fn astral_characters_take_two_units() {
        let text = "a😀b";
        let map = Utf16Map::new(text);
        // Byte 1..5 is the emoji: two UTF-16 units, as JavaScript's "a😀b".slice(1, 3).
        assert_eq!(map.span(Span::new(1, 5)), Span::new(1, 3));
        assert_eq!(map.span(Span::new(5, 6)), Span::new(3, 4));
        // Between the surrogates: the end of the emoji.
        assert_eq!(map.byte_offset(2), 5);
        // Inside the emoji's bytes: its start.
        assert_eq!(map.offset(3), 1);
    }

    #[test]
    fn caret_positions_become_byte_offsets() {
        let map = Utf16Map::new("aé😀b");
        let bytes: Vec<usize> = [0, 2, 3, 4, 5, 99].map(|u| map.byte_offset(u)).into();
        assert_eq!(bytes, [0, 3, 7, 7, 8, 8]);
    }

    #[test]
    fn out_of_range_offsets_clamp_to_the_end() {
        for text in ["abc", "é😀"] {
            let map = Utf16Map::new(text);
            let end = text.encode_utf16().count();
            assert_eq!(map.offset(text.len() + 1), end);
            assert_eq!(map.offset(usize::MAX), end);
            assert_eq!(map.byte_offset(end + 1), text.len());
            assert_eq!(map.byte_offset(usize::MAX), text.len());
            assert_eq!(map.span(Span::new(0, 99)), Span::new(0, end));
        }
        let empty = Utf16Map::new("");
        assert_eq!((empty.offset(5), empty.byte_offset(5)), (0, 0));
    }

    #[test]
    fn ascii_needs_no_table() {
        assert!(Utf16Map::new("abc").units.is_none());
        assert!(Utf16Map::new("é").units.is_some());
    }
}
