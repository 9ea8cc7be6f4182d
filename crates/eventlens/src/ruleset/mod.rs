//! Many named patterns matched against each event: "which rules match this event?".
//!
//! The answers are those of [`Pattern::matches`] rule by rule, but an event is read once for all
//! rules and without building a tree: a bit-mask scanner validates it as [`Event::parse`] would,
//! or only its skeleton ([`Validation`]; `validate`), a walk visits only the members some rule
//! names and checks what it passes (`walk`, `paths`), each value
//! looks up the fields it satisfies in per-path indexes (`values`, `globs`), and only the `$or`
//! combinations anchored on those fields are judged (`index`). Events the scanner cannot vouch
//! for go to the parser, which gives the error (or, for a valid but very deep event, the answer).

mod byte_set;
mod classify;
mod fetch;
mod globs;
mod index;
mod key_map;
mod near;
mod paths;
mod validate;
mod values;
mod walk;

use crate::event::{Event, EventError};
use crate::pattern::{Pattern, PatternError};
use crate::Limits;
use index::{Index, RuleId, Scratch};
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::sync::OnceLock;

/// How much of an event [`RuleSet::matches`] checks before it answers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Validation {
    /// Every byte, as [`Event::parse`] does: an event the parser refuses always gets the
    /// parser's error, and the answer is always that of [`Pattern::matches`].
    #[default]
    Full,
    /// The event's skeleton and what the rules read, for speed. Checked: one root object,
    /// strings closed and free of control characters and bad escapes, brackets balanced and
    /// nested within the limit, and everything inside the objects and arrays on the way to a
    /// field some rule names (keys, colons, commas, the kind of each closing bracket, and the
    /// numbers and literals the rules read). Not checked: the inside of values no rule reads.
    /// A malformed number there, a missing comma or a `]` closing a `{` there goes unnoticed
    /// and the event is matched on what the rules read; anything the checks find wrong gets
    /// the parser's error, as with `Full`.
    Structure,
}

/// A set of named patterns.
///
/// ```
/// use eventlens::{RuleSet, Validation};
/// let mut rules = RuleSet::new();
/// rules.add("s3", r#"{"source": ["aws.s3"]}"#).unwrap();
/// rules.add("big", r#"{"detail": {"size": [{"numeric": [">", 100]}]}}"#).unwrap();
/// let event = r#"{"source": "aws.s3", "detail": {"size": 120}}"#;
/// assert_eq!(rules.matches(event).unwrap(), ["s3", "big"]);
///
/// // Full validation (the default) refuses what the parser refuses, wherever it is; structure
/// // validation checks the skeleton and what the rules read, not values no rule reads.
/// let odd = r#"{"source": "aws.s3", "detail": {"size": 120}, "extra": {"n": 01}}"#;
/// assert!(rules.matches(odd).is_err());
/// rules.set_validation(Validation::Structure);
/// assert_eq!(rules.matches(odd).unwrap(), ["s3", "big"]);
/// ```
#[derive(Default)]
pub struct RuleSet {
    /// Rules in the order their names were first added; `None` where one was removed.
    slots: Vec<Option<(String, Pattern)>>,
    by_name: FxHashMap<String, usize>,
    limits: Limits,
    validation: Validation,
    /// Built on the first match after a change.
    index: OnceLock<Index>,
}

impl Clone for RuleSet {
    fn clone(&self) -> Self {
        RuleSet {
            slots: self.slots.clone(),
            by_name: self.by_name.clone(),
            limits: self.limits.clone(),
            validation: self.validation,
            index: OnceLock::new(),
        }
    }
}

impl std::fmt::Debug for RuleSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RuleSet")
            .field("rules", &self.names().collect::<Vec<_>>())
            .field("limits", &self.limits)
            .field("validation", &self.validation)
            .finish()
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

/// Runs `f` on this thread's scratch space, or on a fresh one when that is in use (by a
/// [`RuleSet::matches_each`] callback of the same thread that matches events of its own).
fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => f(&mut scratch),
        Err(_) => f(&mut Scratch::default()),
    })
}

/// This thread's scratch space, taken for a whole batch: the thread keeps an empty one meanwhile,
/// which matches made from the batch's callback fill and reuse.
fn take_scratch() -> Scratch {
    SCRATCH.with(|cell| {
        cell.try_borrow_mut()
            .map(|mut scratch| std::mem::take(&mut *scratch))
            .unwrap_or_default()
    })
}

/// Gives a batch's scratch space back to the thread.
fn give_back(scratch: Scratch) {
    SCRATCH.with(|cell| {
        if let Ok(mut kept) = cell.try_borrow_mut() {
            *kept = scratch;
        }
    });
}

