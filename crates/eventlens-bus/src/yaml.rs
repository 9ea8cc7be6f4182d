//! YAML documents (CloudFormation and SAM templates) as JSON values. CloudFormation's short-form
//! tags become the long form they stand for: `!Ref X` is `{"Ref": "X"}`, `!GetAtt A.B` is
//! `{"Fn::GetAtt": ["A", "B"]}`, `!Sub s` is `{"Fn::Sub": s}`, and so on for every `!Tag`.

use super::error::ConfigError;
use serde_json::{Map, Number, Value};
use serde_norway::Value as Yaml;

/// Flow collections (`[…]`, `{…}`) nested deeper than this are refused before the YAML reader
/// sees them: its scanner takes time quadratic in the depth (20,000 `[` take seconds, 100,000
/// over a minute), and it refuses more than 128 levels anyway.
const MAX_FLOW_DEPTH: usize = 128;

/// The byte offset where flow collections first nest deeper than [`MAX_FLOW_DEPTH`]. A quick scan
/// that skips quoted scalars and comments; brackets in plain or block scalars count too, so only
/// a text with more than 128 unclosed brackets can be refused here.
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote = None;
    let mut prev = '\n';
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let starts_token = prev.is_whitespace() || matches!(prev, '[' | '{' | ',');
        match (quote, c) {
            (Some('"'), '\\') => {
                chars.next();
            }
            (Some('\''), '\'') if chars.peek().is_some_and(|&(_, n)| n == '\'') => {
                chars.next();
            }
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if starts_token => quote = Some(c),
            (None, '#') if starts_token => while chars.next_if(|&(_, n)| n != '\n').is_some() {},
            (None, '[' | '{') => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some(i);
                }
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        prev = c;
    }
    None
}

/// Parses YAML text into a JSON value; a syntax error's message names the text as `what` (`rules
/// file`, `suite file`).
pub fn to_json(text: &str, what: &str) -> Result<Value, ConfigError> {
    if let Some(at) = too_deep(text) {
        let pos = eventlens::TextPos::of(text, at);
        let mut err = ConfigError::at(
            "",
            format!("The {what} is not valid YAML: [ and {{ nest more than {MAX_FLOW_DEPTH} levels deep"),
        );
        err.line = Some(pos.line);
        err.column = Some(pos.column);
        return Err(err);
    }
    let yaml: Yaml = serde_norway::from_str(text).map_err(|e| {
        let mut err = ConfigError::at("", format!("The {what} is not valid YAML: {e}"));
        if let Some(at) = e.location() {
            err.line = Some(at.line());
            err.column = Some(at.column());
        }
        err
    })?;
    convert(yaml, "")
}

fn convert(yaml: Yaml, path: &str) -> Result<Value, ConfigError> {
    Ok(match yaml {
        Yaml::Null => Value::Null,
        Yaml::Bool(b) => Value::Bool(b),
        Yaml::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                Value::Number(Number::from_f64(f).ok_or_else(|| {
                    ConfigError::at(path, format!("{n} is not a number JSON can hold"))
                })?)
            }
        }
        Yaml::String(s) => Value::String(s),
        Yaml::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| convert(v, &format!("{path}[{i}]")))
                .collect::<Result<_, _>>()?,
        ),
        Yaml::Mapping(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                let key = match k {
                    Yaml::String(s) => s,
                    Yaml::Number(n) => n.to_string(),
                    Yaml::Bool(b) => b.to_string(),
                    other => {
                        return Err(ConfigError::at(
                            path,
                            format!("Mapping keys must be strings, found {other:?}"),
                        ))
                    }
                };
                let child = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                out.insert(key, convert(v, &child)?);
            }
            Value::Object(out)
        }
        Yaml::Tagged(tagged) => {
            let tag = tagged.tag.to_string();
            let name = tag.trim_start_matches('!');
            let value = convert(tagged.value, path)?;
            let (key, value) = match (name, value) {
                ("Ref", v) => ("Ref".to_string(), v),
                ("Condition", v) => ("Condition".to_string(), v),
                ("GetAtt", Value::String(s)) => {
                    let (resource, attribute) = s.split_once('.').ok_or_else(|| {
                        ConfigError::at(path, format!("!GetAtt {s} must name a resource and an attribute (Resource.Attribute)"))
                    })?;
                    (
                        "Fn::GetAtt".to_string(),
                        Value::Array(vec![resource.into(), attribute.into()]),
                    )
                }
                (other, v) => (format!("Fn::{other}"), v),
            };
            let mut out = Map::new();
            out.insert(key, value);
            Value::Object(out)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn short_form_tags_become_long_form() {
        let v = to_json(
            "a: !Ref Bucket\nb: !GetAtt Queue.Arn\nc: !Sub 'x-${AWS::StackName}'\nd: !Join [',', [1, 2]]\ne: [1.5, true, null]\n",
            "rules file",
        )
        .unwrap();
        assert_eq!(
            v,
            json!({"a": {"Ref": "Bucket"}, "b": {"Fn::GetAtt": ["Queue", "Arn"]},
                   "c": {"Fn::Sub": "x-${AWS::StackName}"}, "d": {"Fn::Join": [",", [1, 2]]},
                   "e": [1.5, true, null]})
        );
    }

    #[test]
    fn deep_flow_nesting_is_refused_at_once() {
        let deep = format!("a: {}", "[{".repeat(50_000));
        // Refused by the pre-scan, at the bracket that goes one level too deep.
        assert_eq!(too_deep(&deep), Some(3 + MAX_FLOW_DEPTH));
        let e = to_json(&deep, "rules file").unwrap_err();
        assert_eq!((e.line, e.column), (Some(1), Some(4 + MAX_FLOW_DEPTH)));
        assert!(too_deep(&"[".repeat(MAX_FLOW_DEPTH)).is_none());
        assert!(too_deep(&"[".repeat(MAX_FLOW_DEPTH + 1)).is_some());
        // Brackets in quotes and comments do not count.
        let quoted = format!(
            "a: ['{}', \"{}\", 'it''s'] # {}\nb: {}{}\n",
            "[".repeat(200),
            "{\\\"".repeat(200),
            "[".repeat(200),
            "[".repeat(100),
            "]".repeat(100)
        );
        assert!(too_deep(&quoted).is_none(), "{quoted}");
        assert!(to_json(&quoted, "rules file").is_ok());
    }

    #[test]
    fn syntax_errors_have_a_position() {
        let e = to_json("a: [1, 2\nb: 3\n", "rules file").unwrap_err();
        assert!(e.line.is_some(), "{e}");
        assert!(to_json("a: !GetAtt NoDot\n", "rules file").is_err());
    }
}
