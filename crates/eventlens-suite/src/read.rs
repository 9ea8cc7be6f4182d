//! Reading a suite file: JSON (a text that starts with `{` or `[`) through the engine's
//! span-keeping JSON tree, so that object-form patterns and events keep their exact text; YAML
//! through the engine's YAML reader, with places found by following the keys down the layout.
//! Both become the same [`Draft`], walked by one reader over the [`Tree`] each format gives.

use crate::error::{Place, SuiteError, SuiteErrorKind};
use eventlens::json::{Document, NodeId, NodeKind};
use eventlens::{Limits, Span};
use eventlens_bus::load::is_json;
use eventlens_bus::locate::{offset_of, yaml_place, Step};
use serde_json::Value;

/// Where a pattern's or event's text lies in the suite file, to place a fault inside it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Inner {
    /// The text is the file's bytes from this offset on (a JSON object, as written).
    Raw(usize),
    /// The text is the decoded JSON string literal at this span.
    Literal(Span),
    /// Only the place of the whole value is known (YAML), or none (a suite built from lists).
    Fixed(Option<Place>),
}

/// A pattern or an event as read: its name, where the name is, its text and where that lies.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub name: String,
    pub at: Option<Place>,
    pub text: String,
    pub inner: Inner,
}

/// A name used in `expect`, and where.
#[derive(Debug, Clone)]
pub(crate) struct Ref {
    pub name: String,
    pub at: Option<Place>,
}

/// One pattern's expectations as read.
#[derive(Debug, Clone)]
pub(crate) struct DraftExpect {
    pub pattern: Ref,
    pub matches: Vec<Ref>,
    pub no_match: Vec<Ref>,
}

/// A suite as read, not yet checked.
#[derive(Debug, Clone, Default)]
pub(crate) struct Draft {
    pub patterns: Vec<Entry>,
    pub events: Vec<Entry>,
    pub expect: Vec<DraftExpect>,
}

/// A mapping's member: its key, where the key is, and its value.
type Member<N> = (String, Option<Place>, N);

/// A parsed suite file, whichever its format.
trait Tree {
    type Node: Copy;
    fn root(&self) -> Self::Node;
    /// Where `node` (at `path`) is in the file.
    fn place(&self, node: Self::Node, path: &[Step]) -> Option<Place>;
    /// A mapping's members in file order, each with the place of its key; `None` for another value.
    fn members(&self, node: Self::Node, path: &[Step]) -> Option<Vec<Member<Self::Node>>>;
    /// A list's items with their places; `None` for another value.
    fn items(&self, node: Self::Node, path: &[Step]) -> Option<Vec<(Option<Place>, Self::Node)>>;
    /// The string a node holds.
    fn string(&self, node: Self::Node) -> Option<String>;
    /// The text of a pattern or event value whose name is at `at`: a string as it is, anything
    /// else as JSON.
    fn entry(&self, node: Self::Node, at: Option<Place>) -> (String, Inner);
}

struct JsonTree<'t> {
    text: &'t str,
    doc: Document,
}

impl Tree for JsonTree<'_> {
    type Node = NodeId;

    fn root(&self) -> NodeId {
        self.doc.root()
    }

    fn place(&self, node: NodeId, _: &[Step]) -> Option<Place> {
        Some(Place::of(self.text, self.doc.node(node).span))
    }

    fn members(&self, node: NodeId, _: &[Step]) -> Option<Vec<Member<NodeId>>> {
        match &self.doc.node(node).kind {
            NodeKind::Object(members) => Some(
                members
                    .iter()
                    .map(|m| {
                        (
                            m.key.clone(),
                            Some(Place::of(self.text, m.key_span)),
                            m.value,
                        )
                    })
                    .collect(),
            ),
            _ => None,
        }
    }

    fn items(&self, node: NodeId, path: &[Step]) -> Option<Vec<(Option<Place>, NodeId)>> {
        match &self.doc.node(node).kind {
            NodeKind::Array(items) => {
                Some(items.iter().map(|&i| (self.place(i, path), i)).collect())
            }
            _ => None,
        }
    }

    fn string(&self, node: NodeId) -> Option<String> {
        match &self.doc.node(node).kind {
            NodeKind::String(s) => Some(s.clone()),
            _ => None,
        }
    }

    fn entry(&self, node: NodeId, _: Option<Place>) -> (String, Inner) {
        let span = self.doc.node(node).span;
        match &self.doc.node(node).kind {
            NodeKind::String(s) => (s.clone(), Inner::Literal(span)),
            _ => (span.slice(self.text).to_string(), Inner::Raw(span.start)),
        }
    }
}

