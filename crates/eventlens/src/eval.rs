//! Deciding whether one `$or` combination holds, with event-ruler's array consistency: values
//! chosen for different fields must come from the same element of every array they share, and
//! `exists: false` is judged against the elements chosen for the fields before it.
//!
//! **Absence under arrays** (event-ruler's `ACFinder`, which EventBridge runs): the engine walks
//! a combination's fields in the order of their dotted paths (Java's `String` order, that is by
//! UTF-16 code units), each field choosing an event value consistent with the elements chosen
//! so far. A field with `exists: false` is satisfied by absence when no value at its path (a
//! `null` counts as a value; `[]` and `{}` hold none) is consistent with the elements chosen by
//! the fields whose paths sort *before* it; fields sorting after it do not narrow it. So with
//! `{"a": {"b": [{"exists": false}], "c": ["1"]}}`, `a.b` is judged before `a.c` chooses an
//! element: any `b` in any element of `a` makes it fail; with `{"a": {"x": ["1"], "y":
//! [{"exists": false}]}}`, `a.y` is judged inside the element whose `x` is `"1"`, so the event
//! `{"a": [{"x": "1", "y": 0}, {"x": "1"}]}` matches by its second element. A value in another
//! array, or outside arrays, is consistent with any choice and so always counts.
//!
//! The elements a leaf lies in form a chain from the leaf out to the root (see
//! [`LeafIndex::chain`]), and the elements chosen so far are closed under that chain. So a leaf
//! is consistent with the choices when the first of its elements whose array was chosen is the
//! chosen element, and each field's leaves are kept in a tree of their elements, which finds the
//! consistent ones without looking at the others. That keeps matching linear in the event size
//! where a scan of every leaf for every choice would be quadratic.

use crate::event::{ElementId, Event, Leaf, LeafIndex};
use crate::pattern::{Field, Op, Pattern};
use std::collections::{BTreeMap, HashMap, HashSet};

/// [`Pattern::matches`]: whether some combination of the pattern holds for the event.
pub(crate) fn matches(pattern: &Pattern, event: &Event) -> bool {
    let index = event.index(&pattern.paths());
    pattern.combinations().iter().any(|combination| {
        let fields = pattern.combination_fields(combination);
        solve(&index, &candidates(event, &index, &fields)).is_some()
    })
}

/// How each field of a combination was satisfied.
#[derive(Debug, Clone, PartialEq)]
pub enum Choice {
    /// By the leaf with this index in the field's leaf list.
    Leaf(usize),
    /// By `exists: false`: no leaf consistent with the choices of the fields before it.
    Absent,
}

/// Per field of a combination: the leaves that some matcher accepts, and whether absence may do.
pub struct FieldCandidates<'i> {
    /// The field's dotted path (it decides the order the fields are judged in).
    pub path: &'i str,
    /// Every leaf at the field's path.
    pub leaves: &'i [Leaf],
    /// Indexes (into `leaves`) of the leaves a positive matcher accepts.
    pub accepted: Vec<usize>,
    /// The field lists `exists: false`.
    pub absence_ok: bool,
}

/// The candidates of each field, in the order given.
pub fn candidates<'i>(
    event: &Event,
    index: &'i LeafIndex,
    fields: &[&'i Field],
) -> Vec<FieldCandidates<'i>> {
    fields
        .iter()
        .map(|f| {
            let leaves: &[Leaf] = index.leaves.get(&f.path).map(Vec::as_slice).unwrap_or(&[]);
            let accepted = leaves
                .iter()
                .enumerate()
                .filter(|(_, l)| {
                    let v = event.scalar(l.node);
                    f.matchers
                        .iter()
                        .any(|m| m.op != Op::Exists(false) && m.op.test(&v))
                })
                .map(|(i, _)| i)
                .collect();
            FieldCandidates {
                path: &f.path,
                leaves,
                accepted,
                absence_ok: f.accepts_absence(),
            }
        })
        .collect()
}

