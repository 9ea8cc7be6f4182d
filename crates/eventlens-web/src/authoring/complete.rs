//! Completion in the pattern editor: the keys, operators and values that fit where the caret is,
//! drawn from the events. The pattern is usually half-typed and invalid, so the place is found
//! from a tolerant token scan of the text before the caret.

use super::pairs::is_closed;
use super::tree::{self, Scalar};
use crate::syntax::{tokens, Token, TokenKind};
use eventlens::json::quote;
use eventlens::json::NodeKind;
use std::collections::BTreeMap;

/// What the editor can offer at the caret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// First byte an accepted item replaces.
    pub from: usize,
    /// End of the bytes it replaces.
    pub to: usize,
    /// The choices, best first.
    pub items: Vec<Item>,
}

/// One choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The key, operator or value (JSON literal) offered.
    pub value: String,
    /// The text put in place of `from..to`.
    pub insert: String,
    /// Where the caret goes, in bytes within `insert`.
    pub caret: usize,
    /// Why it is offered ("key in 3 events", "operator", "value seen 12×").
    pub detail: String,
}

/// Operators of a matcher object: name, the text after the name's `": "`, and where the caret
/// goes in that text.
const OPERATORS: [(&str, &str, usize); 8] = [
    ("prefix", "\"\"", 1),
    ("suffix", "\"\"", 1),
    ("equals-ignore-case", "\"\"", 1),
    ("wildcard", "\"\"", 1),
    ("anything-but", "[]", 1),
    ("numeric", "[\">\", 0]", 6),
    ("exists", "true", 4),
    ("cidr", "\"\"", 1),
];

/// The operators `anything-but` takes in an object.
const ANYTHING_BUT: [&str; 4] = ["prefix", "suffix", "equals-ignore-case", "wildcard"];

/// The operator `prefix` and `suffix` take in an object.
const IGNORING_CASE: [&str; 1] = ["equals-ignore-case"];

/// The completions at byte `caret` of `pattern_text`, from `events` (texts that are not valid
/// JSON are skipped). `None` when nothing fits there.
pub fn complete(pattern_text: &str, caret: usize, events: &[&str]) -> Option<Completion> {
    let before = &pattern_text[..caret];
    let mut scanned = tokens(before);
    let typed = Typed::take(before, &mut scanned)?;
    let next = pattern_text[caret..].chars().next();
    if next.is_some_and(|c| c.is_alphanumeric() || c == '_') {
        // The caret is inside a word.
        return None;
    }
    if matches!(typed, Typed::Nothing) && next == Some('"') {
        // The caret is just before a string: what is offered would run into it.
        return None;
    }
    let mut to = caret;
    if matches!(typed, Typed::String(_)) && next == Some('"') {
        to += 1;
    }
    let place = Place::of(before, &scanned);
    let events: Vec<(eventlens::json::Document, &str)> = events
        .iter()
        .filter_map(|text| Some((tree::parse(text).ok()?, *text)))
        .collect();
    let items = match (&place.role, place.state) {
        (Role::Fields(path), State::Key) if !matches!(typed, Typed::Word(_)) => {
            let before_colon = pattern_text[to..].trim_start().starts_with(':');
            keys(&events, path, &place.seen, before_colon)
        }
        (Role::Matcher(_), State::Key) if !matches!(typed, Typed::Word(_)) => {
            operators(OPERATORS.iter().map(|&(name, _, _)| name), &place.seen)
        }
        (Role::Nested(names), State::Key) if !matches!(typed, Typed::Word(_)) => {
            operators(names.iter().copied(), &place.seen)
        }
        (Role::Values(path) | Role::Excluded(path), State::Value) => {
            values(&events, path, &place.seen)
        }
        _ => return None,
    };
    // Values are literals as typed; keys and operators are typed in quotes.
    let literals = matches!(place.role, Role::Values(_) | Role::Excluded(_));
    let prefix = typed.text(before).to_lowercase();
    let items: Vec<Item> = items
        .into_iter()
        .filter(|item| {
            let shown = if literals {
                item.value.clone()
            } else {
                quote(&item.value)
            };
            shown.to_lowercase().starts_with(&prefix)
        })
        .collect();
    (!items.is_empty()).then(|| Completion {
        from: typed.start(caret),
        to,
        items,
    })
}

