//! Events: parsing with EventBridge's limits, and the leaf values found at pattern paths.

use crate::json::text::TextPos;
use crate::json::{Document, NodeId, NodeKind};
use crate::pattern::Scalar;
use crate::{Limits, Span};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;

/// The class of an event error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EventErrorKind {
    /// Not valid JSON.
    Syntax,
    /// Valid JSON, but not an object.
    NotAnObject,
    /// Larger than the size limit.
    TooLarge,
    /// Nested deeper than the depth limit.
    TooDeep,
    /// Lacks an envelope field that TestEventPattern requires.
    MissingEnvelope,
}

/// An event that cannot be matched, and where the fault is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventError {
    /// What kind of fault.
    pub kind: EventErrorKind,
    /// What is wrong, in words.
    pub message: String,
    /// The bytes of the event text at fault.
    pub span: Span,
    /// 1-based line of the fault.
    pub line: usize,
    /// 1-based column (UTF-16 units) of the fault.
    pub column: usize,
}

impl EventError {
    fn new(kind: EventErrorKind, message: String, span: Span, src: &str) -> Self {
        let at = TextPos::of(src, span.start);
        EventError {
            kind,
            message,
            span,
            line: at.line,
            column: at.column,
        }
    }
}

impl fmt::Display for EventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (line {}, column {})",
            self.message, self.line, self.column
        )
    }
}

impl std::error::Error for EventError {}

/// The message AWS's TestEventPattern gives for an event it refuses.
pub const TEST_EVENT_PATTERN_MESSAGE: &str = "Parameter Event is not valid.";

/// Envelope fields TestEventPattern requires (AWS does not require `resources`).
pub const ENVELOPE_FIELDS: &[&str] = &["id", "account", "source", "time", "region", "detail-type"];

/// A parsed event (a JSON object).
#[derive(Debug, Clone)]
pub struct Event {
    source: String,
    doc: Document,
}

/// The array elements a value lies in: (array node, element index) for each enclosing array
/// whose element there is an object or an array.
pub type Membership = Vec<(u32, u32)>;

/// A leaf value of the event found at a pattern path.
#[derive(Debug, Clone)]
pub struct Leaf {
    /// The path with array positions, for people (`detail.items[1].name`).
    pub display_path: String,
    /// The leaf's node.
    pub node: NodeId,
    /// The array elements the leaf lies in.
    pub arrays: Membership,
}

/// Leaves of an event grouped by dotted path, for the paths a pattern uses.
#[derive(Debug, Default)]
pub struct LeafIndex {
    /// Leaves per path.
    pub leaves: HashMap<String, Vec<Leaf>>,
    /// Objects and arrays found exactly at a wanted path (they are not values).
    pub containers: HashMap<String, Vec<NodeId>>,
}

impl Event {
    /// Parses an event with EventBridge's default limits (256 KB, 1,100 levels).
    pub fn parse(text: &str) -> Result<Event, EventError> {
        Self::parse_with(text, &Limits::default())
    }

    /// Parses an event with the given limits. The event must be a JSON object.
    pub fn parse_with(text: &str, limits: &Limits) -> Result<Event, EventError> {
        if text.len() > limits.max_event_bytes {
            return Err(EventError::new(
                EventErrorKind::TooLarge,
                format!(
                    "Event is {} bytes; the limit is {} bytes",
                    text.len(),
                    limits.max_event_bytes
                ),
                Span::new(limits.max_event_bytes, text.len()),
                text,
            ));
        }
        let doc = Document::parse(text, limits.max_depth).map_err(|e| {
            let kind = if e.depth_exceeded {
                EventErrorKind::TooDeep
            } else {
                EventErrorKind::Syntax
            };
            EventError::new(kind, e.message, e.span, text)
        })?;
        let root = doc.node(doc.root());
        if !matches!(root.kind, NodeKind::Object(_)) {
            return Err(EventError::new(
                EventErrorKind::NotAnObject,
                "Event is not a JSON object".to_string(),
                root.span,
                text,
            ));
        }
        Ok(Event {
            source: text.to_string(),
            doc,
        })
    }

    /// Applies the TestEventPattern API's envelope check (spec §7).
    pub fn check_envelope(&self) -> Result<(), EventError> {
        let NodeKind::Object(members) = &self.doc.node(self.doc.root()).kind else {
            unreachable!("events are objects");
        };
        for field in ENVELOPE_FIELDS {
            if !members.iter().any(|m| m.key == *field) {
                return Err(EventError::new(
                    EventErrorKind::MissingEnvelope,
                    format!("{TEST_EVENT_PATTERN_MESSAGE} (it has no \"{field}\" field)"),
                    self.doc.node(self.doc.root()).span,
                    &self.source,
                ));
            }
        }
        Ok(())
    }

