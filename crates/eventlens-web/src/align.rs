//! Offsets between two layouts of the same JSON. The bus explains the compact event it built and
//! the pattern as it compiled it; the page shows both laid out. The two texts hold the same tokens
//! in the same order and differ only in the white space between them, so a span of one maps to
//! the same tokens of the other.

use crate::syntax::tokens;
use eventlens::Span;

/// The token spans of two layouts of one JSON text, side by side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alignment {
    from: Vec<Span>,
    to: Vec<Span>,
    to_len: usize,
}

impl Alignment {
    /// The alignment of `from` with `to`; `None` when they do not hold as many tokens.
    pub fn new(from: &str, to: &str) -> Option<Alignment> {
        let spans = |text: &str| tokens(text).into_iter().map(|t| t.span).collect::<Vec<_>>();
        let (a, b) = (spans(from), spans(to));
        (a.len() == b.len()).then_some(Alignment {
            from: a,
            to: b,
            to_len: to.len(),
        })
    }

    /// Where `span` of the first text is in the second.
    pub fn span(&self, span: Span) -> Span {
        let start = self.offset(span.start, false);
        Span::new(start, self.offset(span.end, true).max(start))
    }

    /// Where byte `at` of the first text is in the second: the same place in the same token (a
    /// token's start or end when the two spell it differently); in white space, the start of the
    /// next token (or, for the end of a span, the end of the previous one).
    fn offset(&self, at: usize, end: bool) -> usize {
        let i = self
            .from
            .partition_point(|s| if end { s.end < at } else { s.end <= at });
        let (Some(f), Some(t)) = (self.from.get(i), self.to.get(i)) else {
            return self.to_len;
        };
        if at <= f.start {
            return match (end, i.checked_sub(1).and_then(|k| self.to.get(k))) {
                (true, Some(prev)) if at < f.start => prev.end,
                _ => t.start,
            };
        }
        if at >= f.end {
            return t.end;
        }
        if f.end - f.start == t.end - t.start {
            t.start + (at - f.start)
        } else if end {
            t.end
        } else {
            t.start
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::pretty;

    fn find(text: &str, needle: &str) -> Span {
        let start = text.find(needle).unwrap();
        Span::new(start, start + needle.len())
    }

    #[test]
    fn spans_of_a_compact_text_land_on_the_same_tokens_laid_out() {
        let compact = r#"{"source":"aws.omics","detail":{"status":"COMPLETED","tags":["a","b"]}}"#;
        let laid_out = pretty(compact).unwrap();
        assert_ne!(compact, laid_out);
        let al = Alignment::new(compact, &laid_out).unwrap();
        for needle in [
            "\"COMPLETED\"",
            "\"status\"",
            "[\"a\",\"b\"]",
            "{\"status\":\"COMPLETED\",\"tags\":[\"a\",\"b\"]}",
        ] {
            let s = al.span(find(compact, needle));
            assert_eq!(
                crate::format::minify(s.slice(&laid_out)),
                needle,
                "{needle}"
            );
        }
        // Inside a token; and the whole text.
        let inner = find(compact, "omics");
        assert_eq!(al.span(inner).slice(&laid_out), "omics");
        assert_eq!(
            al.span(Span::new(0, compact.len())),
            Span::new(0, laid_out.len())
        );
    }

    #[test]
    fn white_space_maps_to_token_edges_and_other_texts_are_refused() {
        let a = "{ \"a\" : [ 1 ] }";
        let b = "{\"a\":[1]}";
        let al = Alignment::new(a, b).unwrap();
        // From the space after `{` to the space before `}`: the tokens in between.
        assert_eq!(al.span(Span::new(1, a.len() - 1)).slice(b), "\"a\":[1]");
        // Differently spelt tokens map whole.
        let al = Alignment::new("[1e2]", "[100.0]").unwrap();
        assert_eq!(al.span(Span::new(1, 4)), Span::new(1, 6));
        assert_eq!(al.span(Span::new(2, 3)), Span::new(1, 6));
        assert!(Alignment::new("[1]", "[1, 2]").is_none());
    }
}