/// What is typed just before the caret.
#[derive(Debug, Clone, Copy)]
enum Typed {
    /// Nothing: the caret follows a bracket, punctuation or white space.
    Nothing,
    /// A string still open, starting at the given byte.
    String(usize),
    /// A bare word of letters (the start of `true`, `false`, `null`), starting at the byte.
    Word(usize),
}

impl Typed {
    /// Takes the token being typed off the end of `scanned`; `None` when the caret ends a
    /// finished string or a number.
    fn take(before: &str, scanned: &mut Vec<Token>) -> Option<Typed> {
        let Some(last) = scanned.last().filter(|t| t.span.end == before.len()) else {
            return Some(Typed::Nothing);
        };
        let text = last.span.slice(before);
        let typed = match last.kind {
            TokenKind::String | TokenKind::Key if !is_closed(text) => {
                Typed::String(last.span.start)
            }
            TokenKind::Literal | TokenKind::Invalid
                if text.chars().all(|c| c.is_ascii_alphabetic()) =>
            {
                Typed::Word(last.span.start)
            }
            TokenKind::Bracket | TokenKind::Punct => return Some(Typed::Nothing),
            _ => return None,
        };
        scanned.pop();
        Some(typed)
    }

    /// Where an accepted item starts.
    fn start(self, caret: usize) -> usize {
        match self {
            Typed::Nothing => caret,
            Typed::String(start) | Typed::Word(start) => start,
        }
    }

    /// The typed text (an open string with its quote).
    fn text(self, before: &str) -> &str {
        &before[self.start(before.len())..]
    }
}

/// What an object or list of the pattern is.
#[derive(Debug, Clone, PartialEq)]
enum Role {
    /// The text's top level.
    Top,
    /// An object of fields at this path (the pattern, an object under a field, a `$or` branch).
    Fields(Vec<String>),
    /// A field's list of matchers.
    Values(Vec<String>),
    /// `anything-but`'s list of values (no matcher objects).
    Excluded(Vec<String>),
    /// A `$or` list: its objects are fields at the path of the object holding it.
    Or(Vec<String>),
    /// A matcher object in a field's list.
    Matcher(Vec<String>),
    /// An operator's object (`anything-but`, `prefix`, `suffix`) and the operators it takes.
    Nested(&'static [&'static str]),
    /// Anything else.
    Other,
}

/// Where in an object or list the scan is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Where a key goes.
    Key,
    /// After a key, before its `:`.
    Colon,
    /// Where a value goes.
    Value,
    /// After a value.
    After,
}

/// An open object or list.
#[derive(Debug, Clone)]
struct Place {
    role: Role,
    /// An object rather than a list.
    object: bool,
    state: State,
    /// The key whose value comes next (objects).
    key: Option<String>,
    /// The keys (objects) or values (lists) already in it.
    seen: Vec<String>,
}

impl Place {
    /// The innermost open object or list after the tokens `scanned` of `before`.
    fn of(before: &str, scanned: &[Token]) -> Place {
        let root = Place {
            role: Role::Top,
            object: false,
            state: State::Value,
            key: None,
            seen: Vec::new(),
        };
        let mut stack = vec![root];
        for token in scanned {
            let text = token.span.slice(before);
            let top = stack.last_mut().expect("the root stays");
            match (token.kind, text) {
                (TokenKind::Bracket, "{" | "[") => {
                    let object = text == "{";
                    let role = top.child(object);
                    stack.push(Place {
                        role,
                        object,
                        state: if object { State::Key } else { State::Value },
                        key: None,
                        seen: Vec::new(),
                    });
                }
                (TokenKind::Bracket, _) => {
                    if stack.len() > 1 {
                        stack.pop();
                    }
                    stack.last_mut().expect("the root stays").state = State::After;
                }
                (TokenKind::Punct, ":") => top.state = State::Value,
                (TokenKind::Punct, _) => {
                    top.state = if top.object { State::Key } else { State::Value };
                    top.key = None;
                }
                (TokenKind::Key | TokenKind::String, _)
                    if top.object && top.state == State::Key =>
                {
                    let key = serde_json::from_str(text)
                        .unwrap_or_else(|_| text.trim_matches('"').to_string());
                    top.seen.push(key.clone());
                    top.key = Some(key);
                    top.state = State::Colon;
                }
                _ => {
                    if !top.object {
                        top.seen.push(text.to_string());
                    }
                    top.state = State::After;
                }
            }
        }
        stack.pop().expect("the root stays")
    }