struct YamlTree<'t> {
    text: &'t str,
    root: &'t Value,
}

impl YamlTree<'_> {
    fn locate(&self, path: &[Step]) -> Option<Place> {
        yaml_place(self.text, path).map(|span| Place::of(self.text, span))
    }
}

fn child(path: &[Step], step: Step) -> Vec<Step> {
    let mut out = path.to_vec();
    out.push(step);
    out
}

impl<'t> Tree for YamlTree<'t> {
    type Node = &'t Value;

    fn root(&self) -> &'t Value {
        self.root
    }

    fn place(&self, _: &'t Value, path: &[Step]) -> Option<Place> {
        if path.is_empty() {
            return Some(Place::of(self.text, Span::new(0, 0)));
        }
        self.locate(path)
    }

    fn members(&self, node: &'t Value, path: &[Step]) -> Option<Vec<Member<&'t Value>>> {
        let map = node.as_object()?;
        Some(
            map.iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        self.locate(&child(path, Step::Key(k.clone()))),
                        v,
                    )
                })
                .collect(),
        )
    }

    fn items(&self, node: &'t Value, path: &[Step]) -> Option<Vec<(Option<Place>, &'t Value)>> {
        let items = node.as_array()?;
        Some(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| (self.locate(&child(path, Step::Index(i))), v))
                .collect(),
        )
    }

    fn string(&self, node: &'t Value) -> Option<String> {
        node.as_str().map(str::to_string)
    }

    fn entry(&self, node: &'t Value, at: Option<Place>) -> (String, Inner) {
        let text = match node {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        (text, Inner::Fixed(at))
    }
}

/// Reads `text` as a JSON or YAML suite file.
pub(crate) fn read(text: &str, limits: &Limits) -> Result<Draft, SuiteError> {
    if is_json(text) {
        // The suite's own two levels above its patterns and events.
        let doc = Document::parse(text, limits.max_depth + 3).map_err(|e| {
            SuiteError::new(
                SuiteErrorKind::Syntax,
                format!("The suite file is not valid JSON: {}", e.message),
                Some(Place::of(text, e.span)),
            )
        })?;
        walk(&JsonTree { text, doc })
    } else {
        let value = eventlens_bus::yaml::to_json(text, "suite file").map_err(|e| {
            let at = match (e.line, e.column) {
                (Some(line), Some(column)) => {
                    let offset = offset_of(text, line, column);
                    Some(Place::of(text, Span::new(offset, offset)))
                }
                _ => None,
            };
            SuiteError::new(SuiteErrorKind::Syntax, e.message, at)
        })?;
        walk(&YamlTree { text, root: &value })
    }
}

fn not_a_mapping(what: &str, at: Option<Place>) -> SuiteError {
    SuiteError::new(
        SuiteErrorKind::NotAMapping,
        format!("{what} must be a mapping"),
        at,
    )
}

