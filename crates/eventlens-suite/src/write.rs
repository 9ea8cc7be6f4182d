//! Writing a suite as a JSON or a YAML file that reads back to the same suite, texts exact.
//!
//! A pattern's or event's text is written as an object when reading that back gives the same
//! text, else as a string holding it. In JSON that is a text that is one JSON object with nothing
//! around it (the reader keeps an object's bytes as written). In YAML, where objects are read
//! into compact JSON, it is a text that already is its own compact JSON
//! (`{"source":["aws.s3"]}`); any other text (pretty-printed, or with number literals that
//! reading changes, such as `1e3`) is written as a string.

use crate::{Expectation, Suite};
use eventlens::json::{Document, NodeKind};
use std::fmt::Write;

/// Whether `text` is one JSON object with nothing around it.
fn is_object(text: &str) -> bool {
    Document::parse(text, usize::MAX).is_ok_and(|doc| {
        let root = doc.node(doc.root());
        matches!(root.kind, NodeKind::Object(_))
            && root.span.start == 0
            && root.span.end == text.len()
    })
}

/// Whether YAML reads `text` back as exactly `text` (compact JSON).
fn reads_back_in_yaml(text: &str) -> bool {
    is_object(text)
        && eventlens_bus::yaml::to_json(text, "text")
            .is_ok_and(|v| serde_json::to_string(&v).ok().as_deref() == Some(text))
}

fn json_quote(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

/// A YAML double-quoted scalar holding `s`: escapes for quotes, backslashes and every character
/// YAML does not allow as it is (controls, line and paragraph separators, byte-order marks).
fn yaml_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control()
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                ) =>
            {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The syntax of one output format.
struct Syntax {
    quote: fn(&str) -> String,
    /// Whether a text can be written as it is (an object).
    as_is: fn(&str) -> bool,
    /// How a section starts (given its name), is empty, ends.
    open: fn(&str) -> String,
    empty: &'static str,
    close: &'static str,
    /// Between a member and the next.
    comma: &'static str,
    /// An expectation (quoted pattern name, quoted match list, quoted no-match list).
    expectation: fn(&str, &str, &str) -> String,
}

const JSON: Syntax = Syntax {
    quote: json_quote,
    as_is: is_object,
    open: |name| format!("  \"{name}\": {{\n"),
    empty: "{}",
    close: "\n  }",
    comma: ",\n",
    expectation: |p, m, n| format!("    {p}: {{\"match\": {m}, \"no-match\": {n}}}"),
};

const YAML: Syntax = Syntax {
    quote: yaml_quote,
    as_is: reads_back_in_yaml,
    open: |name| format!("{name}:\n"),
    empty: "{}",
    close: "",
    comma: "\n",
    expectation: |p, m, n| format!("  {p}:\n    match: {m}\n    no-match: {n}"),
};

fn list(names: &[String], quote: fn(&str) -> String) -> String {
    let items: Vec<String> = names.iter().map(|n| quote(n)).collect();
    format!("[{}]", items.join(", "))
}

fn write(suite: &Suite, syntax: &Syntax) -> String {
    let value = |text: &str| {
        if (syntax.as_is)(text) {
            text.to_string()
        } else {
            (syntax.quote)(text)
        }
    };
    let indent = if syntax.close.is_empty() {
        "  "
    } else {
        "    "
    };
    let named = |items: Vec<(&str, &str)>| -> Vec<String> {
        items
            .into_iter()
            .map(|(name, text)| format!("{indent}{}: {}", (syntax.quote)(name), value(text)))
            .collect()
    };
    let expectations: Vec<String> = suite
        .expectations()
        .iter()
        .map(
            |Expectation {
                 pattern,
                 matches,
                 no_match,
             }| {
                (syntax.expectation)(
                    &(syntax.quote)(pattern),
                    &list(matches, syntax.quote),
                    &list(no_match, syntax.quote),
                )
            },
        )
        .collect();
    let sections = [
        ("patterns", named(suite.patterns().collect())),
        ("events", named(suite.events().collect())),
        ("expect", expectations),
    ];
    let body: Vec<String> = sections
        .into_iter()
        .map(|(name, members)| {
            let open = (syntax.open)(name);
            if members.is_empty() {
                // `"patterns": {}` / `patterns: {}`: the section's name, then the empty mapping.
                format!(
                    "{} {}",
                    open.trim_end().trim_end_matches('{').trim_end(),
                    syntax.empty
                )
            } else {
                format!("{open}{}{}", members.join(syntax.comma), syntax.close)
            }
        })
        .collect();
    if syntax.close.is_empty() {
        body.join("\n") + "\n"
    } else {
        format!("{{\n{}\n}}\n", body.join(",\n"))
    }
}

/// The suite as JSON.
pub(crate) fn json(suite: &Suite) -> String {
    write(suite, &JSON)
}

/// The suite as YAML.
pub(crate) fn yaml(suite: &Suite) -> String {
    write(suite, &YAML)
}