/// Finds one consistent way to satisfy every field, or `None`. `index` is the one the
/// candidates' leaves come from.
pub fn solve(index: &LeafIndex, cands: &[FieldCandidates]) -> Option<Vec<Choice>> {
    // Quick refusals that need no search.
    if cands.iter().any(|c| c.accepted.is_empty() && !c.absence_ok) {
        return None;
    }
    // The engine's order: by path, in UTF-16 code units.
    let mut order: Vec<usize> = (0..cands.len()).collect();
    order.sort_by(|&a, &b| {
        cands[a]
            .path
            .encode_utf16()
            .cmp(cands[b].path.encode_utf16())
    });
    // Arrays that matter from step k on: those of later fields' leaves (absent ones included).
    // Choices that differ only outside these arrays lead to the same outcome, so failures are
    // remembered under that projection.
    let arrays_of = |c: &FieldCandidates| -> HashSet<u32> {
        let mut seen: HashSet<ElementId> = HashSet::new();
        let mut arrays = HashSet::new();
        for leaf in c.leaves {
            let mut at = leaf.element;
            while let Some(e) = at {
                if !seen.insert(e) {
                    break;
                }
                let el = &index.elements[e as usize];
                arrays.insert(el.array);
                at = el.parent;
            }
        }
        arrays
    };
    let mut relevant: Vec<HashSet<u32>> = vec![HashSet::new(); order.len() + 1];
    for k in (0..order.len()).rev() {
        let mut set = relevant[k + 1].clone();
        set.extend(arrays_of(&cands[order[k]]));
        relevant[k] = set;
    }
    let accepted: Vec<LeafTree> = cands
        .iter()
        .map(|c| LeafTree::new(index, c.accepted.iter().map(|&i| (i, c.leaves[i].element))))
        .collect();
    let all: Vec<Option<LeafTree>> = cands
        .iter()
        .map(|c| {
            c.absence_ok
                .then(|| LeafTree::new(index, c.leaves.iter().map(|l| l.element).enumerate()))
        })
        .collect();
    let mut search = Search {
        index,
        cands,
        order: &order,
        relevant: &relevant,
        accepted: &accepted,
        all: &all,
        chosen: Chosen::default(),
        failed: HashSet::new(),
        choices: vec![None; cands.len()],
    };
    if search.step(0) {
        Some(
            search
                .choices
                .into_iter()
                .map(|c| c.expect("every field chosen"))
                .collect(),
        )
    } else {
        None
    }
}

/// The array elements chosen so far (array → element position), closed under enclosing
/// elements, with an undo log for backtracking.
#[derive(Default)]
struct Chosen {
    by_array: HashMap<u32, u32>,
    log: Vec<u32>,
}

impl Chosen {
    /// Chooses a consistent leaf's elements; returns the undo mark.
    fn choose(&mut self, index: &LeafIndex, element: Option<ElementId>) -> usize {
        let mark = self.log.len();
        let mut at = element;
        while let Some(e) = at {
            let el = &index.elements[e as usize];
            if self.by_array.insert(el.array, el.index).is_some() {
                break;
            }
            self.log.push(el.array);
            at = el.parent;
        }
        mark
    }

    fn undo(&mut self, mark: usize) {
        for array in self.log.drain(mark..) {
            self.by_array.remove(&array);
        }
    }
}

/// Some leaves of one field (by position in its leaf list) arranged by the array elements they
/// lie in: node 0 is outside every array, the others are elements; each node's child elements
/// are grouped by array, so the elements of an already chosen array are looked up, not scanned.
struct LeafTree {
    nodes: Vec<TreeNode>,
}

#[derive(Default)]
struct TreeNode {
    leaves: Vec<usize>,
    groups: Vec<(u32, BTreeMap<u32, usize>)>,
}

impl LeafTree {
    fn new(index: &LeafIndex, leaves: impl Iterator<Item = (usize, Option<ElementId>)>) -> Self {
        let mut tree = LeafTree {
            nodes: vec![TreeNode::default()],
        };
        let mut node_of: HashMap<ElementId, usize> = HashMap::new();
        let mut path: Vec<ElementId> = Vec::new();
        for (leaf, element) in leaves {
            // The elements of this leaf not yet in the tree, innermost first.
            path.clear();
            let mut at = element;
            let mut attach = 0;
            while let Some(e) = at {
                if let Some(&n) = node_of.get(&e) {
                    attach = n;
                    break;
                }
                path.push(e);
                at = index.elements[e as usize].parent;
            }
            for &e in path.iter().rev() {
                let el = &index.elements[e as usize];
                let n = tree.nodes.len();
                tree.nodes.push(TreeNode::default());
                let groups = &mut tree.nodes[attach].groups;
                match groups.iter_mut().find(|(a, _)| *a == el.array) {
                    Some((_, kids)) => {
                        kids.insert(el.index, n);
                    }
                    None => groups.push((el.array, BTreeMap::from([(el.index, n)]))),
                }
                node_of.insert(e, n);
                attach = n;
            }
            tree.nodes[attach].leaves.push(leaf);
        }
        tree
    }

