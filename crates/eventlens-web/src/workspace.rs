//! The user's work: named patterns and events, which pair is shown, the Bus view's rules, request
//! and options, which view is open, and its encoding in share links and in local storage.
//!
//! A link carries `#s1.` and then the workspace as JSON, compressed with raw DEFLATE
//! (`miniz_oxide`, the pure-Rust codec behind `flate2`) and written in URL-safe base64 without
//! padding. DEFLATE shrinks event JSON about 4 to 8 times, the codec adds little to the download,
//! and any zlib tool can read a link. The `s1` prefix versions the format: a link of an unknown
//! version is refused with a clear message instead of being misread.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use eventlens::bus::BusSettings;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::rc::Rc;

/// The prefix of the current link format.
pub const LINK_PREFIX: &str = "s1.";
/// Most patterns or events a workspace holds.
pub const MAX_DOCS: usize = 50;
/// Largest decompressed workspace a link may carry.
const MAX_JSON_BYTES: usize = 8 << 20;
/// DEFLATE level of links: the best ratio (links should be short).
const LINK_LEVEL: u8 = 9;
/// DEFLATE level of autosaves: fast (they happen while one types).
const SAVE_LEVEL: u8 = 1;

/// A named text: a pattern (a rule) or an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Doc {
    /// Its name in tabs and the matrix.
    #[serde(rename = "n")]
    pub name: String,
    /// The JSON text.
    #[serde(rename = "t")]
    pub text: Rc<str>,
}

impl Doc {
    /// A doc named `name` holding `text`.
    pub fn new(name: impl Into<String>, text: impl Into<Rc<str>>) -> Doc {
        Doc {
            name: name.into(),
            text: text.into(),
        }
    }
}

/// Everything a share link restores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workspace {
    /// The patterns (at least one).
    #[serde(rename = "p")]
    pub patterns: Vec<Doc>,
    /// The events (at least one).
    #[serde(rename = "e")]
    pub events: Vec<Doc>,
    /// The pattern in the editor.
    #[serde(rename = "ap", default)]
    pub active_pattern: usize,
    /// The event in the editor.
    #[serde(rename = "ae", default)]
    pub active_event: usize,
    /// The view open.
    #[serde(rename = "v", default, skip_serializing_if = "View::is_pattern")]
    pub view: View,
    /// The Bus view's inputs, once it has been opened.
    #[serde(rename = "b", default, skip_serializing_if = "Option::is_none")]
    pub bus: Option<BusDocs>,
}

/// The two views of the page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum View {
    /// One pattern against one event (and the matrix).
    #[default]
    #[serde(rename = "p")]
    Pattern,
    /// A bus of rules and a PutEvents request.
    #[serde(rename = "b")]
    Bus,
}

impl View {
    fn is_pattern(&self) -> bool {
        *self == View::Pattern
    }
}

/// The ingestion time of a Bus view that names none (a fixed clock: runs repeat exactly).
pub const DEFAULT_NOW: &str = "2024-05-01T12:00:00Z";

/// What the Bus view runs: the rules, the PutEvents request and the options of the call, as typed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BusDocs {
    /// The rules: a JSON rule list or a CloudFormation/SAM template (JSON or YAML).
    #[serde(rename = "r")]
    pub rules: Rc<str>,
    /// The PutEvents request body.
    #[serde(rename = "q")]
    pub request: Rc<str>,
    /// The account id.
    #[serde(rename = "a")]
    pub account: String,
    /// The Region PutEvents is called in.
    #[serde(rename = "g")]
    pub region: String,
    /// `AWS::StackName` in templates.
    #[serde(rename = "k")]
    pub stack_name: String,
    /// Template parameters, one `NAME=VALUE` a line.
    #[serde(rename = "m")]
    pub parameters: String,
    /// The ingestion time (RFC 3339).
    #[serde(rename = "t")]
    pub now: String,
    /// Seeds the event ids.
    #[serde(rename = "s")]
    pub seed: u64,
    /// Endpoints (names) whose primary Region is marked unhealthy.
    #[serde(rename = "u")]
    pub unhealthy: Vec<String>,
    /// The rule verdict whose explanation is shown.
    #[serde(rename = "x")]
    pub pick: Option<Pick>,
}

