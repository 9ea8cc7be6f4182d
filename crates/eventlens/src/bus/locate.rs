//! Where in a rules file a definition error is: the line and column of the deepest part of its
//! dotted location (`Resources.R.Properties.Targets[0].Arn`) the file holds, in JSON (from the
//! parser's spans) or YAML (from the block structure: keys and `- ` items by indentation; flow
//! collections are not entered, so the position is then the collection's key).

use super::error::ConfigError;
use super::load::is_json;
use crate::json::{Document, NodeKind, TextPos};

/// A step of a location: a key, or an index into a list.
#[derive(Debug, PartialEq)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// The steps of a dotted location (`a.b[2].c`); keys may hold `:` (`Fn::GetAtt`).
fn steps(location: &str) -> Vec<Step<'_>> {
    let mut out = Vec::new();
    for part in location.split('.').filter(|p| !p.is_empty()) {
        let (key, mut rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        if !key.is_empty() {
            out.push(Step::Key(key));
        }
        while let Some((index, after)) = rest.split_once(']') {
            if let Ok(i) = index.parse() {
                out.push(Step::Index(i));
            }
            rest = after.strip_prefix('[').unwrap_or(after);
        }
    }
    out
}

/// `error` with the line and column of its location in `text`, unless it has them already.
pub fn place(mut error: ConfigError, text: &str) -> ConfigError {
    if error.line.is_some() || error.location.is_empty() {
        return error;
    }
    let found = if is_json(text) {
        in_json(text, &steps(&error.location))
    } else {
        in_yaml(text, &steps(&error.location))
    };
    if let Some(pos) = found {
        error.line = Some(pos.line);
        error.column = Some(pos.column);
    }
    error
}

fn in_json(text: &str, steps: &[Step]) -> Option<TextPos> {
    let doc = Document::parse(text, usize::MAX).ok()?;
    let mut node = doc.root();
    let mut at = None;
    for step in steps {
        let next = match (&doc.node(node).kind, step) {
            (NodeKind::Object(members), Step::Key(k)) => members
                .iter()
                .rev()
                .find(|m| m.key == *k)
                .map(|m| (m.key_span.start, m.value)),
            (NodeKind::Array(items), Step::Index(i)) => {
                items.get(*i).map(|&n| (doc.node(n).span.start, n))
            }
            _ => None,
        };
        let Some((start, child)) = next else { break };
        at = Some(start);
        node = child;
    }
    at.map(|offset| TextPos::of(text, offset))
}

/// A line's indentation and its content after the indentation.
fn indented(line: &str) -> (usize, &str) {
    let content = line.trim_start_matches(' ');
    (line.len() - content.len(), content)
}

/// Whether a YAML line holds nothing (blank or a comment).
fn blank(content: &str) -> bool {
    content.is_empty() || content.starts_with('#')
}

fn in_yaml(text: &str, steps: &[Step]) -> Option<TextPos> {
    let lines: Vec<&str> = text.lines().collect();
    // The block being searched: lines from `first` on, deeper than `parent` (the column of the
    // key or `- ` that opened it); `inline` is a column on line `first` where the block's first
    // entry starts (after `- `).
    let (mut first, mut parent, mut inline): (usize, Option<usize>, Option<usize>) =
        (0, None, None);
    let mut found = None;
    for step in steps {
        let block = (first..lines.len()).filter(|&n| {
            let (indent, content) = indented(lines[n]);
            !blank(content) && (n == first && inline.is_some() || parent.is_none_or(|p| indent > p))
        });
        // The block ends at the first line back at or above the parent's column.
        let end = (first..lines.len())
            .find(|&n| {
                let (indent, content) = indented(lines[n]);
                !(blank(content) || (n == first && inline.is_some()))
                    && parent.is_some_and(|p| indent <= p)
            })
            .unwrap_or(lines.len());
        let entries: Vec<(usize, usize, &str)> = block
            .take_while(|&n| n < end)
            .map(|n| {
                let (indent, content) = indented(lines[n]);
                match (n == first, inline) {
                    (true, Some(col)) => (n, col, &lines[n][col..]),
                    _ => (n, indent, content),
                }
            })
            .collect();
        let Some(entry_indent) = entries.first().map(|e| e.1) else {
            break;
        };
        let mut at_level = entries.iter().filter(|e| e.1 == entry_indent);
        let entry = match step {
            Step::Key(k) => at_level.find(|(_, _, c)| {
                [format!("{k}:"), format!("\"{k}\":"), format!("'{k}':")]
                    .iter()
                    .any(|p| c.starts_with(p.as_str()))
            }),
            Step::Index(i) => at_level.filter(|(_, _, c)| c.starts_with('-')).nth(*i),
        };
        let Some((line, column, content)) = entry else {
            break;
        };
        let (line, column, content) = (*line, *column, *content);
        found = Some(TextPos {
            line: line + 1,
            column: column + 1,
        });
        match step {
            Step::Key(_) => {
                // The value: on the next lines, deeper; or inline after the key.
                first = line + 1;
                parent = Some(column);
                inline = None;
            }
            Step::Index(_) => {
                let after = content[1..].len() - content[1..].trim_start().len();
                first = line;
                parent = Some(column);
                inline = Some(column + 1 + after);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, location: &str) -> (Option<usize>, Option<usize>) {
        let e = place(ConfigError::at(location, "x"), text);
        (e.line, e.column)
    }

    #[test]
    fn locations_are_read_as_steps() {
        assert_eq!(
            steps("Resources.R.Properties.Targets[0].Arn.Fn::ImportValue"),
            vec![
                Step::Key("Resources"),
                Step::Key("R"),
                Step::Key("Properties"),
                Step::Key("Targets"),
                Step::Index(0),
                Step::Key("Arn"),
                Step::Key("Fn::ImportValue"),
            ]
        );
        assert_eq!(steps("[2].Targets[1][0]").len(), 4);
    }

    #[test]
    fn json_and_yaml_places() {
        let json = "{\"Resources\": {\n  \"R\": {\"Properties\": {\n    \"Targets\": [{\"Id\": \"a\"},\n      {\"Arn\": 3}]}}}}";
        assert_eq!(
            at(json, "Resources.R.Properties.Targets[1].Arn"),
            (Some(4), Some(8))
        );
        let yaml = "Resources:\n  R:\n    Type: AWS::Events::Rule\n    Properties:\n      Targets:\n        - Id: a\n        - Id: b\n          Arn: !ImportValue x\n";
        assert_eq!(
            at(
                yaml,
                "Resources.R.Properties.Targets[1].Arn.Fn::ImportValue"
            ),
            (Some(8), Some(11))
        );
        assert_eq!(
            at(yaml, "Resources.R.Properties.Targets[0].Id"),
            (Some(6), Some(11))
        );
        assert_eq!(at(yaml, "Resources.R.Type"), (Some(3), Some(5)));
        // A list of rules at the top level.
        let list = "- Name: a\n  EventPattern: {source: []}\n- Name: b\n";
        assert_eq!(at(list, "[1].Name"), (Some(3), Some(3)));
        assert_eq!(at(list, "[0].EventPattern"), (Some(2), Some(3)));
        // A step the file does not hold: the deepest one it does.
        assert_eq!(at(yaml, "Resources.R.Nothing"), (Some(2), Some(3)));
    }
}