    /// The event text.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The parsed document.
    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// The scalar at a leaf node.
    pub fn scalar(&self, node: NodeId) -> Scalar<'_> {
        let n = self.doc.node(node);
        match &n.kind {
            NodeKind::String(s) => Scalar::String(s),
            NodeKind::Number => Scalar::number(n.span.slice(&self.source)),
            NodeKind::Bool(b) => Scalar::Bool(*b),
            _ => Scalar::Null,
        }
    }

    /// Every dotted path of the event that holds a value (at most `cap` of them, first seen first).
    pub fn value_paths(&self, cap: usize) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut stack = vec![(self.doc.root(), String::new())];
        while let Some((id, path)) = stack.pop() {
            if out.len() >= cap {
                break;
            }
            match &self.doc.node(id).kind {
                NodeKind::Object(members) => {
                    for m in members.iter().rev() {
                        let child = if path.is_empty() {
                            m.key.clone()
                        } else {
                            format!("{path}.{}", m.key)
                        };
                        stack.push((m.value, child));
                    }
                }
                NodeKind::Array(items) => {
                    stack.extend(items.iter().rev().map(|&i| (i, path.clone())))
                }
                _ => {
                    if seen.insert(path.clone()) {
                        out.push(path);
                    }
                }
            }
        }
        out
    }

    /// Collects the leaves at `paths` (and the objects and arrays exactly there). Subtrees no
    /// path leads into are skipped; the walk uses an explicit stack, never recursion.
    pub fn index(&self, paths: &[&str]) -> LeafIndex {
        let mut index = LeafIndex::default();
        let wanted = |p: &str| paths.contains(&p);
        let leads_to = |p: &str| {
            p.is_empty()
                || paths
                    .iter()
                    .any(|w| w.len() > p.len() && w.starts_with(p) && w.as_bytes()[p.len()] == b'.')
        };
        struct Visit {
            node: NodeId,
            path: String,
            display: String,
            arrays: Membership,
        }
        let mut stack = vec![Visit {
            node: self.doc.root(),
            path: String::new(),
            display: String::new(),
            arrays: Vec::new(),
        }];
        while let Some(Visit {
            node: id,
            path,
            display,
            arrays,
        }) = stack.pop()
        {
            match &self.doc.node(id).kind {
                NodeKind::Object(members) => {
                    if !path.is_empty() && wanted(&path) {
                        index.containers.entry(path.clone()).or_default().push(id);
                    }
                    for m in members.iter().rev() {
                        let child = if path.is_empty() {
                            m.key.clone()
                        } else {
                            format!("{path}.{}", m.key)
                        };
                        if wanted(&child) || leads_to(&child) {
                            let child_display = if display.is_empty() {
                                m.key.clone()
                            } else {
                                format!("{display}.{}", m.key)
                            };
                            stack.push(Visit {
                                node: m.value,
                                path: child,
                                display: child_display,
                                arrays: arrays.clone(),
                            });
                        }
                    }
                }
                NodeKind::Array(items) => {
                    if wanted(&path) && items.is_empty() {
                        index.containers.entry(path.clone()).or_default().push(id);
                    }
                    for (i, &item) in items.iter().enumerate().rev() {
                        // Like event-ruler, an object or array element ties what is inside it
                        // together; a scalar element is just one more value of the path.
                        let mut a = arrays.clone();
                        if matches!(
                            self.doc.node(item).kind,
                            NodeKind::Object(_) | NodeKind::Array(_)
                        ) {
                            a.push((id as u32, i as u32));
                        }
                        stack.push(Visit {
                            node: item,
                            path: path.clone(),
                            display: format!("{display}[{i}]"),
                            arrays: a,
                        });
                    }
                }
                _ => {
                    if wanted(&path) {
                        index.leaves.entry(path).or_default().push(Leaf {
                            display_path: display,
                            node: id,
                            arrays,
                        });
                    }
                }
            }
        }
        index
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_leaves_with_array_membership() {
        let e =
            Event::parse(r#"{"a": [{"x": 1, "y": [2, 3]}, {"x": 4}], "a.x": 5, "b": {"c": 1}}"#)
                .unwrap();
        let idx = e.index(&["a.x", "a.y", "b"]);
        let ax = &idx.leaves["a.x"];
        assert_eq!(ax.len(), 3);
        assert_eq!(ax[0].display_path, "a[0].x");
        assert_eq!(ax[2].display_path, "a.x");
        assert_eq!(idx.leaves["a.y"][1].arrays, vec![(1, 0)]);
        assert!(idx.containers.contains_key("b"));
    }

    #[test]
    fn refuses_non_objects_and_oversized_events() {
        assert_eq!(
            Event::parse("[1]").unwrap_err().kind,
            EventErrorKind::NotAnObject
        );
        let limits = Limits {
            max_event_bytes: 10,
            ..Limits::default()
        };
        assert_eq!(
            Event::parse_with(r#"{"a": "0123456789"}"#, &limits)
                .unwrap_err()
                .kind,
            EventErrorKind::TooLarge
        );
        let deep = format!("{{\"a\":{}1{}}}", "[".repeat(2000), "]".repeat(2000));
        assert_eq!(
            Event::parse(&deep).unwrap_err().kind,
            EventErrorKind::TooDeep
        );
    }
}
