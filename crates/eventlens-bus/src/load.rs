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

/// The definitions a rules file holds; refused at the first definition that cannot be read.
pub fn definitions(text: &str, settings: &BusSettings) -> Result<Definitions, ConfigError> {
    let (defs, faults) = definitions_each(text, settings)?;
    match faults.into_iter().next() {
        Some(first) => Err(first),
        None => Ok(defs),
    }
}

/// The definitions a rules file holds, and the faults of the rules and endpoints of a list that
/// cannot be read as one (each at its place), which are left out. The whole file is refused
/// when it cannot be read, holds no rules, or (a template) cannot be resolved.
pub fn definitions_each(
    text: &str,
    settings: &BusSettings,
) -> Result<(Definitions, Vec<ConfigError>), ConfigError> {
    let mut faults = Vec::new();
    let defs = match document(text)? {
        Value::Array(items) => Definitions {
            rules: specs(items, "", &mut faults),
            ..Definitions::default()
        },
        Value::Object(map) if map.contains_key("Resources") => cfn::definitions(&map, settings)?,
        Value::Object(map) if map.contains_key("Rules") || map.contains_key("Endpoints") => {
            let list = |key: &str| match map.get(key) {
                None => Ok(Vec::new()),
                Some(Value::Array(items)) => Ok(items.clone()),
                Some(_) => Err(ConfigError::at(key, format!("{key} must be a list"))),
            };
            let (rules, endpoints) = (list("Rules")?, list("Endpoints")?);
            Definitions {
                rules: specs(rules, "Rules", &mut faults),
                endpoints: specs(endpoints, "Endpoints", &mut faults),
                notes: Vec::new(),
            }
        }
        Value::Object(map) if map.contains_key("EventPattern") || map.contains_key("Name") => {
            Definitions {
                rules: specs(vec![Value::Object(map)], "", &mut faults),
                ..Definitions::default()
            }
        }
        _ => return Err(ConfigError::at(
            "",
            "The rules file holds no rules: expected a list of rules, {\"Rules\": [...], \"Endpoints\": [...]}, a rule, or a CloudFormation/SAM template with Resources",
        )),
    };
    Ok((defs, faults))
}

/// The items that read as `T`, with their places; the faults of the others go to `faults`.
fn specs<T: DeserializeOwned>(
    items: Vec<Value>,
    prefix: &str,
    faults: &mut Vec<ConfigError>,
) -> Vec<(String, T)> {
    items
        .into_iter()
        .enumerate()
        .filter_map(|(i, item)| {
            let at = format!("{prefix}[{i}]");
            serde_json::from_value(item)
                .map(|spec| (at.clone(), spec))
                .map_err(|e| faults.push(ConfigError::at(at, e.to_string())))
                .ok()
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

    #[test]
    fn a_rule_that_cannot_be_read_is_left_out_with_its_fault() {
        let s = BusSettings::default();
        let text = r#"{"Rules": [{"Name": "a", "Targets": 3}, {"Name": "b"}], "Endpoints": [7]}"#;
        let (defs, faults) = definitions_each(text, &s).unwrap();
        let names: Vec<_> = defs
            .rules
            .iter()
            .map(|(at, r)| (at.as_str(), r.name.as_deref()))
            .collect();
        assert_eq!(names, vec![("Rules[1]", Some("b"))]);
        let places: Vec<_> = faults.iter().map(|f| f.location.as_str()).collect();
        assert_eq!(places, vec!["Rules[0]", "Endpoints[0]"]);
        assert_eq!(definitions(text, &s).unwrap_err(), faults[0]);
        assert!(definitions_each("[1,]", &s).is_err());
    }
}
