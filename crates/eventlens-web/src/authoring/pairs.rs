//! Brackets and quotes that close themselves as the author types, and Backspace in an empty
//! pair. (A `}` or `]` typed on a blank line first steps back a level: `edit::closing_bracket`.)

use crate::syntax::{tokens, TokenKind};
use eventlens::Span;

/// What typing `typed` at `caret` does instead of inserting it alone: the text to insert at the
/// caret, and the new caret as bytes past `caret`. `{` and `[` insert their pair, and `"` an
/// empty string (not inside a string, nor next to a word); a closer typed just before the same
/// character steps over it (an empty insert and a caret one byte on). `None`: insert the
/// character as usual.
pub fn auto_close(text: &str, caret: usize, typed: char) -> Option<(String, usize)> {
    let next = text[caret..].chars().next();
    let previous = text[..caret].chars().next_back();
    let string = string_at(text, caret);
    let step_over = || Some((String::new(), typed.len_utf8()));
    match typed {
        '{' | '[' if string.is_none() => {
            let closer = if typed == '{' { '}' } else { ']' };
            Some((format!("{typed}{closer}"), 1))
        }
        '}' | ']' if string.is_none() && next == Some(typed) => step_over(),
        '"' => match string {
            // Just before the closing quote of the string the caret is in.
            Some(s) if s.closed && s.span.end == caret + 1 => step_over(),
            Some(_) => None,
            None if next.is_some_and(is_word) || previous.is_some_and(is_word) => None,
            None => Some(("\"\"".to_string(), 1)),
        },
        _ => None,
    }
}

/// What Backspace deletes at `caret` when it sits inside an empty pair (`{}`, `[]`, `""`): both
/// characters. `None`: the usual one character.
pub fn delete_pair(text: &str, caret: usize) -> Option<Span> {
    let bytes = text.as_bytes();
    let pair = Span::new(caret.checked_sub(1)?, caret + 1);
    let string = string_at(text, caret);
    match (bytes[pair.start], *bytes.get(caret)?) {
        (b'{', b'}') | (b'[', b']') if string.is_none() => Some(pair),
        (b'"', b'"') if string.is_some_and(|s| s.span == pair) => Some(pair),
        _ => None,
    }
}

/// A string (or key) of the text.
#[derive(Debug, Clone, Copy)]
struct StringAt {
    /// Its bytes, quotes included.
    span: Span,
    /// It has its closing quote.
    closed: bool,
}

/// The string the caret is inside: after its opening quote and before its closing one (or at
/// the end of one not closed).
fn string_at(text: &str, caret: usize) -> Option<StringAt> {
    tokens(text)
        .into_iter()
        .filter(|t| matches!(t.kind, TokenKind::String | TokenKind::Key))
        .map(|t| StringAt {
            span: t.span,
            closed: is_closed(t.span.slice(text)),
        })
        .find(|s| s.span.start < caret && (caret < s.span.end || caret == s.span.end && !s.closed))
}

/// Whether a string token (opening quote first) ends with its closing quote.
pub fn is_closed(token: &str) -> bool {
    let bytes = token.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return true,
            _ => i += 1,
        }
    }
    false
}

/// A letter, digit or `_`: a quote typed next to one is not a new string.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::closing_bracket;

    /// The text after typing `typed` at the `|` of `marked`, with the caret marked.
    fn typing(marked: &str, typed: char) -> String {
        let caret = marked.find('|').unwrap();
        let text = marked.replace('|', "");
        let (insert, after) = auto_close(&text, caret, typed)
            .unwrap_or_else(|| (typed.to_string(), typed.len_utf8()));
        let mut out = text.clone();
        out.insert_str(caret, &insert);
        out.insert(caret + after, '|');
        out
    }

    #[test]
    fn brackets_and_quotes_open_in_pairs() {
        assert_eq!(typing("|", '{'), "{|}");
        assert_eq!(typing(r#"{"a": |}"#, '['), r#"{"a": [|]}"#);
        assert_eq!(typing("{|}", '"'), r#"{"|"}"#);
        assert_eq!(typing(r#"{"a": [|]}"#, '"'), r#"{"a": ["|"]}"#);
        assert_eq!(typing("é |", '"'), "é \"|\"");
    }

    #[test]
    fn not_inside_strings_nor_next_to_words() {
        assert_eq!(typing(r#"{"a|b"}"#, '{'), r#"{"a{|b"}"#);
        assert_eq!(typing(r#"{"a|b"}"#, '['), r#"{"a[|b"}"#);
        assert_eq!(typing(r#"{"a|b"}"#, '"'), r#"{"a"|b"}"#);
        assert_eq!(typing("[|abc]", '"'), "[\"|abc]");
        assert_eq!(typing("[abc|]", '"'), "[abc\"|]");
        assert_eq!(typing("[é|]", '"'), "[é\"|]");
        // An unclosed string runs to the end of its line.
        assert_eq!(typing("{\"ab|", '{'), "{\"ab{|");
        assert_eq!(typing("{\"ab|", '"'), "{\"ab\"|");
    }

    #[test]
    fn closers_step_over_the_same_character() {
        assert_eq!(typing("{|}", '}'), "{}|");
        assert_eq!(typing("[1|]", ']'), "[1]|");
        assert_eq!(typing(r#"["ab|"]"#, '"'), r#"["ab"|]"#);
        assert_eq!(typing(r#"["|"]"#, '"'), r#"[""|]"#);
        // An escaped quote is not the closing one; another closer is typed as usual.
        assert_eq!(typing(r#"["a\|"]"#, '"'), r#"["a\"|"]"#);
        assert_eq!(typing("[|}", ']'), "[]|}");
        assert_eq!(typing("[\"|]\"]", ']'), "[\"]|]\"]");
        assert_eq!(typing("x|", 'y'), "xy|");
    }

    #[test]
    fn a_closer_on_a_blank_line_still_steps_back_first() {
        let text = "{\n  \"a\": 1\n  ";
        assert!(closing_bracket(text, text.len(), '}').is_some());
        assert_eq!(auto_close(text, text.len(), '}'), None);
    }

    #[test]
    fn backspace_deletes_empty_pairs() {
        assert_eq!(delete_pair("{}", 1), Some(Span::new(0, 2)));
        assert_eq!(delete_pair("[[]]", 2), Some(Span::new(1, 3)));
        assert_eq!(delete_pair(r#"{"a": ""}"#, 7), Some(Span::new(6, 8)));
        assert_eq!(delete_pair("{ }", 1), None);
        assert_eq!(delete_pair("{}", 0), None);
        assert_eq!(delete_pair("{}", 2), None);
        assert_eq!(delete_pair("é{}", 3), Some(Span::new(2, 4)));
        // Inside a string, or between two strings, a bracket or quote is just a character.
        assert_eq!(delete_pair(r#"["{}"]"#, 3), None);
        assert_eq!(delete_pair(r#"["a""b"]"#, 4), None);
    }

    #[test]
    fn closed_strings() {
        assert!(is_closed(r#""a\"b""#));
        assert!(!is_closed(r#""a\""#));
        assert!(!is_closed("\""));
        assert!(is_closed("\"\""));
    }
}
