//! Events pasted in another form than the one EventBridge delivers: a PutEvents entry (or a
//! whole request), which becomes the delivered event as the bus builds it, and an event
//! whose `detail` is JSON text in a string, which gets `detail` parsed.

use super::splice::splice;
use crate::format::pretty;
use eventlens::json::{Document, Member, NodeKind};
use eventlens::json::{EntryKind, Tape};
use eventlens::{Limits, Span};
use eventlens_bus::put_events::PutEventsEntry;
use eventlens_bus::{BusSettings, IdSource, PutEventsRequest, Timestamp};

/// An event in the form EventBridge delivers, made from the text the user pasted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversion {
    /// What was converted and what was made up, in plain words (for the button).
    pub summary: String,
    /// The delivered event, laid out.
    pub text: String,
}

/// The time given to an entry that has none.
const PLACEHOLDER_TIME: &str = "2024-01-01T00:00:00Z";

/// Top-level keys that mark a PutEvents entry.
const ENTRY_KEYS: &[&str] = &["Source", "DetailType", "Detail"];

/// The event EventBridge would deliver for `event_text`, when that is a PutEvents entry, a
/// request (`{"Entries": [...]}` or a bare list of entries), or an event whose `detail` is a
/// string holding a JSON object. `None` for anything else, and for an entry AWS would refuse.
pub fn convert(event_text: &str) -> Option<Conversion> {
    if !may_convert(event_text) {
        return None;
    }
    let doc = Document::parse(event_text, Limits::default().max_depth).ok()?;
    let root = doc.node(doc.root());
    let (entries, request) = match &root.kind {
        NodeKind::Array(items) => (items.clone(), true),
        NodeKind::Object(members) => {
            let has = |key: &str| members.iter().any(|m| m.key == key);
            match members.iter().find(|m| m.key == "Entries") {
                Some(m) => match &doc.node(m.value).kind {
                    NodeKind::Array(items) => (items.clone(), true),
                    _ => return None,
                },
                None if ENTRY_KEYS.iter().any(|k| has(k)) => (vec![doc.root()], false),
                None => return detail_parsed(event_text, &doc, members),
            }
        }
        _ => return None,
    };
    // PutEvents takes `Detail` as JSON text in a string; an object there is a common slip.
    let objects: Vec<Span> = entries
        .iter()
        .filter_map(|&e| match &doc.node(e).kind {
            NodeKind::Object(members) => members.iter().find(|m| m.key == "Detail"),
            _ => None,
        })
        .map(|m| doc.node(m.value))
        .filter(|n| matches!(n.kind, NodeKind::Object(_)))
        .map(|n| n.span)
        .collect();
    let edits: Vec<(Span, String)> = objects
        .iter()
        .map(|s| serde_json::to_string(s.slice(event_text)).map(|quoted| (*s, quoted)))
        .collect::<Result<_, _>>()
        .ok()?;
    let text = splice(event_text, &edits);
    let mut what = if !request {
        "This is a PutEvents entry, not an event".to_string()
    } else if entries.len() == 1 {
        "This is a PutEvents request, not an event".to_string()
    } else {
        format!(
            "This is a PutEvents request of {} entries, not an event (the first is shown; the Bus view runs them all)",
            entries.len()
        )
    };
    if !objects.is_empty() {
        what.push_str(" (its `Detail` is an object, where PutEvents takes JSON text in a string)");
    }
    let first = if request {
        PutEventsRequest::parse(&text)
            .ok()?
            .entries?
            .into_iter()
            .next()?
    } else {
        serde_json::from_str::<PutEventsEntry>(&text).ok()?
    };
    delivered(&first, &what)
}

