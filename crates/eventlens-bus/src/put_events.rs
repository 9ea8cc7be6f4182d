//! PutEvents requests: reading the request body, the API's validation with its error codes and
//! messages, and the events EventBridge builds from the entries it accepts.
//!
//! Messages quoted from AWS (recorded responses of the live API):
//! - `InvalidArgument` / `Parameter Source is not valid. Reason: Source is a required argument.`
//!   (likewise `DetailType` and `Detail`);
//! - `MalformedDetail` / `Detail is malformed.` for a `Detail` that is not a JSON object (the
//!   report adds the parser's reason and place within the `Detail`; the response stays AWS's);
//! - request-level `ValidationException`s: `Total size of the entries in the request is over the
//!   limit.` and the `… at 'entries' failed to satisfy constraint: …` family.

use super::clock::Timestamp;
use super::compact::{push_string, write_compact};
use eventlens::json::{Document, NodeKind};
use eventlens::{Limits, TextPos};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Most entries one request may hold.
pub const MAX_ENTRIES: usize = 10;

/// Bytes a `Time` counts for in the entry size (EventBridge's size rule).
const TIME_SIZE: usize = 14;

/// A PutEvents request body, as the API (or `aws events put-events --cli-input-json`) takes it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutEventsRequest {
    /// The entries; the API requires 1 to 10 of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entries: Option<Vec<PutEventsEntry>>,
    /// The global endpoint to send through (its `EndpointId`, or for convenience its name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint_id: Option<String>,
}

/// One entry of a PutEvents request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutEventsEntry {
    /// The event's `source`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The event's `detail-type`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail_type: Option<String>,
    /// The event's `detail`, as JSON text holding an object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// ARNs for the event's `resources`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Vec<String>>,
    /// The event's `time`; the ingestion time when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<EntryTime>,
    /// The bus, by name or ARN; `default` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_bus_name: Option<String>,
    /// An X-Ray trace header (carried, not used for routing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace_header: Option<String>,
}

/// `Time` as a request may give it: seconds since 1970 (the wire format) or RFC 3339 text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum EntryTime {
    /// Seconds since 1970-01-01T00:00:00Z.
    Seconds(f64),
    /// An RFC 3339 time stamp.
    Text(String),
}

/// A failure of the whole request: no entry is processed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestError {
    /// AWS's error code (`ValidationException`, `SerializationException`,
    /// `ResourceNotFoundException`).
    pub code: String,
    /// The message.
    pub message: String,
}

impl RequestError {
    /// An error with `code` and `message`.
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        RequestError {
            code: code.to_string(),
            message: message.into(),
        }
    }
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for RequestError {}

/// Why one entry failed; the other entries go on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryError {
    /// AWS's per-entry `ErrorCode`.
    pub code: String,
    /// AWS's per-entry `ErrorMessage`.
    pub message: String,
    /// For a `MalformedDetail`, what is wrong in the `Detail` text and where (AWS says only
    /// `Detail is malformed.`).
    pub detail: Option<DetailFault>,
}

/// What is wrong in a malformed `Detail`: the JSON parser's reason and its place within the
/// `Detail` text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DetailFault {
    /// The parser's message, or that the text holds another value than an object.
    pub reason: String,
    /// 1-based line within the `Detail` text.
    pub line: usize,
    /// 1-based column within the `Detail` text, in UTF-16 code units (as editors count).
    pub column: usize,
}

impl DetailFault {
    /// The fault `reason` at byte `offset` of `detail`.
    fn at(detail: &str, offset: usize, reason: String) -> Self {
        let TextPos { line, column } = TextPos::of(detail, offset);
        DetailFault {
            reason,
            line,
            column,
        }
    }
}

/// Sources only AWS services may use: PutEvents refuses them.
pub const RESERVED_SOURCE_PREFIX: &str = "aws.";

impl EntryError {
    /// AWS's refusal of a `Source` starting with `aws.` (PutEventsResultEntry:
    /// `NotAuthorizedForSourceException`).
    fn reserved_source() -> Self {
        EntryError {
            code: "NotAuthorizedForSourceException".to_string(),
            message: "Not authorized for the source.".to_string(),
            detail: None,
        }
    }