    /// The role of an object (or list) opened at the scan's place in this one.
    fn child(&self, object: bool) -> Role {
        let under = |path: &[String], key: &str| [path, &[key.to_string()]].concat();
        match (&self.role, self.state, self.key.as_deref(), object) {
            (Role::Top, State::Value, None, true) => Role::Fields(Vec::new()),
            (Role::Fields(path), State::Value, Some(key), true) => Role::Fields(under(path, key)),
            (Role::Fields(path), State::Value, Some("$or"), false) => Role::Or(path.clone()),
            (Role::Fields(path), State::Value, Some(key), false) => Role::Values(under(path, key)),
            (Role::Or(path), State::Value, None, true) => Role::Fields(path.clone()),
            (Role::Values(path), State::Value, None, true) => Role::Matcher(path.clone()),
            (Role::Matcher(path), State::Value, Some("anything-but"), false) => {
                Role::Excluded(path.clone())
            }
            (Role::Matcher(_), State::Value, Some("anything-but"), true) => {
                Role::Nested(&ANYTHING_BUT)
            }
            (Role::Matcher(_), State::Value, Some("prefix" | "suffix"), true) => {
                Role::Nested(&IGNORING_CASE)
            }
            _ => Role::Other,
        }
    }
}

/// The keys of the objects at `path` in the events, by how many events have them.
fn keys(
    events: &[(eventlens::json::Document, &str)],
    path: &[String],
    seen: &[String],
    before_colon: bool,
) -> Vec<Item> {
    // Per key: the events that have it, and whether it holds objects in any.
    let mut found: BTreeMap<&str, (usize, bool)> = BTreeMap::new();
    for (doc, _) in events {
        let mut here: BTreeMap<&str, bool> = BTreeMap::new();
        for id in tree::nodes_at(doc, doc.root(), path) {
            if let NodeKind::Object(members) = &doc.node(id).kind {
                for m in members {
                    let objects = tree::nodes_at::<&str>(doc, m.value, &[])
                        .into_iter()
                        .any(|v| matches!(doc.node(v).kind, NodeKind::Object(_)));
                    *here.entry(&m.key).or_default() |= objects;
                }
            }
        }
        for (key, objects) in here {
            let entry = found.entry(key).or_default();
            entry.0 += 1;
            entry.1 |= objects;
        }
    }
    let mut items: Vec<(usize, Item)> = found
        .into_iter()
        .filter(|(key, _)| !seen.iter().any(|s| s == key))
        .map(|(key, (count, objects))| {
            let mut insert = quote(key);
            let caret = if before_colon {
                insert.len()
            } else {
                insert.push_str(if objects { ": {}" } else { ": []" });
                insert.len() - 1
            };
            let events = if count == 1 { "event" } else { "events" };
            let item = Item {
                value: key.to_string(),
                insert,
                caret,
                detail: format!("key in {count} {events}"),
            };
            (count, item)
        })
        .collect();
    items.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.value.cmp(&b.1.value)));
    items.into_iter().map(|(_, item)| item).collect()
}

/// Operator items for `names`, less those already in the object.
fn operators<'a>(names: impl Iterator<Item = &'a str>, seen: &[String]) -> Vec<Item> {
    names
        .filter(|name| !seen.iter().any(|s| s == name))
        .map(|name| {
            let (operand, at) = OPERATORS
                .iter()
                .find(|o| o.0 == name)
                .map_or(("\"\"", 1), |o| (o.1, o.2));
            let head = format!("\"{name}\": ");
            Item {
                value: name.to_string(),
                insert: format!("{head}{operand}"),
                caret: head.len() + at,
                detail: "operator".to_string(),
            }
        })
        .collect()
}

