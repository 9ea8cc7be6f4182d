//! Reformatting JSON text without changing what it says: key order, duplicate keys, escapes and
//! number spellings stay exactly as written (a serde round trip would lose them, and with them
//! the pattern's meaning).

use crate::syntax::tokens;
use eventlens::json::{Document, NodeId, NodeKind};
use eventlens::Limits;

/// Containers whose one-line form is at most this long stay on one line.
const INLINE_WIDTH: usize = 72;

/// The text with all white space between tokens removed (the text need not be valid JSON).
pub fn minify(text: &str) -> String {
    tokens(text).iter().map(|t| t.span.slice(text)).collect()
}

/// The JSON text laid out with two-space indentation; short arrays (and the objects in them)
/// stay on one line. `Err` carries the parser's message when the text is not valid JSON.
pub fn pretty(text: &str) -> Result<String, String> {
    let doc = Document::parse(text, Limits::default().max_depth).map_err(|e| e.message)?;
    let mut out = String::with_capacity(text.len());
    Printer { doc: &doc, text }.block(doc.root(), 0, false, &mut out);
    Ok(out)
}

/// `pretty`, with every line after the first indented by `indent` spaces (for embedding the
/// JSON inside a larger document).
pub fn pretty_indented(text: &str, indent: usize) -> Result<String, String> {
    let pad = format!("\n{}", " ".repeat(indent));
    Ok(pretty(text)?.replace('\n', &pad))
}

struct Printer<'a> {
    doc: &'a Document,
    text: &'a str,
}

impl Printer<'_> {
    /// Writes node `id` at nesting `depth`; `in_array` allows an object to stay on one line.
    fn block(&self, id: NodeId, depth: usize, in_array: bool, out: &mut String) {
        let node = self.doc.node(id);
        match &node.kind {
            NodeKind::Array(items) if items.is_empty() => return out.push_str("[]"),
            NodeKind::Object(members) if members.is_empty() => return out.push_str("{}"),
            _ => {}
        }
        let inline_ok = match node.kind {
            NodeKind::Array(_) => true,
            NodeKind::Object(_) => in_array,
            _ => true,
        };
        if inline_ok {
            let mut line = String::new();
            if self.inline(id, &mut line, INLINE_WIDTH) {
                out.push_str(&line);
                return;
            }
        }
        let pad = "  ".repeat(depth + 1);
        match &node.kind {
            NodeKind::Array(items) => {
                out.push('[');
                for (k, &item) in items.iter().enumerate() {
                    out.push_str(if k == 0 { "\n" } else { ",\n" });
                    out.push_str(&pad);
                    self.block(item, depth + 1, true, out);
                }
                out.push('\n');
                out.push_str(&"  ".repeat(depth));
                out.push(']');
            }
            NodeKind::Object(members) => {
                out.push('{');
                for (k, m) in members.iter().enumerate() {
                    out.push_str(if k == 0 { "\n" } else { ",\n" });
                    out.push_str(&pad);
                    out.push_str(m.key_span.slice(self.text));
                    out.push_str(": ");
                    self.block(m.value, depth + 1, false, out);
                }
                out.push('\n');
                out.push_str(&"  ".repeat(depth));
                out.push('}');
            }
            _ => out.push_str(node.span.slice(self.text)),
        }
    }

    /// Writes node `id` on one line; `false` (and a partial line) once it grows past `budget`.
    fn inline(&self, id: NodeId, out: &mut String, budget: usize) -> bool {
        let node = self.doc.node(id);
        match &node.kind {
            NodeKind::Array(items) => {
                out.push('[');
                for (k, &item) in items.iter().enumerate() {
                    if k > 0 {
                        out.push_str(", ");
                    }
                    if !self.inline(item, out, budget) {
                        return false;
                    }
                }
                out.push(']');
            }
            NodeKind::Object(members) => {
                out.push('{');
                for (k, m) in members.iter().enumerate() {
                    if k > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(m.key_span.slice(self.text));
                    out.push_str(": ");
                    if !self.inline(m.value, out, budget) {
                        return false;
                    }
                }
                out.push('}');
            }
            _ => out.push_str(node.span.slice(self.text)),
        }
        out.len() <= budget
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minify_keeps_strings_and_numbers() {
        assert_eq!(
            minify("{ \"a b\" : [ 1.0e2 , \"x y\" ]\n}"),
            r#"{"a b":[1.0e2,"x y"]}"#
        );
    }

    #[test]
    fn pretty_keeps_order_duplicates_and_spelling() {
        let text = r#"{"b":1,"a":{"x":[{"prefix":"é\u0041"},3.0e2]},"b":[]}"#;
        assert_eq!(
            pretty(text).unwrap(),
            "{\n  \"b\": 1,\n  \"a\": {\n    \"x\": [{\"prefix\": \"é\\u0041\"}, 3.0e2]\n  },\n  \"b\": []\n}"
        );
    }

    #[test]
    fn long_arrays_break_one_item_per_line() {
        let long = format!(r#"{{"k":["{}","{}"]}}"#, "a".repeat(40), "b".repeat(40));
        let out = pretty(&long).unwrap();
        assert_eq!(out.lines().count(), 6, "{out}");
        assert!(out.contains(&format!("\n    \"{}\",\n", "a".repeat(40))));
        assert_eq!(minify(&out), minify(&long));
    }

    #[test]
    fn invalid_text_is_refused_with_the_parser_message() {
        assert!(pretty("{\"a\": }")
            .unwrap_err()
            .contains("Unexpected character"));
        assert_eq!(
            pretty_indented("{\"a\":{\"b\":{}}}", 2).unwrap(),
            "{\n    \"a\": {\n      \"b\": {}\n    }\n  }"
        );
    }
}