impl Default for BusDocs {
    fn default() -> Self {
        let settings = BusSettings::default();
        BusDocs {
            rules: "[]".into(),
            request: "{\"Entries\": []}".into(),
            account: settings.account,
            region: settings.region,
            stack_name: settings.stack_name,
            parameters: String::new(),
            now: DEFAULT_NOW.into(),
            seed: 0,
            unhealthy: Vec::new(),
            pick: None,
        }
    }
}

/// One rule verdict of a PutEvents outcome: entry, Region it reached, rule (0-based indexes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pick {
    /// The entry.
    #[serde(rename = "e")]
    pub entry: usize,
    /// The arrival (Region) of the entry.
    #[serde(rename = "a")]
    pub arrival: usize,
    /// The rule on that Region's bus.
    #[serde(rename = "r")]
    pub rule: usize,
}

/// Why a link or a saved workspace could not be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    /// Made by another version of the playground.
    UnknownVersion(String),
    /// Not base64, not DEFLATE, or larger than the limit once inflated.
    Corrupt,
    /// Readable, but not a workspace.
    Invalid(String),
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::UnknownVersion(v) => write!(
                f,
                "This link uses format \"{v}\", which this version of the playground cannot read"
            ),
            LinkError::Corrupt => f.write_str("This link is damaged (was it cut short?)"),
            LinkError::Invalid(why) => write!(f, "This link holds no usable workspace: {why}"),
        }
    }
}

impl Workspace {
    /// One pattern and one event.
    pub fn single(pattern: impl Into<Rc<str>>, event: impl Into<Rc<str>>) -> Workspace {
        Workspace {
            patterns: vec![Doc::new("rule-1", pattern)],
            events: vec![Doc::new("event-1", event)],
            active_pattern: 0,
            active_event: 0,
            view: View::Pattern,
            bus: None,
        }
    }

    /// The pattern in the editor.
    pub fn pattern(&self) -> &Doc {
        &self.patterns[self.active_pattern]
    }

    /// The event in the editor.
    pub fn event(&self) -> &Doc {
        &self.events[self.active_event]
    }

    /// The link code (what follows `#`).
    pub fn encode(&self) -> String {
        self.encode_at(LINK_LEVEL)
    }

    /// The code for autosaving: the same format, compressed faster and a little less.
    pub fn encode_quick(&self) -> String {
        self.encode_at(SAVE_LEVEL)
    }

    fn encode_at(&self, level: u8) -> String {
        let json = serde_json::to_vec(self).expect("a workspace always serializes");
        let packed = miniz_oxide::deflate::compress_to_vec(&json, level);
        format!("{LINK_PREFIX}{}", URL_SAFE_NO_PAD.encode(packed))
    }