/// The scalars at `path` in the events, as JSON literals, by how often they occur.
fn values(
    events: &[(eventlens::json::Document, &str)],
    path: &[String],
    seen: &[String],
) -> Vec<Item> {
    let mut found: BTreeMap<String, usize> = BTreeMap::new();
    for (doc, text) in events {
        for id in tree::nodes_at(doc, doc.root(), path) {
            if let Some(scalar) = Scalar::of(doc, text, id) {
                *found.entry(scalar.literal()).or_default() += 1;
            }
        }
    }
    let mut items: Vec<(usize, String)> = found
        .into_iter()
        .filter(|(literal, _)| !seen.contains(literal))
        .map(|(literal, count)| (count, literal))
        .collect();
    items.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    items
        .into_iter()
        .map(|(count, literal)| Item {
            caret: literal.len(),
            insert: literal.clone(),
            value: literal,
            detail: format!("value seen {count}×"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVENTS: [&str; 4] = [
        r#"{"source": "aws.s3", "detail-type": "Object Created", "detail": {"status": "FAILED", "size": 12, "tags": [{"név": "é"}], "ok": true}}"#,
        r#"{"source": "aws.s3", "detail": {"status": "failed", "size": 7, "state": {"name": "x"}}}"#,
        r#"{"source": "aws.ec2", "detail": {"status": "FAILED", "size": 12.0, "ok": null}}"#,
        r#"{"source": "broken"#,
    ];

    /// The completion at the `|` of `marked`.
    fn at(marked: &str) -> Option<Completion> {
        let caret = marked.find('|').unwrap();
        complete(&marked.replace('|', ""), caret, &EVENTS)
    }

    fn values(c: &Completion) -> Vec<&str> {
        c.items.iter().map(|i| i.value.as_str()).collect()
    }

    /// The text after accepting item `value` at the `|` of `marked`, with the new caret marked.
    fn accept(marked: &str, value: &str) -> String {
        let c = at(marked).unwrap();
        let item = c.items.iter().find(|i| i.value == value).unwrap();
        let text = marked.replace('|', "");
        let mut out = format!("{}{}{}", &text[..c.from], item.insert, &text[c.to..]);
        out.insert(c.from + item.caret, '|');
        out
    }

    #[test]
    fn keys_by_how_many_events_have_them() {
        let c = at("{|").unwrap();
        assert_eq!(values(&c), ["detail", "source", "detail-type"]);
        assert_eq!(c.items[0].detail, "key in 3 events");
        assert_eq!(c.items[2].detail, "key in 1 event");
        assert_eq!(accept("{|", "source"), r#"{"source": [|]"#);
        assert_eq!(accept("{|", "detail"), r#"{"detail": {|}"#);
        let c = at(r#"{"detail": {"st|"#).unwrap();
        assert_eq!(values(&c), ["status", "state"]);
        assert_eq!((c.from, c.to), (12, 15));
        assert_eq!(
            accept(r#"{"detail": {"st|"#, "state"),
            r#"{"detail": {"state": {|}"#
        );
    }

    #[test]
    fn keys_filter_case_insensitively_and_skip_those_present() {
        let c = at(r#"{"detail": {"status": ["x"], "S|"}}"#).unwrap();
        assert_eq!(values(&c), ["size", "state"]);
        // The closing quote already there is replaced, not doubled.
        assert_eq!(
            accept(r#"{"detail": {"status": ["x"], "S|"}}"#, "size"),
            r#"{"detail": {"status": ["x"], "size": [|]}}"#
        );
        // Before a colon, only the key is put in.
        assert_eq!(
            accept(r#"{"sou|": ["x"]}"#, "source"),
            r#"{"source"|: ["x"]}"#
        );
        assert_eq!(at(r#"{"zz|"#), None);
    }

    #[test]
    fn keys_inside_arrays_and_or_branches() {
        let c = at(r#"{"detail": {"tags": {|"#).unwrap();
        assert_eq!(values(&c), ["név"]);
        assert_eq!(
            accept(r#"{"detail": {"tags": {"n|"#, "név"),
            r#"{"detail": {"tags": {"név": [|]"#
        );
        let c = at(r#"{"$or": [{"source": ["aws.s3"]}, {"|"#).unwrap();
        assert_eq!(values(&c), ["detail", "source", "detail-type"]);
        let c = at(r#"{"detail": {"$or": [{"size": [1]}, {"s|"}]}}"#).unwrap();
        assert_eq!(values(&c), ["size", "status", "state"]);
    }

    #[test]
    fn operators_in_matcher_objects() {
        let c = at(r#"{"detail": {"size": [{|"#).unwrap();
        assert_eq!(
            values(&c),
            [
                "prefix",
                "suffix",
                "equals-ignore-case",
                "wildcard",
                "anything-but",
                "numeric",
                "exists",
                "cidr"
            ]
        );
        assert!(c.items.iter().all(|i| i.detail == "operator"));
        assert_eq!(
            accept(r#"{"detail": {"size": [{"nu|"#, "numeric"),
            r#"{"detail": {"size": [{"numeric": [">", |0]"#
        );
        assert_eq!(
            accept(r#"{"a": [{"e|"}]}"#, "exists"),
            r#"{"a": [{"exists": true|}]}"#
        );
        assert_eq!(
            accept(r#"{"a": [{"PRE|"#, "prefix"),
            r#"{"a": [{"prefix": "|""#
        );
        let c = at(r#"{"a": [{"prefix": {|"#).unwrap();
        assert_eq!(values(&c), ["equals-ignore-case"]);
        let c = at(r#"{"a": ["x", {"anything-but": {"|"}}]}"#).unwrap();
        assert_eq!(
            values(&c),
            ["prefix", "suffix", "equals-ignore-case", "wildcard"]
        );
        assert_eq!(at(r#"{"a": [{"numeric": [|"#), None);
    }

    #[test]
    fn values_seen_at_the_path() {
        let c = at(r#"{"detail": {"status": [|"#).unwrap();
        assert_eq!(values(&c), ["\"FAILED\"", "\"failed\""]);
        assert_eq!(c.items[0].detail, "value seen 2×");
        let c = at(r#"{"detail": {"size": [12, |]}}"#).unwrap();
        assert_eq!(values(&c), ["12.0", "7"]);
        let c = at(r#"{"detail": {"status": ["f|"]}}"#).unwrap();
        assert_eq!(values(&c), ["\"FAILED\"", "\"failed\""]);
        assert_eq!(
            accept(r#"{"detail": {"status": ["f|"]}}"#, "\"failed\""),
            r#"{"detail": {"status": ["failed"|]}}"#
        );
        assert_eq!(
            accept(r#"{"detail": {"ok": [tr|"#, "true"),
            r#"{"detail": {"ok": [true|"#
        );
        let c = at(r#"{"source": [{"anything-but": [|"#).unwrap();
        assert_eq!(values(&c), ["\"aws.s3\"", "\"aws.ec2\""]);
        assert_eq!(at(r#"{"source": [{"anything-but": [{|"#), None);
        let c = at(r#"{"detail": {"tags": {"név": [|"#).unwrap();
        assert_eq!(values(&c), ["\"é\""]);
    }

    #[test]
    fn nothing_where_nothing_fits() {
        // In a finished string, a number, the middle of a word, after a colon.
        assert_eq!(at(r#"{"source": ["aws.s3"|]}"#), None);
        assert_eq!(at(r#"{"source": ["aw|s.s3"]}"#), None);
        assert_eq!(at(r#"{"detail": {"size": [1|"#), None);
        assert_eq!(at(r#"{"source": |"#), None);
        assert_eq!(at(r#"{"so|urce": []}"#), None);
        assert_eq!(at(r#"{|"source": []}"#), None);
        assert_eq!(at(r#"{"source": [|"x"]}"#), None);
        assert_eq!(at("|"), None);
        assert_eq!(at(r#"{"detail": {"nothing": [|"#), None);
        // No usable events: nothing to offer.
        assert_eq!(complete("{", 1, &["{broken"]), None);
        assert_eq!(complete("{", 1, &[]), None);
    }

    #[test]
    fn multi_byte_text_and_the_very_end() {
        let text = "{\"détail\": 1, \"sé";
        let c = complete(text, text.len(), &[r#"{"sé": 1, "séance": {"a": 1}}"#]).unwrap();
        assert_eq!(values(&c), ["sé", "séance"]);
        assert_eq!(c.items[1].insert, "\"séance\": {}");
        assert_eq!(&text[c.from..c.to], "\"sé");
        // Half-typed text on several lines.
        let text = "{\n  \"source\": [\"aws.s3\"],\n  \"detail\": {\n    \"status\": [\n      \"F";
        let c = complete(text, text.len(), &EVENTS).unwrap();
        assert_eq!(values(&c), ["\"FAILED\"", "\"failed\""]);
    }
}
