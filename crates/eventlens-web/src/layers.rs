//! Flattens the layers drawn over an editor's text (syntax colours, match highlights, the error
//! underline, the matched bracket pair) into runs of text with one set of classes each.
//!
//! The text is cut into chunks (so that an edit re-renders only the chunk it falls in) and the
//! chunks into blocks of whole lines (so that only the blocks in view are drawn at all: typing in
//! a 256 KB event then costs the browser a few blocks of layout, not the whole text).

use crate::marks::Mark;
use crate::syntax::{tokens, Token, TokenKind};
use eventlens::Span;
use std::ops::Range;

/// A chunk ends at the first line end after this many bytes…
const CHUNK_BYTES: usize = 2048;
/// …or, on a very long line, after a comma once it has this many.
const LONG_CHUNK_BYTES: usize = 8192;

/// A run of text drawn with the same syntax classes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// The text (never interpreted as markup).
    pub text: String,
    /// Space-separated CSS classes; empty for plain text.
    pub class: String,
}

/// Consecutive runs under the same match highlight (or under none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The highlight's classes; empty when the runs are not highlighted.
    pub mark: String,
    /// The condition the highlight belongs to, for hovering.
    pub cond: Option<u32>,
    /// The runs, in text order.
    pub runs: Vec<Run>,
}

/// Consecutive groups rendered together.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Chunk {
    /// The groups, in text order.
    pub groups: Vec<Group>,
}

/// Chunks that end at a line end (or at the end of the text), drawn as one block. Each block is
/// laid out on its own, and blocks out of view are replaced by empty space of the same height.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The block's chunks (indexes).
    pub chunks: Range<usize>,
    /// 0-based line the block starts on.
    pub first_line: usize,
    /// How many lines it occupies.
    pub lines: usize,
}

/// Groups chunks (byte ranges of `text`, from [`chunk_ranges`]) into blocks.
pub fn blocks(text: &str, chunks: &[Range<usize>]) -> Vec<Block> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let (mut start, mut line, mut breaks) = (0, 0, 0);
    for (i, r) in chunks.iter().enumerate() {
        breaks += bytes[r.clone()].iter().filter(|&&b| b == b'\n').count();
        let ends_line = r.end > r.start && bytes[r.end - 1] == b'\n';
        if ends_line || i + 1 == chunks.len() {
            let lines = breaks + usize::from(!ends_line);
            out.push(Block {
                chunks: start..i + 1,
                first_line: line,
                lines,
            });
            line += lines;
            (start, breaks) = (i + 1, 0);
        }
    }
    out
}

/// The blocks (indexes) that show any of lines `first..=last`; never empty when there are blocks.
pub fn visible(blocks: &[Block], first: usize, last: usize) -> Range<usize> {
    let start = blocks
        .partition_point(|b| b.first_line + b.lines <= first)
        .min(blocks.len().saturating_sub(1));
    let end = blocks
        .partition_point(|b| b.first_line <= last)
        .max(start + 1);
    start..end.min(blocks.len())
}

/// What to draw over a text.
#[derive(Debug, Clone, Copy)]
pub struct Layers<'a> {
    /// The tokens of the text (they may stop short of its end).
    pub tokens: &'a [Token],
    /// Match highlights, sorted by start.
    pub marks: &'a [Mark],
    /// The error to underline.
    pub error: Option<Span>,
    /// Byte offsets of brackets to outline.
    pub brackets: [Option<usize>; 2],
    /// The condition whose highlights are emphasised.
    pub focus: Option<u32>,
}

