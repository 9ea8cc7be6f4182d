//! "Rule is too complex": the wildcard complexity EventBridge refuses, measured as event-ruler's
//! `MachineComplexityEvaluator` measures it on the byte machine of one field.
//!
//! event-ruler matches a field's string values with one byte automaton for all its patterns.
//! A value is matched with its quotes, so a glob `a*b` is the byte chain `"`, `a`, `*`, `b`, `"`:
//! each literal byte is a transition to a new state; a `*` is a transition on every byte to a
//! state that also loops to itself on every byte, and the byte after a `*` is reached from the
//! state before the `*` as well (the `*` matched nothing). A glob walks the states the globs
//! added before it made for the same start, as `ByteMachine.canReuseNextByteState` allows: a
//! `*` reuses another's `*` state, a byte reuses a state no `*` leads to, and one a `*` leads to
//! only if the byte continues a character, or starts a character without another case from a
//! state with no `*` transition elsewhere. All matches of one pattern are one (event-ruler's
//! `ByteMatch` equality), and an `anything-but` list's globs are added in `HashSet` order.
//!
//! The evaluator walks every set of states one input can be in at once (a breadth-first subset
//! construction over the bytes) and, for each, adds up per state the number of wildcard
//! patterns whose match it can still reach, plus, per state whose every-byte transition leads
//! out of the set, that target's number too. The complexity is the largest sum. A `wildcard`
//! matcher is one pattern; an `anything-but` `wildcard` list is one pattern for all its globs.
//! Other matchers (`prefix`, `suffix`, exact strings…) never count.
//!
//! Written by hand because no library models event-ruler's automaton; checked against
//! event-ruler on thousands of generated glob sets (see the tests).

use super::wildcard::Glob;
use std::collections::{HashSet, VecDeque};

/// How many state sets are walked before the measure gives up and reports the cap: the count
/// can only be reached by globs far past any real limit, and this bounds the time.
const MAX_STATE_SETS: usize = 50_000;

/// A transition's byte: one value or every value.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Label {
    Byte(u8),
    Any,
}

/// One field's byte automaton for its wildcard patterns.
#[derive(Default)]
struct Automaton {
    /// Per state, its transitions.
    moves: Vec<Vec<(Label, usize)>>,
    /// Per state and transition, whether a later glob may walk it instead of making its own.
    shareable: Vec<Vec<bool>>,
    /// Per state, whether a `*` lies on the way to it (event-ruler's indeterminate prefix).
    after_star: Vec<bool>,
    /// Per state, whether it is the state a final `*` loops on (its loop is another transition
    /// object in event-ruler, so a byte from it never reuses a state).
    composite: Vec<bool>,
    /// Per state, the pattern whose match it is (match states have no transitions).
    matches: Vec<Option<usize>>,
}

impl Automaton {
    fn state(&mut self, matched: Option<usize>, after_star: bool) -> usize {
        self.moves.push(Vec::new());
        self.shareable.push(Vec::new());
        self.after_star.push(after_star);
        self.composite.push(false);
        self.matches.push(matched);
        self.moves.len() - 1
    }

    fn link(&mut self, from: usize, label: Label, to: usize, shareable: bool) {
        self.moves[from].push((label, to));
        self.shareable[from].push(shareable);
    }

