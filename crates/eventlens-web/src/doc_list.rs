//! One side of the workspace: the named patterns (or events) and which one is in the editor, and
//! the actions that change them, applied as a reducer (`DocList::apply`).

use crate::workspace::Doc;

/// Most patterns or events a workspace holds.
pub const MAX_DOCS: usize = 50;

/// The docs of one side; never empty, `active` always in range.
#[derive(Debug, Clone, PartialEq)]
pub struct DocList {
    docs: Vec<Doc>,
    active: usize,
}

/// A change to one side.
#[derive(Debug, Clone, PartialEq)]
pub enum DocAction {
    /// Show doc `i`.
    Select(usize),
    /// The shown doc's new text.
    Edit(String),
    /// Add a copy of the shown doc, named `{stem}-N`, and show it.
    Add {
        /// The stem of the new name (`rule`, `event`).
        stem: &'static str,
    },
    /// Add this doc (renamed when its name is taken) and show it.
    Open(Doc),
    /// Remove the shown doc (the last one stays).
    Remove,
    /// Rename the shown doc.
    Rename(String),
}

/// What an action did that others must know of (the expectations follow names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// Nothing happened (out of range, nothing changed).
    Nothing,
    /// The docs or the selection changed.
    Changed,
    /// The list is full: nothing was added.
    Full,
    /// A doc was renamed from the first name to the second.
    Renamed(String, String),
    /// The doc with this name was removed.
    Removed(String),
}

impl DocList {
    /// A list of `docs` showing `active`; `None` when empty, too long or out of range.
    pub fn new(docs: Vec<Doc>, active: usize) -> Option<DocList> {
        (!docs.is_empty() && docs.len() <= MAX_DOCS && active < docs.len())
            .then_some(DocList { docs, active })
    }

    /// A list of one doc.
    pub fn one(doc: Doc) -> DocList {
        DocList {
            docs: vec![doc],
            active: 0,
        }
    }

    /// Every doc, in tab order.
    pub fn docs(&self) -> &[Doc] {
        &self.docs
    }

    /// The index of the shown doc.
    pub fn active(&self) -> usize {
        self.active
    }

    /// The shown doc.
    pub fn current(&self) -> &Doc {
        &self.docs[self.active]
    }

    /// How many docs there are.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// The doc named `name`.
    pub fn named(&self, name: &str) -> Option<&Doc> {
        self.docs.iter().find(|d| d.name == name)
    }

    /// Applies `action`.
    pub fn apply(&mut self, action: DocAction) -> Applied {
        match action {
            DocAction::Select(i) if i < self.docs.len() && i != self.active => {
                self.active = i;
                Applied::Changed
            }
            DocAction::Select(_) => Applied::Nothing,
            DocAction::Edit(text) if *self.current().text != *text => {
                self.docs[self.active].text = text.into();
                Applied::Changed
            }
            DocAction::Edit(_) => Applied::Nothing,
            DocAction::Add { stem } => {
                let doc = Doc::new(self.fresh_name(stem), self.current().text.clone());
                self.push(doc)
            }
            DocAction::Open(mut doc) => {
                if self.named(&doc.name).is_some() {
                    doc.name = self.fresh_name(&doc.name);
                }
                self.push(doc)
            }
            DocAction::Remove if self.docs.len() > 1 => {
                let gone = self.docs.remove(self.active);
                self.active = self.active.min(self.docs.len() - 1);
                Applied::Removed(gone.name)
            }
            DocAction::Remove => Applied::Nothing,
            DocAction::Rename(name) => {
                let old = &self.docs[self.active].name;
                if *old == name {
                    return Applied::Nothing;
                }
                let old = std::mem::replace(&mut self.docs[self.active].name, name.clone());
                Applied::Renamed(old, name)
            }
        }
    }

    fn push(&mut self, doc: Doc) -> Applied {
        if self.docs.len() >= MAX_DOCS {
            return Applied::Full;
        }
        self.docs.push(doc);
        self.active = self.docs.len() - 1;
        Applied::Changed
    }

    /// A name for a new doc: `stem-N` with the first N not yet taken (a stem that ends in `-N`
    /// already counts on from there).
    pub fn fresh_name(&self, stem: &str) -> String {
        let base = match stem.rsplit_once('-') {
            Some((head, n)) if !head.is_empty() && n.parse::<u32>().is_ok() => head,
            _ => stem,
        };
        (1..)
            .map(|n| format!("{base}-{n}"))
            .find(|name| self.named(name).is_none())
            .expect("some number is free")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list() -> DocList {
        DocList::new(vec![Doc::new("a", "1"), Doc::new("b", "2")], 1).unwrap()
    }

    #[test]
    fn new_refuses_empty_long_and_out_of_range_lists() {
        assert!(DocList::new(Vec::new(), 0).is_none());
        assert!(DocList::new(vec![Doc::new("a", "")], 1).is_none());
        assert!(DocList::new(vec![Doc::new("a", ""); MAX_DOCS + 1], 0).is_none());
        assert_eq!(list().current().name, "b");
    }

    #[test]
    fn select_edit_add_open_remove_rename() {
        let mut l = list();
        assert_eq!(l.apply(DocAction::Select(0)), Applied::Changed);
        assert_eq!(l.apply(DocAction::Select(0)), Applied::Nothing);
        assert_eq!(l.apply(DocAction::Select(7)), Applied::Nothing);
        assert_eq!(l.apply(DocAction::Edit("x".into())), Applied::Changed);
        assert_eq!(l.apply(DocAction::Edit("x".into())), Applied::Nothing);
        assert_eq!(&*l.docs()[0].text, "x");

        assert_eq!(l.apply(DocAction::Add { stem: "rule" }), Applied::Changed);
        assert_eq!((l.active(), &*l.current().name), (2, "rule-1"));
        assert_eq!(&*l.current().text, "x", "a copy of the doc shown");
        assert_eq!(
            l.apply(DocAction::Open(Doc::new("a", "9"))),
            Applied::Changed
        );
        assert_eq!(l.current().name, "a-1", "a taken name is made fresh");
        assert_eq!(
            l.apply(DocAction::Open(Doc::new("rule-1", ""))),
            Applied::Changed
        );
        assert_eq!(l.current().name, "rule-2");

        assert_eq!(
            l.apply(DocAction::Rename("c".into())),
            Applied::Renamed("rule-2".into(), "c".into())
        );
        assert_eq!(l.apply(DocAction::Rename("c".into())), Applied::Nothing);
        assert_eq!(l.apply(DocAction::Remove), Applied::Removed("c".into()));
        assert_eq!(l.active(), l.len() - 1);
        while l.len() > 1 {
            l.apply(DocAction::Remove);
        }
        assert_eq!(
            l.apply(DocAction::Remove),
            Applied::Nothing,
            "the last stays"
        );
    }

    #[test]
    fn a_full_list_adds_nothing() {
        let mut l = DocList::one(Doc::new("a", ""));
        for _ in 1..MAX_DOCS {
            assert_eq!(l.apply(DocAction::Add { stem: "a" }), Applied::Changed);
        }
        assert_eq!(l.apply(DocAction::Add { stem: "a" }), Applied::Full);
        assert_eq!(l.apply(DocAction::Open(Doc::new("z", ""))), Applied::Full);
        assert_eq!(l.len(), MAX_DOCS);
    }
}