/// An error span made easy to see: a span of at most one character at the start of a value or
/// key grows to the whole token (the engine points at where a token starts), and an empty span
/// grows to the character after it. An empty span at the end of the text stays empty: the
/// editor marks the end of the text instead.
pub fn visible_error(text: &str, span: Span) -> Span {
    let start = floor_boundary(text, span.start.min(text.len()));
    let end = floor_boundary(text, span.end.min(text.len())).max(start);
    let one_char = text[start..].chars().next().map_or(0, char::len_utf8);
    if end - start <= one_char {
        let window = floor_boundary(text, (start + 4096).min(text.len()));
        let token = tokens(&text[start..window]).into_iter().next();
        let value = token.filter(|t| {
            t.span.start == 0 && !matches!(t.kind, TokenKind::Bracket | TokenKind::Punct)
        });
        if let Some(t) = value {
            return Span::new(start, start + t.span.end);
        }
    }
    if end > start {
        Span::new(start, end)
    } else {
        Span::new(start, start + one_char)
    }
}

/// The character boundary at or before byte `i` (at most the text's length).
pub fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The runs of chunk `range` of `text`.
pub fn chunk(text: &str, range: Range<usize>, layers: Layers) -> Chunk {
    let first_token = layers.tokens.partition_point(|t| t.span.end <= range.start);
    let inside = |p: usize| range.start <= p && p <= range.end;
    let mut points = vec![range.start, range.end];
    for t in &layers.tokens[first_token..] {
        if t.span.start >= range.end {
            break;
        }
        points.extend([t.span.start, t.span.end]);
    }
    for m in layers.marks {
        points.extend([m.span.start, m.span.end]);
    }
    if let Some(e) = layers.error {
        points.extend([e.start, e.end]);
    }
    for b in layers.brackets.into_iter().flatten() {
        points.extend([b, b + 1]);
    }
    points.retain(|&p| inside(p) && text.is_char_boundary(p));
    points.sort_unstable();
    points.dedup();

    let mut chunk = Chunk::default();
    let mut token = first_token;
    let mut active: Vec<&Mark> = Vec::new();
    let mut mark = 0;
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        while token < layers.tokens.len() && layers.tokens[token].span.end <= a {
            token += 1;
        }
        while mark < layers.marks.len() && layers.marks[mark].span.start <= a {
            active.push(&layers.marks[mark]);
            mark += 1;
        }
        active.retain(|m| m.span.end > a);
        let mut class = String::new();
        if let Some(t) = layers.tokens.get(token).filter(|t| t.span.start <= a) {
            class.push_str(t.kind.class());
        }
        if layers.error.is_some_and(|e| e.start <= a && a < e.end) {
            push_class(&mut class, "err");
        }
        if layers.brackets.contains(&Some(a)) {
            push_class(&mut class, "br-match");
        }
        let inner = active.iter().min_by_key(|m| m.span.end - m.span.start);
        let mut mark_class = String::new();
        if let Some(m) = inner {
            mark_class.push_str(m.status.class());
            if m.cond.is_some() && m.cond == layers.focus {
                push_class(&mut mark_class, "m-focus");
            }
        }
        let cond = inner.and_then(|m| m.cond);
        let run = Run {
            text: text[a..b].to_string(),
            class,
        };
        match chunk.groups.last_mut() {
            Some(g) if g.mark == mark_class && g.cond == cond => match g.runs.last_mut() {
                Some(last) if last.class == run.class => last.text.push_str(&run.text),
                _ => g.runs.push(run),
            },
            _ => chunk.groups.push(Group {
                mark: mark_class,
                cond,
                runs: vec![run],
            }),
        }
    }
    chunk
}

