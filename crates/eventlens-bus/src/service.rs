//! Events that AWS services and SaaS partners put on a bus themselves (HealthOmics, S3, EC2, a
//! partner's source): they come whole, not as PutEvents entries, so their `aws.` sources are
//! theirs to use. Each is completed as the service sends it (`version`, `id`, `account`,
//! `time`, `region` and `resources` filled when missing) and arrives on its bus: a partner
//! event (`aws.partner/…`) on the partner event bus of its source's name, any other on
//! `default`, in the event's Region.

use super::clock::{IdSource, Timestamp};
use super::compact::{push_string, write_compact};
use super::put_events::{EntryError, RequestError};
use eventlens::json::{Document, NodeKind};

/// Sources of SaaS partner events: such an event arrives on the partner event bus named like
/// its source.
pub const PARTNER_SOURCE_PREFIX: &str = "aws.partner/";

// The envelope's fields, in EventBridge's order.
use eventlens::DELIVERED_FIELDS as ENVELOPE;

/// A service event, completed.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceEvent {
    /// The event, compact: the envelope in EventBridge's order, then any other field as given.
    pub text: String,
    /// Its `id`.
    pub id: String,
    /// Its `region`, where it arrives.
    pub region: String,
    /// The bus it arrives on.
    pub bus: String,
}

/// What fills the fields an event leaves out.
pub struct Defaults<'a> {
    /// `account`.
    pub account: &'a str,
    /// `region`.
    pub region: &'a str,
    /// `time`.
    pub now: Timestamp,
}

/// The events of a file: a JSON list of events, or JSON Lines (one event per line), as texts.
pub fn split(text: &str, max_depth: usize) -> Result<Vec<String>, RequestError> {
    let unreadable = |what: String| {
        RequestError::new(
            "SerializationException",
            format!("The service events cannot be read: {what}"),
        )
    };
    if text.trim_start().starts_with('[') {
        let doc = Document::parse(text, max_depth).map_err(|e| unreadable(e.message))?;
        let NodeKind::Array(items) = &doc.node(doc.root()).kind else {
            return Err(unreadable("expected a list of events".to_string()));
        };
        return Ok(items
            .iter()
            .map(|&i| doc.node(i).span.slice(text).to_string())
            .collect());
    }
    Ok(text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect())
}

/// One event completed as its service sends it, or why it is no event.
pub fn complete(
    text: &str,
    defaults: &Defaults,
    ids: &mut IdSource,
    max_depth: usize,
) -> Result<ServiceEvent, EntryError> {
    let invalid = |why: &str| EntryError {
        code: "InvalidEvent".to_string(),
        message: format!("The service event is not valid: {why}"),
        detail: None,
    };
    let doc = Document::parse(text, max_depth).map_err(|e| invalid(&e.message))?;
    let NodeKind::Object(members) = &doc.node(doc.root()).kind else {
        return Err(invalid("it must be a JSON object"));
    };
    // The last of duplicate keys counts, as in events everywhere.
    let field = |key: &str| members.iter().rev().find(|m| m.key == key).map(|m| m.value);
    let string = |key: &str| -> Result<Option<String>, EntryError> {
        match field(key).map(|n| &doc.node(n).kind) {
            None => Ok(None),
            Some(NodeKind::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(invalid(&format!("\"{key}\" must be a string"))),
        }
    };
    let source = string("source")?.ok_or_else(|| invalid("it has no \"source\""))?;
    string("detail-type")?.ok_or_else(|| invalid("it has no \"detail-type\""))?;
    if let Some(n) = field("detail") {
        if !matches!(doc.node(n).kind, NodeKind::Object(_)) {
            return Err(invalid("\"detail\" must be a JSON object"));
        }
    }
    let id = match string("id")? {
        Some(id) => id,
        None => ids.next_id(),
    };
    let region = string("region")?.unwrap_or_else(|| defaults.region.to_string());
    let mut out = String::with_capacity(text.len() + 160);
    out.push('{');
    for (i, key) in ENVELOPE.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_string(key, &mut out);
        out.push(':');
        if let Some(n) = field(key) {
            write_compact(&doc, text, n, &mut out);
            continue;
        }
        match *key {
            "version" => push_string("0", &mut out),
            "id" => push_string(&id, &mut out),
            "account" => push_string(defaults.account, &mut out),
            "time" => push_string(&defaults.now.to_event_time(), &mut out),
            "region" => push_string(&region, &mut out),
            "resources" => out.push_str("[]"),
            _ => out.push_str("{}"),
        }
    }
    for (i, m) in members.iter().enumerate() {
        let last = !members[i + 1..].iter().any(|later| later.key == m.key);
        if last && !ENVELOPE.contains(&m.key.as_str()) {
            out.push(',');
            push_string(&m.key, &mut out);
            out.push(':');
            write_compact(&doc, text, m.value, &mut out);
        }
    }
    out.push('}');
    let bus = if source.starts_with(PARTNER_SOURCE_PREFIX) {
        source
    } else {
        "default".to_string()
    };
    Ok(ServiceEvent {
        text: out,
        id,
        region,
        bus,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> Defaults<'static> {
        Defaults {
            account: "123456789012",
            region: "us-east-1",
            now: Timestamp::parse("2024-05-01T12:00:00Z").unwrap(),
        }
    }

    #[test]
    fn missing_fields_are_filled_as_the_service_would() {
        let mut ids = IdSource::seeded(1);
        let e = complete(
            r#"{"source": "aws.s3", "detail-type": "Object Created", "detail": {"size": 1.50}, "x": 1}"#,
            &defaults(),
            &mut ids,
            100,
        )
        .unwrap();
        assert_eq!(e.bus, "default");
        assert_eq!(e.region, "us-east-1");
        assert_eq!(
            e.text,
            format!(
                r#"{{"version":"0","id":"{}","detail-type":"Object Created","source":"aws.s3","account":"123456789012","time":"2024-05-01T12:00:00Z","region":"us-east-1","resources":[],"detail":{{"size":1.50}},"x":1}}"#,
                e.id
            )
        );
        let partner = complete(
            r#"{"id": "e1", "region": "eu-west-1", "source": "aws.partner/example.com/1/orders", "detail-type": "Order"}"#,
            &defaults(),
            &mut ids,
            100,
        )
        .unwrap();
        assert_eq!(
            (
                partner.id.as_str(),
                partner.region.as_str(),
                partner.bus.as_str()
            ),
            ("e1", "eu-west-1", "aws.partner/example.com/1/orders")
        );
    }

    #[test]
    fn no_event_says_why() {
        let mut ids = IdSource::seeded(1);
        let mut err = |t: &str| complete(t, &defaults(), &mut ids, 100).unwrap_err().message;
        assert!(err(r#"{"detail-type": "x"}"#).contains("no \"source\""));
        assert!(err(r#"{"source": "aws.s3"}"#).contains("no \"detail-type\""));
        assert!(err(r#"{"source": "a", "detail-type": "b", "detail": []}"#).contains("JSON object"));
        assert!(err("[1]").contains("JSON object"));
        assert_eq!(split("{\"a\":1}\n\n{\"b\":2}\n", 10).unwrap().len(), 2);
        assert_eq!(split("[{\"a\":1}, {\"b\":2}]", 10).unwrap()[1], "{\"b\":2}");
        assert!(split("[1,", 10).is_err());
    }
}
