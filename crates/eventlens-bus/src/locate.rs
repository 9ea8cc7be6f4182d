//! Where a refused rules file is wrong: the bytes of the rules text that a [`ConfigError`] names,
//! so that an editor can underline them and say the line and column. The YAML layout walk
//! ([`yaml_place`]) and the string-literal offsets ([`raw_offset`]) serve other files too.
//!
//! The engine reports a syntax error by line and column, and any other fault by its place in the
//! definitions (`Rules[2].Targets[0].InputTransformer.InputTemplate`,
//! `Resources.OrdersRule.Properties.EventPattern`) and, for a fault inside a pattern, template or
//! path, by its span within that field's text. In a JSON file the place is found exactly in the
//! engine's span-keeping JSON tree. In YAML the keys of the place are followed down the
//! indentation: the YAML reader the engine uses gives positions for syntax errors only, and block
//! YAML (the way CloudFormation templates are written) is laid out by indentation.

use super::load::is_json;
use super::ConfigError;
use eventlens::json::{Document, NodeId, NodeKind};
use eventlens::{Limits, Pattern, Span};

/// One step of a place in the definitions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A member of an object (a mapping key).
    Key(String),
    /// An element of a list.
    Index(usize),
}

/// The steps of a place such as `Rules[2].Targets[0].Id` (keys split at dots, indexes in brackets).
pub fn steps(location: &str) -> Vec<Step> {
    let mut out = Vec::new();
    for part in location.split('.').filter(|p| !p.is_empty()) {
        let (key, mut rest) = part.split_at(part.find('[').unwrap_or(part.len()));
        if !key.is_empty() {
            out.push(Step::Key(key.to_string()));
        }
        while let Some(inner) = rest.strip_prefix('[') {
            let Some((index, after)) = inner.split_once(']') else {
                break;
            };
            match index.parse() {
                Ok(i) => out.push(Step::Index(i)),
                Err(_) => return out,
            }
            rest = after;
        }
    }
    out
}

/// The bytes of `rules` that `error` is about, when they can be found.
pub fn locate(rules: &str, error: &ConfigError) -> Option<Span> {
    let json = is_json(rules);
    // A syntax error has no place in the definitions, only a line and column; a fault in a
    // definition (which `place` also gives a line and column) is found by its place.
    if let (Some(line), Some(column), true) = (error.line, error.column, error.location.is_empty())
    {
        let syntax = json
            .then(|| Document::parse(rules, Limits::default().max_depth).err())
            .flatten();
        return Some(match syntax {
            Some(e) => e.span,
            None => {
                let at = offset_of(rules, line, column);
                Span::new(at, at)
            }
        });
    }
    let path = steps(&error.location);
    if json {
        json_place(rules, &path, error)
    } else {
        yaml_place(rules, &path)
    }
}

/// `error` with the line and column of the place it names in `text` (the deepest part of the
/// place the file holds), unless it has them already: messages then say where in the file.
pub fn place(mut error: ConfigError, text: &str) -> ConfigError {
    if error.line.is_some() || error.location.is_empty() {
        return error;
    }
    if let Some(span) = locate(text, &error) {
        let at = eventlens::TextPos::of(text, span.start);
        error.line = Some(at.line);
        error.column = Some(at.column);
    }
    error
}

/// Byte offset of 1-based `line` and `column` (in characters) of `text`, kept within the text.
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let row = &text[start..];
    let row = &row[..row.find('\n').unwrap_or(row.len())];
    start
        + row
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(row.len(), |(i, _)| i)
}

