//! Events: parsing with EventBridge's limits, and the leaf values found at pattern paths.

use crate::json::text::TextPos;
use crate::json::NodeId;
use crate::json::{EntryKind, Tape};
use crate::pattern::Scalar;
use crate::{Limits, Span};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::rc::Rc;

/// The class of an event error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
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

/// A parsed event (a JSON object): its text and a compact index of it (see [`Tape`]), about
/// 1.3 times the text's size in all on typical events.
#[derive(Debug, Clone)]
pub struct Event {
    source: String,
    tape: Tape,
}

/// Index of an [`Element`] in [`LeafIndex::elements`].
pub type ElementId = u32;

/// An array element that is an object or an array: the values inside it belong together, so
/// conditions on fields inside the same array must be met within one of its elements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Element {
    /// The array node.
    pub array: u32,
    /// The element's position in the array.
    pub index: u32,
    /// The element of an outer array this one lies in, if any.
    pub parent: Option<ElementId>,
}

/// A leaf value of the event found at a pattern path.
#[derive(Debug, Clone)]
pub struct Leaf {
    /// The leaf's node.
    pub node: NodeId,
    /// The innermost array element (object or array) the leaf lies in; its `parent` links lead
    /// out through the enclosing ones. Shared, so a deep leaf costs no more than a shallow one.
    pub element: Option<ElementId>,
    /// Where the leaf is, for [`LeafIndex::display_path`].
    step: StepId,
}

type StepId = u32;

/// One step of the walk from the event's root: a member key or an array position.
#[derive(Debug, Clone, Copy)]
struct Step {
    parent: Option<StepId>,
    /// The member's key, or `None` with an array position.
    key: Option<NodeId>,
    position: u32,
}

/// Leaves of an event grouped by dotted path, for the paths a pattern uses.
#[derive(Debug, Default)]
pub struct LeafIndex {
    /// Leaves per path.
    pub leaves: HashMap<String, Vec<Leaf>>,
    /// Objects and arrays found exactly at a wanted path (they are not values).
    pub containers: HashMap<String, Vec<NodeId>>,
    /// The array elements leaves lie in (see [`Leaf::element`]).
    pub elements: Vec<Element>,
    steps: Vec<Step>,
}

impl LeafIndex {
    /// The elements a leaf lies in, innermost first.
    #[cfg(test)]
    pub(crate) fn chain(&self, leaf: &Leaf) -> impl Iterator<Item = &Element> {
        std::iter::successors(leaf.element.map(|e| &self.elements[e as usize]), |e| {
            e.parent.map(|p| &self.elements[p as usize])
        })
    }

    /// The leaf's path with array positions, for people (`detail.items[1].name`). Built on
    /// demand: matching never needs it.
    pub fn display_path(&self, event: &Event, leaf: &Leaf) -> String {
        let mut steps: Vec<&Step> =
            std::iter::successors(Some(&self.steps[leaf.step as usize]), |s| {
                s.parent.map(|p| &self.steps[p as usize])
            })
            .collect();
        steps.reverse();
        let mut out = String::new();
        for step in steps {
            match step.key {
                Some(key) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(event.key(key));
                }
                None => out.push_str(&format!("[{}]", step.position)),
            }
        }
        out
    }

    fn step(&mut self, parent: Option<StepId>, key: Option<NodeId>, position: u32) -> StepId {
        self.steps.push(Step {
            parent,
            key,
            position,
        });
        (self.steps.len() - 1) as StepId
    }
}

impl Event {
    /// Parses an event with EventBridge's default limits (256 KB, 1,100 levels).
    ///
    /// ```
    /// use eventlens::{Event, EventErrorKind};
    /// let event = Event::parse(r#"{"source": "aws.s3", "detail": {"size": 5}}"#).unwrap();
    /// assert_eq!(event.source(), r#"{"source": "aws.s3", "detail": {"size": 5}}"#);
    ///
    /// // Text the parser refuses gets Jackson's message and the place of the fault.
    /// let e = Event::parse("{\"source\": \"aws.s3\",\n \"detail\": {]}").unwrap_err();
    /// assert_eq!(e.kind, EventErrorKind::Syntax);
    /// assert_eq!((e.line, e.column), (2, 13));
    /// ```
    pub fn parse(text: &str) -> Result<Event, EventError> {
        Self::parse_with(text, &Limits::default())
    }

