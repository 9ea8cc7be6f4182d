//! JSON tokens for colouring, bracket matching and reformatting.
//!
//! Hand-written rather than taken from the engine: the engine's reader stops at the first error,
//! while an editor must colour every line of half-typed text and carry on past mistakes.

use eventlens::Span;

/// What a token is, for colouring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A string followed by `:`.
    Key,
    /// Any other string (an unterminated one ends at the end of its line).
    String,
    /// A number.
    Number,
    /// `true`, `false` or `null`.
    Literal,
    /// `{`, `}`, `[` or `]`.
    Bracket,
    /// `:` or `,`.
    Punct,
    /// Anything JSON does not allow.
    Invalid,
}

impl TokenKind {
    /// The CSS class that colours the token.
    pub fn class(self) -> &'static str {
        match self {
            TokenKind::Key => "t-key",
            TokenKind::String => "t-str",
            TokenKind::Number => "t-num",
            TokenKind::Literal => "t-lit",
            TokenKind::Bracket => "t-br",
            TokenKind::Punct => "t-p",
            TokenKind::Invalid => "t-bad",
        }
    }
}

/// One token and its bytes in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Where the token is.
    pub span: Span,
    /// What it is.
    pub kind: TokenKind,
}

/// Splits `text` into tokens; white space is left out. Never fails: what JSON does not allow
/// becomes [`TokenKind::Invalid`]. Every token boundary is a character boundary.
pub fn tokens(text: &str) -> Vec<Token> {
    // Counted first, so that the list is allocated once at its size: grown by doubling, a
    // 256 KB event's tokens (about a megabyte) would pass through twice that in the wasm heap,
    // which never shrinks.
    let mut all = Vec::with_capacity(Tokens::new(text).count());
    all.extend(Tokens::new(text));
    all
}

/// The tokens of a text one at a time, as [`tokens`] gives them; a reader can move past
/// bytes it reads in its own way (such as a string in single quotes) with [`Tokens::resume_at`].
pub struct Tokens<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Tokens<'a> {
    /// The tokens of `text` from its start.
    pub fn new(text: &'a str) -> Self {
        Tokens { text, pos: 0 }
    }

    /// Carries on from byte `at` (clamped to the text, and moved back to a character boundary).
    pub fn resume_at(&mut self, at: usize) {
        let mut at = at.min(self.text.len());
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        self.pos = at;
    }
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut i = self.pos;
        while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
        }
        if i >= bytes.len() {
            self.pos = i;
            return None;
        }
        let start = i;
        let kind = match bytes[i] {
            b'"' => {
                i = string_end(bytes, i);
                let mut j = i;
                while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\n' | b'\r') {
                    j += 1;
                }
                if bytes.get(j) == Some(&b':') {
                    TokenKind::Key
                } else {
                    TokenKind::String
                }
            }
            b'{' | b'}' | b'[' | b']' => {
                i += 1;
                TokenKind::Bracket
            }
            b':' | b',' => {
                i += 1;
                TokenKind::Punct
            }
            b'-' | b'0'..=b'9' => {
                i += 1;
                while i < bytes.len()
                    && matches!(bytes[i], b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')
                {
                    i += 1;
                }
                TokenKind::Number
            }
            b'a'..=b'z' | b'A'..=b'Z' => {
                while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                    i += 1;
                }
                match &text[start..i] {
                    "true" | "false" | "null" => TokenKind::Literal,
                    _ => TokenKind::Invalid,
                }
            }
            _ => {
                i += text[i..].chars().next().map_or(1, char::len_utf8);
                TokenKind::Invalid
            }
        };
        self.pos = i;
        Some(Token {
            span: Span::new(start, i),
            kind,
        })
    }
}

/// One past the closing quote of the string opening at `start` (the quote is the byte there:
/// `"`, or `'` for the single-quoted strings JSON does not allow), or the end of its line when
/// it is not closed there.
pub fn string_end(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if matches!(bytes.get(i + 1), Some(b'\n' | b'\r')) => return i + 1,
            b'\\' => i += 2,
            b if b == quote => return i + 1,
            b'\n' | b'\r' => return i,
            _ => i += 1,
        }
    }
    bytes.len().min(i)
}

