//! The user's work: named patterns and events, which pair is shown, the Bus view's rules, request
//! and options, which view is open, and its encoding in share links and in local storage.
//!
//! A link carries `#s1.` and then the workspace as JSON, compressed with raw DEFLATE
//! (`miniz_oxide`, the pure-Rust codec behind `flate2`) and written in URL-safe base64 without
//! padding. DEFLATE shrinks event JSON about 4 to 8 times, the codec adds little to the download,
//! and any zlib tool can read a link. The `s1` prefix versions the format: a link of an unknown
//! version is refused with a clear message instead of being misread.

use crate::doc_list::{Applied, DocAction, DocList, MAX_DOCS};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use eventlens_bus::BusSettings;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::rc::Rc;

/// The prefix of the current link format.
pub const LINK_PREFIX: &str = "s1.";
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

/// Which side of the pattern view: the patterns or the events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The patterns.
    Pattern,
    /// The events.
    Event,
}

impl Side {
    /// `pattern` or `event`: element ids, test ids and messages use it.
    pub fn kind(self) -> &'static str {
        match self {
            Side::Pattern => "pattern",
            Side::Event => "event",
        }
    }

    /// The stem of new docs' names.
    pub fn stem(self) -> &'static str {
        match self {
            Side::Pattern => "rule",
            Side::Event => "event",
        }
    }
}

/// A verdict the user expects of one pattern against one event (by their names).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expectation {
    /// The pattern's name.
    #[serde(rename = "p")]
    pub pattern: String,
    /// The event's name.
    #[serde(rename = "e")]
    pub event: String,
    /// Whether the pattern should match the event.
    #[serde(rename = "m")]
    pub matches: bool,
}

/// Everything a share link restores.
#[derive(Debug, Clone, PartialEq)]
pub struct Workspace {
    /// The patterns.
    pub patterns: DocList,
    /// The events.
    pub events: DocList,
    /// The view open.
    pub view: View,
    /// The Bus view's inputs, once it has been opened.
    pub bus: Option<BusDocs>,
    /// The verdicts expected of pairs, in the order they were set.
    pub expectations: Vec<Expectation>,
}

