//! Rule targets: what each one receives, checked as PutTargets checks it (AWS's messages where
//! the API has them), and the exact payload for a matched event.

use super::compact::{compact, push_string, unique_members};
use super::error::{check_text, constraint, ConfigError, NAME, VARIABLE};
use super::jsonpath::{JsonPath, Selection};
use super::template::{self, InputTemplate, VarValue};
use eventlens::json::{Document, NodeKind};
use serde::{Deserialize, Serialize};

/// Longest `Input` and `InputTemplate`, in characters.
pub const MAX_INPUT_CHARS: usize = 8192;
/// Longest `InputPath` and `InputPathsMap` value, in characters.
pub const MAX_PATH_CHARS: usize = 256;
/// Most `InputPathsMap` variables.
pub const MAX_VARIABLES: usize = 100;

/// A target as PutTargets or CloudFormation gives it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetSpec {
    /// The target's id, unique within its rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The target's ARN (shown, not called).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// Constant JSON text sent instead of the event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    /// The part of the event to send.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_path: Option<String>,
    /// Variables taken from the event and a template to put them in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_transformer: Option<InputTransformerSpec>,
}

/// An `InputTransformer` as given.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InputTransformerSpec {
    /// Variable name to JSON path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_paths_map: Option<serde_json::Map<String, serde_json::Value>>,
    /// The template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_template: Option<String>,
}

/// What a target receives.
#[derive(Debug, Clone, PartialEq)]
pub enum TargetInput {
    /// The matched event, whole.
    Event,
    /// Constant JSON text.
    Constant(String),
    /// The part of the event a path selects.
    Path(JsonPath),
    /// A template filled with variables.
    Transformer {
        /// Variables and their paths, in definition order.
        variables: Vec<(String, JsonPath)>,
        /// The template.
        template: InputTemplate,
    },
}

/// A checked target.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// The id.
    pub id: String,
    /// The ARN.
    pub arn: String,
    /// What it receives.
    pub input: TargetInput,
}

/// Which kind of input a target takes, for reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputKind {
    /// The whole event.
    Event,
    /// `Input`.
    Input,
    /// `InputPath`.
    InputPath,
    /// `InputTransformer`.
    InputTransformer,
}

/// The matched event and the rule, as a target's input is computed from them.
pub struct DeliveryContext<'a> {
    /// The event's parsed text.
    pub event: &'a Document,
    /// The event text (compact).
    pub event_text: &'a str,
    /// The rule's name.
    pub rule_name: &'a str,
    /// The rule's ARN.
    pub rule_arn: &'a str,
    /// When EventBridge received the event.
    pub ingestion_time: &'a str,
}

impl Target {
    /// Checks `spec`, the `index`-th (0-based) target of a rule; `location` names it in errors.
    pub fn compile(spec: &TargetSpec, index: usize, location: &str) -> Result<Target, ConfigError> {
        let member = |m: &str| format!("targets.{}.member.{m}", index + 1);
        let err =
            |field: &str, message: String| ConfigError::at(format!("{location}.{field}"), message);
        let id = spec.id.clone().unwrap_or_default();
        check_text(&id, &member("id"), 64, Some(&NAME)).map_err(|m| err("Id", m))?;
        let arn = spec.arn.clone().unwrap_or_default();
        check_text(&arn, &member("arn"), 1600, None).map_err(|m| err("Arn", m))?;
        let given = [
            spec.input.is_some(),
            spec.input_path.is_some(),
            spec.input_transformer.is_some(),
        ];
        if given.iter().filter(|&&g| g).count() > 1 {
            return Err(ConfigError::at(
                location,
                format!("Only one of Input, InputPath, or InputTransformer must be provided for target {id}."),
            ));
        }
        let input = if let Some(text) = &spec.input {
            check_text(text, &member("input"), MAX_INPUT_CHARS, None)
                .map_err(|m| err("Input", m))?;
            Document::parse(text, eventlens::Limits::default().max_depth).map_err(|e| {
                err(
                    "Input",
                    format!("Input for target {id} is not a valid JSON text."),
                )
                .with_span(e.span, text)
            })?;
            TargetInput::Constant(text.clone())
        } else if let Some(path) = &spec.input_path {
            TargetInput::Path(compile_path(
                path,
                &member("inputPath"),
                &format!("{location}.InputPath"),
            )?)
        } else if let Some(t) = &spec.input_transformer {
            compile_transformer(
                t,
                &id,
                &member("inputTransformer"),
                &format!("{location}.InputTransformer"),
            )?
        } else {
            TargetInput::Event
        };
        Ok(Target { id, arn, input })
    }

