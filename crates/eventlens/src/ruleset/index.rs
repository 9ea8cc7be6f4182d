//! The rule set compiled for matching: path states, per-path matcher indexes, and each `$or`
//! combination filed under one *anchor* field (the most selective one that absence cannot
//! satisfy). An event is walked once; each field a value satisfies wakes only the combinations
//! anchored on it, so the work per event follows the values seen, not the number of rules.

use super::paths::{has_empty_step, PathId, Paths};
use super::validate::Structure;
use super::values::{FieldId, Hits, PathMatchers, Value};
use super::walk::{walk, Frame};
use crate::pattern::{Field, Op, Pattern};
use rustc_hash::FxHashMap;

/// Index of a rule in the rule set's slots.
pub(crate) type RuleId = u32;

#[derive(Debug)]
struct FieldInfo {
    path: PathId,
    absence_ok: bool,
}

/// One `$or` combination of one rule.
#[derive(Debug)]
struct Combination {
    rule: RuleId,
    fields: Vec<FieldId>,
}

/// The compiled rule set.
#[derive(Debug, Default)]
pub(crate) struct Index {
    paths: Paths,
    matchers: Vec<PathMatchers>,
    fields: Vec<FieldInfo>,
    combinations: Vec<Combination>,
    /// Per field, the combinations anchored on it.
    anchored: Vec<Vec<u32>>,
    /// Combinations every field of which absence may satisfy: checked for every event.
    unanchored: Vec<u32>,
    /// Rules with a path that has an empty step: the engine judges them for every event.
    asked: Vec<RuleId>,
    rules: usize,
}

/// How selective a matcher is: lower means fewer values pass it.
fn selectivity(op: &Op) -> u8 {
    match op {
        Op::ExactString(_)
        | Op::ExactIp(..)
        | Op::ExactNumber { .. }
        | Op::Exactly(_)
        | Op::EqualsIgnoreCase(_) => 0,
        Op::Numeric {
            low: Some(l),
            high: Some(h),
        } if l.value == h.value => 0,
        Op::Prefix(_)
        | Op::Suffix(_)
        | Op::PrefixIgnoreCase(_)
        | Op::SuffixIgnoreCase(_)
        | Op::Wildcard(_) => 1,
        Op::ExactBool(_) | Op::ExactNull | Op::Cidr(_) => 2,
        Op::Numeric { .. } => 3,
        Op::AnythingBut(_) => 4,
        Op::Exists(_) => 5,
    }
}

fn field_selectivity(f: &Field) -> u8 {
    f.matchers
        .iter()
        .filter(|m| m.op != Op::Exists(false))
        .map(|m| selectivity(&m.op))
        .max()
        .unwrap_or(u8::MAX)
}

/// What one event did to the rules; reused from event to event (stamps, not clearing).
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    stamp: u32,
    field_hit: Vec<u32>,
    path_seen: Vec<u32>,
    path_in_element: Vec<u32>,
    rule_done: Vec<u32>,
    hits: Vec<FieldId>,
    /// The rules matched by the current event, in slot order.
    pub matched: Vec<RuleId>,
    /// The same as bits (rule `r` is bit `r % 64` of word `r / 64`), all zero between events.
    matched_bits: MatchedBits,
    folded: Vec<u8>,
    frames: Vec<Frame>,
    /// The validator's output for the current event.
    pub structure: Structure,
}

impl Scratch {
    fn start(&mut self, index: &Index) {
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.field_hit.fill(0);
            self.path_seen.fill(0);
            self.path_in_element.fill(0);
            self.rule_done.fill(0);
            self.stamp = 1;
        }
        grow(&mut self.field_hit, index.fields.len());
        grow(&mut self.path_seen, index.matchers.len());
        grow(&mut self.path_in_element, index.matchers.len());
        grow(&mut self.rule_done, index.rules);
        grow(&mut self.matched_bits.words, index.rules.div_ceil(64));
        self.hits.clear();
    }
}

/// A set of rules that lists them in slot order without sorting: bits, and the span of words
/// that hold any.
#[derive(Debug, Default)]
struct MatchedBits {
    words: Vec<u64>,
    /// The first word set and one past the last (empty when equal).
    span: (usize, usize),
}

impl MatchedBits {
    fn insert(&mut self, rule: RuleId) {
        let w = rule as usize / 64;
        self.words[w] |= 1 << (rule % 64);
        self.span = if self.span.0 == self.span.1 {
            (w, w + 1)
        } else {
            (self.span.0.min(w), self.span.1.max(w + 1))
        };
    }

    /// Moves the rules to `out` in slot order, leaving the set empty.
    fn drain_into(&mut self, out: &mut Vec<RuleId>) {
        let (first, end) = std::mem::take(&mut self.span);
        for (w, word) in self.words[first..end].iter_mut().enumerate() {
            let mut bits = std::mem::take(word);
            while bits != 0 {
                out.push(((first + w) * 64) as RuleId + bits.trailing_zeros());
                bits &= bits - 1;
            }
        }
    }
}

fn grow<T: Copy + Default>(v: &mut Vec<T>, len: usize) {
    if v.len() < len {
        v.resize(len, T::default());
    }
}

/// A combination's fate for one event.
enum Verdict {
    Holds,
    Fails,
    /// Two or more of its fields have values inside array elements: array consistency decides,
    /// so the engine's own matcher is asked for the whole rule.
    Ask,
}

