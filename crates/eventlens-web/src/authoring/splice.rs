//! Applying replacements to a text.

use eventlens::Span;

/// `text` with each span replaced by its string. The spans are sorted by start, do not overlap
/// and lie on character boundaries within the text.
pub fn splice(text: &str, edits: &[(Span, String)]) -> String {
    let mut out =
        String::with_capacity(text.len() + edits.iter().map(|e| e.1.len()).sum::<usize>());
    let mut at = 0;
    for (span, with) in edits {
        out.push_str(&text[at..span.start]);
        out.push_str(with);
        at = span.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_in_order() {
        let edits = [
            (Span::new(0, 0), "[".to_string()),
            (Span::new(2, 5), "é".to_string()),
        ];
        assert_eq!(splice("abcdef", &edits), "[abéf");
        assert_eq!(splice("abc", &[]), "abc");
    }
}
