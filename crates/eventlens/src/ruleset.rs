//! Many named patterns matched against each event: "which rules match this event?".

use crate::event::{Event, EventError};
use crate::pattern::{Pattern, PatternError};
use crate::Limits;

/// A set of named patterns.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    rules: Vec<(String, Pattern)>,
    limits: Limits,
}

impl RuleSet {
    /// An empty set with EventBridge's default limits.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty set whose patterns and events use `limits`.
    pub fn with_limits(limits: Limits) -> Self {
        RuleSet {
            rules: Vec::new(),
            limits,
        }
    }

    /// Compiles and adds a pattern under `name`, replacing any rule of that name.
    pub fn add(&mut self, name: &str, pattern: &str) -> Result<(), PatternError> {
        let compiled = Pattern::compile_with(pattern, &self.limits)?;
        self.insert(name, compiled);
        Ok(())
    }

    /// Adds an already compiled pattern under `name`, replacing any rule of that name.
    pub fn insert(&mut self, name: &str, pattern: Pattern) {
        match self.rules.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = pattern,
            None => self.rules.push((name.to_string(), pattern)),
        }
    }

    /// Removes the rule `name`; `false` if there was none.
    pub fn remove(&mut self, name: &str) -> bool {
        let before = self.rules.len();
        self.rules.retain(|(n, _)| n != name);
        self.rules.len() != before
    }

    /// How many rules the set holds.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether the set holds no rule.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The rule names, in the order they were first added.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.rules.iter().map(|(n, _)| n.as_str())
    }

    /// The pattern of rule `name`.
    pub fn get(&self, name: &str) -> Option<&Pattern> {
        self.rules.iter().find(|(n, _)| n == name).map(|(_, p)| p)
    }

    /// Parses an event and returns the names of the rules it matches, in the order of [`names`](Self::names).
    pub fn matches(&self, event: &str) -> Result<Vec<&str>, EventError> {
        let event = Event::parse_with(event, &self.limits)?;
        Ok(self.matches_event(&event))
    }

    /// The names of the rules a parsed event matches, in the order of [`names`](Self::names).
    pub fn matches_event(&self, event: &Event) -> Vec<&str> {
        self.rules
            .iter()
            .filter(|(_, p)| p.matches(event))
            .map(|(n, _)| n.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
