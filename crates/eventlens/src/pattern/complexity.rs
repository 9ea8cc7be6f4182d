//! "Rule is too complex": the wildcard complexity EventBridge refuses, measured as event-ruler's
//! `MachineComplexityEvaluator` measures it on the byte machine of one field.
//!
//! event-ruler matches a field's string values with one byte automaton for all its patterns.
//! A value is matched with its quotes, so a glob `a*b` is the byte chain `"`, `a`, `*`, `b`, `"`:
//! each literal byte is a transition to a new state; a `*` is a transition on every byte to a
//! state that also loops to itself on every byte, and the byte after a `*` is reached from the
//! state before the `*` as well (the `*` matched nothing). A glob's leading literal bytes (up to
//! its first `*`, and short of the byte before a final `*`) share states with any other glob
//! that starts the same way; states after a `*` are never shared. The last byte's transition
//! is the match.
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
use std::collections::{HashMap, HashSet, VecDeque};

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
    /// Per state, the pattern whose match it is (match states have no transitions).
    matches: Vec<Option<usize>>,
    /// Shared leading states: (state, byte) → next state.
    shared: HashMap<(usize, u8), usize>,
}

impl Automaton {
    fn state(&mut self, matched: Option<usize>) -> usize {
        self.moves.push(Vec::new());
        self.matches.push(matched);
        self.moves.len() - 1
    }

    /// Adds one glob of pattern `pattern`, as event-ruler's `ByteMachine` lays it out.
    fn add(&mut self, pattern: usize, glob: &Glob) {
        let mut tokens = vec![Some(b'"')];
        tokens.extend(glob.tokens());
        tokens.push(Some(b'"'));
        let len = tokens.len();
        let first_star = tokens.iter().position(Option::is_none).unwrap_or(len);
        let share_until = if first_star + 2 == len {
            len - 3
        } else {
            first_star
        };
        let mut at = vec![0usize; len];
        let mut k = 0;
        while k < share_until.min(len - 1) {
            let Some(&next) = tokens[k].and_then(|b| self.shared.get(&(at[k], b))) else {
                break;
            };
            at[k + 1] = next;
            k += 1;
        }
        for k in k..len {
            let after_star = k > 0 && tokens[k - 1].is_none();
            let next = if k == len - 1 {
                self.state(Some(pattern))
            } else {
                self.state(None)
            };
            match tokens[k] {
                None => {
                    self.moves[at[k]].push((Label::Any, next));
                    self.moves[next].push((Label::Any, next));
                }
                Some(b) => {
                    self.moves[at[k]].push((Label::Byte(b), next));
                    if after_star {
                        self.moves[at[k - 1]].push((Label::Byte(b), next));
                    }
                    if k < share_until && k < len - 1 {
                        self.shared.insert((at[k], b), next);
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
/// count once, as event-ruler keeps one match for them.
pub fn complexity(patterns: &[Vec<&Glob>], cap: usize) -> usize {
    let mut automaton = Automaton::default();
    automaton.state(None);
    let mut distinct: Vec<&Vec<&Glob>> = Vec::new();
    for p in patterns {
        if !distinct.contains(&p) {
            distinct.push(p);
        }
    }
    for (i, globs) in distinct.iter().enumerate() {
        for glob in globs.iter() {
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