    /// The state token `k` of a glob leads to from `from` that an earlier glob made and this one
    /// may reuse, as event-ruler's `ByteMachine.canReuseNextByteState` decides: a `*` reuses the
    /// state another `*` made; a byte reuses a state with no `*` before it, and one with a `*`
    /// before it only when the byte continues a character, or when `from` has no `*` transition
    /// to another state and the character the byte starts has no other case (event-ruler's
    /// test for paths that meet again, which asks for the character's case variants).
    fn reusable(&self, from: usize, tokens: &[Option<u8>], k: usize) -> Option<usize> {
        let moves = self.moves[from].iter().zip(&self.shareable[from]);
        let mut candidates = moves.filter(|&(&(_, to), &shareable)| shareable && to != from);
        match tokens[k] {
            None => candidates
                .find(|&(&(label, _), _)| label == Label::Any)
                .map(|(&(_, to), _)| to),
            Some(b) => {
                let converge = !(0x80..0xC0).contains(&b)
                    && (self.moves[from]
                        .iter()
                        .any(|&(l, to)| l == Label::Any && to != from)
                        || has_case(&tokens[k..]));
                candidates
                    .find(|&(&(label, to), _)| {
                        label == Label::Byte(b) && (!self.after_star[to] || !converge)
                    })
                    .map(|(&(_, to), _)| to)
            }
        }
    }

    /// Adds one glob of pattern `pattern`, as event-ruler's `ByteMachine` lays it out.
    fn add(&mut self, pattern: usize, glob: &Glob) {
        let mut tokens = vec![Some(b'"')];
        tokens.extend(glob.tokens());
        tokens.push(Some(b'"'));
        let len = tokens.len();
        // A glob ending in `*` shares neither that `*` nor the byte before it.
        let walk_until = len - 1;
        let mut at = vec![0usize; len];
        let mut k = 0;
        while k < walk_until {
            let Some(next) = self.reusable(at[k], &tokens, k) else {
                break;
            };
            at[k + 1] = next;
            k += 1;
        }
        if k == len - 1 {
            // Every state is shared: the match is there already when the pattern is the same.
            let end = tokens[k];
            let already = self.moves[at[k]].iter().any(|&(l, to)| {
                end.map(Label::Byte) == Some(l) && self.matches[to] == Some(pattern)
            });
            if already {
                return;
            }
        }
        for k in k..len {
            let after_star = k > 0 && tokens[k - 1].is_none();
            let indeterminate = self.after_star[at[k]] || tokens[k].is_none();
            let next = if k == len - 1 {
                // event-ruler's matches of one pattern are equal (`ByteMatch.equals`): one state.
                match self.matches.iter().position(|&m| m == Some(pattern)) {
                    Some(state) => state,
                    None => self.state(Some(pattern), false),
                }
            } else {
                self.state(None, indeterminate)
            };
            let shareable = k < len - 1;
            match tokens[k] {
                None => {
                    self.link(at[k], Label::Any, next, shareable);
                    self.link(next, Label::Any, next, false);
                }
                Some(b) => {
                    self.link(at[k], Label::Byte(b), next, shareable);
                    if after_star {
                        self.link(at[k - 1], Label::Byte(b), next, false);
                    }
                }
            }
            if k + 1 < len {
                at[k + 1] = next;
            }
        }
    }

    /// Per state, how many patterns' matches it can reach (itself included): a backward
    /// search from each pattern's match states, so the cost is the patterns times the size.
    fn reachable_patterns(&self, patterns: usize) -> Vec<usize> {
        let mut into: Vec<Vec<usize>> = vec![Vec::new(); self.moves.len()];
        for (from, moves) in self.moves.iter().enumerate() {
            for &(_, to) in moves {
                into[to].push(from);
            }
        }
        let mut reach = vec![0; self.moves.len()];
        let mut seen = vec![usize::MAX; self.moves.len()];
        for p in 0..patterns {
            let mut stack: Vec<usize> = (0..self.moves.len())
                .filter(|&s| self.matches[s] == Some(p))
                .collect();
            for &s in &stack {
                seen[s] = p;
            }
            while let Some(s) = stack.pop() {
                reach[s] += 1;
                for &from in &into[s] {
                    if seen[from] != p {
                        seen[from] = p;
                        stack.push(from);
                    }
                }
            }
        }
        reach
    }
}