/// The place in a JSON rules file: the field's bytes, narrowed to the fault inside it.
fn json_place(rules: &str, path: &[Step], error: &ConfigError) -> Option<Span> {
    let doc = Document::parse(rules, Limits::default().max_depth).ok()?;
    let mut node: NodeId = doc.root();
    let mut key = None;
    for (done, step) in path.iter().enumerate() {
        let next = match (&doc.node(node).kind, step) {
            (NodeKind::Object(members), Step::Key(k)) => {
                members.iter().rev().find(|m| m.key == *k).map(|m| {
                    key = Some(m.key_span);
                    m.value
                })
            }
            (NodeKind::Array(items), Step::Index(i)) => items.get(*i).copied().inspect(|_| {
                key = None;
            }),
            _ => None,
        };
        match next {
            Some(n) => node = n,
            // Part of the place is missing from the file (a field the definitions lack).
            None if done == 0 => return None,
            None => return Some(key.unwrap_or(doc.node(node).span)),
        }
    }
    let field = doc.node(node);
    match &field.kind {
        NodeKind::String(_) => {
            let raw = field.span.slice(rules);
            let inner = error.field.as_ref().map(|f| f.span).map(|s| {
                let at = |offset| field.span.start + raw_offset(raw, offset);
                Span::new(at(s.start), at(s.end))
            });
            Some(inner.unwrap_or(field.span))
        }
        NodeKind::Object(_) | NodeKind::Array(_) if error.pattern_error.is_some() => {
            // The engine compiled the pattern as it re-serialised it; compiled as written, the
            // same fault has its span in the file.
            let written = Pattern::compile(field.span.slice(rules)).err();
            Some(written.map_or(key.unwrap_or(field.span), |e| {
                Span::new(
                    field.span.start + e.span.start,
                    field.span.start + e.span.end,
                )
            }))
        }
        NodeKind::Object(_) | NodeKind::Array(_) => Some(key.unwrap_or(field.span)),
        _ => Some(field.span),
    }
}

/// The byte offset in the quoted JSON string literal `raw` of byte `at` of the text it decodes
/// to (escapes take more bytes in the literal than in the text).
pub fn raw_offset(raw: &str, at: usize) -> usize {
    let bytes = raw.as_bytes();
    let end = raw.len().saturating_sub(1);
    let (mut i, mut decoded) = (1, 0);
    while i < end && decoded < at {
        let (literal, text) = match bytes[i] {
            b'\\' if bytes.get(i + 1) == Some(&b'u') => {
                let unit = |k: usize| {
                    raw.get(k..k + 4)
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                };
                match unit(i + 2) {
                    // A surrogate pair: one character of four bytes.
                    Some(0xD800..=0xDBFF)
                        if raw.get(i + 6..i + 8) == Some("\\u")
                            && unit(i + 8).is_some_and(|lo| (0xDC00..=0xDFFF).contains(&lo)) =>
                    {
                        (12, 4)
                    }
                    Some(code) => (6, char::from_u32(code).map_or(3, char::len_utf8)),
                    None => (2, 1),
                }
            }
            b'\\' => (2, 1),
            _ => {
                let n = raw[i..].chars().next().map_or(1, char::len_utf8);
                (n, n)
            }
        };
        i += literal;
        decoded += text;
    }
    i.min(end)
}

/// One line of a YAML text as far as the layout goes: a key or a list item, its indentation and
/// where its text starts. `- key: value` is an item and then a key two columns further in.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    indent: usize,
    offset: usize,
    text: &'a str,
    item: bool,
}

fn yaml_lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let row = raw.trim_end_matches(['\n', '\r']);
        let mut indent = row.len() - row.trim_start_matches(' ').len();
        let mut rest = &row[indent..];
        if !rest.is_empty() && !rest.starts_with('#') {
            // Each `- ` opens an item; what follows sits two columns further in.
            while rest == "-" || rest.starts_with("- ") {
                out.push(Line {
                    indent,
                    offset: offset + indent,
                    text: &rest[..1],
                    item: true,
                });
                let after = rest[1..].trim_start_matches(' ');
                indent += rest.len() - after.len();
                rest = after;
            }
            if !rest.is_empty() {
                out.push(Line {
                    indent,
                    offset: offset + indent,
                    text: rest,
                    item: false,
                });
            }
        }
        offset += raw.len();
    }
    out
}

/// The key `line` starts with, without quotes, and its length in the line.
fn yaml_key<'a>(line: &Line<'a>) -> Option<(&'a str, usize)> {
    let text = line.text;
    let (key, len) = match text.chars().next()? {
        q @ ('"' | '\'') => {
            let close = text[1..].find(q)? + 1;
            (&text[1..close], close + 1)
        }
        _ => {
            let colon = text
                .find(": ")
                .or_else(|| text.ends_with(':').then(|| text.len() - 1))?;
            (text[..colon].trim_end(), colon)
        }
    };
    text[len..]
        .trim_start()
        .starts_with(':')
        .then_some((key, len))
}