/// A workspace as links and saves write it (the format of the first links, extended).
#[derive(Serialize, Deserialize)]
struct Wire {
    #[serde(rename = "p")]
    patterns: Vec<Doc>,
    #[serde(rename = "e")]
    events: Vec<Doc>,
    #[serde(rename = "ap", default)]
    active_pattern: usize,
    #[serde(rename = "ae", default)]
    active_event: usize,
    #[serde(rename = "v", default, skip_serializing_if = "View::is_pattern")]
    view: View,
    #[serde(rename = "b", default, skip_serializing_if = "Option::is_none")]
    bus: Option<BusDocs>,
    #[serde(rename = "x", default, skip_serializing_if = "Vec::is_empty")]
    expectations: Vec<Expectation>,
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
    /// The PutEvents request body, or in service mode the services' events.
    #[serde(rename = "q")]
    pub request: Rc<str>,
    /// Whether the request holds events the services send themselves (run with
    /// `put_service_events`) instead of a PutEvents request body.
    #[serde(rename = "sv", default, skip_serializing_if = "is_false")]
    pub service: bool,
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
            service: false,
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

fn is_false(b: &bool) -> bool {
    !*b
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

/// Why a workspace could not be opened beside another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenError {
    /// That side would hold more than [`MAX_DOCS`] docs.
    Full(Side),
}

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let OpenError::Full(side) = self;
        write!(
            f,
            "A workspace holds at most {MAX_DOCS} {}s: remove some of yours first",
            side.kind()
        )
    }
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
        Workspace::of(
            DocList::one(Doc::new("rule-1", pattern)),
            DocList::one(Doc::new("event-1", event)),
        )
    }

    /// These patterns and events, in the pattern view, without expectations.
    pub fn of(patterns: DocList, events: DocList) -> Workspace {
        Workspace {
            patterns,
            events,
            view: View::Pattern,
            bus: None,
            expectations: Vec::new(),
        }
    }

    /// The pattern in the editor.
    pub fn pattern(&self) -> &Doc {
        self.patterns.current()
    }

    /// The event in the editor.
    pub fn event(&self) -> &Doc {
        self.events.current()
    }

    /// The docs of `side`.
    pub fn side(&self, side: Side) -> &DocList {
        match side {
            Side::Pattern => &self.patterns,
            Side::Event => &self.events,
        }
    }

    /// Applies `action` to `side`; expectations follow renamed docs and go with removed ones.
    pub fn apply(&mut self, side: Side, action: DocAction) -> Applied {
        let list = match side {
            Side::Pattern => &mut self.patterns,
            Side::Event => &mut self.events,
        };
        let applied = list.apply(action);
        fn name_of(side: Side, x: &mut Expectation) -> &mut String {
            match side {
                Side::Pattern => &mut x.pattern,
                Side::Event => &mut x.event,
            }
        }
        let unique = |name: &str| {
            self.side(side)
                .docs()
                .iter()
                .filter(|d| d.name == name)
                .count()
        };
        match &applied {
            // A name another doc has too keeps its own expectations (no merging of two docs').
            Applied::Renamed(old, new) if unique(new) == 1 => {
                for x in &mut self.expectations {
                    let name = name_of(side, x);
                    if name == old {
                        *name = new.clone();
                    }
                }
            }
            Applied::Removed(gone) if unique(gone) == 0 => {
                self.expectations.retain_mut(|x| name_of(side, x) != gone);
            }
            _ => {}
        }
        applied
    }

    /// The verdict expected of pattern `pattern` against event `event` (by name).
    pub fn expected(&self, pattern: &str, event: &str) -> Option<bool> {
        self.expectations
            .iter()
            .find(|x| x.pattern == pattern && x.event == event)
            .map(|x| x.matches)
    }

    /// Sets (or with `None` clears) the verdict expected of a pair.
    pub fn expect(&mut self, pattern: &str, event: &str, matches: Option<bool>) {
        let at = self
            .expectations
            .iter()
            .position(|x| x.pattern == pattern && x.event == event);
        match (at, matches) {
            (Some(i), Some(m)) => self.expectations[i].matches = m,
            (Some(i), None) => {
                self.expectations.remove(i);
            }
            (None, Some(m)) => self.expectations.push(Expectation {
                pattern: pattern.into(),
                event: event.into(),
                matches: m,
            }),
            (None, None) => {}
        }
    }

    /// Opens `other`'s patterns and events beside this workspace's, shows other's pair and
    /// takes its expectations. Docs `pristine` picks (unchanged samples, which the menu gives back
    /// any time) make room first; every other doc stays. Names already taken get a number.
    pub fn open_beside(
        &mut self,
        other: &Workspace,
        pristine: impl Fn(Side, &Doc) -> bool,
    ) -> Result<(), OpenError> {
        let mut ws = Workspace::of(self.patterns.clone(), self.events.clone());
        ws.bus = self.bus.clone();
        let mut names = Vec::new();
        for side in [Side::Pattern, Side::Event] {
            let kept: Vec<Doc> = self
                .side(side)
                .docs()
                .iter()
                .filter(|d| !pristine(side, d))
                .cloned()
                .collect();
            let mut list = DocList::new(kept, 0);
            let mut renamed = Vec::new();
            for doc in other.side(side).docs() {
                let name = match &mut list {
                    None => {
                        list = Some(DocList::one(doc.clone()));
                        doc.name.clone()
                    }
                    Some(l) => match l.apply(DocAction::Open(doc.clone())) {
                        Applied::Full => return Err(OpenError::Full(side)),
                        _ => l.current().name.clone(),
                    },
                };
                renamed.push((doc.name.clone(), name));
            }
            let mut list = list.expect("a workspace has a doc of each side");
            let shown = &renamed[other.side(side).active()].1;
            let at = list.docs().iter().position(|d| d.name == *shown);
            list.apply(DocAction::Select(at.expect("just opened")));
            names.push(renamed);
            match side {
                Side::Pattern => ws.patterns = list,
                Side::Event => ws.events = list,
            }
        }
        let new_name = |renamed: &[(String, String)], old: &str| {
            renamed
                .iter()
                .find(|(from, _)| from == old)
                .map(|(_, to)| to.clone())
        };
        ws.expectations = self
            .expectations
            .iter()
            .filter(|x| {
                ws.patterns.named(&x.pattern).is_some() && ws.events.named(&x.event).is_some()
            })
            .cloned()
            .collect();
        for x in &other.expectations {
            if let (Some(p), Some(e)) = (
                new_name(&names[0], &x.pattern),
                new_name(&names[1], &x.event),
            ) {
                ws.expect(&p, &e, Some(x.matches));
            }
        }
        *self = ws;
        Ok(())
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
        let wire = Wire {
            patterns: self.patterns.docs().to_vec(),
            events: self.events.docs().to_vec(),
            active_pattern: self.patterns.active(),
            active_event: self.events.active(),
            view: self.view,
            bus: self.bus.clone(),
            expectations: self.expectations.clone(),
        };
        let json = serde_json::to_vec(&wire).expect("a workspace always serializes");
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
        let w: Wire =
            serde_json::from_slice(&json).map_err(|e| LinkError::Invalid(e.to_string()))?;
        Workspace::checked(w)
    }

    /// The workspace if it is usable: one to [`MAX_DOCS`] patterns and events, indexes in range.
    fn checked(w: Wire) -> Result<Workspace, LinkError> {
        let list = |what: &str, docs: Vec<Doc>, active: usize| {
            let count = docs.len();
            if count == 0 || count > MAX_DOCS {
                return Err(LinkError::Invalid(format!(
                    "it has {count} {what}; 1 to {MAX_DOCS} are allowed"
                )));
            }
            DocList::new(docs, active)
                .ok_or_else(|| LinkError::Invalid("its selection is out of range".into()))
        };
        Ok(Workspace {
            patterns: list("patterns", w.patterns, w.active_pattern)?,
            events: list("events", w.events, w.active_event)?,
            view: w.view,
            bus: w.bus,
            expectations: w.expectations,
        })
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
        w.apply(Side::Event, DocAction::Open(Doc::new("second", "{}")));
        w.expect("rule-1", "second", Some(false));
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
        assert!(!bus.service, "older links hold PutEvents requests");
    }

    #[test]
    fn service_mode_round_trips_and_is_left_out_when_off() {
        let mut w = sample();
        w.view = View::Bus;
        w.bus = Some(BusDocs::default());
        let off = w.encode();
        w.bus.as_mut().unwrap().service = true;
        let on = w.encode();
        assert_ne!(off, on);
        assert_eq!(Workspace::decode(&on).unwrap(), w);
        let json = |w: &Workspace| serde_json::to_string(&w.bus).unwrap();
        assert!(json(&w).contains("\"sv\":true"));
        w.bus.as_mut().unwrap().service = false;
        assert!(!json(&w).contains("\"sv\""));
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
        let link = |json: &str| {
            format!(
                "{LINK_PREFIX}{}",
                URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 6))
            )
        };
        assert!(matches!(
            Workspace::decode(&link(r#"{"p":[],"e":[{"n":"b","t":"{}"}]}"#)),
            Err(LinkError::Invalid(why)) if why.contains("0 patterns")
        ));
        assert!(matches!(
            Workspace::decode(&link(r#"{"p":[{"n":"a","t":"{}"}],"e":[{"n":"b","t":"{}"}],"ae":5}"#)),
            Err(LinkError::Invalid(why)) if why.contains("out of range")
        ));
    }

    #[test]
    fn samples_open_beside_the_users_docs_and_replace_pristine_ones() {
        let mut mine = sample();
        mine.apply(
            Side::Pattern,
            DocAction::Open(Doc::new("from-sample", "{}")),
        );
        let mut other = Workspace::single("{\"a\": [1]}", "{\"a\": 1}");
        other.apply(
            Side::Event,
            DocAction::Open(Doc::new("second", "{\"a\": 2}")),
        );
        other.expect("rule-1", "second", Some(false));
        let pristine = |_: Side, d: &Doc| d.name == "from-sample";
        mine.open_beside(&other, pristine).unwrap();
        let names = |l: &DocList| l.docs().iter().map(|d| d.name.clone()).collect::<Vec<_>>();
        assert_eq!(
            names(&mine.patterns),
            ["rule-1", "rule-2"],
            "the pristine doc made room"
        );
        assert_eq!(
            names(&mine.events),
            ["event-1", "second", "event-2", "second-1"]
        );
        assert_eq!(
            (mine.pattern().name.as_str(), mine.event().name.as_str()),
            ("rule-2", "second-1"),
            "the pair the other showed"
        );
        assert_eq!(
            mine.expected("rule-1", "second"),
            Some(false),
            "the user's own"
        );
        assert_eq!(
            mine.expected("rule-2", "second-1"),
            Some(false),
            "the sample's, renamed"
        );

        // Only pristine docs: the other's replace them.
        let mut fresh = Workspace::single("{}", "{}");
        fresh.open_beside(&other, |_, _| true).unwrap();
        assert_eq!(fresh.patterns, other.patterns);
        assert_eq!(fresh.events.docs(), other.events.docs());

        // A full side refuses, and nothing changes.
        let mut full = sample();
        for _ in 2..MAX_DOCS {
            full.apply(Side::Event, DocAction::Add { stem: "event" });
        }
        let before = full.clone();
        assert_eq!(
            full.open_beside(&other, |_, _| false),
            Err(OpenError::Full(Side::Event))
        );
        assert_eq!(full, before);
    }

    #[test]
    fn expectations_round_trip_and_follow_their_docs() {
        let mut w = sample();
        assert_eq!(w.expected("rule-1", "second"), Some(false));
        assert_eq!(Workspace::decode(&w.encode()).unwrap(), w);
        w.expect("rule-1", "second", Some(true));
        w.expect("rule-1", "event-1", Some(true));
        assert_eq!(w.expectations.len(), 2);
        w.apply(Side::Event, DocAction::Rename("renamed".into()));
        assert_eq!(w.expected("rule-1", "renamed"), Some(true));
        assert_eq!(w.expected("rule-1", "second"), None);
        w.apply(Side::Event, DocAction::Remove);
        assert_eq!(w.expected("rule-1", "renamed"), None, "gone with its event");
        assert_eq!(w.expected("rule-1", "event-1"), Some(true));
        w.expect("rule-1", "event-1", None);
        assert!(w.expectations.is_empty());
        // A link made before expectations existed has none.
        assert!(Workspace::decode(&Workspace::single("{}", "{}").encode())
            .unwrap()
            .expectations
            .is_empty());
    }
}
