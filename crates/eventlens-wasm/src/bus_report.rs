//! What a PutEvents call did, as it crosses to JavaScript: the engine's report as it serialises
//! (the TypeScript layer writes its snake_case names in camelCase, as the rest of the package
//! does), with each rule's explanation taken out and sent beside it as an [`ExplanationView`],
//! whose spans count in both units of the pattern and event texts.

use crate::report::ExplanationView;
use eventlens::{Explanation, Utf16Map};
use eventlens_bus::PutEventsOutcome;
use serde::Serialize;

/// A PutEvents outcome and its explanations.
#[derive(Debug, Clone, Serialize)]
pub struct OutcomeParts {
    /// The engine's outcome, each explanation emptied of its combinations.
    pub outcome: PutEventsOutcome,
    /// The explanations, one per rule verdict, in the outcome's order (entries, their arrivals,
    /// their rules).
    pub explanations: Vec<ExplanationView>,
}

impl From<PutEventsOutcome> for OutcomeParts {
    fn from(mut outcome: PutEventsOutcome) -> Self {
        let mut explanations = Vec::new();
        for arrival in outcome
            .entries
            .iter_mut()
            .flat_map(|e| e.arrivals.iter_mut())
        {
            let in_event = Utf16Map::new(&arrival.event);
            for verdict in &mut arrival.rules {
                let emptied = Explanation {
                    matched: verdict.explanation.matched,
                    best: verdict.explanation.best,
                    combinations: Vec::new(),
                };
                let x = std::mem::replace(&mut verdict.explanation, emptied);
                let in_pattern = Utf16Map::new(&verdict.pattern);
                explanations.push(ExplanationView::new(x, &in_pattern, &in_event));
            }
        }
        OutcomeParts {
            outcome,
            explanations,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::utf16::slice_utf16;
    use eventlens_bus::{Bus, BusSettings, PutOptions, Timestamp};

    #[test]
    fn explanations_come_in_verdict_order_with_spans_in_both_units() {
        let rules = r#"{"Rules": [
            {"Name": "keys", "EventPattern": "{\"détail\": {\"名\": [\"😀\"]}}"},
            {"Name": "emoji", "EventPattern": {"detail": {"名": ["😀"]}}}],
          "Endpoints": [{"Name": "e",
            "RoutingConfig": {"FailoverConfig": {"Primary": {"HealthCheck": "hc"}, "Secondary": {"Route": "us-west-2"}}},
            "EventBuses": [{"EventBusArn": "arn:aws:events:us-east-1:123456789012:event-bus/default"},
                           {"EventBusArn": "arn:aws:events:us-west-2:123456789012:event-bus/default"}]}]}"#;
        let bus = Bus::load(rules, BusSettings::default()).unwrap();
        let request = r#"{"EndpointId": "e", "Entries": [
            {"Source": "s", "DetailType": "d", "Detail": "[]"},
            {"Source": "s", "DetailType": "d", "Detail": "{\"名\": \"😀\"}"}]}"#;
        let options = PutOptions {
            now: Timestamp::parse("2024-01-01T00:00:00Z").unwrap(),
            seed: 1,
            unhealthy: vec![],
        };
        let parts = OutcomeParts::from(bus.put_events(request, &options).unwrap());
        // The failed entry reached nothing; the other reached both Regions, whose rules are in
        // us-east-1 only: two verdicts, two explanations.
        let entry = &parts.outcome.entries[1];
        let [primary, replica] = entry.arrivals.as_slice() else {
            panic!("two arrivals");
        };
        assert!(replica.rules.is_empty());
        assert_eq!(parts.explanations.len(), 2);
        for (verdict, x) in primary.rules.iter().zip(&parts.explanations) {
            assert!(verdict.explanation.combinations.is_empty());
            assert_eq!(
                (verdict.explanation.matched, verdict.explanation.best),
                (x.matched, x.best)
            );
            let condition = &x.combinations[x.best].conditions[0];
            let key = condition.key_span;
            assert_eq!(
                key.bytes.slice(&verdict.pattern),
                slice_utf16(&verdict.pattern, key.utf16)
            );
            assert_eq!(slice_utf16(&verdict.pattern, key.utf16), "\"名\"");
        }
        let [keys, emoji] = parts.explanations.as_slice() else {
            panic!("two explanations");
        };
        assert!(!keys.matched && emoji.matched);
        let value = &emoji.combinations[0].conditions[0].values[0];
        assert_eq!(slice_utf16(&primary.event, value.span.utf16), "\"😀\"");
        assert_eq!(value.span.bytes.slice(&primary.event), "\"😀\"");
    }
}