/// The event the bus builds for `entry`, with placeholders for what an entry lacks.
fn delivered(entry: &PutEventsEntry, what: &str) -> Option<Conversion> {
    let settings = BusSettings::default();
    let now = Timestamp::parse(PLACEHOLDER_TIME).ok()?;
    let accepted = entry.accept(now, &Limits::default()).ok()?;
    let id = IdSource::seeded(0).next_id();
    let compact = accepted.event_text(&id, &settings.account, &settings.region, &[]);
    let mut made_up = vec![
        format!("the account ({})", settings.account),
        format!("the Region ({})", settings.region),
        "the id".to_string(),
    ];
    if entry.time.is_none() {
        made_up.push(format!("the time ({PLACEHOLDER_TIME})"));
    }
    let last = made_up.pop()?;
    Some(Conversion {
        summary: format!(
            "{what}: shown as the event EventBridge delivers, where {} and {last} are placeholders",
            made_up.join(", ")
        ),
        text: pretty(&compact).ok()?,
    })
}

/// The event with its `detail` string parsed, when the string holds a JSON object.
/// Whether [`convert`] could have something to say about `text`: a list, an object with a
/// PutEvents key, or a string `detail`. Told from the engine's compact tape, so that the usual
/// event (a large one too) costs no tree, which would grow the wasm heap by many times its size.
fn may_convert(text: &str) -> bool {
    let Ok(tape) = Tape::parse(text, Limits::default().max_depth) else {
        return false;
    };
    let root = tape.root();
    match tape.kind(root) {
        EntryKind::Array => true,
        EntryKind::Object => tape.members(root).any(|(key, value)| {
            let key = tape.text(text, key);
            key == "Entries"
                || ENTRY_KEYS.contains(&key)
                || (key == "detail" && tape.kind(value) == EntryKind::String)
        }),
        _ => false,
    }
}

