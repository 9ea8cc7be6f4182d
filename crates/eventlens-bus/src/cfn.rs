//! CloudFormation and SAM templates: `AWS::Events::Rule` and `AWS::Events::Endpoint` resources,
//! and the `EventBridgeRule`/`CloudWatchEvent` events of SAM functions and state machines, with
//! the intrinsic functions they use resolved.
//!
//! Resolved: `Ref` (parameters, with given values or their `Default`; pseudo parameters;
//! resources), `Fn::GetAtt`, `Fn::Sub`, `Fn::Join`, `Fn::Select`, `Fn::Split`, `Fn::FindInMap`,
//! `Fn::ToJsonString`, `Fn::ImportValue` (from the given exports) and `Fn::If`. Conditions are
//! evaluated as CloudFormation does (`Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not`, `Condition`):
//! a resource whose condition is false does not exist. Template resources are not created, so a
//! `Ref` or `Fn::GetAtt` to one gives a stand-in built from its type and name
//! (`arn:aws:sqs:us-east-1:123456789012:OrdersQueue`); a rule without a `Name` gets a name as
//! CloudFormation generates one ([`generated_name`]).

use super::endpoint::EndpointSpec;
use super::error::ConfigError;
use super::load::Definitions;
use super::router::BusSettings;
use super::rule::RuleSpec;
use serde_json::{Map, Value};

/// How deep intrinsic functions may nest (deeper means a circular reference).
const MAX_NESTING: usize = 32;

/// The rules and endpoints a template defines.
pub fn definitions(
    template: &Map<String, Value>,
    settings: &BusSettings,
) -> Result<Definitions, ConfigError> {
    let empty = Map::new();
    let resources = match template.get("Resources") {
        Some(Value::Object(r)) => r,
        _ => {
            return Err(ConfigError::at(
                "Resources",
                "A template's Resources must be an object",
            ))
        }
    };
    let object = |key: &str| match template.get(key) {
        Some(Value::Object(m)) => m,
        _ => &empty,
    };
    let resolver = Resolver {
        settings,
        parameters: object("Parameters"),
        mappings: object("Mappings"),
        conditions: object("Conditions"),
        resources,
    };
    let mut defs = Definitions::default();
    for (logical, resource) in resources {
        let at = format!("Resources.{logical}");
        let kind = resource
            .get("Type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let props = match resource.get("Properties") {
            Some(Value::Object(p)) => p,
            _ => &empty,
        };
        if let Some(condition) = resource.get("Condition") {
            let name = as_text(
                condition,
                "A resource's Condition",
                &format!("{at}.Condition"),
            )?;
            if !resolver.condition(&name, &format!("{at}.Condition"), 0)? {
                if is_rule_source(kind) {
                    defs.notes.push(format!(
                        "{at}: condition {name} is false, so the resource does not exist"
                    ));
                }
                continue;
            }
        }
        match kind {
            "AWS::Events::Rule" => {
                let spec =
                    resolver.rule(logical, props, &format!("{at}.Properties"), &mut defs.notes)?;
                defs.rules.push((format!("{at}.Properties"), spec));
            }
            "AWS::Events::Endpoint" => {
                let resolved = resolver.resolve_map(props, &format!("{at}.Properties"))?;
                let mut spec: EndpointSpec = serde_json::from_value(Value::Object(resolved))
                    .map_err(|e| ConfigError::at(format!("{at}.Properties"), e.to_string()))?;
                spec.name.get_or_insert_with(|| logical.clone());
                defs.endpoints.push((format!("{at}.Properties"), spec));
            }
            "AWS::Serverless::Function" | "AWS::Serverless::StateMachine" => {
                let events = match props.get("Events") {
                    Some(Value::Object(e)) => e,
                    _ => continue,
                };
                for (event_name, event) in events {
                    let event_at = format!("{at}.Properties.Events.{event_name}");
                    let event_type = event
                        .get("Type")
                        .and_then(Value::as_str)
                        .unwrap_or_default();
                    if !matches!(event_type, "EventBridgeRule" | "CloudWatchEvent") {
                        if event_type.starts_with("Schedule") {
                            defs.notes
                                .push(format!("{event_at}: scheduled events are not modelled"));
                        }
                        continue;
                    }
                    let spec = resolver.sam_rule(logical, kind, event_name, event, &event_at)?;
                    defs.rules.push((format!("{event_at}.Properties"), spec));
                }
            }
            _ => {}
        }
    }
    Ok(defs)
}

/// The intrinsic functions eventlens resolves.
const SUPPORTED: [&str; 10] = [
    "Ref",
    "Fn::GetAtt",
    "Fn::Sub",
    "Fn::Join",
    "Fn::Select",
    "Fn::Split",
    "Fn::FindInMap",
    "Fn::ToJsonString",
    "Fn::If",
    "Fn::ImportValue",
];

/// Whether `value` uses an intrinsic function eventlens does not resolve.
fn uses_unsupported(value: &Value) -> bool {
    match value {
        Value::Object(map) => {
            is_intrinsic(map).is_some_and(|(f, _)| !SUPPORTED.contains(&f))
                || map.values().any(uses_unsupported)
        }
        Value::Array(items) => items.iter().any(uses_unsupported),
        _ => false,
    }
}