/// Cuts `text` into chunks: after the first line end past [`CHUNK_BYTES`], or on a long line
/// after the first comma past it. Cuts depend only on the text since the previous cut, so an edit
/// moves at most the cut after it.
pub fn chunk_ranges(text: &str, tokens: &[Token]) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let commas: Vec<usize> = tokens
        .iter()
        .filter(|t| bytes[t.span.start] == b',')
        .map(|t| t.span.end)
        .collect();
    let mut cuts = vec![0];
    let mut from = 0;
    loop {
        let target = from + CHUNK_BYTES;
        if target >= bytes.len() {
            break;
        }
        let line_end = bytes[target..]
            .iter()
            .position(|&b| b == b'\n')
            .map(|k| target + k + 1);
        let comma = commas.get(commas.partition_point(|&c| c < target)).copied();
        let cut = match (line_end, comma) {
            (Some(n), _) if n - from <= LONG_CHUNK_BYTES => n,
            (Some(n), Some(c)) => n.min(c),
            (Some(n), None) => n,
            (None, Some(c)) => c,
            (None, None) => break,
        };
        if cut >= bytes.len() {
            break;
        }
        cuts.push(cut);
        from = cut;
    }
    cuts.push(bytes.len());
    cuts.windows(2).map(|w| w[0]..w[1]).collect()
}