fn walk<T: Tree>(tree: &T) -> Result<Draft, SuiteError> {
    let root = tree.root();
    let top = tree
        .members(root, &[])
        .ok_or_else(|| not_a_mapping("A suite", tree.place(root, &[])))?;
    let mut draft = Draft::default();
    let mut seen: Vec<String> = Vec::new();
    for (key, at, node) in top {
        if seen.contains(&key) {
            return Err(duplicate(&key, "key", at));
        }
        let path = [Step::Key(key.clone())];
        match key.as_str() {
            "patterns" => draft.patterns = entries(tree, node, &path, "`patterns`")?,
            "events" => draft.events = entries(tree, node, &path, "`events`")?,
            "expect" => draft.expect = expectations(tree, node, &path)?,
            _ => {
                return Err(SuiteError::new(
                    SuiteErrorKind::UnknownKey { key: key.clone() },
                    format!("Unknown key `{key}`: a suite has `patterns`, `events` and `expect`"),
                    at,
                ))
            }
        }
        seen.push(key);
    }
    Ok(draft)
}

/// The error for a name (or key) given twice.
pub(crate) fn duplicate(name: &str, what: &str, at: Option<Place>) -> SuiteError {
    SuiteError::new(
        SuiteErrorKind::Duplicate {
            name: name.to_string(),
        },
        format!("The {what} \"{name}\" is given twice"),
        at,
    )
}

fn entries<T: Tree>(
    tree: &T,
    node: T::Node,
    path: &[Step],
    what: &str,
) -> Result<Vec<Entry>, SuiteError> {
    let members = tree
        .members(node, path)
        .ok_or_else(|| not_a_mapping(what, tree.place(node, path)))?;
    Ok(members
        .into_iter()
        .map(|(name, at, value)| {
            let (text, inner) = tree.entry(value, at);
            Entry {
                name,
                at,
                text,
                inner,
            }
        })
        .collect())
}

fn expectations<T: Tree>(
    tree: &T,
    node: T::Node,
    path: &[Step],
) -> Result<Vec<DraftExpect>, SuiteError> {
    let members = tree
        .members(node, path)
        .ok_or_else(|| not_a_mapping("`expect`", tree.place(node, path)))?;
    let mut out = Vec::new();
    for (pattern, at, value) in members {
        let sub = child(path, Step::Key(pattern.clone()));
        let what = format!("The expectations of \"{pattern}\"");
        let lists = tree
            .members(value, &sub)
            .ok_or_else(|| not_a_mapping(&what, at))?;
        let mut expect = DraftExpect {
            pattern: Ref { name: pattern, at },
            matches: Vec::new(),
            no_match: Vec::new(),
        };
        let mut seen: Vec<String> = Vec::new();
        for (key, key_at, list) in lists {
            if seen.contains(&key) {
                return Err(duplicate(&key, "key", key_at));
            }
            let slot = match key.as_str() {
                "match" => &mut expect.matches,
                "no-match" => &mut expect.no_match,
                _ => {
                    return Err(SuiteError::new(
                        SuiteErrorKind::UnknownKey { key: key.clone() },
                        format!("Unknown key `{key}`: an expectation has `match` and `no-match`"),
                        key_at,
                    ))
                }
            };
            *slot = names(
                tree,
                list,
                &child(&sub, Step::Key(key.clone())),
                &key,
                key_at,
            )?;
            seen.push(key);
        }
        out.push(expect);
    }
    Ok(out)
}

fn names<T: Tree>(
    tree: &T,
    list: T::Node,
    path: &[Step],
    key: &str,
    at: Option<Place>,
) -> Result<Vec<Ref>, SuiteError> {
    let shape = |at| {
        SuiteError::new(
            SuiteErrorKind::Shape,
            format!("`{key}` must be a list of event names"),
            at,
        )
    };
    let items = tree.items(list, path).ok_or_else(|| shape(at))?;
    items
        .into_iter()
        .map(|(item_at, item)| {
            let name = tree.string(item).ok_or_else(|| shape(item_at.or(at)))?;
            Ok(Ref {
                name,
                at: item_at.or(at),
            })
        })
        .collect()
}
