//! The event bus, offline: PutEvents entries (or the whole events AWS services and partners put
//! themselves) become events, every rule of the bus is tested, and
//! each matching rule's targets receive the event, whole or reshaped by `Input`, `InputPath` or an
//! input transformer. Global endpoints route between two Regions and replicate. Patterns are
//! matched and explained by the [`eventlens`] engine; [`rules_file`] reads every form of rules
//! file the tools take.
//!
//! ```
//! use eventlens_bus::{Bus, BusSettings, PutOptions, Timestamp};
//! let rules = r#"[{"Name": "runs", "EventPattern": {"source": ["aws.omics"]},
//!   "Targets": [{"Id": "log", "Arn": "arn:aws:logs:us-east-1:123456789012:log-group:runs",
//!     "InputTransformer": {"InputPathsMap": {"s": "$.detail.status"},
//!                          "InputTemplate": "\"run is <s>\""}}]}]"#;
//! let bus = Bus::load(rules, BusSettings::default()).unwrap();
//! // HealthOmics puts its events on the bus itself (PutEvents refuses `aws.` sources).
//! let events = r#"[{"source": "aws.omics", "detail-type": "Run Status Change",
//!                   "detail": {"status": "COMPLETED"}}]"#;
//! let options = PutOptions { now: Timestamp::parse("2024-01-01T00:00:00Z").unwrap(), seed: 1, unhealthy: vec![] };
//! let outcome = bus.put_service_events(events, &options).unwrap();
//! assert_eq!(outcome.response.failed_entry_count, 0);
//! let rule = &outcome.entries[0].arrivals[0].rules[0];
//! assert_eq!(rule.deliveries[0].payload.as_deref(), Some("\"run is COMPLETED\""));
//! ```

#![warn(missing_docs)]
#![warn(clippy::undocumented_unsafe_blocks)]

pub mod cfn;
pub mod clock;
pub mod compact;
pub mod endpoint;
pub mod error;
pub mod jsonpath;
pub mod load;
pub mod locate;
pub mod put_events;
pub mod report;
pub mod router;
pub mod rule;
pub mod rules_file;
pub mod service;
pub mod target;
pub mod template;
pub mod yaml;

pub use clock::{IdSource, Timestamp, TimestampError};
pub use endpoint::{Endpoint, EndpointSpec, Route};
pub use error::ConfigError;
pub use put_events::{DetailFault, EntryError, PutEventsEntry, PutEventsRequest, RequestError};
pub use report::{
    Arrival, Delivery, EntryReport, PutEventsOutcome, PutEventsResponse, RuleSummary, RuleVerdict,
    TargetSummary,
};
pub use router::{Bus, BusSettings, PutOptions};
pub use rule::{Rule, RuleSpec, RuleState};
pub use target::{InputKind, Target, TargetSpec};