    /// Which kind of input the target takes.
    pub fn kind(&self) -> InputKind {
        match self.input {
            TargetInput::Event => InputKind::Event,
            TargetInput::Constant(_) => InputKind::Input,
            TargetInput::Path(_) => InputKind::InputPath,
            TargetInput::Transformer { .. } => InputKind::InputTransformer,
        }
    }

    /// The exact text the target receives, or why it receives nothing.
    pub fn payload(&self, ctx: &DeliveryContext) -> Result<String, String> {
        match &self.input {
            TargetInput::Event => Ok(ctx.event_text.to_string()),
            TargetInput::Constant(text) => Ok(text.clone()),
            TargetInput::Path(path) => match path.select(ctx.event) {
                Selection::Missing => Err(format!(
                    "InputPath `{}` selects nothing in this event, so there is nothing to send",
                    path.text()
                )),
                selection => Ok(json_of(ctx, &selection)),
            },
            TargetInput::Transformer {
                variables,
                template,
            } => Ok(template.render(|name| variable(ctx, variables, name))),
        }
    }
}

fn compile_path(path: &str, member: &str, location: &str) -> Result<JsonPath, ConfigError> {
    check_text(path, member, MAX_PATH_CHARS, None).map_err(|m| ConfigError::at(location, m))?;
    JsonPath::parse(path).map_err(|e| {
        ConfigError::at(location, e.to_string())
            .with_span(eventlens::Span::new(e.offset, e.offset + 1), path)
    })
}

fn compile_transformer(
    spec: &InputTransformerSpec,
    id: &str,
    member: &str,
    location: &str,
) -> Result<TargetInput, ConfigError> {
    let map = spec.input_paths_map.clone().unwrap_or_default();
    if map.len() > MAX_VARIABLES {
        let shown: Vec<String> = map
            .iter()
            .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
            .collect();
        return Err(ConfigError::at(
            format!("{location}.InputPathsMap"),
            constraint(
                &format!("'{{{}}}'", shown.join(", ")),
                &format!("{member}.inputPathsMap"),
                &format!("Member must have length less than or equal to {MAX_VARIABLES}"),
            ),
        ));
    }
    let mut variables = Vec::with_capacity(map.len());
    for (name, path) in &map {
        let at = format!("{location}.InputPathsMap.{name}");
        check_text(
            name,
            &format!("{member}.inputPathsMap"),
            256,
            Some(&VARIABLE),
        )
        .map_err(|m| ConfigError::at(&at, m))?;
        let Some(path) = path.as_str() else {
            return Err(ConfigError::at(
                at,
                format!("The path of variable {name} must be a string"),
            ));
        };
        variables.push((
            name.clone(),
            compile_path(path, &format!("{member}.inputPathsMap"), &at)?,
        ));
    }
    let text = spec.input_template.clone().unwrap_or_default();
    let at = format!("{location}.InputTemplate");
    check_text(
        &text,
        &format!("{member}.inputTemplate"),
        MAX_INPUT_CHARS,
        None,
    )
    .map_err(|m| ConfigError::at(&at, m))?;
    let template = InputTemplate::parse(&text, id, |n| map.contains_key(n))
        .map_err(|e| ConfigError::at(&at, e.message).with_span(e.span, &text))?;
    Ok(TargetInput::Transformer {
        variables,
        template,
    })
}

/// The compact JSON of a selection (a list for wildcard paths).
fn json_of(ctx: &DeliveryContext, selection: &Selection) -> String {
    match selection {
        Selection::Missing => String::new(),
        Selection::One(id) => compact(ctx.event, ctx.event_text, *id),
        Selection::Many(ids) => {
            let items: Vec<String> = ids
                .iter()
                .map(|&id| compact(ctx.event, ctx.event_text, id))
                .collect();
            format!("[{}]", items.join(","))
        }
    }
}

fn variable(ctx: &DeliveryContext, variables: &[(String, JsonPath)], name: &str) -> VarValue {
    match name {
        template::RULE_ARN => return VarValue::Str(ctx.rule_arn.to_string()),
        template::RULE_NAME => return VarValue::Str(ctx.rule_name.to_string()),
        template::INGESTION_TIME => return VarValue::Str(ctx.ingestion_time.to_string()),
        template::EVENT => return VarValue::Json(event_without_detail(ctx)),
        template::EVENT_JSON => return VarValue::Json(ctx.event_text.to_string()),
        _ => {}
    }
    let Some((_, path)) = variables.iter().find(|(n, _)| n == name) else {
        return VarValue::Missing;
    };
    match path.select(ctx.event) {
        Selection::Missing => VarValue::Missing,
        Selection::One(id) => match &ctx.event.node(id).kind {
            NodeKind::String(s) => VarValue::Str(s.clone()),
            _ => VarValue::Json(compact(ctx.event, ctx.event_text, id)),
        },
        many => VarValue::Json(json_of(ctx, &many)),
    }
}