    /// The leaves consistent with `chosen`, in leaf-list order; with `first_only`, stops at one.
    fn consistent(&self, chosen: &Chosen, first_only: bool) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack = vec![0];
        while let Some(n) = stack.pop() {
            let node = &self.nodes[n];
            out.extend_from_slice(&node.leaves);
            if first_only && !out.is_empty() {
                break;
            }
            for (array, kids) in &node.groups {
                match chosen.by_array.get(array) {
                    Some(i) => stack.extend(kids.get(i)),
                    None => stack.extend(kids.values()),
                }
            }
        }
        out.sort_unstable();
        out
    }
}

/// A search state known to fail: step, and chosen elements projected on the arrays still
/// relevant (a field left to absence chooses none, so it does not change what follows).
type FailedState = (usize, Vec<(u32, u32)>);

struct Search<'a, 'i> {
    index: &'a LeafIndex,
    cands: &'a [FieldCandidates<'i>],
    order: &'a [usize],
    relevant: &'a [HashSet<u32>],
    accepted: &'a [LeafTree],
    all: &'a [Option<LeafTree>],
    chosen: Chosen,
    failed: HashSet<FailedState>,
    choices: Vec<Option<Choice>>,
}

impl Search<'_, '_> {
    fn step(&mut self, k: usize) -> bool {
        if k == self.order.len() {
            return true;
        }
        let key = self.memo_key(k);
        if self.failed.contains(&key) {
            return false;
        }
        let field = self.order[k];
        for leaf in self.accepted[field].consistent(&self.chosen, false) {
            let mark = self
                .chosen
                .choose(self.index, self.cands[field].leaves[leaf].element);
            self.choices[field] = Some(Choice::Leaf(leaf));
            if self.step(k + 1) {
                return true;
            }
            self.chosen.undo(mark);
        }
        if self.absence_holds(field) {
            self.choices[field] = Some(Choice::Absent);
            if self.step(k + 1) {
                return true;
            }
        }
        self.choices[field] = None;
        self.failed.insert(key);
        false
    }

    fn memo_key(&self, k: usize) -> FailedState {
        let mut projected: Vec<(u32, u32)> = self
            .chosen
            .by_array
            .iter()
            .filter(|(a, _)| self.relevant[k].contains(a))
            .map(|(&a, &i)| (a, i))
            .collect();
        projected.sort_unstable();
        (k, projected)
    }

