//! Writing strings as JSON string literals, the way Jackson escapes them.

/// Appends the JSON escape of `s` (no quotes): `"` and `\` escaped, control characters as
/// `\n`-style escapes or `\u00XX` with upper-case hex, as Jackson writes them; everything else,
/// `/` and non-ASCII included, as is.
pub fn push_escaped(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                let b = c as usize;
                out.push_str("\\u00");
                out.push(HEX[b >> 4] as char);
                out.push(HEX[b & 15] as char);
            }
            c => out.push(c),
        }
    }
}

/// `s` as a JSON string literal, quotes included.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    push_escaped(s, &mut out);
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_jackson() {
        assert_eq!(quote("a\"b\\c\n\u{1}é/"), r#""a\"b\\c\n\u0001é/""#);
    }
}