/// `aws.events.event`: the envelope without `detail`, as EventBridge's internal model writes it
/// (recorded from the service): `id`, `account`, `detailType`, `time`, `source`, `region`,
/// `resources`, `version`.
fn event_without_detail(ctx: &DeliveryContext) -> String {
    let members = unique_members(ctx.event, ctx.event.root());
    let mut out = String::from("{");
    let order = [
        ("id", "id"),
        ("account", "account"),
        ("detail-type", "detailType"),
        ("time", "time"),
        ("source", "source"),
        ("region", "region"),
        ("resources", "resources"),
        ("version", "version"),
    ];
    let mut first = true;
    for (field, shown) in order {
        if let Some((_, value)) = members.iter().find(|(k, _)| *k == field) {
            if !first {
                out.push(',');
            }
            first = false;
            push_string(shown, &mut out);
            out.push(':');
            out.push_str(&compact(ctx.event, ctx.event_text, *value));
        }
    }
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVENT: &str = r#"{"version":"0","id":"7bf73129-1428-4cd3-a780-95db273d1602","detail-type":"EC2 Instance State-change Notification","source":"aws.ec2","account":"123456789012","time":"2015-11-11T21:29:54Z","region":"us-east-1","resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"],"detail":{"instance-id":"i-0123456789","state":"RUNNING","n":[1,2.50]}}"#;

    fn deliver(spec: serde_json::Value) -> Result<String, String> {
        let spec: TargetSpec = serde_json::from_value(spec).unwrap();
        let target = Target::compile(&spec, 0, "Targets[0]").map_err(|e| e.message)?;
        let doc = Document::parse(EVENT, 2000).unwrap();
        target.payload(&DeliveryContext {
            event: &doc,
            event_text: EVENT,
            rule_name: "example",
            rule_arn: "arn:aws:events:us-east-1:123456789012:rule/example",
            ingestion_time: "2015-11-11T21:29:55Z",
        })
    }

    #[test]
    fn whole_event_constant_and_path() {
        use serde_json::json;
        assert_eq!(deliver(json!({"Id": "t", "Arn": "a"})).unwrap(), EVENT);
        assert_eq!(
            deliver(json!({"Id": "t", "Arn": "a", "Input": "{ \"k\": 1 }"})).unwrap(),
            "{ \"k\": 1 }"
        );
        assert_eq!(
            deliver(json!({"Id": "t", "Arn": "a", "InputPath": "$.detail.state"})).unwrap(),
            "\"RUNNING\""
        );
        assert_eq!(
            deliver(json!({"Id": "t", "Arn": "a", "InputPath": "$.detail.n"})).unwrap(),
            "[1,2.50]"
        );
        assert!(deliver(json!({"Id": "t", "Arn": "a", "InputPath": "$.detail.gone"})).is_err());
    }

    #[test]
    fn predefined_variables() {
        let out = deliver(serde_json::json!({"Id": "t", "Arn": "a", "InputTransformer": {
            "InputPathsMap": {},
            "InputTemplate": "{\"arn\": <aws.events.rule-arn>, \"at\": \"<aws.events.event.ingestion-time>\", \"e\": <aws.events.event>}"
        }})).unwrap();
        assert_eq!(
            out,
            r#"{"arn":"arn:aws:events:us-east-1:123456789012:rule/example","at":"2015-11-11T21:29:55Z","e":{"id":"7bf73129-1428-4cd3-a780-95db273d1602","account":"123456789012","detailType":"EC2 Instance State-change Notification","time":"2015-11-11T21:29:54Z","source":"aws.ec2","region":"us-east-1","resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"],"version":"0"}}"#
        );
    }

    #[test]
    fn put_targets_refusals() {
        use serde_json::json;
        let e =
            deliver(json!({"Id": "t", "Arn": "a", "Input": "{}", "InputPath": "$"})).unwrap_err();
        assert_eq!(
            e,
            "Only one of Input, InputPath, or InputTransformer must be provided for target t."
        );
        let e = deliver(json!({"Id": "bad id", "Arn": "a"})).unwrap_err();
        assert!(e.contains("at 'targets.1.member.id'"), "{e}");
        let e = deliver(json!({"Id": "t", "Arn": "a", "Input": "{nope"})).unwrap_err();
        assert_eq!(e, "Input for target t is not a valid JSON text.");
        let e = deliver(json!({"Id": "t", "Arn": "a", "InputTransformer": {"InputPathsMap": {"a.b": "$"}, "InputTemplate": "x"}})).unwrap_err();
        assert!(e.contains("regular expression pattern"), "{e}");
        let e = deliver(
            json!({"Id": "t", "Arn": "a", "InputTransformer": {"InputPathsMap": {"x": "$.a"}}}),
        )
        .unwrap_err();
        assert!(e.contains("inputTemplate"), "{e}");
    }
}