impl RuleSet {
    /// An empty set with EventBridge's default limits.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty set whose patterns and events use `limits`.
    pub fn with_limits(limits: Limits) -> Self {
        RuleSet {
            limits,
            ..Self::default()
        }
    }

    /// How much of each event [`matches`](Self::matches) checks ([`Validation::Full`] unless
    /// set).
    pub fn validation(&self) -> Validation {
        self.validation
    }

    /// Sets how much of each event [`matches`](Self::matches) checks.
    pub fn set_validation(&mut self, validation: Validation) {
        self.validation = validation;
    }

    /// Compiles and adds a pattern under `name`, replacing any rule of that name.
    pub fn add(&mut self, name: &str, pattern: &str) -> Result<(), PatternError> {
        let compiled = Pattern::compile_with(pattern, &self.limits)?;
        self.insert(name, compiled);
        Ok(())
    }

    /// Adds an already compiled pattern under `name`, replacing any rule of that name.
    pub fn insert(&mut self, name: &str, pattern: Pattern) {
        self.index = OnceLock::new();
        match self.by_name.get(name) {
            Some(&slot) => self.slots[slot] = Some((name.to_string(), pattern)),
            None => {
                self.by_name.insert(name.to_string(), self.slots.len());
                self.slots.push(Some((name.to_string(), pattern)));
            }
        }
    }

    /// Removes the rule `name`; `false` if there was none.
    pub fn remove(&mut self, name: &str) -> bool {
        let Some(slot) = self.by_name.remove(name) else {
            return false;
        };
        self.index = OnceLock::new();
        self.slots[slot] = None;
        // Keep free slots fewer than rules, so memory follows the rules held.
        if self.slots.len() > 2 * self.by_name.len() + 16 {
            self.slots.retain(Option::is_some);
            for (i, (n, _)) in self.slots.iter().flatten().enumerate() {
                self.by_name.insert(n.clone(), i);
            }
        }
        true
    }

    /// How many rules the set holds.
    pub fn len(&self) -> usize {
        self.by_name.len()
    }