impl Index {
    /// Compiles `rules` (slot → pattern; `None` for a free slot).
    pub fn new<'p>(rules: impl Iterator<Item = Option<&'p Pattern>>) -> Index {
        let mut index = Index::default();
        let mut path_ids: FxHashMap<String, PathId> = FxHashMap::default();
        let mut names: Vec<String> = Vec::new();
        for (rule, pattern) in rules.enumerate() {
            index.rules = rule + 1;
            let Some(pattern) = pattern else { continue };
            if pattern.paths().iter().any(|p| has_empty_step(p)) {
                index.asked.push(rule as RuleId);
                continue;
            }
            // Fields some combination uses, each once.
            let mut ids: FxHashMap<usize, FieldId> = FxHashMap::default();
            for sub in pattern.combinations() {
                let mut fields = Vec::with_capacity(sub.fields.len());
                for &f in &sub.fields {
                    let id = *ids.entry(f).or_insert_with(|| {
                        let field = &pattern.fields()[f];
                        let path = *path_ids.entry(field.path.clone()).or_insert_with(|| {
                            names.push(field.path.clone());
                            index.matchers.push(PathMatchers::default());
                            (names.len() - 1) as PathId
                        });
                        let id = index.fields.len() as FieldId;
                        for m in &field.matchers {
                            index.matchers[path as usize].add(&m.op, id);
                        }
                        index.fields.push(FieldInfo {
                            path,
                            absence_ok: field.accepts_absence(),
                        });
                        index.anchored.push(Vec::new());
                        id
                    });
                    fields.push(id);
                }
                let anchor = sub
                    .fields
                    .iter()
                    .zip(&fields)
                    .filter(|(&f, _)| !pattern.fields()[f].accepts_absence())
                    .min_by_key(|(&f, _)| field_selectivity(&pattern.fields()[f]))
                    .map(|(_, &id)| id);
                let c = index.combinations.len() as u32;
                match anchor {
                    Some(a) => index.anchored[a as usize].push(c),
                    None => index.unanchored.push(c),
                }
                index.combinations.push(Combination {
                    rule: rule as RuleId,
                    fields,
                });
            }
        }
        let wanted: Vec<&str> = names.iter().map(String::as_str).collect();
        index.paths = Paths::new(&wanted);
        index
    }

    /// Finds the rules matching a scanned event (whose structure is in `scratch`) and leaves
    /// them in `scratch.matched`, in slot order. `ask(rule)` gives the engine's verdict for a
    /// rule the index cannot decide alone. `false` when the walk finds the event invalid.
    pub fn matches(
        &self,
        text: &str,
        scratch: &mut Scratch,
        mut ask: impl FnMut(RuleId) -> bool,
    ) -> bool {
        scratch.start(self);
        let Scratch {
            stamp,
            field_hit,
            path_seen,
            path_in_element,
            rule_done,
            hits,
            matched,
            matched_bits,
            folded,
            frames,
            structure,
        } = scratch;
        let stamp = *stamp;
        let valid = walk(
            text,
            structure,
            &self.paths,
            frames,
            |path, in_element, value: Value| {
                let again = path_seen[path as usize] == stamp;
                path_seen[path as usize] = stamp;
                if in_element {
                    path_in_element[path as usize] = stamp;
                }
                let mut found = Hits {
                    seen: field_hit,
                    stamp,
                    list: hits,
                };
                self.matchers[path as usize].find(&value, again, folded, &mut found);
            },
        );
        if !valid {
            return false;
        }
        matched.clear();
        let candidates = hits
            .iter()
            .flat_map(|&f| &self.anchored[f as usize])
            .chain(&self.unanchored);
        for &c in candidates {
            let combination = &self.combinations[c as usize];
            let rule = combination.rule;
            if rule_done[rule as usize] == stamp {
                continue;
            }
            let verdict = self.judge(combination, stamp, field_hit, path_seen, path_in_element);
            let holds = match verdict {
                Verdict::Holds => true,
                Verdict::Fails => continue,
                Verdict::Ask => ask(rule),
            };
            rule_done[rule as usize] = stamp;
            if holds {
                matched_bits.insert(rule);
            }
        }
        for &rule in &self.asked {
            if ask(rule) {
                matched_bits.insert(rule);
            }
        }
        matched_bits.drain_into(matched);
        true
    }

    fn judge(
        &self,
        combination: &Combination,
        stamp: u32,
        field_hit: &[u32],
        path_seen: &[u32],
        path_in_element: &[u32],
    ) -> Verdict {
        // One field, which a value satisfied: no other field can disagree with it.
        if let [f] = combination.fields[..] {
            if field_hit[f as usize] == stamp {
                return Verdict::Holds;
            }
        }
        let mut in_elements = 0;
        for &f in &combination.fields {
            let info = &self.fields[f as usize];
            let hit = field_hit[f as usize] == stamp;
            if !hit && !info.absence_ok {
                return Verdict::Fails;
            }
            if path_in_element[info.path as usize] == stamp {
                in_elements += 1;
            }
        }
        if in_elements > 1 {
            return Verdict::Ask;
        }
        // At most one field has values inside array elements, so no two choices can disagree
        // on an element: a field holds by any accepted value, or by absence of every value.
        let holds = combination.fields.iter().all(|&f| {
            field_hit[f as usize] == stamp
                || path_seen[self.fields[f as usize].path as usize] != stamp
        });
        if holds {
            Verdict::Holds
        } else {
            Verdict::Fails
        }
    }
}
