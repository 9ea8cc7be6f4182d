//! Rules on a bus: a pattern, a state and up to five targets, checked as PutRule and PutTargets
//! check them.

use super::error::{check_text, constraint, ConfigError, BUS_NAME, NAME};
use super::target::{Target, TargetSpec};
use eventlens::{Limits, Pattern};
use serde::{Deserialize, Serialize};

/// Most targets one rule may have.
pub const MAX_TARGETS: usize = 5;

/// A rule as PutRule (plus its PutTargets) or CloudFormation gives it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RuleSpec {
    /// The rule's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The pattern: JSON text, or (as CloudFormation writes it) a JSON object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_pattern: Option<serde_json::Value>,
    /// `ENABLED` (the default), `DISABLED` or `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// The bus, by name or ARN; `default` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_bus_name: Option<String>,
    /// A description (kept, not used).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A schedule; rules with only a schedule never match events and are left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule_expression: Option<String>,
    /// The targets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub targets: Option<Vec<TargetSpec>>,
    /// The rule's Region (an eventlens addition; else the bus ARN's Region, else the bus's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// Whether a rule acts on events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RuleState {
    /// Matches and delivers.
    Enabled,
    /// Neither matches nor delivers.
    Disabled,
    /// Enabled (and, on AWS, also receives CloudTrail management events).
    EnabledWithAllCloudtrailManagementEvents,
}

impl RuleState {
    /// Whether the rule acts on events.
    pub fn is_enabled(self) -> bool {
        self != RuleState::Disabled
    }
}

/// A checked rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Its name.
    pub name: String,
    /// The name of its bus.
    pub bus: String,
    /// Its Region.
    pub region: String,
    /// Its ARN.
    pub arn: String,
    /// Its state.
    pub state: RuleState,
    /// Its compiled pattern (the pattern text is [`Pattern::source`]).
    pub pattern: Pattern,
    /// Its targets, in order.
    pub targets: Vec<Target>,
}

/// The account and Region a rule is defined in, and the engine's limits.
#[derive(Debug, Clone)]
pub struct RuleContext<'a> {
    /// The account id.
    pub account: &'a str,
    /// The Region, unless the rule or its bus ARN names another.
    pub region: &'a str,
    /// Pattern and event limits.
    pub limits: &'a Limits,
}

/// The name part of a bus name or ARN, and the ARN's Region.
pub fn bus_name(name_or_arn: &str) -> (&str, Option<&str>) {
    match name_or_arn.split_once(":event-bus/") {
        Some((prefix, name)) if name_or_arn.starts_with("arn:") => {
            (name, prefix.split(':').nth(3).filter(|r| !r.is_empty()))
        }
        _ => (name_or_arn, None),
    }
}

/// The ARN of rule `name` on `bus`.
pub fn rule_arn(region: &str, account: &str, bus: &str, name: &str) -> String {
    if bus == "default" {
        format!("arn:aws:events:{region}:{account}:rule/{name}")
    } else {
        format!("arn:aws:events:{region}:{account}:rule/{bus}/{name}")
    }
}

/// The text of a pattern given as a JSON object: pretty-printed for reading, unless its compact
/// form (which CloudFormation sends, and the size limit applies to) is over `max_chars`, when
/// the compact form is compiled so that the refusal counts what AWS counts.
fn pattern_text(value: &serde_json::Value, max_chars: usize) -> String {
    let compact = value.to_string();
    if eventlens::pattern_length(&compact) > max_chars {
        return compact;
    }
    serde_json::to_string_pretty(value).unwrap_or(compact)
}