/// The complexity of one field's wildcard patterns (each a list of globs: one for a `wildcard`
/// matcher, all of an `anything-but` `wildcard` list), capped at `cap`. Identical patterns
/// share one match, as event-ruler's equal `ByteMatch`es do.
pub fn complexity(patterns: &[Vec<&Glob>], cap: usize) -> usize {
    let mut automaton = Automaton::default();
    automaton.state(None, false);
    let mut distinct: Vec<&Vec<&Glob>> = Vec::new();
    for p in patterns {
        if !distinct.contains(&p) {
            distinct.push(p);
        }
    }
    // A pattern written twice is added twice (its second globs may not share every state),
    // but its matches are the first one's.
    for p in patterns {
        let i = distinct.iter().position(|d| *d == p).unwrap_or_default();
        for glob in in_java_hash_set_order(p) {
            automaton.add(i, glob);
        }
    }
    let reach = automaton.reachable_patterns(distinct.len());
    let mut bytes: Vec<u8> = automaton
        .moves
        .iter()
        .flatten()
        .filter_map(|(l, _)| match l {
            Label::Byte(b) => Some(*b),
            Label::Any => None,
        })
        .collect();
    bytes.sort_unstable();
    bytes.dedup();
    // One byte no glob names stands for all the others.
    let other = (0..=u8::MAX).find(|b| bytes.binary_search(b).is_err());
    bytes.extend(other);
    let size = |set: &[usize]| -> usize {
        set.iter()
            .map(|&s| {
                let escapes: usize = automaton.moves[s]
                    .iter()
                    .filter(|&&(l, t)| l == Label::Any && set.binary_search(&t).is_err())
                    .map(|&(_, t)| reach[t])
                    .sum();
                reach[s] + escapes
            })
            .sum()
    };
    let start = vec![0usize];
    let mut seen: HashSet<Vec<usize>> = HashSet::from([start.clone()]);
    let mut queue = VecDeque::from([start]);
    let mut max = 0;
    while let Some(set) = queue.pop_front() {
        for &byte in &bytes {
            let mut next: Vec<usize> = set
                .iter()
                .flat_map(|&s| automaton.moves[s].iter())
                .filter(|&&(l, _)| l == Label::Any || l == Label::Byte(byte))
                .map(|&(_, t)| t)
                .collect();
            next.sort_unstable();
            next.dedup();
            if next.is_empty() || seen.contains(&next) {
                continue;
            }
            max = max.max(size(&next));
            if max >= cap || seen.len() >= MAX_STATE_SETS {
                return cap;
            }
            seen.insert(next.clone());
            queue.push_back(next);
        }
    }
    max
}

/// Whether the character whose UTF-8 encoding starts `tokens` has another case (`a`/`A`).
fn has_case(tokens: &[Option<u8>]) -> bool {
    let bytes: Vec<u8> = tokens.iter().take(4).map_while(|t| *t).collect();
    let text = match std::str::from_utf8(&bytes) {
        Ok(text) => text,
        Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default(),
    };
    text.chars().next().is_some_and(|c| {
        c.to_lowercase().collect::<String>() != c.to_uppercase().collect::<String>()
    })
}

