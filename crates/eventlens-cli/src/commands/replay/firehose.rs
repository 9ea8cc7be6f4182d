//! Firehose records: `{"recordId": ..., "data": "<base64>"}` (as a transformation Lambda or an
//! HTTP endpoint receives them) or a request of them, `{"records": [...]}`. Each record's data is
//! an event.

use base64::Engine;
use serde::Deserialize;

#[derive(Deserialize)]
struct Record {
    data: String,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Records {
    Many { records: Vec<Record> },
    One(Record),
}

/// The events inside `text` when it is a Firehose record or a request of records (whose data
/// are base64 text), else `None`. (Parsed: callers pass only texts that hold [`data_key`].)
pub fn events(text: &str) -> Option<Vec<String>> {
    let records = match serde_json::from_str::<Records>(text).ok()? {
        Records::Many { records } => records,
        Records::One(record) => vec![record],
    };
    let engine = base64::engine::general_purpose::STANDARD;
    records
        .iter()
        .map(|r| {
            let bytes = engine.decode(&r.data).ok()?;
            let text = String::from_utf8(bytes).ok()?;
            Some(text.trim_end().to_string())
        })
        .collect()
}

/// What a Firehose record holds, which callers look for before calling [`events`].
pub fn data_key() -> memchr::memmem::Finder<'static> {
    memchr::memmem::Finder::new(b"\"data\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_and_requests_of_them() {
        let one = r#"{"recordId": "1", "data": "eyJhIjogMX0K"}"#;
        assert_eq!(events(one), Some(vec![r#"{"a": 1}"#.to_string()]));
        let many = r#"{"requestId": "r", "records": [{"data": "eyJhIjogMX0="}, {"data": "e30="}]}"#;
        assert_eq!(
            events(many),
            Some(vec![r#"{"a": 1}"#.to_string(), "{}".to_string()])
        );
        // Envelopes, and a "data" that is not base64 text, are events themselves.
        assert_eq!(events(r#"{"detail": {"data": "x"}}"#), None);
        assert_eq!(events(r#"{"data": "not base64!"}"#), None);
        assert_eq!(events(r#"{"source": "x"}"#), None);
    }
}
