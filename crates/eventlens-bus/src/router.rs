//! The bus: rules and endpoints of one account, and what a PutEvents call does with them.

use super::clock::{IdSource, Timestamp};
use super::endpoint::{Endpoint, EndpointSpec, Landing, Route};
use super::error::ConfigError;
use super::load::{self, Definitions};
use super::locate;
use super::put_events::{EntryError, PutEventsRequest, RequestError};
use super::report::{Arrival, Delivery, EntryReport, PutEventsOutcome, RuleSummary, RuleVerdict};
use super::rule::{Rule, RuleContext, RuleSpec};
use super::service;
use super::target::DeliveryContext;
use eventlens::json::Document;
use eventlens::{Event, Explanation, Limits};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where the rules live, and what CloudFormation parameters hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BusSettings {
    /// The account id written in events and ARNs.
    pub account: String,
    /// The Region PutEvents is called in, and of rules that name no other.
    pub region: String,
    /// `AWS::StackName` in CloudFormation templates.
    pub stack_name: String,
    /// Values of CloudFormation template parameters.
    pub parameters: BTreeMap<String, String>,
    /// Values of other stacks' exports, for `Fn::ImportValue`.
    pub imports: BTreeMap<String, String>,
}

impl Default for BusSettings {
    fn default() -> Self {
        BusSettings {
            account: "123456789012".to_string(),
            region: "us-east-1".to_string(),
            stack_name: "eventlens".to_string(),
            parameters: BTreeMap::new(),
            imports: BTreeMap::new(),
        }
    }
}

/// The inputs of one PutEvents call that make it repeatable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PutOptions {
    /// The ingestion time, and the `time` of entries that give none.
    pub now: Timestamp,
    /// Seeds the event ids: the same seed gives the same ids.
    #[serde(default)]
    pub seed: u64,
    /// Health checks (ARNs), endpoint names or endpoint ids whose primary Region is unhealthy.
    #[serde(default)]
    pub unhealthy: Vec<String>,
}

/// The rules and global endpoints of one account, across Regions and buses.
#[derive(Debug, Clone)]
pub struct Bus {
    settings: BusSettings,
    limits: Limits,
    rules: Vec<Rule>,
    endpoints: Vec<Endpoint>,
    notes: Vec<String>,
}

impl Bus {
    /// An account with no rules, and EventBridge's limits.
    pub fn new(settings: BusSettings) -> Self {
        Self::with_limits(settings, Limits::default())
    }

