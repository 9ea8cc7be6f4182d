//! The pieces of a text meant to be JSON, as the editor's tokenizer reads them, except for two
//! slips it sees as stray characters: a string in single quotes and a comment each form one
//! lexeme here, so a quote or a `"` inside them is not taken for the start of a JSON string.

use crate::syntax::{string_end, TokenKind, Tokens};
use eventlens::Span;

/// What a lexeme is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LexKind {
    /// A token of the editor's tokenizer.
    Json(TokenKind),
    /// A string in single quotes (it ends at the end of its line when it is not closed).
    SingleQuoted,
    /// A `// …` comment (to the end of its line) or a `/* … */` one (to the end of the text
    /// when it is not closed).
    Comment,
}

/// One lexeme and its bytes in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lexeme {
    /// Where it is.
    pub span: Span,
    /// What it is.
    pub kind: LexKind,
}

impl Lexeme {
    /// Whether it is the tokenizer's token `word` (a bracket or punctuation, say).
    pub fn is(&self, text: &str, word: &str) -> bool {
        matches!(self.kind, LexKind::Json(_)) && self.span.slice(text) == word
    }

    /// Whether it is a JSON value, or the end of one (a closing bracket).
    pub fn ends_value(&self, text: &str) -> bool {
        match self.kind {
            LexKind::Json(TokenKind::String | TokenKind::Number | TokenKind::Literal) => true,
            LexKind::Json(TokenKind::Bracket) => matches!(self.span.slice(text), "}" | "]"),
            _ => false,
        }
    }
}

/// The lexemes of `text`, white space left out. Never fails; every boundary is a character
/// boundary.
pub fn lexemes(text: &str) -> Vec<Lexeme> {
    let bytes = text.as_bytes();
    let mut tokens = Tokens::new(text);
    let mut out = Vec::new();
    while let Some(t) = tokens.next() {
        let start = t.span.start;
        let special = match (t.kind, bytes[start], bytes.get(start + 1)) {
            (TokenKind::Invalid, b'\'', _) => {
                Some((string_end(bytes, start), LexKind::SingleQuoted))
            }
            (TokenKind::Invalid, b'/', Some(b'/')) => {
                let end = bytes[start..]
                    .iter()
                    .position(|b| matches!(b, b'\n' | b'\r'))
                    .map_or(bytes.len(), |k| start + k);
                Some((end, LexKind::Comment))
            }
            (TokenKind::Invalid, b'/', Some(b'*')) => {
                let end = text[start + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |k| start + 2 + k + 2);
                Some((end, LexKind::Comment))
            }
            _ => None,
        };
        match special {
            Some((end, kind)) => {
                tokens.resume_at(end);
                out.push(Lexeme {
                    span: Span::new(start, end),
                    kind,
                });
            }
            None => out.push(Lexeme {
                span: t.span,
                kind: LexKind::Json(t.kind),
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<(&str, LexKind)> {
        lexemes(text)
            .into_iter()
            .map(|l| (l.span.slice(text), l.kind))
            .collect()
    }

    #[test]
    fn single_quotes_and_comments_are_one_lexeme() {
        use LexKind::*;
        use TokenKind::*;
        assert_eq!(
            pieces("{'a \"é': 'it\\'s', // x \"y\n/* z\n */ \"b\": 1}"),
            vec![
                ("{", Json(Bracket)),
                ("'a \"é'", SingleQuoted),
                (":", Json(Punct)),
                ("'it\\'s'", SingleQuoted),
                (",", Json(Punct)),
                ("// x \"y", Comment),
                ("/* z\n */", Comment),
                ("\"b\"", Json(Key)),
                (":", Json(Punct)),
                ("1", Json(Number)),
                ("}", Json(Bracket)),
            ]
        );
        assert_eq!(pieces("/* open"), vec![("/* open", Comment)]);
        assert_eq!(
            pieces("'open\n1"),
            vec![("'open", SingleQuoted), ("1", Json(Number))]
        );
        assert_eq!(
            pieces("a / b"),
            vec![
                ("a", Json(Invalid)),
                ("/", Json(Invalid)),
                ("b", Json(Invalid))
            ]
        );
    }
}
