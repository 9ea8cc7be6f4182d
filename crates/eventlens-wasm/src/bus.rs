//! The event bus exports: rules loaded once, then PutEvents requests run against them.
//! Refusals are thrown as [`Failure`] objects, like the pattern exports' ones.

use crate::bindings::{throw, to_js, utf8};
use crate::bus_report::OutcomeParts;
use crate::failure::Failure;
use eventlens_bus::{Bus, BusSettings, ConfigError, EndpointSpec, PutOptions, Timestamp};
use wasm_bindgen::prelude::*;

/// The rules and global endpoints of one account.
#[wasm_bindgen]
pub struct EventBus {
    bus: Bus,
}

#[wasm_bindgen]
impl EventBus {
    /// Loads `rules` (a rule list, `{"Rules": [...], "Endpoints": [...]}`, or a
    /// CloudFormation/SAM template in JSON or YAML) with `settings`, the JSON text of the
    /// engine's `BusSettings`, then adds `endpoints`, the JSON text of a list of endpoints as
    /// CreateEndpoint takes them.
    #[wasm_bindgen(constructor)]
    pub fn new(rules: &str, settings: &str, endpoints: &str) -> Result<EventBus, JsValue> {
        Self::load(rules, settings, endpoints).map_err(throw)
    }

    fn load(rules: &str, settings: &str, endpoints: &str) -> Result<EventBus, Failure> {
        let settings: BusSettings =
            serde_json::from_str(settings).map_err(|e| Failure::option("settings", e))?;
        let mut bus = Bus::load(rules, settings).map_err(Failure::config)?;
        let specs: Vec<serde_json::Value> =
            serde_json::from_str(endpoints).map_err(|e| Failure::option("endpoints", e))?;
        for (i, spec) in specs.into_iter().enumerate() {
            let spec: EndpointSpec = serde_json::from_value(spec).map_err(|e| {
                Failure::config(ConfigError::at(
                    format!("options.endpoints[{i}]"),
                    e.to_string(),
                ))
            })?;
            bus.add_endpoint(&spec).map_err(Failure::config)?;
        }
        Ok(EventBus { bus })
    }

    /// Runs a PutEvents request body (UTF-8 bytes) received at `now` (RFC 3339), with event ids
    /// drawn from `seed`; `unhealthy` names health checks, endpoint names or ids whose primary
    /// Region is down. Returns the [`OutcomeParts`]: per-entry failures are in the outcome; a
    /// refused request is thrown.
    #[wasm_bindgen(js_name = putEvents)]
    pub fn put_events(
        &self,
        request: &[u8],
        now: &str,
        seed: u64,
        unhealthy: Vec<String>,
    ) -> Result<JsValue, JsValue> {
        let request = utf8(request)?;
        let options = put_options(now, seed, unhealthy)?;
        let outcome = self
            .bus
            .put_events(request, &options)
            .map_err(|e| throw(Failure::request(e)))?;
        to_js(&OutcomeParts::from(outcome))
    }

    /// Puts events that AWS services or SaaS partners send themselves, whole (UTF-8 bytes of a
    /// JSON list or JSON Lines of events), received at `now` with ids drawn from `seed`.
    /// Returns the [`OutcomeParts`], one entry per event; unreadable input is thrown.
    #[wasm_bindgen(js_name = putServiceEvents)]
    pub fn put_service_events(
        &self,
        events: &[u8],
        now: &str,
        seed: u64,
    ) -> Result<JsValue, JsValue> {
        let events = utf8(events)?;
        let options = put_options(now, seed, Vec::new())?;
        let outcome = self
            .bus
            .put_service_events(events, &options)
            .map_err(|e| throw(Failure::request(e)))?;
        to_js(&OutcomeParts::from(outcome))
    }

    /// The rules as a table: where each lives, its pattern and what its targets receive.
    pub fn rules(&self) -> Result<JsValue, JsValue> {
        to_js(&self.bus.summary())
    }

    /// The global endpoints.
    pub fn endpoints(&self) -> Result<JsValue, JsValue> {
        to_js(&self.bus.endpoints())
    }