    /// Whether `field` may be satisfied by absence now: it lists `exists: false` and none of
    /// its values is consistent with the elements chosen so far (by the fields before it).
    fn absence_holds(&self, field: usize) -> bool {
        self.all[field]
            .as_ref()
            .is_some_and(|t| t.consistent(&self.chosen, true).is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Pattern;

    /// Solves the one combination of `pattern` against `event`.
    fn solve_text(pattern: &str, event: &str) -> Option<Vec<Choice>> {
        let p = Pattern::compile(pattern).unwrap();
        let e = Event::parse(event).unwrap();
        let index = e.index(&p.paths());
        let fields: Vec<&Field> = p.combinations()[0]
            .fields
            .iter()
            .map(|&f| &p.fields()[f])
            .collect();
        solve(&index, &candidates(&e, &index, &fields))
    }

    #[test]
    fn same_element_required() {
        // x matches in element 0 only, y in element 1 only: inconsistent.
        let p = r#"{"a": {"x": ["1"], "y": ["2"]}}"#;
        assert!(solve_text(p, r#"{"a": [{"x": "1", "y": "0"}, {"x": "0", "y": "2"}]}"#).is_none());
        assert_eq!(
            solve_text(p, r#"{"a": [{"x": "1", "y": "0"}, {"x": "1", "y": "2"}]}"#).unwrap(),
            vec![Choice::Leaf(1), Choice::Leaf(1)]
        );
        // Scalars of one array are all values of the path: no element ties them.
        assert!(solve_text(p, r#"{"a": {"x": ["0", "1"], "y": ["2", "3"]}}"#).is_some());
    }

    #[test]
    fn nested_arrays_tie_through_every_level() {
        let p = r#"{"a": {"b": {"x": ["1"], "y": ["2"]}}}"#;
        let e = r#"{"a": [{"b": [{"x": "1"}, {"y": "2"}]}, {"b": [{"x": "1", "y": "2"}]}]}"#;
        assert_eq!(
            solve_text(p, e).unwrap(),
            vec![Choice::Leaf(1), Choice::Leaf(1)]
        );
        let e = r#"{"a": [{"b": [{"x": "1"}, {"y": "2"}]}, {"b": [{"x": "1"}]}]}"#;
        assert!(solve_text(p, e).is_none());
    }

    #[test]
    fn absence_is_judged_in_the_chosen_element() {
        let p = r#"{"a": {"x": ["1"], "y": [{"exists": false}]}}"#;
        assert_eq!(
            solve_text(p, r#"{"a": [{"x": "1", "y": 0}, {"x": "1"}]}"#).unwrap(),
            vec![Choice::Leaf(1), Choice::Absent]
        );
        assert!(solve_text(p, r#"{"a": [{"x": "1", "y": 0}, {"x": "1", "y": 1}]}"#).is_none());
    }

    /// Each shape checked with event-ruler (`Machine.rulesForJSONEvent`).
    #[test]
    fn absence_is_judged_against_the_fields_before_it() {
        // `a.b` sorts before `a.c`: judged before any element is chosen, so any `b` counts.
        let p = r#"{"a": {"b": [{"exists": false}], "c": ["1"]}}"#;
        assert!(solve_text(p, r#"{"a": [{"b": 0, "c": "2"}, {"c": "1"}]}"#).is_none());
        assert!(solve_text(p, r#"{"a": [{"b": null, "c": "2"}, {"c": "1"}]}"#).is_none());
        assert!(solve_text(p, r#"{"a": [{"c": "2"}, {"c": "1"}]}"#).is_some());
        // A `null` is a value; `[]` holds none.
        let p = r#"{"a": {"x": ["1"], "y": [{"exists": false}]}}"#;
        assert!(solve_text(p, r#"{"a": [{"x": "1", "y": null}]}"#).is_none());
        assert!(solve_text(p, r#"{"a": [{"x": "1", "y": []}]}"#).is_some());
        // Different arrays: the value in `b` is consistent with the element chosen in `a`.
        let p = r#"{"a": {"x": ["1"]}, "b": {"y": [{"exists": false}]}}"#;
        assert!(solve_text(p, r#"{"a": [{"x": "1"}, {"x": "2"}], "b": [{"y": 1}, {}]}"#).is_none());
        // Outside arrays: a value always counts.
        let p = r#"{"a": {"x": ["1"]}, "z": [{"exists": false}]}"#;
        assert!(solve_text(p, r#"{"a": [{"x": "1"}], "z": null}"#).is_none());
        // Nested arrays: the later field chose the outer element only through the earlier one.
        let p = r#"{"a": {"b": {"x": ["1"]}, "c": [{"exists": false}]}}"#;
        assert!(solve_text(
            p,
            r#"{"a": [{"b": [{"x": "1"}], "c": 1}, {"b": [{"x": "1"}]}]}"#
        )
        .is_some());
        assert!(solve_text(p, r#"{"a": [{"b": [{"x": "1"}], "c": 1}]}"#).is_none());
    }

    #[test]
    fn many_independent_arrays_do_not_blow_up() {
        // 30 fields in 30 different arrays, each accepted in 10 elements, and a last field whose
        // absence conflicts with one element: the memo keeps this polynomial.
        let fields: Vec<String> = (0..30)
            .map(|a| format!(r#""f{a}": {{"x": ["1"]}}"#))
            .collect();
        let pattern = format!(
            r#"{{{}, "f0": {{"x": ["1"], "z": [{{"exists": false}}]}}}}"#,
            fields[1..].join(", ")
        );
        let arrays: Vec<String> = (0..30)
            .map(|a| {
                let z = if a == 0 { r#", "z": 0"# } else { "" };
                let mut elements = vec![format!(r#"{{"x": "1"{z}}}"#)];
                elements.extend((1..10).map(|_| r#"{"x": "1"}"#.to_string()));
                format!(r#""f{a}": [{}]"#, elements.join(", "))
            })
            .collect();
        let event = format!("{{{}}}", arrays.join(", "));
        let choices = solve_text(&pattern, &event).expect("a solution exists");
        assert!(choices.contains(&Choice::Absent));
    }
}