/// The place in a YAML file laid out in blocks: the last key (or list item) of `path` found,
/// following the keys down the indentation (flow collections are not looked into).
pub fn yaml_place(rules: &str, path: &[Step]) -> Option<Span> {
    let lines = yaml_lines(rules);
    let (mut from, mut to) = (0, lines.len());
    let mut found = None;
    for step in path {
        let Some(level) = lines[from..to].first().map(|l| l.indent) else {
            break;
        };
        let mut at_level = (from..to).filter(|&i| lines[i].indent == level);
        let hit = match step {
            Step::Key(k) => {
                at_level.find(|&i| yaml_key(&lines[i]).is_some_and(|(key, _)| key == k))
            }
            Step::Index(n) => at_level.filter(|&i| lines[i].item).nth(*n),
        };
        let Some(i) = hit else { break };
        let line = lines[i];
        let len = yaml_key(&line).map_or(1, |(_, len)| len);
        found = Some(Span::new(line.offset, line.offset + len));
        from = i + 1;
        to = (from..to)
            .find(|&k| lines[k].indent <= line.indent)
            .unwrap_or(to);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Bus, BusSettings};

    fn refused(rules: &str) -> (ConfigError, String) {
        let e = Bus::load(rules, BusSettings::default()).unwrap_err();
        let at = locate(rules, &e).map(|s| s.slice(rules).to_string());
        (e, at.unwrap_or_default())
    }

    #[test]
    fn places_are_split_into_steps() {
        use Step::*;
        assert_eq!(
            steps("Rules[2].Targets[0].InputTransformer"),
            vec![
                Key("Rules".into()),
                Index(2),
                Key("Targets".into()),
                Index(0),
                Key("InputTransformer".into())
            ]
        );
        assert_eq!(
            steps("[1][3].Fn::Sub"),
            vec![Index(1), Index(3), Key("Fn::Sub".into())]
        );
        assert_eq!(steps(""), vec![]);
    }

    #[test]
    fn json_faults_are_found_in_the_file() {
        // Inside a pattern written as an object: the span of the fault as written.
        let rules = "[\n  {\"Name\": \"ok\", \"EventPattern\": {\"source\": [\"a\"]}},\n  {\"Name\": \"bad\",\n   \"EventPattern\": {\"detail\": {\"n\": [{\"numeric\": [\">\", \"x\"]}]}}}\n]";
        let (e, _) = refused(rules);
        assert_eq!(e.location, "[1].EventPattern");
        // The engine points at where the offending value starts.
        let span = locate(rules, &e).unwrap();
        assert_eq!(span.start, rules.find("\"x\"").unwrap());
        // Inside a pattern written as a string with escapes.
        let rules = r#"[{"Name": "s", "EventPattern": "{\"source\": \"aws.s3\"}"}]"#;
        let (e, at) = refused(rules);
        assert!(e.pattern_error.is_some());
        assert_eq!(at, r#"\""#);
        assert_eq!(
            locate(rules, &e).unwrap().start,
            rules.find(r#"\"aws.s3"#).unwrap()
        );
        // Inside an input template, after escaped quotes.
        let rules = r#"[{"Name": "t", "EventPattern": {"a": ["b"]}, "Targets": [{"Id": "x", "Arn": "arn:aws:sqs:us-east-1:1:q",
            "InputTransformer": {"InputPathsMap": {"v": "$.detail"}, "InputTemplate": "{\"k\": <nope>}"}}]}]"#;
        let (e, at) = refused(rules);
        assert!(e.location.ends_with("InputTemplate"), "{}", e.location);
        assert!(at.contains("nope"), "{at}");
        // A field with a bad value: the value; a syntax error: where the engine's reader stops.
        let (_, at) = refused(r#"[{"Name": "n", "State": "ON", "EventPattern": {"a": ["b"]}}]"#);
        assert_eq!(at, "\"ON\"");
        let (e, at) = refused("[{\"Name\": }]");
        assert_eq!((e.line, e.column), (Some(1), Some(11)));
        assert_eq!(at, "}");
    }

    #[test]
    fn yaml_faults_are_found_by_their_keys() {
        let rules = "Parameters:\n  Prefix:\n    Type: String\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n  Rule:\n    Type: AWS::Events::Rule\n    Properties:\n      EventPattern:\n        detail:\n          handle:\n            - prefix: !Ref Prefix\n      Targets:\n        - Arn: !Ref Topic\n          Id: \"t\"\n";
        let (e, at) = refused(rules);
        assert!(
            e.location
                .starts_with("Resources.Rule.Properties.EventPattern"),
            "{e}"
        );
        let span = locate(rules, &e).unwrap();
        assert_eq!(at, "prefix");
        assert_eq!(eventlens::TextPos::of(rules, span.start).line, 13);
        // A second list item, and a key on the item's own line.
        let lines = "Resources:\n  R:\n    Targets:\n      - Arn: a\n        Id: one\n      - Arn: b\n        Id: two\n";
        let path = steps("Resources.R.Targets[1].Id");
        let span = yaml_place(lines, &path).unwrap();
        assert_eq!(span.slice(lines), "Id");
        assert_eq!(eventlens::TextPos::of(lines, span.start).line, 7);
        let path = steps("Resources.R.Targets[1].Arn");
        assert_eq!(
            eventlens::TextPos::of(lines, yaml_place(lines, &path).unwrap().start).line,
            6
        );
        // Syntax errors by line and column.
        let (e, _) = refused("Resources:\n  R: [a\n");
        let span = locate("Resources:\n  R: [a\n", &e).unwrap();
        assert_eq!(
            eventlens::TextPos::of("Resources:\n  R: [a\n", span.start).line,
            e.line.unwrap()
        );
    }

    #[test]
    fn every_cut_of_a_rules_file_is_refused_or_loaded_and_never_misplaced() {
        // Cut short anywhere, a rules file is refused with a place inside the text (or loads).
        for text in [
            include_str!("../tests/fixtures/bus/lab-rules.json"),
            include_str!("../tests/fixtures/bus/quilt-template.yaml"),
            "[{\"Name\": \"é😀\", \"EventPattern\": \"{\\\"a\\\": [\\\"\\\\u00e9\\\"]}\"}]",
        ] {
            let cuts = (0..=text.len()).filter(|&i| text.is_char_boundary(i));
            for cut in cuts.step_by(3) {
                let rules = &text[..cut];
                let Err(e) = Bus::load(rules, BusSettings::default()) else {
                    continue;
                };
                if let Some(span) = locate(rules, &e) {
                    assert!(
                        span.start <= span.end && span.end <= rules.len(),
                        "{cut}: {span:?}"
                    );
                    assert!(rules.is_char_boundary(span.start) && rules.is_char_boundary(span.end));
                }
            }
        }
    }

    #[test]
    fn string_offsets_count_escapes() {
        // The literal of a"béc😀d: a \" b \u00e9 c \ud83d\ude00 d.
        let raw = r#""a\"b\u00e9c\ud83d\ude00d""#;
        let text_to_raw = [
            (0, 1),
            (1, 2),
            (2, 4),
            (3, 5),
            (5, 11),
            (6, 12),
            (10, 24),
            (11, 25),
        ];
        for (text, literal) in text_to_raw {
            assert_eq!(raw_offset(raw, text), literal, "{text}");
        }
    }

    fn at(text: &str, location: &str) -> (Option<usize>, Option<usize>) {
        let e = place(ConfigError::at(location, "x"), text);
        (e.line, e.column)
    }

    #[test]
    fn places_give_lines_and_columns_in_json_and_yaml() {
        let json = "{\"Resources\": {\n  \"R\": {\"Properties\": {\n    \"Targets\": [{\"Id\": \"a\"},\n      {\"Arn\": 3}]}}}}";
        assert_eq!(at(json, "Resources.R.Properties.Targets[1].Arn").0, Some(4));
        let yaml = "Resources:\n  R:\n    Type: AWS::Events::Rule\n    Properties:\n      Targets:\n        - Id: a\n        - Id: b\n          Arn: !ImportValue x\n";
        assert_eq!(
            at(
                yaml,
                "Resources.R.Properties.Targets[1].Arn.Fn::ImportValue"
            )
            .0,
            Some(8)
        );
        assert_eq!(at(yaml, "Resources.R.Properties.Targets[0].Id").0, Some(6));
        assert_eq!(at(yaml, "Resources.R.Type").0, Some(3));
        let list = "- Name: a\n  EventPattern: {source: []}\n- Name: b\n";
        assert_eq!(at(list, "[1].Name").0, Some(3));
        assert_eq!(at(list, "[0].EventPattern").0, Some(2));
        // An error that has its place already keeps it.
        let mut e = ConfigError::at("Resources.R.Type", "x");
        e.line = Some(9);
        assert_eq!(place(e, yaml).line, Some(9));
    }
}