fn detail_parsed(text: &str, doc: &Document, members: &[Member]) -> Option<Conversion> {
    let detail = doc.node(members.iter().find(|m| m.key == "detail")?.value);
    let NodeKind::String(inner) = &detail.kind else {
        return None;
    };
    let parsed = Document::parse(inner, Limits::default().max_depth).ok()?;
    if !matches!(parsed.node(parsed.root()).kind, NodeKind::Object(_)) {
        return None;
    }
    let event = splice(text, &[(detail.span, inner.clone())]);
    Some(Conversion {
        summary: "`detail` is JSON text in a string; EventBridge delivers it as an object: shown with `detail` parsed".to_string(),
        text: pretty(&event).ok()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use eventlens::{Event, Pattern};

    fn matches(pattern: &str, event: &str) -> bool {
        Pattern::compile(pattern)
            .unwrap()
            .matches(&Event::parse(event).unwrap())
    }

    const ENTRY: &str = r#"{"Source": "com.example.shop", "DetailType": "Order Placed",
        "Detail": "{\"order\": {\"id\": \"ö-1\", \"total\": 12.50}, \"items\": [1, 2]}",
        "Resources": ["arn:aws:s3:::bucket"], "EventBusName": "orders"}"#;

    /// The converted event parses, has the envelope in EventBridge's order, and matches a
    /// pattern on the entry's `Source`, `DetailType` and `Detail` fields.
    fn check_delivered(c: &Conversion) {
        let event = Event::parse(&c.text).unwrap();
        event.check_envelope().unwrap();
        assert!(matches(
            r#"{"source": ["com.example.shop"], "detail-type": ["Order Placed"]}"#,
            &c.text
        ));
        assert!(matches(
            r#"{"detail": {"order": {"id": ["ö-1"], "total": [{"numeric": ["=", 12.5]}]}, "items": [2]}, "resources": ["arn:aws:s3:::bucket"]}"#,
            &c.text
        ));
        let keys = [
            "\"version\"",
            "\"id\"",
            "\"detail-type\"",
            "\"source\"",
            "\"account\"",
            "\"time\"",
            "\"region\"",
            "\"resources\"",
            "\"detail\"",
        ];
        let at: Vec<usize> = keys.iter().map(|k| c.text.find(k).unwrap()).collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{}", c.text);
        assert!(c.text.contains('\n'), "laid out: {}", c.text);
    }

    #[test]
    fn an_entry_becomes_the_delivered_event() {
        let c = convert(ENTRY).unwrap();
        check_delivered(&c);
        assert!(
            c.summary.starts_with("This is a PutEvents entry"),
            "{}",
            c.summary
        );
        assert!(
            c.summary
                .contains("the id and the time (2024-01-01T00:00:00Z) are placeholders"),
            "{}",
            c.summary
        );
        assert!(
            c.text.contains(r#""time": "2024-01-01T00:00:00Z""#),
            "{}",
            c.text
        );
        assert!(c.text.contains(r#""account": "123456789012""#));
    }

    #[test]
    fn a_request_becomes_its_first_entry() {
        let request = format!(r#"{{"Entries": [{ENTRY}]}}"#);
        let c = convert(&request).unwrap();
        check_delivered(&c);
        assert!(c.summary.starts_with("This is a PutEvents request, not"));
        let two = format!(r#"[{ENTRY}, {{"Source": "b", "DetailType": "c", "Detail": "{{}}"}}]"#);
        let c = convert(&two).unwrap();
        check_delivered(&c);
        assert!(c.summary.contains("of 2 entries"), "{}", c.summary);
    }

    #[test]
    fn an_entry_keeps_its_time() {
        let timed =
            r#"{"Source": "s", "DetailType": "t", "Detail": "{}", "Time": "2025-03-04T05:06:07Z"}"#;
        let c = convert(timed).unwrap();
        assert!(
            c.text.contains(r#""time": "2025-03-04T05:06:07Z""#),
            "{}",
            c.text
        );
        assert!(c
            .summary
            .ends_with("the Region (us-east-1) and the id are placeholders"));
    }

    #[test]
    fn entries_aws_refuses_and_other_texts_are_left() {
        // No DetailType: PutEvents refuses the entry.
        assert_eq!(convert(r#"{"Source": "s", "Detail": "{}"}"#), None);
        // Detail that is not a JSON object.
        assert_eq!(
            convert(r#"{"Source": "s", "DetailType": "t", "Detail": "[1]"}"#),
            None
        );
        assert_eq!(convert(r#"{"source": "s", "detail": {"a": 1}}"#), None);
        assert_eq!(convert(r#"{"source": "s", "detail": "plain words"}"#), None);
        assert_eq!(convert("{\"Source\": "), None);
        assert_eq!(convert("[]"), None);
        assert_eq!(convert("3"), None);
    }

    #[test]
    fn a_detail_object_is_taken_as_its_text() {
        let entry = r#"{"Source": "com.example.shop", "DetailType": "Order Placed",
            "Detail": {"order": {"id": "ö-1", "total": 12.50}, "items": [1, 2]},
            "Resources": ["arn:aws:s3:::bucket"]}"#;
        let c = convert(entry).unwrap();
        check_delivered(&c);
        assert!(
            c.summary.contains("its `Detail` is an object"),
            "{}",
            c.summary
        );
        assert!(
            c.text.contains("12.50"),
            "the number as written: {}",
            c.text
        );
        let request = format!(r#"{{"Entries": [{entry}]}}"#);
        check_delivered(&convert(&request).unwrap());
    }

    #[test]
    fn a_detail_string_is_parsed() {
        let event = r#"{"source": "com.example.shop", "detail-type": "Order Placed", "detail": "{\"order\": {\"id\": \"ö-1\"}}", "region": "eu-west-1"}"#;
        let c = convert(event).unwrap();
        assert!(matches(
            r#"{"detail": {"order": {"id": ["ö-1"]}}}"#,
            &c.text
        ));
        assert!(matches(
            r#"{"source": ["com.example.shop"], "region": ["eu-west-1"]}"#,
            &c.text
        ));
        assert!(c.summary.contains("`detail` is JSON text in a string"));
    }
}
