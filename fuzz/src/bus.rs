//! Invariants of a PutEvents outcome: the response agrees with the entry reports, and every
//! rule's verdict on every bus agrees with matching its pattern alone against the event there.

use crate::{check_explanation, generous};
use eventlens::{Event, Pattern};
use eventlens_bus::{PutEventsOutcome, PutOptions, Timestamp};

/// The options every fuzzed call uses: a fixed clock and seed, every Region healthy.
pub fn options() -> PutOptions {
    PutOptions {
        now: Timestamp::parse("2024-01-01T00:00:00Z").expect("a valid timestamp"),
        seed: 1,
        unhealthy: vec![],
    }
}

/// Checks an outcome; returns how many deliveries it holds.
pub fn check_outcome(outcome: &PutEventsOutcome) -> usize {
    let response = &outcome.response;
    assert_eq!(response.entries.len(), outcome.entries.len());
    assert_eq!(
        response.failed_entry_count,
        outcome.entries.iter().filter(|e| e.error.is_some()).count()
    );
    let mut deliveries = 0;
    for entry in &outcome.entries {
        assert_eq!(entry.event_id.is_some(), entry.error.is_none());
        for arrival in &entry.arrivals {
            let event = Event::parse_with(&arrival.event, &generous())
                .expect("the event a bus holds parses");
            for verdict in &arrival.rules {
                let pattern = Pattern::compile_with(&verdict.pattern, &generous())
                    .expect("a loaded rule's pattern compiles");
                assert_eq!(
                    verdict.matched,
                    pattern.matches(&event),
                    "the bus's verdict != the pattern's own"
                );
                check_explanation(&pattern, &event, &verdict.explanation);
                assert!(
                    !verdict.delivered || verdict.matched,
                    "delivered without a match"
                );
                assert!(verdict.delivered || verdict.deliveries.is_empty());
                for d in &verdict.deliveries {
                    assert!(
                        d.payload.is_some() || d.note.is_some(),
                        "a delivery says nothing"
                    );
                    deliveries += 1;
                }
            }
        }
    }
    let _ = serde_json::to_string(outcome).expect("outcomes serialise");
    deliveries
}
