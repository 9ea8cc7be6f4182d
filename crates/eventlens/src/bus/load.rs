//! Rule files in the forms people already have: a JSON (or YAML) list of rules as PutRule and
//! PutTargets take them, `{"Rules": [...], "Endpoints": [...]}`, a single rule, or a
//! CloudFormation/SAM template in JSON or YAML.

use super::cfn;
use super::endpoint::EndpointSpec;
use super::error::ConfigError;
use super::router::BusSettings;
use super::rule::RuleSpec;
use super::yaml;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Rule and endpoint definitions, each with where it was found.
#[derive(Debug, Clone, Default)]
pub struct Definitions {
    /// Rules, with their locations.
    pub rules: Vec<(String, RuleSpec)>,
    /// Endpoints, with their locations.
    pub endpoints: Vec<(String, EndpointSpec)>,
    /// What was left out or could not be modelled.
    pub notes: Vec<String>,
}

/// Whether a rules file is read as JSON (it starts with `{` or `[`) rather than YAML.
pub fn is_json(text: &str) -> bool {
    text.trim_start().starts_with(['{', '['])
}

/// Reads a rules file ([`is_json`], else YAML) as a JSON value.
pub fn document(text: &str) -> Result<Value, ConfigError> {
    if is_json(text) {
        serde_json::from_str(text).map_err(|e| {
            let mut err = ConfigError::at("", format!("The rules file is not valid JSON: {e}"));
            err.line = Some(e.line());
            err.column = Some(e.column());
            err
        })
    } else {
        yaml::to_json(text, "rules file")
    }
}

/// The definitions a rules file holds.
pub fn definitions(text: &str, settings: &BusSettings) -> Result<Definitions, ConfigError> {
    match document(text)? {
        Value::Array(items) => Ok(Definitions {
            rules: specs(items, "")?,
            ..Definitions::default()
        }),
        Value::Object(map) if map.contains_key("Resources") => cfn::definitions(&map, settings),
        Value::Object(map) if map.contains_key("Rules") || map.contains_key("Endpoints") => {
            let list = |key: &str| match map.get(key) {
                None => Ok(Vec::new()),
                Some(Value::Array(items)) => Ok(items.clone()),
                Some(_) => Err(ConfigError::at(key, format!("{key} must be a list"))),
            };
            Ok(Definitions {
                rules: specs(list("Rules")?, "Rules")?,
                endpoints: specs(list("Endpoints")?, "Endpoints")?,
                notes: Vec::new(),
            })
        }
        Value::Object(map) if map.contains_key("EventPattern") || map.contains_key("Name") => {
            Ok(Definitions {
                rules: specs(vec![Value::Object(map)], "")?,
                ..Definitions::default()
            })
        }
        _ => Err(ConfigError::at(
            "",
            "The rules file holds no rules: expected a list of rules, {\"Rules\": [...], \"Endpoints\": [...]}, a rule, or a CloudFormation/SAM template with Resources",
        )),
    }
}

fn specs<T: DeserializeOwned>(
    items: Vec<Value>,
    prefix: &str,
) -> Result<Vec<(String, T)>, ConfigError> {
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let at = format!("{prefix}[{i}]");
            serde_json::from_value(item)
                .map(|spec| (at.clone(), spec))
                .map_err(|e| ConfigError::at(at, e.to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_is_read() {
        let s = BusSettings::default();
        let list =
            definitions(r#"[{"Name": "a", "EventPattern": {"source": ["x"]}}]"#, &s).unwrap();
        assert_eq!(list.rules[0].0, "[0]");
        let yaml = definitions("- Name: a\n  EventPattern:\n    source: [x]\n", &s).unwrap();
        assert_eq!(yaml.rules[0].1, list.rules[0].1);
        let obj = definitions(
            r#"{"Rules": [{"Name": "a"}], "Endpoints": [{"Name": "e"}]}"#,
            &s,
        )
        .unwrap();
        assert_eq!(
            (obj.rules[0].0.as_str(), obj.endpoints[0].0.as_str()),
            ("Rules[0]", "Endpoints[0]")
        );
        let one = definitions(r#"{"Name": "a", "EventPattern": "{}"}"#, &s).unwrap();
        assert_eq!(one.rules.len(), 1);
    }

    #[test]
    fn bad_files_say_where() {
        let s = BusSettings::default();
        let e = definitions("[{\"Name\": \"a\",\n \"Targets\": 3}]", &s).unwrap_err();
        assert_eq!(e.location, "[0]");
        let e = definitions("[{\"Name\": }]", &s).unwrap_err();
        assert_eq!((e.line, e.column), (Some(1), Some(11)));
        assert!(definitions("{\"Other\": 1}", &s).is_err());
        assert!(definitions("just text", &s).is_err());
    }
}