    /// What loading left out or could not model (scheduled rules, SAM events of other types…).
    pub fn notes(&self) -> Vec<String> {
        self.bus.notes().to_vec()
    }
}

/// The options of a put: `now` (RFC 3339) checked, with `seed` and `unhealthy`.
fn put_options(now: &str, seed: u64, unhealthy: Vec<String>) -> Result<PutOptions, JsValue> {
    let now = Timestamp::parse(now).map_err(|e| throw(Failure::option("now", e)))?;
    Ok(PutOptions {
        now,
        seed,
        unhealthy,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::failure::ConfigFailure;

    fn refusal(rules: &str, endpoints: &str) -> Failure {
        match EventBus::load(rules, "{}", endpoints) {
            Ok(_) => panic!("{rules} / {endpoints} should be refused"),
            Err(f) => f,
        }
    }

    #[test]
    fn template_faults_carry_the_template_and_both_spans() {
        let rules = r#"[{"Name": "r", "EventPattern": {"source": ["s"]}, "Targets": [{"Id": "t",
            "Arn": "arn:aws:sqs:us-east-1:1:q", "InputTransformer": {"InputPathsMap": {},
            "InputTemplate": "\"é <nope>\""}}]}]"#;
        let Failure::BusConfigError(f) = refusal(rules, "[]") else {
            panic!("a template fault");
        };
        let ConfigFailure {
            message,
            reason,
            location,
            span: Some(span),
            field_text: Some(text),
            pattern_error: None,
            ..
        } = *f
        else {
            panic!("a template fault with its span: {f:?}");
        };
        assert_eq!(location, "[0].Targets[0].InputTransformer.InputTemplate");
        assert_eq!(
            reason,
            "InputTemplate for target t contains invalid placeholder nope."
        );
        // The place in the rules text (the fault inside the template), after the dotted path.
        assert_eq!(message, format!("{location}: {reason} (line 3, column 35)"));
        assert_eq!(text, "\"é <nope>\"");
        assert_eq!(span.bytes.slice(&text), "<nope>");
        assert_eq!(span.utf16.start + 1, span.bytes.start);
    }

    #[test]
    fn pattern_faults_nest_the_pattern_error() {
        let rules = r#"[{"Name": "r", "EventPattern": "{\"é\": []}"}]"#;
        let Failure::BusConfigError(f) = refusal(rules, "[]") else {
            panic!("a pattern fault");
        };
        let ConfigFailure {
            location,
            field_text: Some(text),
            pattern_error: Some(nested),
            ..
        } = *f
        else {
            panic!("a pattern fault with the pattern's error: {f:?}");
        };
        assert_eq!(location, "[0].EventPattern");
        let Failure::PatternError { reason, span, .. } = nested else {
            panic!("the engine's pattern error");
        };
        assert_eq!(reason, "Empty arrays are not allowed");
        assert_eq!(span.bytes.slice(&text), "[]");
        assert_eq!(span.utf16.start + 1, span.bytes.start);
    }

    #[test]
    fn endpoints_from_options_are_checked_and_located() {
        let Failure::BusConfigError(f) = refusal("[]", r#"[{"Name": 5}]"#) else {
            panic!("an endpoint that cannot be read");
        };
        assert_eq!(f.location, "options.endpoints[0]");
        let Failure::BusConfigError(f) = refusal("[]", r#"[{"Name": "e"}]"#) else {
            panic!("an endpoint without routing");
        };
        assert!(f.reason.contains("RoutingConfig"), "{}", f.reason);
        let Failure::InvalidOption { option, .. } = refusal("[]", "{") else {
            panic!("unreadable endpoints text");
        };
        assert_eq!(option, "endpoints");
        let Ok(bus) = EventBus::load("[]", r#"{"account": "111122223333"}"#, "[]") else {
            panic!("an empty bus");
        };
        assert_eq!(bus.bus.settings().account, "111122223333");
        assert_eq!(bus.bus.settings().region, "us-east-1");
    }
}