    fn required(field: &str) -> Self {
        EntryError {
            code: "InvalidArgument".to_string(),
            message: format!(
                "Parameter {field} is not valid. Reason: {field} is a required argument."
            ),
            detail: None,
        }
    }

    /// `InvalidArgument`: `field` is not valid, for `reason`.
    pub(super) fn invalid(field: &str, reason: &str) -> Self {
        EntryError {
            code: "InvalidArgument".to_string(),
            message: format!("Parameter {field} is not valid. Reason: {reason}"),
            detail: None,
        }
    }

    fn malformed_detail(fault: DetailFault) -> Self {
        EntryError {
            code: "MalformedDetail".to_string(),
            message: "Detail is malformed.".to_string(),
            detail: Some(fault),
        }
    }
}

impl PutEventsRequest {
    /// Reads a request body: `{"Entries": [...], "EndpointId": ...}`, or a bare entry list as
    /// `aws events put-events --entries` takes it.
    pub fn parse(text: &str) -> Result<PutEventsRequest, RequestError> {
        let bare_list = text.trim_start().starts_with('[');
        let parsed = if bare_list {
            serde_json::from_str::<Vec<PutEventsEntry>>(text).map(|entries| PutEventsRequest {
                entries: Some(entries),
                endpoint_id: None,
            })
        } else {
            serde_json::from_str::<PutEventsRequest>(text)
        };
        parsed.map_err(|e| {
            RequestError::new(
                "SerializationException",
                format!("The PutEvents request cannot be read: {e} (Detail must be a string holding JSON; Time a number of seconds or an RFC 3339 string)"),
            )
        })
    }

    /// Applies the request-level checks: 1 to 10 entries, and at most `limits.max_event_bytes`
    /// for all entries together (EventBridge's entry-size rule).
    pub fn validate(&self, limits: &Limits) -> Result<&[PutEventsEntry], RequestError> {
        let Some(entries) = &self.entries else {
            return Err(constraint("null", "Member must not be null"));
        };
        if entries.is_empty() {
            return Err(constraint(
                "'[]'",
                "Member must have length greater than or equal to 1",
            ));
        }
        if entries.len() > MAX_ENTRIES {
            let shown: Vec<String> = entries.iter().map(PutEventsEntry::java_text).collect();
            return Err(constraint(
                &format!("'[{}]'", shown.join(", ")),
                &format!("Member must have length less than or equal to {MAX_ENTRIES}"),
            ));
        }
        let total: usize = entries.iter().map(PutEventsEntry::size).sum();
        if total > limits.max_event_bytes {
            return Err(RequestError::new(
                "ValidationException",
                "Total size of the entries in the request is over the limit.",
            ));
        }
        Ok(entries)
    }
}

fn constraint(value: &str, rule: &str) -> RequestError {
    RequestError::new(
        "ValidationException",
        super::error::constraint(value, "entries", rule),
    )
}

/// An accepted entry, ready to be wrapped in an envelope for the region it lands in.
#[derive(Debug, Clone, PartialEq)]
pub struct AcceptedEntry {
    /// `source`.
    pub source: String,
    /// `detail-type`.
    pub detail_type: String,
    /// `detail`, compact.
    pub detail: String,
    /// `resources`.
    pub resources: Vec<String>,
    /// `time`.
    pub time: Timestamp,
    /// The bus name (an ARN is reduced to its name).
    pub bus: String,
    /// Whether the entry named its bus with an ARN.
    pub bus_by_arn: bool,
}

impl PutEventsEntry {
    /// EventBridge's size of this entry: 14 bytes for a `Time`, plus the UTF-8 bytes of `Source`,
    /// `DetailType`, `Detail` and each resource.
    pub fn size(&self) -> usize {
        let text = |s: &Option<String>| s.as_ref().map_or(0, String::len);
        self.time.as_ref().map_or(0, |_| TIME_SIZE)
            + text(&self.source)
            + text(&self.detail_type)
            + text(&self.detail)
            + self
                .resources
                .iter()
                .flatten()
                .map(String::len)
                .sum::<usize>()
    }