/// Whether resources of this type define rules or endpoints.
fn is_rule_source(kind: &str) -> bool {
    matches!(
        kind,
        "AWS::Events::Rule"
            | "AWS::Events::Endpoint"
            | "AWS::Serverless::Function"
            | "AWS::Serverless::StateMachine"
    )
}

/// The name CloudFormation gives a resource that declares none: the stack name, the logical id
/// and a 13-character suffix, joined by hyphens and cut to `max` characters (the stack name and
/// the logical id are shortened, the longer first). CloudFormation's suffix is random; this one
/// is drawn from the two names (a hash), so a run is repeatable.
pub fn generated_name(stack: &str, logical: &str, max: usize) -> String {
    const ALPHABET: &[u8; 36] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    const SUFFIX: usize = 13;
    // FNV-1a over both names: stable across runs and platforms.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in stack.bytes().chain([0]).chain(logical.bytes()) {
        hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    let suffix: String = (0..SUFFIX)
        .map(|_| {
            let c = ALPHABET[(hash % 36) as usize] as char;
            hash = (hash / 36) ^ hash.rotate_left(17);
            c
        })
        .collect();
    let room = max.saturating_sub(SUFFIX + 2);
    let (mut s, mut l) = (stack.chars().count(), logical.chars().count());
    while s + l > room {
        if s >= l {
            s -= 1;
        } else {
            l -= 1;
        }
    }
    let stack: String = stack.chars().take(s).collect();
    let logical: String = logical.chars().take(l).collect();
    format!("{stack}-{logical}-{suffix}")
}

struct Resolver<'a> {
    settings: &'a BusSettings,
    parameters: &'a Map<String, Value>,
    mappings: &'a Map<String, Value>,
    conditions: &'a Map<String, Value>,
    resources: &'a Map<String, Value>,
}

fn is_intrinsic(map: &Map<String, Value>) -> Option<(&str, &Value)> {
    if map.len() != 1 {
        return None;
    }
    let (k, v) = map.iter().next()?;
    (k == "Ref" || k.starts_with("Fn::")).then_some((k.as_str(), v))
}

fn as_text(v: &Value, what: &str, path: &str) -> Result<String, ConfigError> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        other => Err(ConfigError::at(
            path,
            format!("{what} must be a string here, not {other}"),
        )),
    }
}

