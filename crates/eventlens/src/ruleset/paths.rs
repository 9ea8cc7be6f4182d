//! The field paths a rule set names, as states the event walk moves between key by key.
//!
//! The rules are those of [`Event::index`](crate::Event::index), which defines them (the rule
//! set's tests compare the two on generated events): the wanted paths form a tree of their
//! dot-separated steps, and a member key moves one step down (a key with dots, as many steps).
//! Paths here have no empty step (`a..b`, `.a`, `a.`, ``): for those the engine also asks that
//! each step of a key be a step of the same pattern's paths, so the rule set leaves patterns
//! with such paths to the engine, and every step on the way to a path here is one of its own.

use super::byte_set::ByteSet;
use super::key_map::KeyMap;

/// Index of a state; the root is state 0.
pub(crate) type StateId = u32;

/// Index of a wanted path.
pub(crate) type PathId = u32;

/// One node of the tree of steps.
#[derive(Debug, Default)]
struct State {
    /// The wanted path that ends here, if any.
    path: Option<PathId>,
    /// The steps below.
    keys: KeyMap<StateId>,
    /// The first bytes of the steps below, one bit each: a key starting otherwise leads nowhere,
    /// not even with dots, which most keys of an event show at once.
    first_bytes: ByteSet,
}

impl State {
    fn add_step(&mut self, step: &[u8], to: StateId) {
        // (Steps are never empty: see the module's comment.)
        if let Some(&b) = step.first() {
            self.first_bytes.insert(b);
        }
        *self.keys.entry(step) = to;
    }

    #[inline]
    fn may_lead_on(&self, key: &[u8]) -> bool {
        key.first().is_none_or(|&b| self.first_bytes.contains(b))
    }
}

/// The states of a set of wanted paths.
#[derive(Debug, Default)]
pub(crate) struct Paths {
    states: Vec<State>,
}

/// Whether a path has an empty step, which [`Paths`] does not handle.
pub(crate) fn has_empty_step(path: &str) -> bool {
    path.split('.').any(str::is_empty)
}

impl Paths {
    /// The states for `wanted` (distinct paths; ids are their positions).
    pub fn new(wanted: &[&str]) -> Paths {
        let mut paths = Paths {
            states: vec![State::default()],
        };
        for (id, w) in wanted.iter().enumerate() {
            debug_assert!(!has_empty_step(w), "{w:?} has an empty step");
            let mut at = 0;
            for step in w.as_bytes().split(|&b| b == b'.') {
                at = match paths.states[at].keys.get(step) {
                    Some(&next) => next as usize,
                    None => {
                        paths.states.push(State::default());
                        let next = paths.states.len() - 1;
                        paths.states[at].add_step(step, next as StateId);
                        next
                    }
                };
            }
            paths.states[at].path = Some(id as PathId);
        }
        paths
    }

    /// The state for member `key` of an object at `state`.
    #[inline(always)]
    pub fn step(&self, state: StateId, key: &[u8]) -> Option<StateId> {
        // Most keys of an event are turned away here, by their first byte.
        let here = &self.states[state as usize];
        if !here.may_lead_on(key) {
            return None;
        }
        // Steps hold no dot, so a key with one can only take several steps.
        let found = here.keys.get(key).copied();
        if found.is_some() || !key.contains(&b'.') {
            return found;
        }
        self.steps(state, key)
    }

    /// [`step`](Self::step) for a key with dots, one step per part (rare: out of line).
    #[inline(never)]
    fn steps(&self, state: StateId, key: &[u8]) -> Option<StateId> {
        key.split(|&b| b == b'.')
            .try_fold(state, |at, s| self.states[at as usize].keys.get(s).copied())
    }

    /// The wanted path a state is.
    #[inline]
    pub fn path(&self, state: StateId) -> Option<PathId> {
        self.states[state as usize].path
    }

    /// Whether any key leads on from a state.
    #[inline]
    pub fn leads_on(&self, state: StateId) -> bool {
        !self.states[state as usize].keys.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walk(p: &Paths, keys: &[&str]) -> Option<StateId> {
        keys.iter().try_fold(0, |s, k| p.step(s, k.as_bytes()))
    }

    #[test]
    fn keys_with_dots_take_several_steps() {
        let p = Paths::new(&["a.b.c", "x"]);
        let abc = walk(&p, &["a", "b", "c"]).unwrap();
        assert_eq!(p.path(abc), Some(0));
        assert_eq!(walk(&p, &["a.b", "c"]), Some(abc));
        assert_eq!(walk(&p, &["a", "b.c"]), Some(abc));
        assert_eq!(walk(&p, &["a.b.c"]), Some(abc));
        assert_eq!(p.path(walk(&p, &["x"]).unwrap()), Some(1));
        assert_eq!(walk(&p, &["a", "c"]), None);
        assert_eq!(walk(&p, &["b"]), None);
        assert_eq!(walk(&p, &["", "x"]), None);
    }

    #[test]
    fn empty_steps_are_found() {
        for p in ["a..b", ".a", "a.", ""] {
            assert!(has_empty_step(p), "{p}");
        }
        assert!(!has_empty_step("a.b"));
    }
}