    /// The entry as the service's Java model prints it in validation messages.
    fn java_text(&self) -> String {
        let opt = |s: &Option<String>| s.clone().unwrap_or_else(|| "null".to_string());
        let time = match &self.time {
            None => "null".to_string(),
            Some(EntryTime::Text(t)) => t.clone(),
            Some(EntryTime::Seconds(s)) => s.to_string(),
        };
        let resources = self
            .resources
            .as_ref()
            .map_or("null".to_string(), |r| format!("[{}]", r.join(", ")));
        format!(
            "PutEventsRequestEntry(time={time}, source={}, resources={resources}, detailType={}, detail={}, eventBusName={}, traceHeader={}, kmsKeyIdentifier=null, internalMetadata=null)",
            opt(&self.source),
            opt(&self.detail_type),
            opt(&self.detail),
            opt(&self.event_bus_name),
            opt(&self.trace_header),
        )
    }

    /// Applies the per-entry checks; `now` is the ingestion time. Details nest at most
    /// `limits.max_depth` levels.
    pub fn accept(&self, now: Timestamp, limits: &Limits) -> Result<AcceptedEntry, EntryError> {
        let present = |s: &Option<String>| s.clone().filter(|v| !v.is_empty());
        let source = present(&self.source).ok_or_else(|| EntryError::required("Source"))?;
        if source.starts_with(RESERVED_SOURCE_PREFIX) {
            return Err(EntryError::reserved_source());
        }
        let detail_type =
            present(&self.detail_type).ok_or_else(|| EntryError::required("DetailType"))?;
        let detail_text = present(&self.detail).ok_or_else(|| EntryError::required("Detail"))?;
        let doc = Document::parse(&detail_text, limits.max_depth).map_err(|e| {
            EntryError::malformed_detail(DetailFault::at(&detail_text, e.span.start, e.message))
        })?;
        let root = doc.node(doc.root());
        let held = match root.kind {
            NodeKind::Object(_) => None,
            NodeKind::Array(_) => Some("an array"),
            NodeKind::String(_) => Some("a string"),
            NodeKind::Number => Some("a number"),
            NodeKind::Bool(_) => Some("a boolean"),
            NodeKind::Null => Some("null"),
        };
        if let Some(held) = held {
            let reason = format!("Detail must hold a JSON object; it holds {held}");
            return Err(EntryError::malformed_detail(DetailFault::at(
                &detail_text,
                root.span.start,
                reason,
            )));
        }
        let mut detail = String::with_capacity(detail_text.len());
        write_compact(&doc, &detail_text, doc.root(), &mut detail);
        let time = match &self.time {
            None => now,
            Some(EntryTime::Seconds(s)) => Timestamp::from_epoch_seconds(*s)
                .map_err(|e| EntryError::invalid("Time", &e.to_string()))?,
            Some(EntryTime::Text(t)) => {
                Timestamp::parse(t).map_err(|e| EntryError::invalid("Time", &e.to_string()))?
            }
        };
        let (bus, bus_by_arn) = match self.event_bus_name.as_deref() {
            None | Some("") => ("default".to_string(), false),
            Some(name) => {
                let (bus, _) = super::rule::bus_name(name);
                (bus.to_string(), bus != name)
            }
        };
        Ok(AcceptedEntry {
            source,
            detail_type,
            detail,
            resources: self.resources.clone().unwrap_or_default(),
            time,
            bus,
            bus_by_arn,
        })
    }
}

