//! What a PutEvents call did: the API's response, and for each entry where its event landed,
//! which rules matched (with the engine's explanations), which did not and why, and what each
//! target received.

use super::endpoint::Route;
use super::put_events::EntryError;
use super::rule::{Rule, RuleState};
use super::target::{InputKind, TargetInput};
use eventlens::Explanation;
use serde::Serialize;

/// Everything a PutEvents call did.
#[derive(Debug, Clone, Serialize)]
pub struct PutEventsOutcome {
    /// The response the API returns.
    pub response: PutEventsResponse,
    /// One report per entry, in request order.
    pub entries: Vec<EntryReport>,
}

/// The PutEvents response, field for field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutEventsResponse {
    /// How many entries failed.
    pub failed_entry_count: usize,
    /// One result per entry, in request order.
    pub entries: Vec<ResultEntry>,
}

/// One entry's result: an event id, or an error code and message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResultEntry {
    /// The event id, for an accepted entry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
    /// Why it failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// Why it failed, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
}

/// What became of one entry.
#[derive(Debug, Clone, Serialize)]
pub struct EntryReport {
    /// 0-based position in the request.
    pub index: usize,
    /// The event id, for an accepted entry.
    pub event_id: Option<String>,
    /// Why the entry failed.
    pub error: Option<EntryError>,
    /// The bus the entry was sent to, for an accepted entry.
    pub bus: Option<String>,
    /// Each Region's bus the event reached (several with a replicating endpoint).
    pub arrivals: Vec<Arrival>,
}

/// The event on one Region's bus.
#[derive(Debug, Clone, Serialize)]
pub struct Arrival {
    /// The Region.
    pub region: String,
    /// The bus name.
    pub bus: String,
    /// How the event got there.
    pub route: Route,
    /// Held until the Region is available again (a replica sent to an unhealthy primary).
    pub deferred: bool,
    /// The event as it is on this bus (compact JSON).
    pub event: String,
    /// Every rule of this bus, in definition order.
    pub rules: Vec<RuleVerdict>,
}

/// How one rule treated the event.
#[derive(Debug, Clone, Serialize)]
pub struct RuleVerdict {
    /// The rule's name.
    pub rule: String,
    /// The rule's ARN.
    pub arn: String,
    /// The rule's state.
    pub state: RuleState,
    /// Whether the pattern matches the event.
    pub matched: bool,
    /// Whether the rule sent the event on (it matched and is enabled).
    pub delivered: bool,
    /// Why, in a sentence.
    pub reason: String,
    /// The pattern text (the explanation's spans point into it).
    pub pattern: String,
    /// The engine's explanation of the match.
    pub explanation: Explanation,
    /// What each target received, when the rule delivered.
    pub deliveries: Vec<Delivery>,
}

/// What one target received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Delivery {
    /// The target id.
    pub target_id: String,
    /// The target ARN.
    pub arn: String,
    /// Which kind of input the target takes.
    pub input: InputKind,
    /// The exact text sent, when something was sent.
    pub payload: Option<String>,
    /// Why nothing was sent.
    pub note: Option<String>,
}

impl PutEventsOutcome {
    /// The outcome of a request whose entries are `entries`, with the response they make.
    pub fn new(entries: Vec<EntryReport>) -> Self {
        let results: Vec<ResultEntry> = entries
            .iter()
            .map(|e| ResultEntry {
                event_id: e.event_id.clone(),
                error_code: e.error.as_ref().map(|x| x.code.clone()),
                error_message: e.error.as_ref().map(|x| x.message.clone()),
            })
            .collect();
        PutEventsOutcome {
            response: PutEventsResponse {
                failed_entry_count: entries.iter().filter(|e| e.error.is_some()).count(),
                entries: results,
            },
            entries,
        }
    }
}

/// One rule, for a routing table.
#[derive(Debug, Clone, Serialize)]
pub struct RuleSummary {
    /// The name.
    pub name: String,
    /// The bus name.
    pub bus: String,
    /// The Region.
    pub region: String,
    /// The ARN.
    pub arn: String,
    /// The state.
    pub state: RuleState,
    /// The pattern text.
    pub pattern: String,
    /// The targets, in order.
    pub targets: Vec<TargetSummary>,
}

/// One target, for a routing table.
#[derive(Debug, Clone, Serialize)]
pub struct TargetSummary {
    /// The id.
    pub id: String,
    /// The ARN.
    pub arn: String,
    /// Which kind of input it takes.
    pub input: InputKind,
    /// The `Input` text, the `InputPath`, or the `InputTemplate`.
    pub text: Option<String>,
    /// An input transformer's variables and their paths.
    pub variables: Vec<(String, String)>,
}

impl RuleSummary {
    /// The summary of `rule`.
    pub fn of(rule: &Rule) -> Self {
        RuleSummary {
            name: rule.name.clone(),
            bus: rule.bus.clone(),
            region: rule.region.clone(),
            arn: rule.arn.clone(),
            state: rule.state,
            pattern: rule.pattern.source().to_string(),
            targets: rule
                .targets
                .iter()
                .map(|t| {
                    let (text, variables) = match &t.input {
                        TargetInput::Event => (None, Vec::new()),
                        TargetInput::Constant(c) => (Some(c.clone()), Vec::new()),
                        TargetInput::Path(p) => (Some(p.text().to_string()), Vec::new()),
                        TargetInput::Transformer {
                            variables,
                            template,
                        } => (
                            Some(template.text().to_string()),
                            variables
                                .iter()
                                .map(|(n, p)| (n.clone(), p.text().to_string()))
                                .collect(),
                        ),
                    };
                    TargetSummary {
                        id: t.id.clone(),
                        arn: t.arn.clone(),
                        input: t.kind(),
                        text,
                        variables,
                    }
                })
                .collect(),
        }
    }
}
