//! CloudFormation and SAM templates: `AWS::Events::Rule` and `AWS::Events::Endpoint` resources,
//! and the `EventBridgeRule`/`CloudWatchEvent` events of SAM functions and state machines, with
//! the intrinsic functions they use resolved.
//!
//! Resolved: `Ref` (parameters, with given values or their `Default`; pseudo parameters;
//! resources), `Fn::GetAtt`, `Fn::Sub`, `Fn::Join`, `Fn::Select`, `Fn::Split`, `Fn::FindInMap`,
//! `Fn::ToJsonString`. Template resources are not created, so a `Ref` or `Fn::GetAtt` to one gives a
//! stand-in built from its type and name (`arn:aws:sqs:us-east-1:123456789012:OrdersQueue`).
//! Conditions are not evaluated.

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
        let is_rule_source = matches!(
            kind,
            "AWS::Events::Rule"
                | "AWS::Events::Endpoint"
                | "AWS::Serverless::Function"
                | "AWS::Serverless::StateMachine"
        );
        if is_rule_source {
            if let Some(condition) = resource.get("Condition").and_then(Value::as_str) {
                defs.notes.push(format!(
                    "{at}: condition {condition} is not evaluated; the resource is loaded as if it held"
                ));
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

struct Resolver<'a> {
    settings: &'a BusSettings,
    parameters: &'a Map<String, Value>,
    mappings: &'a Map<String, Value>,
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
            if let Some(v) = props.get(key) {
                if let Some(v) = self.resolve(v, &format!("{at}.{key}"), 0)? {
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
                    if let Some(v) = t.get(key) {
                        if let Some(v) = self.resolve(v, &format!("{t_at}.{key}"), 0)? {
                            target.insert(key.to_string(), v);
                        }
                    }
                }
                if let Some(arn) = t.get("Arn") {
                    // The ARN is only shown: an expression eventlens cannot resolve is kept as text.
                    let resolved = match self.resolve(arn, &format!("{t_at}.Arn"), 0) {
                        Ok(Some(v)) => v,
                        Ok(None) => Value::Null,
                        Err(e) => {
                            notes.push(format!("{t_at}.Arn: {}; shown as written", e.message));
                            Value::String(arn.to_string())
                        }
                    };
                    target.insert("Arn".to_string(), resolved);
                }
                targets.push(Value::Object(target));
            }
            resolved.insert("Targets".to_string(), Value::Array(targets));
        }
        let mut spec: RuleSpec = serde_json::from_value(Value::Object(resolved))
            .map_err(|e| ConfigError::at(at, e.to_string()))?;
        spec.name.get_or_insert_with(|| logical.to_string());
        Ok(spec)
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
        .unwrap_or_else(|| format!("{logical}{event_name}{suffix}"));
        let transformer = get("InputTransformer")?
            .map(serde_json::from_value)
            .transpose()
            .map_err(|e| ConfigError::at(format!("{p_at}.InputTransformer"), e.to_string()))?;
        Ok(RuleSpec {
            name: Some(
                text(get("RuleName")?, "RuleName")?
                    .unwrap_or_else(|| format!("{logical}{event_name}")),
            ),
            event_pattern: get("Pattern")?,
            state: text(get("State")?, "State")?,
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
                Ok(Some(Value::String(self.get_att(&resource, &attribute, &at)?)))
            }
            "Fn::Sub" => {
                let (text, vars) = match arg {
                    Value::String(s) => (s.clone(), Map::new()),
                    Value::Array(parts) if parts.len() == 2 => {
                        let text = self.resolved_text(&parts[0], "The Fn::Sub string", &at, depth)?;
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
                            ConfigError::at(&at, format!("Fn::Select index {i} is past the end of a list of {}", items.len()))
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
                    [Value::String(delim), Value::String(s)] if !delim.is_empty() => Ok(Some(Value::Array(
                        s.split(delim.as_str()).map(|p| Value::String(p.to_string())).collect(),
                    ))),
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
                    .ok_or_else(|| ConfigError::at(&at, format!("Mappings has no {map}.{top}.{second}")))
            }
            "Fn::ToJsonString" => {
                let v = self.resolve(arg, &at, depth)?.unwrap_or(Value::Null);
                Ok(Some(Value::String(v.to_string())))
            }
            other => Err(ConfigError::at(
                &at,
                format!("{other} is not supported by eventlens (conditions and imports are not evaluated)"),
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
        let key = match kind {
            "AWS::SNS::Topic" => "TopicName",
            "AWS::SQS::Queue" => "QueueName",
            "AWS::Lambda::Function" | "AWS::Serverless::Function" => "FunctionName",
            "AWS::Logs::LogGroup" => "LogGroupName",
            "AWS::StepFunctions::StateMachine" => "StateMachineName",
            "AWS::KinesisFirehose::DeliveryStream" => "DeliveryStreamName",
            _ => "Name",
        };
        let name = resource
            .and_then(|r| r.get("Properties"))
            .and_then(|p| p.get(key))
            .and_then(|v| self.resolve(v, logical, depth + 1).ok().flatten())
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_else(|| logical.to_string());
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
            .contains("Fn::If is not supported"));
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
        assert_eq!(rule.name.as_deref(), Some("FnOnOrder"));
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