/// An `anything-but` list's globs without repeats, in the order event-ruler adds them: it keeps
/// them in a `java.util.HashSet` of the quoted texts (16 buckets for a list of up to 12), which
/// iterates bucket by bucket, each bucket in insertion order. The order decides which states a
/// glob can share with the globs added before it.
fn in_java_hash_set_order<'a>(globs: &[&'a Glob]) -> Vec<&'a Glob> {
    let mut unique: Vec<&Glob> = Vec::new();
    for &glob in globs {
        if !unique.iter().any(|g| g.source == glob.source) {
            unique.push(glob);
        }
    }
    let mut buckets = 16usize;
    while unique.len() * 4 > buckets * 3 {
        buckets *= 2;
    }
    let bucket = |glob: &Glob| -> usize {
        let quoted = format!("\"{}\"", glob.source);
        let hash = quoted.encode_utf16().fold(0i32, |h, unit| {
            h.wrapping_mul(31).wrapping_add(i32::from(unit))
        }) as u32;
        ((hash ^ (hash >> 16)) as usize) & (buckets - 1)
    };
    // A stable sort keeps insertion order within a bucket.
    unique.sort_by_key(|glob| bucket(glob));
    unique
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(patterns: &[&[&str]]) -> usize {
        let globs: Vec<Vec<Glob>> = patterns
            .iter()
            .map(|p| p.iter().map(|g| Glob::parse(g).unwrap()).collect())
            .collect();
        let refs: Vec<Vec<&Glob>> = globs.iter().map(|p| p.iter().collect()).collect();
        complexity(&refs, 100)
    }

    /// Every expected value is event-ruler's `MachineComplexityEvaluator` on the same field.
    #[test]
    fn complexity_as_event_ruler_measures_it() {
        for (patterns, want) in [
            (&[&["*:*:*:*:*:event-bus/*"][..]][..], 11),
            (&[&["/Users/*/dir/dir/dir/dir/dir/doc.txt"]], 7),
            (&[&["a*b"]], 2),
            (&[&["*"]], 2),
            (&[&["a*"]], 2),
            (&[&["*a"]], 2),
            (&[&["a*b"], &["c*d"]], 2),
            (&[&[":baaa:"], &["bbc*a"]], 2),
            (&[&["*"], &["*"]], 2),
            (&[&["*aba\\*bbb"], &["b\\*\\\\b*abba"]], 5),
            (&[&["aé*"], &["*aaéaa*aaéé"]], 8),
            (&[&["é"], &["éé*a*aa"], &["*aa*é*aa"], &["a"]], 12),
            (&[&["ba", "bababbb"]], 1),
            (
                &[&["*a*b*c*d*e*f*g*h*i*j*k*l*m*n*o*p*q*r*s*t*u*v*w*x*y*z*"]],
                28,
            ),
            (&[&["arn:aws:s3:::*-bucket/*.json"], &["*.csv"]], 5),
        ] {
            assert_eq!(of(patterns), want, "{patterns:?}");
        }
    }

    /// `anything-but` wildcard lists, and a pattern written twice: all its globs are one match,
    /// added in event-ruler's `HashSet` order, and a glob reuses the states another made as
    /// `ByteMachine` allows. eventlens once counted these one to three higher.
    #[test]
    fn anything_but_lists_as_event_ruler_measures_them() {
        for (patterns, want) in [
            (&[&["a*b", "*c*"][..]][..], 4),
            (&[&["*a", "*b", "b*a*bab*aba"]], 9),
            (&[&["*a*", "*a*a"]], 6),
            (&[&["*::*", "*:"]], 4),
            (&[&["bb", "bb*", "aa"]], 2),
            (&[&["b*", "b*abb"]], 2),
            (&[&["b*bb\\*", "b*aab*", "*"]], 5),
            (&[&["*aaa:a:*aa::", "a:", "*aaa*:a", "*a"]], 12),
            (&[&["*a*ababa*b", "*bbb*ab", "*babbb*aab*b"]], 14),
            (&[&["*a"], &["aa:*:a:a:"], &["*a"]], 6),
        ] {
            assert_eq!(of(patterns), want, "{patterns:?}");
        }
    }

    /// AWS accepts the first and refuses the second (spec §3.10): the limit lies between.
    #[test]
    fn complexity_of_known_cases() {
        let ok = of(&[&["/Users/*/dir/dir/dir/dir/dir/doc.txt"]]);
        let bad = of(&[&["*:*:*:*:*:event-bus/*"]]);
        assert!(ok < super::super::WILDCARD_COMPLEXITY_LIMIT);
        assert!(bad >= super::super::WILDCARD_COMPLEXITY_LIMIT);
    }

    #[test]
    fn the_walk_is_bounded() {
        // event-ruler caps this one at its threshold too.
        let glob = "*a".repeat(60);
        assert_eq!(of(&[&[glob.as_str()]]), 100);
    }
}
