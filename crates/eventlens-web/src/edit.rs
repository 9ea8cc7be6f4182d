//! Editing aids: how a text changed (so highlights can follow the text until the next
//! analysis), and the automatic indentation of the editors.

use eventlens::Span;

/// One contiguous change: bytes `start..old_end` of the old text became `start..new_end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    /// First changed byte.
    pub start: usize,
    /// End of the replaced bytes in the old text.
    pub old_end: usize,
    /// End of the inserted bytes in the new text.
    pub new_end: usize,
}

impl Change {
    /// The change from `old` to `new`: their common start and end are unchanged.
    pub fn between(old: &str, new: &str) -> Change {
        let (a, b) = (old.as_bytes(), new.as_bytes());
        let mut start = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        while !old.is_char_boundary(start) || !new.is_char_boundary(start) {
            start -= 1;
        }
        let max_tail = a.len().min(b.len()) - start;
        let mut tail = a
            .iter()
            .rev()
            .zip(b.iter().rev())
            .take(max_tail)
            .take_while(|(x, y)| x == y)
            .count();
        while !old.is_char_boundary(a.len() - tail) || !new.is_char_boundary(b.len() - tail) {
            tail -= 1;
        }
        Change {
            start,
            old_end: a.len() - tail,
            new_end: b.len() - tail,
        }
    }

    /// Where `span` of the old text is in the new text; `None` when the change touched it.
    pub fn map(&self, span: Span) -> Option<Span> {
        if span.end <= self.start {
            Some(span)
        } else if span.start >= self.old_end {
            let shift = |x: usize| x - self.old_end + self.new_end;
            Some(Span::new(shift(span.start), shift(span.end)))
        } else {
            None
        }
    }
}

/// What the Enter key inserts at `caret`: a line break, the current line's indentation, one more
/// level after `{` or `[`, and the closing bracket on its own line when the caret sits between a
/// pair. Returns the text and the caret position inside it.
pub fn newline(text: &str, caret: usize) -> (String, usize) {
    let before = &text[..caret];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let indent: String = before[line_start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let opener = before.trim_end().chars().last();
    let closer = text[caret..].trim_start_matches([' ', '\t']).chars().next();
    let mut out = format!("\n{indent}");
    match (opener, closer) {
        (Some('{'), Some('}')) | (Some('['), Some(']')) => {
            out.push_str("  ");
            let at = out.len();
            out.push('\n');
            out.push_str(&indent);
            (out, at)
        }
        (Some('{' | '['), _) => {
            out.push_str("  ");
            let at = out.len();
            (out, at)
        }
        _ => {
            let at = out.len();
            (out, at)
        }
    }
}

/// When `}` or `]` is typed on a line holding only indentation, the range to replace (from the
/// line start to the caret) and its replacement: one level less indentation and the bracket.
pub fn closing_bracket(text: &str, caret: usize, bracket: char) -> Option<(Span, String)> {
    let before = &text[..caret];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let indent = &before[line_start..];
    if indent.len() < 2 || !indent.chars().all(|c| c == ' ') {
        return None;
    }
    Some((
        Span::new(line_start, caret),
        format!("{}{bracket}", &indent[2..]),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn change_is_found_and_spans_follow_it() {
        let c = Change::between("abcdef", "abXYdef");
        assert_eq!(
            c,
            Change {
                start: 2,
                old_end: 3,
                new_end: 4
            }
        );
        assert_eq!(c.map(Span::new(0, 2)), Some(Span::new(0, 2)));
        assert_eq!(c.map(Span::new(3, 6)), Some(Span::new(4, 7)));
        assert_eq!(c.map(Span::new(1, 4)), None);
        // Typing right after a highlighted value keeps its span; typing inside drops it.
        let c = Change::between("\"ab\",", "\"ab\"x,");
        assert_eq!(c.map(Span::new(0, 4)), Some(Span::new(0, 4)));
        let c = Change::between("\"ab\"", "\"aXb\"");
        assert_eq!(c.map(Span::new(0, 4)), None);
        assert_eq!(
            Change::between("same", "same").map(Span::new(1, 2)),
            Some(Span::new(1, 2))
        );
    }

    #[test]
    fn change_respects_character_boundaries() {
        let c = Change::between("aéb", "aèb");
        assert_eq!(
            c,
            Change {
                start: 1,
                old_end: 3,
                new_end: 3
            }
        );
        let c = Change::between("ab", "");
        assert_eq!(
            c,
            Change {
                start: 0,
                old_end: 2,
                new_end: 0
            }
        );
        let c = Change::between("aa", "aaa");
        assert_eq!(
            c,
            Change {
                start: 2,
                old_end: 2,
                new_end: 3
            }
        );
    }

    #[test]
    fn enter_keeps_and_deepens_indentation() {
        assert_eq!(newline("  \"a\": 1", 8), ("\n  ".to_string(), 3));
        assert_eq!(newline("{\n  \"a\": [", 10), ("\n    ".to_string(), 5));
        let text = "{\n  \"a\": {}";
        assert_eq!(newline(text, text.len() - 1), ("\n    \n  ".to_string(), 5));
    }

    #[test]
    fn closing_bracket_dedents_blank_lines_only() {
        let text = "{\n  \"a\": 1\n  ";
        assert_eq!(
            closing_bracket(text, text.len(), '}'),
            Some((Span::new(11, 13), "}".to_string()))
        );
        assert_eq!(closing_bracket("{\n  \"a\"", 7, '}'), None);
    }
}