/// A bracket next to the caret and its partner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BracketPair {
    /// Byte offset of the bracket at the caret.
    pub at: usize,
    /// Byte offset of its partner, if it has one of the right kind.
    pub partner: Option<usize>,
}

/// The bracket just after `caret` (else just before it) and the bracket that pairs with it.
pub fn bracket_pair(text: &str, tokens: &[Token], caret: usize) -> Option<BracketPair> {
    let bytes = text.as_bytes();
    let index = tokens
        .binary_search_by(|t| t.span.start.cmp(&caret))
        .ok()
        .filter(|&k| tokens[k].kind == TokenKind::Bracket)
        .or_else(|| {
            let k = tokens.partition_point(|t| t.span.end < caret);
            (k < tokens.len()
                && tokens[k].span.end == caret
                && tokens[k].kind == TokenKind::Bracket)
                .then_some(k)
        })?;
    let at = tokens[index].span.start;
    let opening = matches!(bytes[at], b'{' | b'[');
    let brackets = |k: &usize| tokens[*k].kind == TokenKind::Bracket;
    let mut depth = 0usize;
    let mut scan = |k: usize| -> Option<Option<usize>> {
        let b = bytes[tokens[k].span.start];
        if matches!(b, b'{' | b'[') == opening {
            depth += 1;
            return None;
        }
        depth -= 1;
        (depth == 0).then(|| {
            let fits = matches!(
                (bytes[at], b),
                (b'{', b'}') | (b'[', b']') | (b'}', b'{') | (b']', b'[')
            );
            fits.then_some(tokens[k].span.start)
        })
    };
    let partner = if opening {
        (index..tokens.len()).filter(brackets).find_map(&mut scan)
    } else {
        (0..=index).rev().filter(brackets).find_map(&mut scan)
    };
    Some(BracketPair {
        at,
        partner: partner.flatten(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(&str, TokenKind)> {
        tokens(text)
            .into_iter()
            .map(|t| (t.span.slice(text), t.kind))
            .collect()
    }

    #[test]
    fn colours_keys_values_and_mistakes() {
        use TokenKind::*;
        assert_eq!(
            kinds(r#"{"a" : ["x\"y", -1.5e3, true, nul, é]}"#),
            vec![
                ("{", Bracket),
                (r#""a""#, Key),
                (":", Punct),
                ("[", Bracket),
                (r#""x\"y""#, String),
                (",", Punct),
                ("-1.5e3", Number),
                (",", Punct),
                ("true", Literal),
                (",", Punct),
                ("nul", Invalid),
                (",", Punct),
                ("é", Invalid),
                ("]", Bracket),
                ("}", Bracket),
            ]
        );
    }

    #[test]
    fn unterminated_strings_stop_at_the_line_end() {
        let text = "{\"abc\n\"d\": 1}";
        let t = tokens(text);
        assert_eq!(t[1].span.slice(text), "\"abc");
        assert_eq!(t[2].span.slice(text), "\"d\"");
        assert_eq!(t[2].kind, TokenKind::Key);
        assert_eq!(tokens("\"x\\").last().unwrap().span, Span::new(0, 3));
    }

    #[test]
    fn finds_bracket_partners_skipping_strings() {
        let text = r#"{"a": ["]", {"b": 1}]}"#;
        let t = tokens(text);
        let pair = bracket_pair(text, &t, 0).unwrap();
        assert_eq!((pair.at, pair.partner), (0, Some(text.len() - 1)));
        let open = text.find('[').unwrap();
        let pair = bracket_pair(text, &t, open).unwrap();
        assert_eq!(pair.partner, Some(text.len() - 2));
        // Caret just after a closing bracket.
        let pair = bracket_pair(text, &t, text.len()).unwrap();
        assert_eq!(pair.partner, Some(0));
        assert_eq!(bracket_pair(text, &t, 2), None);
        // Mismatched or unclosed brackets have no partner.
        let bad = "{\"a\": [1}";
        assert_eq!(bracket_pair(bad, &tokens(bad), 0).unwrap().partner, None);
        let open = "[[1]";
        assert_eq!(bracket_pair(open, &tokens(open), 0).unwrap().partner, None);
    }
}
