//! The compact text serde_json writes for a JSON value (`Value::to_string`, with this crate's
//! `preserve_order` and `arbitrary_precision`), computed from the engine's compact tape instead
//! of a `Value` tree, which costs many times the text's size: `check` reads events as large as
//! the line that holds them.

use eventlens::json::NodeId;
use eventlens::json::{EntryKind, Tape};
use std::collections::{HashMap, HashSet};

/// Nesting deeper than this is left to serde_json (whose own limit is 128 levels).
const MAX_DEPTH: usize = 100;

/// What `serde_json::from_str::<Value>(raw)?.to_string()` gives, or `None` where the tape cannot
/// tell cheaply: a surrogate escape (serde_json pairs or refuses them), nesting deeper than
/// [`MAX_DEPTH`], or text the engine's reader refuses.
pub fn serde_compact(raw: &str) -> Option<String> {
    let tape = Tape::parse(raw, MAX_DEPTH).ok()?;
    let mut out = String::with_capacity(raw.len());
    write_value(&tape, raw, tape.root(), &mut out)?;
    Some(out)
}

/// Writes the value `root` of the tape, walking its entries in order; an object with a repeated
/// key is written member by member (recursion as deep as such objects are nested, at most
/// [`MAX_DEPTH`]).
fn write_value(tape: &Tape, raw: &str, root: NodeId, out: &mut String) -> Option<()> {
    let end = tape.after(root);
    // The open containers: where each ends in the tape, and its closing marker.
    let mut open: Vec<(NodeId, char)> = Vec::new();
    // The next entry is the first of its container (or `root`), or a key's value.
    let mut no_comma = true;
    let mut id = root;
    while id < end {
        while let Some(&(container_end, closer)) = open.last() {
            if container_end != id {
                break;
            }
            out.push(closer);
            open.pop();
            no_comma = false;
        }
        if !std::mem::take(&mut no_comma) {
            out.push(',');
        }
        match tape.kind(id) {
            EntryKind::Null => out.push_str("null"),
            EntryKind::True => out.push_str("true"),
            EntryKind::False => out.push_str("false"),
            EntryKind::Number => push_number(tape.span(raw, id).slice(raw), out),
            EntryKind::String => push_string(tape, raw, id, out)?,
            EntryKind::Key => {
                push_string(tape, raw, id, out)?;
                out.push(':');
                no_comma = true;
            }
            EntryKind::Array => {
                out.push('[');
                open.push((tape.after(id), ']'));
                no_comma = true;
            }
            EntryKind::Object => {
                let mut keys = HashSet::new();
                if tape
                    .members(id)
                    .all(|(k, _)| keys.insert(tape.text(raw, k)))
                {
                    out.push('{');
                    open.push((tape.after(id), '}'));
                    no_comma = true;
                } else {
                    write_deduplicated(tape, raw, id, out)?;
                    id = tape.after(id);
                    continue;
                }
            }
        }
        id += 1;
    }
    while let Some((_, closer)) = open.pop() {
        out.push(closer);
    }
    Some(())
}

/// Writes an object with a repeated key as serde_json's map keeps it: each key once, at its
/// first place, with its last value.
fn write_deduplicated(tape: &Tape, raw: &str, object: NodeId, out: &mut String) -> Option<()> {
    let mut last: HashMap<&str, NodeId> = HashMap::new();
    let mut firsts: Vec<NodeId> = Vec::new();
    for (key, value) in tape.members(object) {
        if last.insert(tape.text(raw, key), value).is_none() {
            firsts.push(key);
        }
    }
    out.push('{');
    for (i, &key) in firsts.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_string(tape, raw, key, out)?;
        out.push(':');
        write_value(tape, raw, last[tape.text(raw, key)], out)?;
    }
    out.push('}');
    Some(())
}

/// Writes the string or key `id` as serde_json does; `None` for a surrogate escape.
fn push_string(tape: &Tape, raw: &str, id: NodeId, out: &mut String) -> Option<()> {
    let literal = tape.span(raw, id).slice(raw);
    if literal.contains("\\u") && has_surrogate_escape(literal) {
        return None;
    }
    out.push('"');
    push_escaped(tape.text(raw, id), out);
    out.push('"');
    Some(())
}

/// Appends a number literal as serde_json's arbitrary precision keeps it: as written, but for
/// the exponent, always `e` and a sign (`1E5` is `1e+5`).
fn push_number(literal: &str, out: &mut String) {
    match literal.find(['e', 'E']) {
        Some(at) => {
            out.push_str(&literal[..at]);
            out.push('e');
            let exponent = &literal[at + 1..];
            if !exponent.starts_with(['+', '-']) {
                out.push('+');
            }
            out.push_str(exponent);
        }
        None => out.push_str(literal),
    }
}

/// Whether a string literal holds a `\uD800`–`\uDFFF` escape (or what looks like one after an
/// escaped backslash, which only sends the value the slow way).
fn has_surrogate_escape(literal: &str) -> bool {
    literal.match_indices("\\u").any(|(at, _)| {
        let hex = literal.as_bytes().get(at + 2..at + 4).unwrap_or_default();
        matches!(hex, [b'd' | b'D', b'8' | b'9' | b'a'..=b'f' | b'A'..=b'F'])
    })
}

/// Appends `s` escaped as serde_json escapes strings: `"`, `\` and control characters (as `\n`
/// style escapes or `\u00xx` in lower-case hex); everything else as is.
fn push_escaped(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut plain = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[plain..i]);
        plain = i + 1;
        if escape.is_empty() {
            out.push_str("\\u00");
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        } else {
            out.push_str(escape);
        }
    }
    out.push_str(&s[plain..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn serde(raw: &str) -> String {
        serde_json::from_str::<Value>(raw).unwrap().to_string()
    }

    #[test]
    fn writes_what_serde_json_writes() {
        for raw in [
            r#"{"a": 1, "b": [true, false, null, [], {}, [[]]], "c": {"d": "x", "e": {"f": -0.5E+3}}}"#,
            r#" { "n" : [ 1e400 , -0 , 10.50 , 123456789012345678901234567890, 2E-7, 1e+2 ] } "#,
            r#"{"esc": "q\"b\\s\/\b\f\n\r\t\u0001\u001F\u00e9\u20AC é", "k\u0041": "\u007f"}"#,
            r#"[{"a": [{"b": [1, {"c": []}]}, 2]}, "x", 3]"#,
            r#"{"r": [], "s": {}, "t": [[], {}], "u": 1}"#,
            r#""top""#,
            "42",
            "{}",
        ] {
            assert_eq!(
                serde_compact(raw).as_deref(),
                Some(serde(raw).as_str()),
                "{raw}"
            );
        }
    }

    #[test]
    fn keeps_one_member_per_key_as_serde_json_does() {
        for raw in [
            r#"{"a": 1, "b": 2, "a": [3, {"c": 4, "c": 5}], "d": {"e": 6, "e": {"f": 7}}}"#,
            r#"[{"k": 1, "k": 2}, {"k": {"x": 1, "x": 2, "y": 3}, "z": 4}]"#,
        ] {
            assert_eq!(
                serde_compact(raw).as_deref(),
                Some(serde(raw).as_str()),
                "{raw}"
            );
        }
    }

    #[test]
    fn leaves_the_odd_cases_to_serde_json() {
        for raw in [
            r#"{"s": "\ud83d\ude00"}"#,
            r#"{"s": "\uDC00"}"#,
            &format!("{}1{}", "[".repeat(101), "]".repeat(101)),
        ] {
            assert_eq!(serde_compact(raw), None, "{raw}");
        }
    }
}