impl AcceptedEntry {
    /// The event EventBridge puts on the bus: the envelope in EventBridge's field order, compact.
    /// `extra_resources` are appended to the entry's own (a replicated event names its endpoint).
    pub fn event_text(
        &self,
        id: &str,
        account: &str,
        region: &str,
        extra_resources: &[String],
    ) -> String {
        let mut out = String::with_capacity(self.detail.len() + 256);
        out.push_str("{\"version\":\"0\",\"id\":");
        push_string(id, &mut out);
        out.push_str(",\"detail-type\":");
        push_string(&self.detail_type, &mut out);
        out.push_str(",\"source\":");
        push_string(&self.source, &mut out);
        out.push_str(",\"account\":");
        push_string(account, &mut out);
        out.push_str(",\"time\":");
        push_string(&self.time.to_event_time(), &mut out);
        out.push_str(",\"region\":");
        push_string(region, &mut out);
        out.push_str(",\"resources\":[");
        for (i, r) in self.resources.iter().chain(extra_resources).enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_string(r, &mut out);
        }
        out.push_str("],\"detail\":");
        out.push_str(&self.detail);
        out.push('}');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Timestamp {
        Timestamp::parse("2024-04-25T14:46:51Z").unwrap()
    }

    fn entry(detail: &str) -> PutEventsEntry {
        PutEventsEntry {
            source: Some("com.example".into()),
            detail_type: Some("thing".into()),
            detail: Some(detail.into()),
            ..Default::default()
        }
    }

    #[test]
    fn builds_the_envelope() {
        let mut e = entry(r#"{ "a" : [1, 2.50] }"#);
        e.resources = Some(vec!["arn:x".into()]);
        let accepted = e.accept(now(), &Limits::default()).unwrap();
        assert_eq!(
            accepted.event_text("id-1", "123456789012", "us-east-1", &[]),
            r#"{"version":"0","id":"id-1","detail-type":"thing","source":"com.example","account":"123456789012","time":"2024-04-25T14:46:51Z","region":"us-east-1","resources":["arn:x"],"detail":{"a":[1,2.50]}}"#
        );
        assert_eq!(accepted.bus, "default");
    }

    #[test]
    fn reads_bus_arns_and_times() {
        let mut e = entry("{}");
        e.event_bus_name = Some("arn:aws:events:us-east-1:123456789012:event-bus/orders".into());
        e.time = Some(EntryTime::Seconds(0.0));
        let a = e.accept(now(), &Limits::default()).unwrap();
        assert_eq!((a.bus.as_str(), a.bus_by_arn), ("orders", true));
        assert_eq!(a.time.to_event_time(), "1970-01-01T00:00:00Z");
        e.time = Some(EntryTime::Text("soon".into()));
        assert_eq!(
            e.accept(now(), &Limits::default()).unwrap_err().code,
            "InvalidArgument"
        );
    }

    #[test]
    fn bare_lists_and_wrong_types() {
        let r = PutEventsRequest::parse(r#"[{"Source": "s"}]"#).unwrap();
        assert_eq!(r.entries.unwrap()[0].source.as_deref(), Some("s"));
        let err = PutEventsRequest::parse(r#"{"Entries": [{"Detail": {"a": 1}}]}"#).unwrap_err();
        assert_eq!(err.code, "SerializationException");
        assert!(err.message.contains("line 1"), "{}", err.message);
    }

    #[test]
    fn a_malformed_detail_says_why_and_where_beside_aws_words() {
        let fault = |detail: &str| {
            let err = entry(detail).accept(now(), &Limits::default()).unwrap_err();
            assert_eq!(
                (err.code.as_str(), err.message.as_str()),
                ("MalformedDetail", "Detail is malformed.")
            );
            err.detail.unwrap()
        };
        let f = fault("{\n  \"a\": 1,\n  \"é\": tru }");
        assert_eq!((f.line, f.column), (3, 8));
        assert!(f.reason.contains("tru"), "{}", f.reason);
        let f = fault("  [1, 2]");
        assert_eq!((f.line, f.column), (1, 3));
        assert_eq!(
            f.reason,
            "Detail must hold a JSON object; it holds an array"
        );
        assert_eq!(
            fault("\"x\"").reason,
            "Detail must hold a JSON object; it holds a string"
        );
        let missing = PutEventsEntry {
            detail: None,
            ..entry("{}")
        };
        assert_eq!(
            missing
                .accept(now(), &Limits::default())
                .unwrap_err()
                .detail,
            None
        );
    }
}