impl Rule {
    /// Checks `spec`; `location` names it in errors. `Ok(None)` for a rule with a schedule and no
    /// pattern, which never matches an event.
    pub fn compile(
        spec: &RuleSpec,
        ctx: &RuleContext,
        location: &str,
    ) -> Result<Option<Rule>, ConfigError> {
        let name = spec.name.clone().unwrap_or_default();
        check_text(&name, "name", 64, Some(&NAME))
            .map_err(|m| ConfigError::at(format!("{location}.Name"), m))?;
        let state = match spec.state.as_deref() {
            None | Some("ENABLED") => RuleState::Enabled,
            Some("DISABLED") => RuleState::Disabled,
            Some("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS") => {
                RuleState::EnabledWithAllCloudtrailManagementEvents
            }
            Some(other) => {
                return Err(ConfigError::at(
                    format!("{location}.State"),
                    constraint(
                        &format!("'{other}'"),
                        "state",
                        "Member must satisfy enum value set: [ENABLED, DISABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS]",
                    ),
                ))
            }
        };
        let (bus, arn_region) = bus_name(spec.event_bus_name.as_deref().unwrap_or("default"));
        check_text(bus, "eventBusName", 256, Some(&BUS_NAME))
            .map_err(|m| ConfigError::at(format!("{location}.EventBusName"), m))?;
        let region = spec
            .region
            .as_deref()
            .or(arn_region)
            .unwrap_or(ctx.region)
            .to_string();
        let pattern_text = match &spec.event_pattern {
            None if spec.schedule_expression.is_some() => return Ok(None),
            None => {
                return Err(ConfigError::at(
                    location,
                    format!("Rule {name} has no EventPattern (and no ScheduleExpression)"),
                ))
            }
            Some(serde_json::Value::String(text)) => text.clone(),
            Some(value) => pattern_text(value, ctx.limits.max_pattern_chars),
        };
        // An object is measured as CloudFormation sends it (compact), shown pretty-printed.
        let fits_compact = match &spec.event_pattern {
            Some(serde_json::Value::String(_)) | None => false,
            Some(value) => {
                eventlens::pattern_length(&value.to_string()) <= ctx.limits.max_pattern_chars
            }
        };
        let roomy = Limits {
            max_pattern_chars: eventlens::pattern_length(&pattern_text),
            ..*ctx.limits
        };
        let limits = if fits_compact { &roomy } else { ctx.limits };
        let pattern = Pattern::compile_with(&pattern_text, limits).map_err(|e| {
            let mut err = ConfigError::at(format!("{location}.EventPattern"), e.message.clone())
                .with_span(e.span, &pattern_text);
            err.pattern_error = Some(Box::new(e));
            err
        })?;
        let specs = spec.targets.clone().unwrap_or_default();
        if specs.len() > MAX_TARGETS {
            return Err(ConfigError::at(
                format!("{location}.Targets"),
                format!(
                    "Rule {name} has {} targets; EventBridge allows at most {MAX_TARGETS} per rule",
                    specs.len()
                ),
            ));
        }
        let mut targets: Vec<Target> = Vec::with_capacity(specs.len());
        for (i, t) in specs.iter().enumerate() {
            let at = format!("{location}.Targets[{i}]");
            let target = Target::compile(t, i, &at)?;
            if targets.iter().any(|x| x.id == target.id) {
                return Err(ConfigError::at(
                    format!("{at}.Id"),
                    format!("Rule {name} has two targets with the id {}", target.id),
                ));
            }
            targets.push(target);
        }
        Ok(Some(Rule {
            arn: rule_arn(&region, ctx.account, bus, &name),
            name,
            bus: bus.to_string(),
            region,
            state,
            pattern,
            targets,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn compile(spec: serde_json::Value) -> Result<Option<Rule>, ConfigError> {
        let spec: RuleSpec = serde_json::from_value(spec).unwrap();
        let limits = Limits::default();
        let ctx = RuleContext {
            account: "123456789012",
            region: "us-east-1",
            limits: &limits,
        };
        Rule::compile(&spec, &ctx, "[0]")
    }

    #[test]
    fn arns_regions_and_states() {
        let r = compile(json!({"Name": "r1", "EventPattern": {"source": ["a"]}}))
            .unwrap()
            .unwrap();
        assert_eq!(r.arn, "arn:aws:events:us-east-1:123456789012:rule/r1");
        assert_eq!(r.state, RuleState::Enabled);
        let r = compile(
            json!({"Name": "r2", "State": "DISABLED", "EventPattern": "{\"source\": [\"a\"]}",
            "EventBusName": "arn:aws:events:eu-west-1:123456789012:event-bus/orders"}),
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            r.arn,
            "arn:aws:events:eu-west-1:123456789012:rule/orders/r2"
        );
        assert_eq!((r.bus.as_str(), r.region.as_str()), ("orders", "eu-west-1"));
        assert!(!r.state.is_enabled());
        assert!(
            compile(json!({"Name": "s", "ScheduleExpression": "rate(1 hour)"}))
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn refusals_name_where() {
        let e = compile(json!({"Name": "r", "EventPattern": {"source": []}})).unwrap_err();
        assert_eq!(e.location, "[0].EventPattern");
        assert!(
            e.message.starts_with("Event pattern is not valid."),
            "{}",
            e.message
        );
        assert!(e.pattern_error.is_some());
        let e =
            compile(json!({"Name": "r", "State": "ON", "EventPattern": {"a": ["b"]}})).unwrap_err();
        assert!(e.message.contains("enum value set"), "{}", e.message);
        let targets: Vec<_> = (0..6)
            .map(|i| json!({"Id": format!("t{i}"), "Arn": "a"}))
            .collect();
        let e = compile(json!({"Name": "r", "EventPattern": {"a": ["b"]}, "Targets": targets}))
            .unwrap_err();
        assert_eq!(e.location, "[0].Targets");
        let e = compile(json!({"Name": "r", "EventPattern": {"a": ["b"]},
            "Targets": [{"Id": "t", "Arn": "a"}, {"Id": "t", "Arn": "b"}]}))
        .unwrap_err();
        assert_eq!(e.location, "[0].Targets[1].Id");
        assert!(compile(json!({"EventPattern": {"a": ["b"]}})).is_err());
    }

    /// A pattern object is measured compact, as CloudFormation sends it: 1,560 characters
    /// compact (over 2,048 pretty-printed) load; 2,049 compact are refused, counted compact.
    #[test]
    fn pattern_objects_are_measured_compact() {
        let values: Vec<String> = (0..100).map(|i| format!("value-{i:06}")).collect();
        let pattern = json!({"detail": {"status": values}});
        let compact = pattern.to_string().chars().count();
        let pretty = serde_json::to_string_pretty(&pattern)
            .unwrap()
            .chars()
            .count();
        assert!(compact < 2048 && pretty > 2048, "{compact} {pretty}");
        assert!(compile(json!({"Name": "r", "EventPattern": pattern})).is_ok());
        let values: Vec<String> = (0..136).map(|i| format!("value-{i:06}")).collect();
        let pattern = json!({"detail": {"status": values}});
        let compact = pattern.to_string().chars().count();
        assert!(compact > 2048, "{compact}");
        let e = compile(json!({"Name": "r", "EventPattern": pattern})).map(|_| ());
        let message = e.unwrap_err().message;
        assert!(message.contains(&compact.to_string()), "{message}");
    }
}