fn push_class(class: &mut String, name: &str) {
    if !class.is_empty() {
        class.push(' ');
    }
    class.push_str(name);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::marks::Status;

    fn all_chunks(text: &str, layers: Layers) -> Vec<Chunk> {
        chunk_ranges(text, layers.tokens)
            .into_iter()
            .map(|r| chunk(text, r, layers))
            .collect()
    }

    /// (text, classes) of every run, the highlight's classes first.
    fn runs(text: &str, layers: Layers) -> Vec<(String, String)> {
        all_chunks(text, layers)
            .iter()
            .flat_map(|c| c.groups.iter())
            .flat_map(|g| {
                g.runs.iter().map(|r| {
                    let class = [g.mark.as_str(), r.class.as_str()]
                        .into_iter()
                        .filter(|c| !c.is_empty())
                        .collect::<Vec<_>>()
                        .join(" ");
                    (r.text.clone(), class)
                })
            })
            .collect()
    }

    fn joined(chunks: &[Chunk]) -> String {
        chunks
            .iter()
            .flat_map(|c| c.groups.iter())
            .flat_map(|g| g.runs.iter().map(|r| r.text.as_str()))
            .collect()
    }

    fn plain<'a>(tokens: &'a [Token]) -> Layers<'a> {
        Layers {
            tokens,
            marks: &[],
            error: None,
            brackets: [None, None],
            focus: None,
        }
    }

    #[test]
    fn runs_combine_tokens_marks_errors_and_brackets() {
        let text = r#"{"é": ["x", 1]}"#;
        let t = tokens(text);
        let marks = [Mark {
            span: Span::new(8, 11),
            status: Status::Failed,
            cond: Some(3),
        }];
        let layers = Layers {
            marks: &marks,
            error: Some(Span::new(13, 14)),
            brackets: [Some(0), Some(15)],
            focus: Some(3),
            ..plain(&t)
        };
        let r = runs(text, layers);
        assert_eq!(
            r,
            vec![
                ("{".into(), "t-br br-match".into()),
                ("\"é\"".into(), "t-key".into()),
                (":".into(), "t-p".into()),
                (" ".into(), "".into()),
                ("[".into(), "t-br".into()),
                ("\"x\"".into(), "m-failed m-focus t-str".into()),
                (",".into(), "t-p".into()),
                (" ".into(), "".into()),
                ("1".into(), "t-num err".into()),
                ("]".into(), "t-br".into()),
                ("}".into(), "t-br br-match".into()),
            ]
        );
        let joined: String = r.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(joined, text);
    }

    #[test]
    fn a_highlight_spanning_a_cut_is_drawn_in_both_chunks() {
        let text = format!("[{}\"end\"]", "1,\n".repeat(1500));
        let t = tokens(&text);
        let ranges = chunk_ranges(&text, &t);
        assert!(ranges.len() > 1);
        let marks = [Mark {
            span: Span::new(1, text.len() - 1),
            status: Status::Held,
            cond: Some(0),
        }];
        let layers = Layers {
            marks: &marks,
            ..plain(&t)
        };
        for r in ranges {
            let c = chunk(&text, r, layers);
            assert!(c
                .groups
                .iter()
                .any(|g| g.mark == "m-held" && g.cond == Some(0)));
        }
    }

    #[test]
    fn big_texts_are_cut_into_stable_chunks() {
        let line = format!("  \"k\": \"{}\",\n", "v".repeat(100));
        let text = format!("{{\n{}  \"z\": 1\n}}", line.repeat(200));
        let t = tokens(&text);
        let before = all_chunks(&text, plain(&t));
        assert!(before.len() > 5, "{}", before.len());
        assert_eq!(joined(&before), text);
        let ranges = chunk_ranges(&text, &t);
        assert!(ranges[..ranges.len() - 1]
            .iter()
            .all(|r| text.as_bytes()[r.end - 1] == b'\n'));
        // An edit in the first chunk leaves the others as they were.
        let edited = text.replacen("\"k\"", "\"kk\"", 1);
        let t2 = tokens(&edited);
        let after = all_chunks(&edited, plain(&t2));
        assert_eq!(after.len(), before.len());
        assert_ne!(after[0], before[0]);
        assert_eq!(after[1..], before[1..]);
    }

    #[test]
    fn one_line_texts_are_cut_after_commas() {
        let text = format!("[{}1]", "\"abcdefgh\",".repeat(3000));
        let t = tokens(&text);
        let ranges = chunk_ranges(&text, &t);
        assert!(ranges.len() >= 3, "{}", ranges.len());
        assert!(text[ranges[0].clone()].ends_with(','));
        assert_eq!(joined(&all_chunks(&text, plain(&t))), text);
        // One line: one block.
        assert_eq!(blocks(&text, &ranges).len(), 1);
    }

    #[test]
    fn blocks_count_lines_and_only_visible_ones_are_drawn() {
        let line = "  \"k\": \"value value value value value value value value\",\n";
        let text = format!("{{\n{}  \"z\": 1\n}}", line.repeat(300));
        let ranges = chunk_ranges(&text, &tokens(&text));
        let b = blocks(&text, &ranges);
        assert!(b.len() > 3);
        let total: usize = b.iter().map(|b| b.lines).sum();
        assert_eq!(total, text.lines().count());
        for w in b.windows(2) {
            assert_eq!(w[0].first_line + w[0].lines, w[1].first_line);
            assert_eq!(w[0].chunks.end, w[1].chunks.start);
        }
        let v = visible(&b, 100, 130);
        assert!(b[v.start].first_line <= 100);
        assert!(b[v.end - 1].first_line + b[v.end - 1].lines > 130);
        assert!(v.len() < b.len());
        assert_eq!(visible(&b, 0, 0), 0..1);
        assert_eq!(visible(&b, 10_000, 10_100), b.len() - 1..b.len());
        let one = chunk_ranges("{}", &tokens("{}"));
        assert_eq!(
            blocks("{}", &one),
            vec![Block {
                chunks: 0..1,
                first_line: 0,
                lines: 1
            }]
        );
        // A text ending with a line break ends with a block of whole lines.
        assert_eq!(
            blocks("{}\n", &chunk_ranges("{}\n", &tokens("{}\n")))[0].lines,
            1
        );
    }

    #[test]
    fn errors_are_widened_to_be_seen() {
        assert_eq!(visible_error("ab", Span::new(2, 2)), Span::new(2, 2));
        assert_eq!(visible_error("a é", Span::new(2, 2)), Span::new(2, 4));
        assert_eq!(visible_error("a é", Span::new(3, 9)), Span::new(2, 4));
        assert_eq!(visible_error("", Span::new(0, 0)), Span::new(0, 0));
        // The start of a value grows to the whole value; brackets stay one character.
        let text = r#"{"a": "xyz", "b": [1]}"#;
        assert_eq!(visible_error(text, Span::new(6, 7)), Span::new(6, 11));
        assert_eq!(visible_error(text, Span::new(18, 19)), Span::new(18, 19));
        assert_eq!(visible_error(text, Span::new(6, 9)), Span::new(6, 9));
    }
}