    /// Parses an event with the given limits. The event must be a JSON object.
    pub fn parse_with(text: &str, limits: &Limits) -> Result<Event, EventError> {
        let tape = Self::read(text, limits)?;
        Ok(Event {
            source: text.to_string(),
            tape,
        })
    }

    /// Parses an event it takes the text of, with the given limits: the same as
    /// [`Event::parse_with`] without a copy of the text (which matters for large events). An
    /// error comes with the text, given back.
    pub fn parse_owned(text: String, limits: &Limits) -> Result<Event, (EventError, String)> {
        match Self::read(&text, limits) {
            Ok(tape) => Ok(Event { source: text, tape }),
            Err(e) => Err((e, text)),
        }
    }

    fn read(text: &str, limits: &Limits) -> Result<Tape, EventError> {
        let max_bytes = limits.max_event_bytes.min(Tape::MAX_SOURCE_BYTES);
        if text.len() > max_bytes {
            return Err(EventError::new(
                EventErrorKind::TooLarge,
                format!(
                    "Event is {} bytes; the limit is {max_bytes} bytes",
                    text.len(),
                ),
                Span::new(max_bytes, text.len()),
                text,
            ));
        }
        let tape = Tape::parse(text, limits.max_depth).map_err(|e| {
            let kind = if e.depth_exceeded {
                EventErrorKind::TooDeep
            } else {
                EventErrorKind::Syntax
            };
            EventError::new(kind, e.message, e.span, text)
        })?;
        if tape.kind(tape.root()) != EntryKind::Object {
            return Err(EventError::new(
                EventErrorKind::NotAnObject,
                "Event is not a JSON object".to_string(),
                tape.span(text, tape.root()),
                text,
            ));
        }
        Ok(tape)
    }