    /// Reads a link code (with or without its leading `#`).
    pub fn decode(code: &str) -> Result<Workspace, LinkError> {
        let code = code.trim_start_matches('#');
        let Some(body) = code.strip_prefix(LINK_PREFIX) else {
            let version = code.split('.').next().unwrap_or_default();
            return Err(LinkError::UnknownVersion(
                version.chars().take(12).collect(),
            ));
        };
        let packed = URL_SAFE_NO_PAD
            .decode(body.trim_end_matches('='))
            .map_err(|_| LinkError::Corrupt)?;
        let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_JSON_BYTES)
            .map_err(|_| LinkError::Corrupt)?;
        let w: Workspace =
            serde_json::from_slice(&json).map_err(|e| LinkError::Invalid(e.to_string()))?;
        w.checked()
    }

    /// The workspace if it is usable: one to [`MAX_DOCS`] patterns and events, indexes in range.
    fn checked(self) -> Result<Workspace, LinkError> {
        for (what, docs) in [("patterns", &self.patterns), ("events", &self.events)] {
            if docs.is_empty() || docs.len() > MAX_DOCS {
                return Err(LinkError::Invalid(format!(
                    "it has {} {what}; 1 to {MAX_DOCS} are allowed",
                    docs.len()
                )));
            }
        }
        if self.active_pattern >= self.patterns.len() || self.active_event >= self.events.len() {
            return Err(LinkError::Invalid("its selection is out of range".into()));
        }
        Ok(self)
    }

    /// A name for a new doc: `stem-N` with the first N not yet taken.
    pub fn fresh_name(docs: &[Doc], stem: &str) -> String {
        (1..)
            .map(|n| format!("{stem}-{n}"))
            .find(|name| docs.iter().all(|d| d.name != *name))
            .expect("some number is free")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Workspace {
        let mut w = Workspace::single(
            "{\"detail\": {\"status\": [\"FAILED\"]}}",
            "{\"detail\": {\"status\": \"é 😀 <b>x</b>\"}}",
        );
        w.events.push(Doc::new("second", "{}"));
        w.active_event = 1;
        w
    }

    #[test]
    fn bus_views_round_trip_and_older_links_still_open() {
        let mut w = sample();
        let plain = w.encode();
        w.view = View::Bus;
        w.bus = Some(BusDocs {
            rules: "Resources:\n  R:\n    Type: AWS::Events::Rule # <b>é</b>\n".into(),
            parameters: "Bucket=example".into(),
            unhealthy: vec!["lab-endpoint".into()],
            pick: Some(Pick {
                entry: 1,
                arrival: 0,
                rule: 2,
            }),
            ..BusDocs::default()
        });
        assert_eq!(Workspace::decode(&w.encode()).unwrap(), w);
        // A link made before the Bus view existed opens the pattern view.
        let old = Workspace::decode(&plain).unwrap();
        assert_eq!((old.view, old.bus), (View::Pattern, None));
        // Options a link leaves out take their defaults.
        let json = r#"{"p":[{"n":"a","t":"{}"}],"e":[{"n":"b","t":"{}"}],"v":"b","b":{"r":"[]"}}"#;
        let code = format!(
            "{LINK_PREFIX}{}",
            URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 6))
        );
        let bus = Workspace::decode(&code).unwrap().bus.unwrap();
        assert_eq!(bus.account, "123456789012");
        assert_eq!(bus.now, DEFAULT_NOW);
    }

    #[test]
    fn links_round_trip_exactly() {
        let w = sample();
        let code = w.encode();
        assert!(code.starts_with("s1."));
        assert!(code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)));
        assert_eq!(Workspace::decode(&code).unwrap(), w);
        assert_eq!(Workspace::decode(&format!("#{code}")).unwrap(), w);
        assert_eq!(Workspace::decode(&w.encode_quick()).unwrap(), w);
    }

    #[test]
    fn big_events_compress() {
        let event = format!(
            "{{\"items\": [{}1]}}",
            "{\"name\": \"sample\", \"size\": 12},".repeat(2000)
        );
        let w = Workspace::single("{}", event.as_str());
        let code = w.encode();
        assert!(
            code.len() * 10 < event.len(),
            "{} vs {}",
            code.len(),
            event.len()
        );
        assert_eq!(Workspace::decode(&code).unwrap(), w);
    }

    #[test]
    fn bad_links_are_refused_with_a_reason() {
        assert_eq!(
            Workspace::decode("#s9.abc"),
            Err(LinkError::UnknownVersion("s9".into()))
        );
        assert_eq!(Workspace::decode("s1.@@@"), Err(LinkError::Corrupt));
        assert_eq!(Workspace::decode("s1.AAAA"), Err(LinkError::Corrupt));
        let code = sample().encode();
        assert_eq!(
            Workspace::decode(&code[..code.len() / 2]),
            Err(LinkError::Corrupt)
        );
        let empty = Workspace {
            patterns: Vec::new(),
            ..sample()
        };
        assert!(matches!(
            Workspace::decode(&empty.encode()),
            Err(LinkError::Invalid(why)) if why.contains("0 patterns")
        ));
        let out_of_range = Workspace {
            active_event: 5,
            ..sample()
        };
        assert!(matches!(
            Workspace::decode(&out_of_range.encode()),
            Err(LinkError::Invalid(_))
        ));
    }

    #[test]
    fn fresh_names_skip_taken_ones() {
        let w = sample();
        assert_eq!(Workspace::fresh_name(&w.events, "event"), "event-2");
        assert_eq!(Workspace::fresh_name(&w.patterns, "rule"), "rule-2");
    }
}