impl Resolver<'_> {
    /// An `AWS::Events::Rule`'s properties as a rule.
    fn rule(
        &self,
        logical: &str,
        props: &Map<String, Value>,
        at: &str,
        notes: &mut Vec<String>,
    ) -> Result<RuleSpec, ConfigError> {
        let mut resolved = Map::new();
        for key in [
            "Name",
            "EventPattern",
            "State",
            "EventBusName",
            "Description",
            "ScheduleExpression",
        ] {
            if let Some(raw) = props.get(key) {
                let path = format!("{at}.{key}");
                if let Some(v) = self.resolve(raw, &path, 0)? {
                    self.check_not_emptied(raw, &v, key, &path)?;
                    resolved.insert(key.to_string(), v);
                }
            }
        }
        let mut targets = Vec::new();
        if let Some(list) = props.get("Targets") {
            let Value::Array(list) = list else {
                return Err(ConfigError::at(
                    format!("{at}.Targets"),
                    "Targets must be a list",
                ));
            };
            for (i, t) in list.iter().enumerate() {
                let t_at = format!("{at}.Targets[{i}]");
                let Value::Object(t) = t else {
                    return Err(ConfigError::at(t_at, "A target must be an object"));
                };
                let mut target = Map::new();
                for key in ["Id", "Input", "InputPath", "InputTransformer"] {
                    if let Some(raw) = t.get(key) {
                        let path = format!("{t_at}.{key}");
                        if let Some(v) = self.resolve(raw, &path, 0)? {
                            self.check_not_emptied(raw, &v, &format!("The target's {key}"), &path)?;
                            target.insert(key.to_string(), v);
                        }
                    }
                }
                if let Some(arn) = t.get("Arn") {
                    // The ARN is only shown: an expression eventlens cannot resolve is kept as text.
                    let resolved = match self.resolve(arn, &format!("{t_at}.Arn"), 0) {
                        Ok(Some(v)) => {
                            self.check_not_emptied(
                                arn,
                                &v,
                                "The target's Arn",
                                &format!("{t_at}.Arn"),
                            )?;
                            v
                        }
                        Ok(None) => Value::Null,
                        Err(e) if uses_unsupported(arn) => {
                            notes.push(format!("{t_at}.Arn: {}; shown as written", e.message));
                            Value::String(arn.to_string())
                        }
                        Err(e) => return Err(e),
                    };
                    target.insert("Arn".to_string(), resolved);
                }
                targets.push(Value::Object(target));
            }
            resolved.insert("Targets".to_string(), Value::Array(targets));
        }
        let mut spec: RuleSpec = serde_json::from_value(Value::Object(resolved))
            .map_err(|e| ConfigError::at(at, e.to_string()))?;
        spec.name
            .get_or_insert_with(|| self.generated_rule_name(logical));
        Ok(spec)
    }

    /// The name CloudFormation generates for a rule resource without `Name`.
    fn generated_rule_name(&self, logical: &str) -> String {
        generated_name(&self.settings.stack_name, logical, 64)
    }

    /// SAM's own checks of an `EventBridgeRule`/`CloudWatchEvent` event, with its wording
    /// (`samtranslator` `CloudWatchEvent`: property types, `State` with `Enabled`, the dead-letter
    /// configuration), and the rule state they give.
    fn sam_checks(
        &self,
        logical: &str,
        event_name: &str,
        props: &Map<String, Value>,
        at: &str,
    ) -> Result<Option<String>, ConfigError> {
        let resource_error = |message: String| {
            ConfigError::at(
                at,
                format!("Resource with id [{logical}] is invalid. {message}"),
            )
        };
        let event_error = |id: &str, message: &str| {
            resource_error(format!("Event with id [{id}] is invalid. {message}"))
        };
        let source_id = format!("{logical}{event_name}");
        for (key, kind) in [
            ("EventBusName", "string"),
            ("RuleName", "string"),
            ("Pattern", "map"),
            ("DeadLetterConfig", "map"),
            ("RetryPolicy", "map"),
            ("Input", "string"),
            ("InputPath", "string"),
            ("Target", "map"),
            ("Enabled", "boolean"),
            ("State", "string"),
            ("InputTransformer", "map"),
        ] {
            let Some(v) = props.get(key) else { continue };
            let intrinsic = matches!(v, Value::Object(m) if is_intrinsic(m).is_some());
            let right = match kind {
                "string" => v.is_string(),
                "map" => v.is_object(),
                _ => v.is_boolean(),
            };
            // DeadLetterConfig and Enabled take no intrinsic functions in SAM.
            if !right && (!intrinsic || matches!(key, "DeadLetterConfig" | "Enabled")) {
                return Err(ConfigError::at(
                    at,
                    format!("Resource with id [{source_id}] is invalid. Property '{key}' should be a {kind}."),
                ));
            }
        }
        if let Some(Value::Object(dlq)) = props.get("DeadLetterConfig") {
            let (arn, kind) = (dlq.contains_key("Arn"), dlq.get("Type"));
            let problem = match (arn, kind) {
                (true, Some(_)) => {
                    Some("You can either define 'Arn' or 'Type' property of DeadLetterConfig.")
                }
                (_, Some(t)) if t.as_str() != Some("SQS") => {
                    Some("The only valid value for 'Type' property of DeadLetterConfig is 'SQS'.")
                }
                (false, None) => Some("No 'Arn' or 'Type' property provided for DeadLetterConfig."),
                _ => None,
            };
            if let Some(problem) = problem {
                return Err(event_error(&source_id, problem));
            }
        }
        let state = props.get("State").filter(|s| s.as_str() != Some(""));
        match (state, props.get("Enabled")) {
            (Some(_), Some(_)) => Err(event_error(
                event_name,
                "State and Enabled Properties cannot both be specified.",
            )),
            (_, Some(Value::Bool(enabled))) => Ok(Some(
                if *enabled { "ENABLED" } else { "DISABLED" }.to_string(),
            )),
            (Some(raw), None) => {
                let v = self
                    .resolve(raw, &format!("{at}.State"), 0)?
                    .unwrap_or(Value::Null);
                Ok(Some(as_text(&v, "State", &format!("{at}.State"))?))
            }
            _ => Ok(None),
        }
    }

    /// A SAM `EventBridgeRule`/`CloudWatchEvent` event as the rule SAM generates for it.
    fn sam_rule(
        &self,
        logical: &str,
        kind: &str,
        event_name: &str,
        event: &Value,
        at: &str,
    ) -> Result<RuleSpec, ConfigError> {
        let empty = Map::new();
        let props = match event.get("Properties") {
            Some(Value::Object(p)) => p,
            _ => &empty,
        };
        let p_at = format!("{at}.Properties");
        let get = |key: &str| -> Result<Option<Value>, ConfigError> {
            match props.get(key) {
                Some(v) => self.resolve(v, &format!("{p_at}.{key}"), 0),
                None => Ok(None),
            }
        };
        let text = |v: Option<Value>, key: &str| -> Result<Option<String>, ConfigError> {
            v.map(|v| as_text(&v, key, &format!("{p_at}.{key}")))
                .transpose()
        };
        let (arn_attribute, suffix) = if kind == "AWS::Serverless::StateMachine" {
            ("Arn", "StepFunctionsTarget")
        } else {
            ("Arn", "LambdaTarget")
        };
        let target_id = match get("Target")? {
            Some(Value::Object(t)) => t.get("Id").and_then(Value::as_str).map(str::to_string),
            _ => None,
        }
        .unwrap_or_else(|| {
            // SAM's generate_valid_target_id: the id cut to 64 characters, keeping the suffix.
            let id: String = format!("{logical}{event_name}")
                .chars()
                .take(64 - suffix.len())
                .collect();
            format!("{id}{suffix}")
        });
        let state = self.sam_checks(logical, event_name, props, &p_at)?;
        let transformer = get("InputTransformer")?
            .map(serde_json::from_value)
            .transpose()
            .map_err(|e| ConfigError::at(format!("{p_at}.InputTransformer"), e.to_string()))?;
        Ok(RuleSpec {
            // SAM names the rule resource `{Function}{Event}`; CloudFormation names the rule.
            name: Some(
                text(get("RuleName")?, "RuleName")?
                    .unwrap_or_else(|| self.generated_rule_name(&format!("{logical}{event_name}"))),
            ),
            event_pattern: get("Pattern")?,
            state,
            event_bus_name: text(get("EventBusName")?, "EventBusName")?,
            description: None,
            schedule_expression: None,
            targets: Some(vec![super::target::TargetSpec {
                id: Some(target_id),
                arn: Some(self.get_att(logical, arn_attribute, at)?),
                input: text(get("Input")?, "Input")?,
                input_path: text(get("InputPath")?, "InputPath")?,
                input_transformer: transformer,
            }]),
            region: None,
        })
    }

    /// Whether template condition `name` holds.
    fn condition(&self, name: &str, path: &str, depth: usize) -> Result<bool, ConfigError> {
        let Some(definition) = self.conditions.get(name) else {
            return Err(ConfigError::at(
                path,
                format!("Condition {name} is not defined in the template's Conditions"),
            ));
        };
        self.condition_value(definition, &format!("Conditions.{name}"), depth + 1)
            .map_err(|mut e| {
                if !e.message.starts_with("Condition ") {
                    e.message = format!("Condition {name} cannot be decided: {}", e.message);
                }
                e
            })
    }

    /// A condition function's value: `Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not` or
    /// `{"Condition": name}`.
    fn condition_value(
        &self,
        value: &Value,
        path: &str,
        depth: usize,
    ) -> Result<bool, ConfigError> {
        if depth > MAX_NESTING {
            return Err(ConfigError::at(
                path,
                "Conditions nest too deep (a circular reference?)",
            ));
        }
        let (function, arg) = match value {
            Value::Object(map) if map.len() == 1 => map.iter().next().expect("one key"),
            _ => return Err(ConfigError::at(
                path,
                "A condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or {\"Condition\": name}",
            )),
        };
        let at = format!("{path}.{function}");
        let list = |min: usize, max: usize| -> Result<&Vec<Value>, ConfigError> {
            match arg {
                Value::Array(items) if (min..=max).contains(&items.len()) => Ok(items),
                _ => Err(ConfigError::at(
                    &at,
                    format!("{function} takes a list of {min} to {max} conditions"),
                )),
            }
        };
        let each = |items: &Vec<Value>| -> Result<Vec<bool>, ConfigError> {
            items
                .iter()
                .enumerate()
                .map(|(i, c)| self.condition_value(c, &format!("{at}[{i}]"), depth + 1))
                .collect()
        };
        match function.as_str() {
            "Condition" => {
                let name = as_text(arg, "Condition", &at)?;
                self.condition(&name, &at, depth)
            }
            "Fn::Equals" => match arg {
                Value::Array(pair) if pair.len() == 2 => {
                    let side = |i: usize| -> Result<Value, ConfigError> {
                        let at = format!("{at}[{i}]");
                        let v = self.resolve(&pair[i], &at, depth + 1)?.unwrap_or(Value::Null);
                        // CloudFormation compares the values as strings.
                        Ok(match v {
                            Value::Number(_) | Value::Bool(_) => Value::String(as_text(&v, "", &at)?),
                            other => other,
                        })
                    };
                    Ok(side(0)? == side(1)?)
                }
                _ => Err(ConfigError::at(&at, "Fn::Equals takes a list of two values")),
            },
            "Fn::And" => Ok(each(list(2, 10)?)?.into_iter().all(|b| b)),
            "Fn::Or" => Ok(each(list(2, 10)?)?.into_iter().any(|b| b)),
            "Fn::Not" => Ok(!each(list(1, 1)?)?[0]),
            other => Err(ConfigError::at(
                &at,
                format!("{other} cannot be used in a condition (Fn::Equals, Fn::And, Fn::Or, Fn::Not, Condition)"),
            )),
        }
    }

    /// The template parameter that gave `raw` (as written) an empty value, if one did: for
    /// errors about a value that is empty because of a parameter's empty `Default`.
    fn empty_parameter(&self, raw: &Value) -> Option<String> {
        match raw {
            Value::Object(map) => {
                if let Some(Value::String(name)) = map.get("Ref") {
                    let value = self.settings.parameters.get(name).cloned().or_else(|| {
                        self.parameters
                            .get(name)?
                            .get("Default")
                            .and_then(Value::as_str)
                            .map(str::to_string)
                    });
                    if self.parameters.contains_key(name) && value.as_deref() == Some("") {
                        return Some(name.clone());
                    }
                }
                map.values().find_map(|v| self.empty_parameter(v))
            }
            Value::Array(items) => items.iter().find_map(|v| self.empty_parameter(v)),
            Value::String(s) => self
                .parameters
                .keys()
                .find(|p| {
                    s.contains(&format!("${{{p}}}"))
                        && self
                            .empty_parameter(&serde_json::json!({"Ref": p}))
                            .is_some()
                })
                .cloned(),
            _ => None,
        }
    }

    /// Fails when `resolved` is empty because a parameter was: says which.
    fn check_not_emptied(
        &self,
        raw: &Value,
        resolved: &Value,
        what: &str,
        path: &str,
    ) -> Result<(), ConfigError> {
        if resolved.as_str() != Some("") {
            return Ok(());
        }
        match self.empty_parameter(raw) {
            Some(p) => Err(ConfigError::at(
                path,
                format!("{what} is empty: it comes from template parameter {p}, which is empty (its Default is \"\"); give it a value with --param {p}=VALUE"),
            )),
            None => Ok(()),
        }
    }

    fn resolve_map(
        &self,
        map: &Map<String, Value>,
        path: &str,
    ) -> Result<Map<String, Value>, ConfigError> {
        match self.resolve(&Value::Object(map.clone()), path, 0)? {
            Some(Value::Object(m)) => Ok(m),
            _ => Ok(Map::new()),
        }
    }

    /// `value` with its intrinsic functions resolved; `None` for `AWS::NoValue`.
    fn resolve(
        &self,
        value: &Value,
        path: &str,
        depth: usize,
    ) -> Result<Option<Value>, ConfigError> {
        if depth > MAX_NESTING {
            return Err(ConfigError::at(
                path,
                "Intrinsic functions nest too deep (a circular reference?)",
            ));
        }
        let next = depth + 1;
        match value {
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    if let Some(v) = self.resolve(item, &format!("{path}[{i}]"), next)? {
                        out.push(v);
                    }
                }
                Ok(Some(Value::Array(out)))
            }
            Value::Object(map) => match is_intrinsic(map) {
                Some((function, arg)) => self.intrinsic(function, arg, path, next),
                None => {
                    let mut out = Map::new();
                    for (k, v) in map {
                        if let Some(v) = self.resolve(v, &format!("{path}.{k}"), next)? {
                            out.insert(k.clone(), v);
                        }
                    }
                    Ok(Some(Value::Object(out)))
                }
            },
            scalar => Ok(Some(scalar.clone())),
        }
    }

    fn resolved_text(
        &self,
        v: &Value,
        what: &str,
        path: &str,
        depth: usize,
    ) -> Result<String, ConfigError> {
        let v = self.resolve(v, path, depth)?.unwrap_or(Value::Null);
        as_text(&v, what, path)
    }

    fn intrinsic(
        &self,
        function: &str,
        arg: &Value,
        path: &str,
        depth: usize,
    ) -> Result<Option<Value>, ConfigError> {
        let at = format!("{path}.{function}");
        let bad = |form: &str| ConfigError::at(&at, format!("{function} takes {form}"));
        match function {
            "Ref" => {
                let name = self.resolved_text(arg, "Ref", &at, depth)?;
                self.reference(&name, &at, depth)
            }
            "Fn::GetAtt" => {
                let (resource, attribute) = match self.resolve(arg, &at, depth)? {
                    Some(Value::Array(parts)) if parts.len() == 2 => (
                        as_text(&parts[0], "the resource", &at)?,
                        as_text(&parts[1], "the attribute", &at)?,
                    ),
                    Some(Value::String(s)) => match s.split_once('.') {
                        Some((r, a)) => (r.to_string(), a.to_string()),
                        None => return Err(bad("[Resource, Attribute] or \"Resource.Attribute\"")),
                    },
                    _ => return Err(bad("[Resource, Attribute]")),
                };
                Ok(Some(Value::String(
                    self.get_att(&resource, &attribute, &at)?,
                )))
            }
            "Fn::Sub" => {
                let (text, vars) = match arg {
                    Value::String(s) => (s.clone(), Map::new()),
                    Value::Array(parts) if parts.len() == 2 => {
                        let text =
                            self.resolved_text(&parts[0], "The Fn::Sub string", &at, depth)?;
                        let vars = match self.resolve(&parts[1], &at, depth)? {
                            Some(Value::Object(m)) => m,
                            _ => return Err(bad("a string, or [string, {variables}]")),
                        };
                        (text, vars)
                    }
                    _ => return Err(bad("a string, or [string, {variables}]")),
                };
                Ok(Some(Value::String(self.sub(&text, &vars, &at, depth)?)))
            }
            "Fn::Join" => {
                let Some(Value::Array(parts)) = self.resolve(arg, &at, depth)? else {
                    return Err(bad("[delimiter, [values]]"));
                };
                match parts.as_slice() {
                    [Value::String(delim), Value::Array(items)] => {
                        let items: Vec<String> = items
                            .iter()
                            .map(|v| as_text(v, "A joined value", &at))
                            .collect::<Result<_, _>>()?;
                        Ok(Some(Value::String(items.join(delim))))
                    }
                    _ => Err(bad("[delimiter, [values]]")),
                }
            }
            "Fn::Select" => {
                let Some(Value::Array(parts)) = self.resolve(arg, &at, depth)? else {
                    return Err(bad("[index, [values]]"));
                };
                match parts.as_slice() {
                    [index, Value::Array(items)] => {
                        let i: usize = as_text(index, "The index", &at)?
                            .parse()
                            .map_err(|_| bad("a whole-number index"))?;
                        items.get(i).cloned().map(Some).ok_or_else(|| {
                            ConfigError::at(
                                &at,
                                format!(
                                    "Fn::Select index {i} is past the end of a list of {}",
                                    items.len()
                                ),
                            )
                        })
                    }
                    _ => Err(bad("[index, [values]]")),
                }
            }
            "Fn::Split" => {
                let Some(Value::Array(parts)) = self.resolve(arg, &at, depth)? else {
                    return Err(bad("[delimiter, string]"));
                };
                match parts.as_slice() {
                    [Value::String(delim), Value::String(s)] if !delim.is_empty() => {
                        Ok(Some(Value::Array(
                            s.split(delim.as_str())
                                .map(|p| Value::String(p.to_string()))
                                .collect(),
                        )))
                    }
                    _ => Err(bad("[delimiter, string]")),
                }
            }
            "Fn::FindInMap" => {
                let Some(Value::Array(parts)) = self.resolve(arg, &at, depth)? else {
                    return Err(bad("[MapName, TopLevelKey, SecondLevelKey]"));
                };
                let keys: Vec<String> = parts
                    .iter()
                    .map(|p| as_text(p, "A map key", &at))
                    .collect::<Result<_, _>>()?;
                let [map, top, second] = keys.as_slice() else {
                    return Err(bad("[MapName, TopLevelKey, SecondLevelKey]"));
                };
                self.mappings
                    .get(map)
                    .and_then(|m| m.get(top))
                    .and_then(|m| m.get(second))
                    .cloned()
                    .map(Some)
                    .ok_or_else(|| {
                        ConfigError::at(&at, format!("Mappings has no {map}.{top}.{second}"))
                    })
            }
            "Fn::If" => match arg {
                Value::Array(parts) if parts.len() == 3 => {
                    let name = as_text(&parts[0], "The Fn::If condition", &at)?;
                    let branch = if self.condition(&name, &at, depth)? {
                        1
                    } else {
                        2
                    };
                    self.resolve(&parts[branch], &format!("{at}[{branch}]"), depth)
                }
                _ => Err(bad("[condition, value if true, value if false]")),
            },
            "Fn::ImportValue" => {
                let name = self.resolved_text(arg, "Fn::ImportValue", &at, depth)?;
                match self.settings.imports.get(&name) {
                    Some(v) => Ok(Some(Value::String(v.clone()))),
                    None => Err(ConfigError::at(
                        &at,
                        format!("Fn::ImportValue {name}: no value was given for this export (give it with --import {name}=VALUE)"),
                    )),
                }
            }
            "Fn::ToJsonString" => {
                let v = self.resolve(arg, &at, depth)?.unwrap_or(Value::Null);
                Ok(Some(Value::String(v.to_string())))
            }
            other => Err(ConfigError::at(
                &at,
                format!("{other} is not supported by eventlens"),
            )),
        }
    }

    /// `Ref name`.
    fn reference(
        &self,
        name: &str,
        path: &str,
        depth: usize,
    ) -> Result<Option<Value>, ConfigError> {
        let s = self.settings;
        let text = |t: String| Ok(Some(Value::String(t)));
        match name {
            "AWS::Region" => return text(s.region.clone()),
            "AWS::AccountId" => return text(s.account.clone()),
            "AWS::StackName" => return text(s.stack_name.clone()),
            "AWS::StackId" => {
                return text(format!(
                    "arn:aws:cloudformation:{}:{}:stack/{}/00000000-0000-0000-0000-000000000000",
                    s.region, s.account, s.stack_name
                ))
            }
            "AWS::Partition" => return text("aws".to_string()),
            "AWS::URLSuffix" => return text("amazonaws.com".to_string()),
            "AWS::NotificationARNs" => return Ok(Some(Value::Array(Vec::new()))),
            "AWS::NoValue" => return Ok(None),
            _ => {}
        }
        if let Some(declared) = self.parameters.get(name) {
            let value = match s.parameters.get(name) {
                Some(given) => given.clone(),
                None => match declared.get("Default") {
                    Some(d) => as_text(d, "A parameter Default", path)?,
                    None => {
                        return Err(ConfigError::at(
                            path,
                            format!("Template parameter {name} has no Default and no value was given for it"),
                        ))
                    }
                },
            };
            let kind = declared
                .get("Type")
                .and_then(Value::as_str)
                .unwrap_or("String");
            if kind == "CommaDelimitedList" || kind.starts_with("List<") {
                return Ok(Some(Value::Array(
                    value
                        .split(',')
                        .map(|p| Value::String(p.trim().to_string()))
                        .collect(),
                )));
            }
            return text(value);
        }
        if self.resources.contains_key(name) {
            return text(self.resource_ref(name, depth));
        }
        Err(ConfigError::at(
            path,
            format!("Ref {name} names neither a parameter nor a resource of the template"),
        ))
    }

    /// A resource's type and physical name (its name property when plain, else its logical id).
    fn resource(&self, logical: &str, depth: usize) -> (&str, String) {
        let resource = self.resources.get(logical);
        let kind = resource
            .and_then(|r| r.get("Type"))
            .and_then(Value::as_str)
            .unwrap_or_default();
        // The name property is `<Type>Name` (`BucketName`, `TopicName`, `QueueName`,
        // `FunctionName`, `ConfigRuleName`, `TableName`…) or plain `Name`.
        let typed = format!("{}Name", kind.rsplit("::").next().unwrap_or_default());
        let props = resource.and_then(|r| r.get("Properties"));
        let name = [typed.as_str(), "Name"]
            .iter()
            .find_map(|key| props.and_then(|p| p.get(*key)))
            .and_then(|v| self.resolve(v, logical, depth + 1).ok().flatten())
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_else(|| match kind {
                "AWS::Events::Rule" => self.generated_rule_name(logical),
                _ => logical.to_string(),
            });
        (kind, name)
    }

    /// What `Ref` gives for a resource: an ARN, URL or name, as for the real resource type.
    fn resource_ref(&self, logical: &str, depth: usize) -> String {
        let (kind, name) = self.resource(logical, depth);
        let (r, a) = (&self.settings.region, &self.settings.account);
        match kind {
            "AWS::SNS::Topic" => format!("arn:aws:sns:{r}:{a}:{name}"),
            "AWS::SQS::Queue" => format!("https://sqs.{r}.amazonaws.com/{a}/{name}"),
            "AWS::StepFunctions::StateMachine" | "AWS::Serverless::StateMachine" => {
                format!("arn:aws:states:{r}:{a}:stateMachine:{name}")
            }
            _ => name,
        }
    }

    /// What `Fn::GetAtt resource.attribute` gives.
    fn get_att(&self, logical: &str, attribute: &str, path: &str) -> Result<String, ConfigError> {
        if !self.resources.contains_key(logical) {
            return Err(ConfigError::at(
                path,
                format!("Fn::GetAtt names {logical}, which is not a resource of the template"),
            ));
        }
        let (kind, name) = self.resource(logical, 0);
        let (r, a) = (&self.settings.region, &self.settings.account);
        Ok(match (kind, attribute) {
            ("AWS::SQS::Queue", "QueueUrl") => format!("https://sqs.{r}.amazonaws.com/{a}/{name}"),
            (_, "Name" | "QueueName" | "TopicName") => name,
            (_, "Arn" | "TopicArn") => match kind {
                "AWS::SNS::Topic" => format!("arn:aws:sns:{r}:{a}:{name}"),
                "AWS::SQS::Queue" => format!("arn:aws:sqs:{r}:{a}:{name}"),
                "AWS::Lambda::Function" | "AWS::Serverless::Function" => {
                    format!("arn:aws:lambda:{r}:{a}:function:{name}")
                }
                "AWS::Logs::LogGroup" => format!("arn:aws:logs:{r}:{a}:log-group:{name}:*"),
                "AWS::Events::EventBus" => format!("arn:aws:events:{r}:{a}:event-bus/{name}"),
                "AWS::Events::Rule" => format!("arn:aws:events:{r}:{a}:rule/{name}"),
                "AWS::S3::Bucket" => format!("arn:aws:s3:::{name}"),
                "AWS::Kinesis::Stream" => format!("arn:aws:kinesis:{r}:{a}:stream/{name}"),
                "AWS::KinesisFirehose::DeliveryStream" => {
                    format!("arn:aws:firehose:{r}:{a}:deliverystream/{name}")
                }
                "AWS::StepFunctions::StateMachine" | "AWS::Serverless::StateMachine" => {
                    format!("arn:aws:states:{r}:{a}:stateMachine:{name}")
                }
                _ => {
                    let service = kind.split("::").nth(1).unwrap_or("unknown").to_lowercase();
                    format!("arn:aws:{service}:{r}:{a}:{name}")
                }
            },
            _ => format!("{logical}.{attribute}"),
        })
    }

    /// `Fn::Sub`: `${Name}`, `${Resource.Attribute}`, `${!Literal}`.
    fn sub(
        &self,
        text: &str,
        vars: &Map<String, Value>,
        path: &str,
        depth: usize,
    ) -> Result<String, ConfigError> {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let end = after.find('}').ok_or_else(|| {
                ConfigError::at(path, format!("Unclosed ${{ in Fn::Sub string \"{text}\""))
            })?;
            let name = &after[..end];
            if let Some(literal) = name.strip_prefix('!') {
                out.push_str("${");
                out.push_str(literal);
                out.push('}');
            } else if let Some(v) = vars.get(name) {
                out.push_str(&as_text(v, name, path)?);
            } else if let Some((resource, attribute)) = name.split_once('.') {
                out.push_str(&self.get_att(resource, attribute, path)?);
            } else {
                let v = self.reference(name, path, depth)?.unwrap_or(Value::Null);
                out.push_str(&as_text(&v, name, path)?);
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn defs(template: Value, params: &[(&str, &str)]) -> Result<Definitions, ConfigError> {
        let mut settings = BusSettings::default();
        for (k, v) in params {
            settings.parameters.insert(k.to_string(), v.to_string());
        }
        definitions(template.as_object().unwrap(), &settings)
    }

    #[test]
    fn resolves_the_intrinsics_rules_use() {
        let d = defs(
            json!({
                "Parameters": {"Bus": {"Type": "String"}, "Prefix": {"Type": "String", "Default": "pkg/"}},
                "Mappings": {"M": {"us-east-1": {"state": "ENABLED"}}},
                "Resources": {
                    "Q": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "orders"}},
                    "R": {"Type": "AWS::Events::Rule", "Properties": {
                        "EventBusName": {"Ref": "Bus"},
                        "Name": {"Fn::Sub": "r-${AWS::StackName}-${!x}"},
                        "State": {"Fn::FindInMap": ["M", {"Ref": "AWS::Region"}, "state"]},
                        "EventPattern": {"detail": {"handle": [{"prefix": {"Ref": "Prefix"}}]}},
                        "Targets": [{"Arn": {"Fn::GetAtt": ["Q", "Arn"]},
                                     "Id": {"Fn::Join": ["-", ["q", {"Fn::Select": [1, {"Fn::Split": [",", "a,b"]}]}]]},
                                     "Input": {"Fn::ToJsonString": {"k": 1}}}]
                    }}
                }
            }),
            &[("Bus", "orders-bus")],
        )
        .unwrap();
        let (at, rule) = &defs_rule(&d);
        assert_eq!(at, "Resources.R.Properties");
        assert_eq!(rule.name.as_deref(), Some("r-eventlens-${x}"));
        assert_eq!(rule.event_bus_name.as_deref(), Some("orders-bus"));
        assert_eq!(rule.state.as_deref(), Some("ENABLED"));
        assert_eq!(
            rule.event_pattern,
            Some(json!({"detail": {"handle": [{"prefix": "pkg/"}]}}))
        );
        let t = &rule.targets.as_ref().unwrap()[0];
        assert_eq!(
            t.arn.as_deref(),
            Some("arn:aws:sqs:us-east-1:123456789012:orders")
        );
        assert_eq!(t.id.as_deref(), Some("q-b"));
        assert_eq!(t.input.as_deref(), Some(r#"{"k":1}"#));
    }

    fn defs_rule(d: &Definitions) -> (String, RuleSpec) {
        d.rules[0].clone()
    }

    #[test]
    fn missing_parameters_and_unsupported_functions_are_named() {
        let t = json!({"Parameters": {"Bus": {"Type": "String"}},
            "Resources": {"R": {"Type": "AWS::Events::Rule", "Properties": {"EventBusName": {"Ref": "Bus"}}}}});
        let e = defs(t, &[]).unwrap_err();
        assert_eq!(e.location, "Resources.R.Properties.EventBusName.Ref");
        assert!(
            e.message.contains("parameter Bus has no Default"),
            "{}",
            e.message
        );
        let t = json!({"Resources": {"R": {"Type": "AWS::Events::Rule", "Properties": {"State": {"Fn::If": ["C", "A", "B"]}}}}});
        assert!(defs(t, &[])
            .unwrap_err()
            .message
            .contains("Condition C is not defined"));
        let t = json!({"Resources": {"R": {"Type": "AWS::Events::Rule", "Properties": {"State": {"Fn::GetAZs": ""}}}}});
        assert!(defs(t, &[])
            .unwrap_err()
            .message
            .contains("Fn::GetAZs is not supported"));
    }

    #[test]
    fn sam_events_become_rules() {
        let d = defs(
            json!({"Resources": {"Fn": {"Type": "AWS::Serverless::Function", "Properties": {
                "FunctionName": "handler",
                "Events": {
                    "OnOrder": {"Type": "EventBridgeRule", "Properties": {"Pattern": {"source": ["shop"]}, "InputPath": "$.detail"}},
                    "Nightly": {"Type": "Schedule", "Properties": {"Schedule": "rate(1 day)"}}
                }}}}}),
            &[],
        )
        .unwrap();
        let (_, rule) = defs_rule(&d);
        // SAM names the rule resource FnOnOrder; CloudFormation generates the rule's name.
        let name = rule.name.as_deref().unwrap();
        assert!(name.starts_with("eventlens-FnOnOrder-"), "{name}");
        let t = &rule.targets.unwrap()[0];
        assert_eq!(t.id.as_deref(), Some("FnOnOrderLambdaTarget"));
        assert_eq!(
            t.arn.as_deref(),
            Some("arn:aws:lambda:us-east-1:123456789012:function:handler")
        );
        assert_eq!(t.input_path.as_deref(), Some("$.detail"));
        assert_eq!(d.notes.len(), 1);
    }
}