    /// Applies the TestEventPattern API's envelope check (spec §7).
    pub fn check_envelope(&self) -> Result<(), EventError> {
        for field in ENVELOPE_FIELDS {
            if self.top_level(field).is_none() {
                return Err(EventError::new(
                    EventErrorKind::MissingEnvelope,
                    format!("{TEST_EVENT_PATTERN_MESSAGE} (it has no \"{field}\" field)"),
                    self.tape.span(&self.source, self.tape.root()),
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

    /// What node `node` is.
    pub fn kind(&self, node: NodeId) -> EntryKind {
        self.tape.kind(node)
    }

    /// The bytes of node `node` in the event text (brackets and quotes included).
    pub fn span(&self, node: NodeId) -> Span {
        self.tape.span(&self.source, node)
    }

    /// The value of the event's first top-level member named `key`.
    pub fn top_level(&self, key: &str) -> Option<NodeId> {
        self.tape
            .members(self.tape.root())
            .find(|&(k, _)| self.key(k) == key)
            .map(|(_, value)| value)
    }

    /// The decoded text of the member key `key`.
    fn key(&self, key: NodeId) -> &str {
        self.tape.text(&self.source, key)
    }

    /// The scalar at a leaf node.
    pub(crate) fn scalar(&self, node: NodeId) -> Scalar<'_> {
        match self.tape.kind(node) {
            EntryKind::String => Scalar::String(self.tape.text(&self.source, node)),
            EntryKind::Number => Scalar::number(self.span(node).slice(&self.source)),
            EntryKind::True => Scalar::Bool(true),
            EntryKind::False => Scalar::Bool(false),
            _ => Scalar::Null,
        }
    }

    /// Every dotted path of the event that holds a value (at most `cap` of them, first seen first).
    /// The walk builds at most 16 MiB of path text, so a deep or wide event cannot make it
    /// costly: on such an event the list may be incomplete.
    pub(crate) fn value_paths(&self, cap: usize) -> Vec<String> {
        const BUDGET: usize = 16 << 20;
        let mut built = 0;
        let mut out: Vec<String> = Vec::new();
        let mut seen: HashSet<Rc<str>> = HashSet::new();
        // Array elements share their array's path.
        let mut stack: Vec<(NodeId, Rc<str>)> = vec![(self.tape.root(), Rc::from(""))];
        while let Some((id, path)) = stack.pop() {
            if out.len() >= cap || built > BUDGET {
                break;
            }
            match self.tape.kind(id) {
                EntryKind::Object => {
                    let members: Vec<(NodeId, NodeId)> = self.tape.members(id).collect();
                    for &(key, value) in members.iter().rev() {
                        let key = self.key(key);
                        let child: Rc<str> = if path.is_empty() {
                            Rc::from(key)
                        } else {
                            Rc::from(format!("{path}.{key}"))
                        };
                        built += child.len();
                        if built > BUDGET {
                            break;
                        }
                        stack.push((value, child));
                    }
                }
                EntryKind::Array => {
                    let items: Vec<NodeId> = self.tape.items(id).collect();
                    stack.extend(items.into_iter().rev().map(|i| (i, Rc::clone(&path))))
                }
                _ => {
                    if seen.insert(Rc::clone(&path)) {
                        out.push(path.to_string());
                    }
                }
            }
        }
        out
    }

    /// Collects the leaves at `paths` (and the objects and arrays exactly there). Subtrees no
    /// path leads into are skipped; the walk uses an explicit stack, never recursion, and costs
    /// time and memory in proportion to the part of the event it visits, however deep.
    pub(crate) fn index(&self, paths: &[&str]) -> LeafIndex {
        let mut index = LeafIndex::default();
        let trie = PathTrie::new(paths);
        // event-ruler only descends into a member whose key is a step of some rule path (the
        // path split at dots as Java splits, dropping trailing empty steps), or a dotted key all
        // of whose steps are: so a path ending in an empty key (`a.`) is never reached.
        let steps: HashSet<&str> = paths.iter().flat_map(|p| java_split(p)).collect();
        let step_used = |key: &str| {
            steps.contains(key)
                || (key.contains('.') && java_split(key).iter().all(|s| steps.contains(s)))
        };
        // Per trie position: the leaves and containers found there.
        let mut leaves: HashMap<usize, Vec<Leaf>> = HashMap::new();
        let mut containers: HashMap<usize, Vec<NodeId>> = HashMap::new();
        struct Visit {
            node: NodeId,
            /// Where the node's path is in the trie of wanted paths.
            at: usize,
            step: Option<StepId>,
            element: Option<ElementId>,
        }
        let mut stack = vec![Visit {
            node: self.tape.root(),
            at: PathTrie::ROOT,
            step: None,
            element: None,
        }];
        while let Some(Visit {
            node: id,
            at,
            step,
            element,
        }) = stack.pop()
        {
            // Children are pushed last first, so that they are visited in order.
            let first_pushed = stack.len();
            match self.tape.kind(id) {
                EntryKind::Object => {
                    if trie.is_wanted(at) {
                        containers.entry(at).or_default().push(id);
                    }
                    for (key_node, value) in self.tape.members(id) {
                        // Paths join every key with a dot, empty keys too (`{"": {"a": 1}}` is
                        // at `.a`), as event-ruler names event fields; a key with dots stands
                        // for as many steps.
                        let key = self.key(key_node);
                        let Some(child) = trie.follow(at, key) else {
                            continue;
                        };
                        if step_used(key) {
                            let step = index.step(step, Some(key_node), 0);
                            stack.push(Visit {
                                node: value,
                                at: child,
                                step: Some(step),
                                element,
                            });
                        }
                    }
                }
                EntryKind::Array => {
                    let mut items = self.tape.items(id).peekable();
                    if trie.is_wanted(at) && items.peek().is_none() {
                        containers.entry(at).or_default().push(id);
                    }
                    for (i, item) in items.enumerate() {
                        // Like event-ruler, an object or array element ties what is inside it
                        // together; a scalar element is just one more value of the path.
                        let inner =
                            if matches!(self.tape.kind(item), EntryKind::Object | EntryKind::Array)
                            {
                                index.elements.push(Element {
                                    array: id as u32,
                                    index: i as u32,
                                    parent: element,
                                });
                                Some((index.elements.len() - 1) as ElementId)
                            } else {
                                element
                            };
                        let step = index.step(step, None, i as u32);
                        stack.push(Visit {
                            node: item,
                            at,
                            step: Some(step),
                            element: inner,
                        });
                    }
                }
                _ => {
                    if trie.is_wanted(at) {
                        leaves.entry(at).or_default().push(Leaf {
                            node: id,
                            element,
                            step: step.expect("a leaf lies below the root object"),
                        });
                    }
                }
            }
            stack[first_pushed..].reverse();
        }
        index.leaves = leaves
            .into_iter()
            .map(|(at, l)| (trie.path(at).to_string(), l))
            .collect();
        index.containers = containers
            .into_iter()
            .map(|(at, c)| (trie.path(at).to_string(), c))
            .collect();
        index
    }
}

/// The wanted paths as a tree of their dot-separated steps, so that the walk of an event follows
/// each member key in time proportional to the key, however long the path above it is.
struct PathTrie<'p> {
    nodes: Vec<TrieNode<'p>>,
}

#[derive(Default)]
struct TrieNode<'p> {
    children: HashMap<&'p str, usize>,
    /// The wanted path that ends here.
    path: Option<&'p str>,
}

impl<'p> PathTrie<'p> {
    const ROOT: usize = 0;

    fn new(paths: &[&'p str]) -> Self {
        let mut trie = PathTrie {
            nodes: vec![TrieNode::default()],
        };
        for &path in paths {
            let mut at = Self::ROOT;
            for step in path.split('.') {
                at = match trie.nodes[at].children.get(step) {
                    Some(&next) => next,
                    None => {
                        trie.nodes.push(TrieNode::default());
                        let next = trie.nodes.len() - 1;
                        trie.nodes[at].children.insert(step, next);
                        next
                    }
                };
            }
            trie.nodes[at].path = Some(path);
        }
        trie
    }

    /// The position of `key` below `at`, if some wanted path goes through it.
    fn follow(&self, at: usize, key: &str) -> Option<usize> {
        key.split('.')
            .try_fold(at, |n, step| self.nodes[n].children.get(step).copied())
    }

    fn is_wanted(&self, at: usize) -> bool {
        self.nodes[at].path.is_some()
    }

    fn path(&self, at: usize) -> &'p str {
        self.nodes[at]
            .path
            .expect("only wanted positions hold values")
    }
}

/// The steps of a dotted name as Java's `split("\\.")` gives them: trailing empty steps are
/// dropped, and an empty name is one empty step.
fn java_split(name: &str) -> Vec<&str> {
    if name.is_empty() {
        return vec![""];
    }
    let kept = name.trim_end_matches('.');
    if kept.is_empty() {
        return Vec::new();
    }
    kept.split('.').collect()
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
        assert_eq!(idx.display_path(&e, &ax[0]), "a[0].x");
        assert_eq!(idx.display_path(&e, &ax[2]), "a.x");
        let ay = &idx.leaves["a.y"][1];
        assert_eq!(idx.display_path(&e, ay), "a[0].y[1]");
        let chain: Vec<(u32, u32)> = idx.chain(ay).map(|el| (el.array, el.index)).collect();
        let a = e.top_level("a").unwrap() as u32;
        assert_eq!(chain, vec![(a, 0)]);
        assert!(idx.containers.contains_key("b"));
    }

    #[test]
    fn empty_keys_name_paths_as_event_ruler_does() {
        assert_eq!(java_split("a..b."), vec!["a", "", "b"]);
        assert_eq!(java_split(""), vec![""]);
        assert!(java_split("..").is_empty());
        let e =
            Event::parse(r#"{"": {"a": 1}, "a": 2, "x": {"": 3}, "y": {"": {"": 4}}}"#).unwrap();
        // A root-level empty key is a step like any other: `{"": {"a": 1}}` is at `.a`.
        let idx = e.index(&["a", ".a"]);
        assert_eq!(idx.leaves["a"].len(), 1);
        assert_eq!(idx.leaves[".a"].len(), 1);
        // A path ending in an empty step is never reached: its empty step is no rule step.
        assert!(e.index(&["x."]).leaves.is_empty());
        // Unless another path of the pattern uses the empty step.
        let idx = e.index(&["x.", "y..z"]);
        assert_eq!(idx.leaves["x."].len(), 1);
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