    /// An account with no rules whose patterns and events use `limits`.
    pub fn with_limits(settings: BusSettings, limits: Limits) -> Self {
        Bus {
            settings,
            limits,
            rules: Vec::new(),
            endpoints: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Reads rule definitions: a JSON list of rules, `{"Rules": [...], "Endpoints": [...]}`, or a
    /// CloudFormation/SAM template in JSON or YAML (see [`load`]).
    pub fn load(text: &str, settings: BusSettings) -> Result<Bus, ConfigError> {
        Self::load_with(text, settings, Limits::default())
    }

    /// [`load`](Self::load) with the given limits: refused at the first rule or endpoint
    /// EventBridge would refuse. An error says where in `text` it is (line and column) when its
    /// location is in the file.
    pub fn load_with(
        text: &str,
        settings: BusSettings,
        limits: Limits,
    ) -> Result<Bus, ConfigError> {
        let (bus, faults) = Self::load_each(text, settings, limits)?;
        match faults.into_iter().next() {
            Some(first) => Err(first),
            None => Ok(bus),
        }
    }

    /// Reads rule definitions as [`load_with`](Self::load_with) does, but keeps every rule and
    /// endpoint that passes the checks and returns the faults of the others (those that cannot be
    /// read first, then those EventBridge would refuse, each in file order), so
    /// that one bad rule does not hide how the rest route. Refused as a whole only when the file
    /// cannot be read, holds no rules, or (a template) cannot be resolved.
    pub fn load_each(
        text: &str,
        settings: BusSettings,
        limits: Limits,
    ) -> Result<(Bus, Vec<ConfigError>), ConfigError> {
        let (
            Definitions {
                rules,
                endpoints,
                notes,
            },
            mut faults,
        ) = load::definitions_each(text, &settings).map_err(|e| locate::place(e, text))?;
        let mut bus = Bus::with_limits(settings, limits);
        bus.notes = notes;
        for (location, spec) in &rules {
            faults.extend(bus.add_rule_at(spec, location).err());
        }
        for (location, spec) in &endpoints {
            faults.extend(bus.add_endpoint_at(spec, location).err());
        }
        let faults = faults.into_iter().map(|e| locate::place(e, text)).collect();
        Ok((bus, faults))
    }

    /// Checks and adds a rule.
    pub fn add_rule(&mut self, spec: &RuleSpec) -> Result<(), ConfigError> {
        let location = format!("rule {}", spec.name.as_deref().unwrap_or("(unnamed)"));
        self.add_rule_at(spec, &location)
    }

    fn add_rule_at(&mut self, spec: &RuleSpec, location: &str) -> Result<(), ConfigError> {
        let ctx = RuleContext {
            account: &self.settings.account,
            region: &self.settings.region,
            limits: &self.limits,
        };
        let Some(rule) = Rule::compile(spec, &ctx, location)? else {
            self.notes.push(format!(
                "{location}: rule {} has a schedule and no event pattern; scheduled rules are not modelled",
                spec.name.as_deref().unwrap_or_default()
            ));
            return Ok(());
        };
        if self
            .rules
            .iter()
            .any(|r| r.name == rule.name && r.bus == rule.bus && r.region == rule.region)
        {
            return Err(ConfigError::at(
                location,
                format!(
                    "Rule {} is defined twice on bus {} in {}",
                    rule.name, rule.bus, rule.region
                ),
            ));
        }
        self.rules.push(rule);
        Ok(())
    }

    /// Checks and adds a global endpoint.
    pub fn add_endpoint(&mut self, spec: &EndpointSpec) -> Result<(), ConfigError> {
        let location = format!("endpoint {}", spec.name.as_deref().unwrap_or("(unnamed)"));
        self.add_endpoint_at(spec, &location)
    }

    fn add_endpoint_at(&mut self, spec: &EndpointSpec, location: &str) -> Result<(), ConfigError> {
        let endpoint = Endpoint::compile(spec, &self.settings.account, location)?;
        if self
            .endpoints
            .iter()
            .any(|e| e.name == endpoint.name || e.id == endpoint.id)
        {
            return Err(ConfigError::at(
                location,
                format!("Endpoint {} is defined twice", endpoint.name),
            ));
        }
        self.endpoints.push(endpoint);
        Ok(())
    }

    /// The settings.
    pub fn settings(&self) -> &BusSettings {
        &self.settings
    }

    /// The rules, in definition order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The global endpoints.
    pub fn endpoints(&self) -> &[Endpoint] {
        &self.endpoints
    }

    /// The rules as a table: where each lives, its pattern and what its targets receive.
    pub fn summary(&self) -> Vec<RuleSummary> {
        self.rules.iter().map(RuleSummary::of).collect()
    }

    /// What loading left out or could not model (scheduled rules, SAM events of other types…).
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// Runs a PutEvents request body (see [`PutEventsRequest::parse`]).
    pub fn put_events(
        &self,
        request: &str,
        options: &PutOptions,
    ) -> Result<PutEventsOutcome, RequestError> {
        self.put(&PutEventsRequest::parse(request)?, options)
    }

    /// Runs a PutEvents request: the API's checks, then for each accepted entry its event on
    /// every bus it reaches, every rule of those buses and what each target receives.
    pub fn put(
        &self,
        request: &PutEventsRequest,
        options: &PutOptions,
    ) -> Result<PutEventsOutcome, RequestError> {
        let entries = request.validate(&self.limits)?;
        let endpoint = match &request.endpoint_id {
            None => None,
            Some(id) => Some(
                self.endpoints
                    .iter()
                    .find(|e| e.id == *id || e.name == *id)
                    .ok_or_else(|| {
                        RequestError::new(
                            "ResourceNotFoundException",
                            format!("Endpoint {id} does not exist."),
                        )
                    })?,
            ),
        };
        let mut ids = IdSource::seeded(options.seed);
        let reports = entries
            .iter()
            .enumerate()
            .map(|(index, entry)| {
                let failed = |error: EntryError| EntryReport {
                    index,
                    event_id: None,
                    error: Some(error),
                    bus: None,
                    arrivals: Vec::new(),
                };
                let accepted = match entry.accept(options.now, &self.limits) {
                    Ok(a) => a,
                    Err(e) => return failed(e),
                };
                let landings = match endpoint {
                    None => vec![Landing {
                        region: self.settings.region.clone(),
                        route: Route::Direct,
                        deferred: false,
                    }],
                    Some(ep) => {
                        if let Some(e) = endpoint_bus_error(ep, &accepted.bus, accepted.bus_by_arn)
                        {
                            return failed(e);
                        }
                        ep.route(&options.unhealthy)
                    }
                };
                let id = ids.next_id();
                let arrivals = landings
                    .into_iter()
                    .map(|landing| {
                        let (payload_region, extra) = match &landing.route {
                            Route::Replica { from, .. } => (
                                from.clone(),
                                endpoint.map(|e| vec![e.arn.clone()]).unwrap_or_default(),
                            ),
                            _ => (landing.region.clone(), Vec::new()),
                        };
                        let text = accepted.event_text(
                            &id,
                            &self.settings.account,
                            &payload_region,
                            &extra,
                        );
                        self.arrive(landing, &accepted.bus, text, options.now)
                    })
                    .collect();
                EntryReport {
                    index,
                    event_id: Some(id),
                    error: None,
                    bus: Some(accepted.bus),
                    arrivals,
                }
            })
            .collect();
        Ok(PutEventsOutcome::new(reports))
    }

    /// Puts events that AWS services or SaaS partners send themselves, whole (a JSON list or
    /// JSON Lines; see [`service`]): each is completed as the service would send it and arrives
    /// on its bus (`default`, or a partner source's partner event bus) in its Region. The
    /// outcome has one entry per event, as for PutEvents.
    pub fn put_service_events(
        &self,
        events: &str,
        options: &PutOptions,
    ) -> Result<PutEventsOutcome, RequestError> {
        let texts = service::split(events, self.limits.max_depth)?;
        let mut ids = IdSource::seeded(options.seed);
        let defaults = service::Defaults {
            account: &self.settings.account,
            region: &self.settings.region,
            now: options.now,
        };
        let reports = texts
            .iter()
            .enumerate()
            .map(|(index, text)| {
                match service::complete(text, &defaults, &mut ids, self.limits.max_depth) {
                    Err(error) => EntryReport {
                        index,
                        event_id: None,
                        error: Some(error),
                        bus: None,
                        arrivals: Vec::new(),
                    },
                    Ok(event) => {
                        let landing = Landing {
                            region: event.region,
                            route: Route::Direct,
                            deferred: false,
                        };
                        let arrival = self.arrive(landing, &event.bus, event.text, options.now);
                        EntryReport {
                            index,
                            event_id: Some(event.id),
                            error: None,
                            bus: Some(event.bus),
                            arrivals: vec![arrival],
                        }
                    }
                }
            })
            .collect();
        Ok(PutEventsOutcome::new(reports))
    }

    /// The event on one Region's bus: every rule of the bus, explained, and its deliveries.
    fn arrive(&self, landing: Landing, bus: &str, text: String, now: Timestamp) -> Arrival {
        let limits = Limits {
            max_event_bytes: usize::MAX,
            max_depth: self.limits.max_depth.saturating_add(1),
            ..self.limits.clone()
        };
        let event =
            Event::parse_with(&text, &limits).expect("events built from accepted entries parse");
        // Targets' inputs select from the event as a tree.
        let document = Document::parse(&text, limits.max_depth)
            .expect("events built from accepted entries parse");
        let ingestion_time = now.to_event_time();
        let rules = self
            .rules
            .iter()
            .filter(|r| r.bus == bus && r.region == landing.region)
            .map(|rule| {
                let explanation = rule.pattern.explain(&event);
                let matched = explanation.matched;
                let delivered = matched && rule.state.is_enabled();
                let reason = verdict_reason(rule, &explanation);
                let ctx = DeliveryContext {
                    event: &document,
                    event_text: &text,
                    rule_name: &rule.name,
                    rule_arn: &rule.arn,
                    ingestion_time: &ingestion_time,
                };
                let deliveries = if delivered {
                    rule.targets
                        .iter()
                        .map(|t| {
                            let (payload, note) = match t.payload(&ctx) {
                                Ok(p) => (Some(p), None),
                                Err(n) => (None, Some(n)),
                            };
                            Delivery {
                                target_id: t.id.clone(),
                                arn: t.arn.clone(),
                                input: t.kind(),
                                payload,
                                note,
                            }
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                RuleVerdict {
                    rule: rule.name.clone(),
                    arn: rule.arn.clone(),
                    state: rule.state,
                    matched,
                    delivered,
                    reason,
                    pattern: rule.pattern.source().to_string(),
                    explanation,
                    deliveries,
                }
            })
            .collect();
        Arrival {
            region: landing.region,
            bus: bus.to_string(),
            route: landing.route,
            deferred: landing.deferred,
            event: text,
            rules,
        }
    }
}

/// With a global endpoint, `EventBusName` must be the endpoint's bus, by name.
fn endpoint_bus_error(ep: &Endpoint, bus: &str, by_arn: bool) -> Option<EntryError> {
    // The bus may be named or given by ARN (PutEvents API reference: "The name or ARN of the
    // event bus"); either way it must be the endpoint's.
    if bus == ep.bus {
        return None;
    }
    let given = if by_arn { " (by its ARN)" } else { "" };
    let reason = format!(
        "endpoint {} routes to event bus {}, not {bus}{given}",
        ep.name, ep.bus
    );
    Some(EntryError::invalid("EventBusName", &reason))
}

/// Why a rule did or did not send the event on, in a sentence.
fn verdict_reason(rule: &Rule, x: &Explanation) -> String {
    let miss = || {
        x.combinations
            .get(x.best)
            .and_then(|c| {
                c.conditions
                    .iter()
                    .find(|c| !c.held)
                    .map(|c| c.reason.clone())
                    .or_else(|| c.note.clone())
            })
            .unwrap_or_else(|| "the pattern does not match".to_string())
    };
    match (rule.state.is_enabled(), x.matched) {
        (true, true) => "matched".to_string(),
        (true, false) => miss(),
        (false, true) => "the pattern matches, but the rule is DISABLED".to_string(),
        (false, false) => format!(
            "the rule is DISABLED, and its pattern does not match: {}",
            miss()
        ),
    }
}