    /// Whether the set holds no rule.
    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    /// The rule names, in the order they were first added.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.slots.iter().flatten().map(|(n, _)| n.as_str())
    }

    /// The pattern of rule `name`.
    pub fn get(&self, name: &str) -> Option<&Pattern> {
        let slot = *self.by_name.get(name)?;
        self.slots[slot].as_ref().map(|(_, p)| p)
    }

    fn index(&self) -> &Index {
        self.index
            .get_or_init(|| Index::new(self.slots.iter().map(|s| s.as_ref().map(|r| &r.1))))
    }

    fn rule(&self, id: RuleId) -> &(String, Pattern) {
        self.slots[id as usize]
            .as_ref()
            .expect("the index names live rules")
    }

    /// Parses an event and returns the names of the rules it matches, in the order of
    /// [`names`](Self::names). An event that is not valid JSON, not an object, or beyond the
    /// limits gets the error [`Event::parse_with`] gives (what is checked depends on
    /// [`validation`](Self::validation)).
    pub fn matches(&self, event: &str) -> Result<Vec<&str>, EventError> {
        let mut names = Vec::new();
        self.matches_into(event, &mut names)?;
        Ok(names)
    }

    /// [`matches`](Self::matches) into `names`: it is cleared, then holds the names on success
    /// (and stays empty on an error), so that a caller matching events one at a time reuses one
    /// vector rather than allocating one per matching event. (Events at hand together go
    /// faster through [`matches_each`](Self::matches_each).)
    pub fn matches_into<'s>(
        &'s self,
        event: &str,
        names: &mut Vec<&'s str>,
    ) -> Result<(), EventError> {
        fetch::prefetch(event.as_bytes());
        with_scratch(|scratch| self.matches_fetched(event, names, scratch))
    }

    /// Matches each of `events` in turn and calls `each` with it and its result: the names,
    /// as [`matches`](Self::matches) gives them (the slice lasts until `each` returns, the
    /// names as long as the set), or its error, after which the stream goes on. Faster than a
    /// call per event: while one event is matched, the next one is brought into the cache. So
    /// the iterator is read one event ahead of `each`: not for a source that waits for the
    /// answer about the event before.
    pub fn matches_each<'s, 'e>(
        &'s self,
        events: impl IntoIterator<Item = &'e str>,
        mut each: impl FnMut(&'e str, Result<&[&'s str], EventError>),
    ) {
        let mut names = Vec::new();
        let mut events = events.into_iter().peekable();
        if let Some(first) = events.peek() {
            fetch::prefetch(first.as_bytes());
        }
        let mut scratch = take_scratch();
        while let Some(event) = events.next() {
            if let Some(next) = events.peek() {
                fetch::prefetch(next.as_bytes());
            }
            let result = self.matches_fetched(event, &mut names, &mut scratch);
            each(event, result.map(|()| names.as_slice()));
        }
        give_back(scratch);
    }

    /// [`matches_into`](Self::matches_into) once the event was asked into the cache.
    fn matches_fetched<'s>(
        &'s self,
        event: &str,
        names: &mut Vec<&'s str>,
        scratch: &mut Scratch,
    ) -> Result<(), EventError> {
        names.clear();
        if event.len() <= self.limits.max_event_bytes
            && self.scan_and_match(
                event,
                self.limits.max_depth,
                self.validation,
                None,
                names,
                scratch,
            )
        {
            return Ok(());
        }
        let parsed = Event::parse_with(event, &self.limits)?;
        names.extend(self.matches_naively(&parsed));
        Ok(())
    }

    /// The names of the rules a parsed event matches, in the order of [`names`](Self::names).
    pub fn matches_event(&self, event: &Event) -> Vec<&str> {
        let mut names = Vec::new();
        // The parser has checked every byte already.
        let fast = with_scratch(|scratch| {
            self.scan_and_match(
                event.source(),
                usize::MAX,
                Validation::Structure,
                Some(event),
                &mut names,
                scratch,
            )
        });
        if fast {
            names
        } else {
            self.matches_naively(event)
        }
    }

    /// The fast path, on `scratch`: puts the names of the matching rules in `names`, which must
    /// be empty; `false` when the scanner or the walk refuses the text, or a rule the index
    /// leaves to the engine needs a parse that fails.
    fn scan_and_match<'s>(
        &'s self,
        text: &str,
        max_depth: usize,
        validation: Validation,
        parsed: Option<&Event>,
        names: &mut Vec<&'s str>,
        scratch: &mut Scratch,
    ) -> bool {
        debug_assert!(names.is_empty());
        let index = self.index();
        if !validate::scan(
            text.as_bytes(),
            max_depth,
            validation,
            &mut scratch.structure,
        ) {
            return false;
        }
        // Rare: a combination with several fields inside array elements. Parse once.
        // (It may fail where the scanner checked only the structure.)
        let mut event: Option<Result<Event, EventError>> = None;
        let valid = index.matches(text, scratch, |rule| {
            let e = match parsed {
                Some(e) => e,
                None => match event.get_or_insert_with(|| Event::parse_with(text, &self.limits)) {
                    Ok(e) => e,
                    Err(_) => return false,
                },
            };
            self.rule(rule).1.matches(e)
        });
        if !valid || matches!(event, Some(Err(_))) {
            return false;
        }
        names.extend(scratch.matched.iter().map(|&id| self.rule(id).0.as_str()));
        true
    }

    fn matches_naively(&self, event: &Event) -> Vec<&str> {
        self.slots
            .iter()
            .flatten()
            .filter(|(_, p)| p.matches(event))
            .map(|(n, _)| n.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_into_refills_one_vector() {
        let mut set = RuleSet::new();
        set.add("a", r#"{"x": ["1"]}"#).unwrap();
        set.add("b", r#"{"x": [{"prefix": ""}]}"#).unwrap();
        let mut names = vec!["stale"];
        set.matches_into(r#"{"x": "1"}"#, &mut names).unwrap();
        assert_eq!(names, ["a", "b"]);
        set.matches_into(r#"{"x": "2"}"#, &mut names).unwrap();
        assert_eq!(names, ["b"]);
        // Nested deeper than the scanner goes: the parser's path fills the vector too.
        let deep = format!(r#"{{"x": "1", "d": {}{}}}"#, "[".repeat(80), "]".repeat(80));
        set.matches_into(&deep, &mut names).unwrap();
        assert_eq!(names, set.matches(&deep).unwrap());
        assert_eq!(names, ["a", "b"]);
        assert!(set.matches_into("[1]", &mut names).is_err());
        assert!(names.is_empty());
    }

    #[test]
    fn matches_each_answers_as_matches() {
        let mut set = RuleSet::new();
        set.add("a", r#"{"x": ["1"]}"#).unwrap();
        set.add("b", r#"{"x": [{"prefix": ""}]}"#).unwrap();
        let events = [r#"{"x": "1"}"#, "[1]", r#"{"x": "2"}"#, "", r#"{"y": 1}"#];
        let mut seen = Vec::new();
        set.matches_each(events, |event, names| {
            seen.push((event, names.map(<[_]>::to_vec)));
        });
        let want: Vec<_> = events.iter().map(|&e| (e, set.matches(e))).collect();
        assert_eq!(seen, want);
        assert_eq!(seen[0].1, Ok(vec!["a", "b"]));
        assert!(seen[1].1.is_err());
    }

    #[test]
    fn a_stream_callback_may_match_events_of_its_own() {
        let mut set = RuleSet::new();
        set.add("a", r#"{"x": ["1"]}"#).unwrap();
        let mut other = set.clone();
        other.set_validation(Validation::Structure);
        // Nested deeper than the scanner goes: the parser's path, inside the stream too.
        let deep = format!(r#"{{"x": "1", "d": {}{}}}"#, "[".repeat(80), "]".repeat(80));
        let events = [
            r#"{"x": "1"}"#,
            deep.as_str(),
            r#"{"x": 2}"#,
            r#"{"x": "1"}"#,
        ];
        let mut answers = 0;
        set.matches_each(events, |event, names| {
            let names = names.map(<[_]>::to_vec);
            assert_eq!(names, set.matches(event));
            assert_eq!(names, other.matches(event));
            other.matches_each([event, event], |_, again| {
                assert_eq!(again.map(<[_]>::to_vec), names);
                answers += 1;
            });
        });
        assert_eq!(answers, 2 * events.len());
        // And the calls after the stream.
        assert_eq!(set.matches(r#"{"x": "1"}"#).unwrap(), ["a"]);
    }

    #[test]
    fn many_rules_come_out_in_slot_order() {
        let mut set = RuleSet::new();
        for i in 0..200 {
            let pattern = format!(r#"{{"n": [{{"numeric": [">=", {}]}}]}}"#, i % 7);
            set.add(&format!("r{i}"), &pattern).unwrap();
        }
        // Twice each, so that nothing is left over from the event before.
        for n in [0, 6, 3, 3, 0] {
            let want: Vec<String> = (0..200)
                .filter(|i| i % 7 <= n)
                .map(|i| format!("r{i}"))
                .collect();
            assert_eq!(set.matches(&format!(r#"{{"n": {n}}}"#)).unwrap(), want);
        }
    }

    #[test]
    fn add_replace_remove_match() {
        let mut set = RuleSet::new();
        set.add("a", r#"{"x": ["1"]}"#).unwrap();
        set.add("b", r#"{"x": [{"prefix": ""}]}"#).unwrap();
        assert_eq!(set.matches(r#"{"x": "1"}"#).unwrap(), vec!["a", "b"]);
        set.add("a", r#"{"x": ["2"]}"#).unwrap();
        assert_eq!(set.matches(r#"{"x": "1"}"#).unwrap(), vec!["b"]);
        assert!(set.remove("b"));
        assert!(!set.remove("b"));
        assert!(set.matches(r#"{"x": "1"}"#).unwrap().is_empty());
        assert!(set.add("bad", "{}").is_err());
        assert_eq!(set.len(), 1);
        set.add("b", r#"{"x": ["1"]}"#).unwrap();
        assert_eq!(set.names().collect::<Vec<_>>(), vec!["a", "b"]);
    }

    #[test]
    fn errors_are_the_parsers() {
        let mut set = RuleSet::new();
        set.add("a", r#"{"x": [{"exists": false}]}"#).unwrap();
        for bad in ["[1]", "{\"x\":", "{\"x\": 01}", "", "{} {}"] {
            assert_eq!(
                set.matches(bad).unwrap_err(),
                Event::parse(bad).unwrap_err()
            );
        }
        let limits = Limits {
            max_event_bytes: 16,
            max_depth: 3,
            ..Limits::default()
        };
        let mut small = RuleSet::with_limits(limits.clone());
        small.add("a", r#"{"x": [{"exists": false}]}"#).unwrap();
        for bad in [r#"{"x": "0123456789"}"#, r#"{"a":[[[1]]]}"#] {
            assert_eq!(
                small.matches(bad).unwrap_err(),
                Event::parse_with(bad, &limits).unwrap_err()
            );
        }
        assert_eq!(small.matches(r#"{"a":[1]}"#).unwrap(), vec!["a"]);
    }

    #[test]
    fn deep_events_are_matched_by_the_parser() {
        let mut set = RuleSet::new();
        set.add("a", r#"{"a": {"a": [1]}}"#).unwrap();
        let deep = format!(
            r#"{{"a": {{"a": 1, "b": {}1{}}}}}"#,
            "[".repeat(100),
            "]".repeat(100)
        );
        assert_eq!(set.matches(&deep).unwrap(), vec!["a"]);
    }

    #[test]
    fn fields_in_one_array_element() {
        let mut set = RuleSet::new();
        set.add("same", r#"{"a": {"x": [1], "y": [2]}}"#).unwrap();
        set.add("absent", r#"{"a": {"x": [1], "y": [{"exists": false}]}}"#)
            .unwrap();
        let e = r#"{"a": [{"x": 1, "y": 3}, {"x": 4, "y": 2}, {"x": 1}]}"#;
        assert_eq!(set.matches(e).unwrap(), vec!["absent"]);
        let e = r#"{"a": [{"x": 1, "y": 3}, {"x": 1, "y": 2}]}"#;
        assert_eq!(set.matches(e).unwrap(), vec!["same"]);
    }
}
