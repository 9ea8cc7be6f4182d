//! Positions in source text: byte spans, and the line/column pairs people and Jackson use.

use super::utf16::Utf16Map;
use serde::Serialize;

/// A byte range `start..end` of a source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// The span `start..end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The smallest span holding both `self` and `other`.
    pub fn cover(&self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// The same span in UTF-16 code units (how JavaScript strings and editors index). For many
    /// spans of one text, build its [`Utf16Map`] once instead.
    pub fn to_utf16(&self, text: &str) -> Span {
        Utf16Map::new(text).span(*self)
    }

    /// The slice of `text` this span covers.
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// A 1-based line and column; the column counts UTF-16 code units, as Java (and Jackson) do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TextPos {
    /// 1-based line; `\n`, `\r\n` and a lone `\r` each end a line.
    pub line: usize,
    /// 1-based column in UTF-16 code units.
    pub column: usize,
}

impl TextPos {
    /// The position of byte `offset` in `text`.
    pub fn of(text: &str, offset: usize) -> TextPos {
        let offset = offset.min(text.len());
        let bytes = text.as_bytes();
        let mut line = 1;
        let mut row_start = 0;
        let mut i = 0;
        while i < offset {
            match bytes[i] {
                b'\n' => {
                    line += 1;
                    row_start = i + 1;
                }
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') && i + 1 < offset {
                        i += 1;
                    }
                    line += 1;
                    row_start = i + 1;
                }
                _ => {}
            }
            i += 1;
        }
        let column = text[row_start..offset]
            .chars()
            .map(char::len_utf16)
            .sum::<usize>()
            + 1;
        TextPos { line, column }
    }
}

/// Jackson's description of a `String` source: `(String)"…"`, cut after 500 characters.
pub fn source_description(src: &str) -> String {
    const MAX: usize = 500;
    let total: usize = src.chars().map(char::len_utf16).sum();
    if total <= MAX {
        return format!("(String)\"{src}\"");
    }
    let mut units = 0;
    let mut cut = 0;
    for (i, ch) in src.char_indices() {
        if units + ch.len_utf16() > MAX {
            break;
        }
        units += ch.len_utf16();
        cut = i + ch.len_utf8();
    }
    format!(
        "(String)\"{}\"[truncated {} chars]",
        &src[..cut],
        total - units
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units() {
        let t = "ab\n😀x";
        assert_eq!(TextPos::of(t, 0), TextPos { line: 1, column: 1 });
        assert_eq!(TextPos::of(t, 3), TextPos { line: 2, column: 1 });
        assert_eq!(TextPos::of(t, 7), TextPos { line: 2, column: 3 });
        assert_eq!(Span::new(3, 8).to_utf16(t), Span::new(3, 6));
    }

    #[test]
    fn long_sources_are_truncated() {
        let s = "x".repeat(510);
        assert!(source_description(&s).ends_with("\"[truncated 10 chars]"));
    }
}
