//! Deciding whether one `$or` combination holds, with event-ruler's array consistency: values
//! chosen for different fields must come from the same element of every array they share, and
//! `exists: false` is judged against the elements so chosen.

use crate::event::{Event, Leaf, LeafIndex, Membership};
use crate::pattern::{Field, Op};
use std::collections::HashSet;

/// How each field of a combination was satisfied.
#[derive(Debug, Clone, PartialEq)]
pub enum Choice {
    /// By the leaf with this index in the field's leaf list.
    Leaf(usize),
    /// By `exists: false`: no leaf consistent with the other choices.
    Absent,
}

/// Per field of a combination: the leaves that some matcher accepts, and whether absence may do.
pub struct FieldCandidates<'i> {
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
    fields: &[&Field],
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
                leaves,
                accepted,
                absence_ok: f.accepts_absence(),
            }
        })
        .collect()
}

/// Finds one consistent way to satisfy every field, or `None`.
pub fn solve(cands: &[FieldCandidates]) -> Option<Vec<Choice>> {
    // Quick refusals that need no search.
    if cands.iter().any(|c| c.accepted.is_empty() && !c.absence_ok) {
        return None;
    }
    let mut order: Vec<usize> = (0..cands.len()).collect();
    order.sort_by_key(|&i| cands[i].accepted.len());
    // Arrays that matter from step k on: those of later fields' leaves and of every field that
    // may be satisfied by absence (checked at the end). Choices that differ only outside these
    // arrays lead to the same outcome, so failures are remembered under that projection.
    let absence_arrays: HashSet<u32> = cands
        .iter()
        .filter(|c| c.absence_ok)
        .flat_map(|c| c.leaves.iter().flat_map(|l| l.arrays.iter().map(|a| a.0)))
        .collect();
    let mut relevant: Vec<HashSet<u32>> = vec![absence_arrays; order.len() + 1];
    for k in (0..order.len()).rev() {
        let mut set = relevant[k + 1].clone();
        set.extend(
            cands[order[k]]
                .leaves
                .iter()
                .flat_map(|l| l.arrays.iter().map(|a| a.0)),
        );
        relevant[k] = set;
    }
    let mut search = Search {
        cands,
        order: &order,
        relevant: &relevant,
        failed: HashSet::new(),
        choices: vec![None; cands.len()],
    };
    if search.step(0, &mut Vec::new()) {
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

/// A search state known to fail: step, membership projected on the arrays still relevant, and
/// which fields were left to absence.
type FailedState = (usize, Membership, Vec<bool>);

struct Search<'a, 'i> {
    cands: &'a [FieldCandidates<'i>],
    order: &'a [usize],
    relevant: &'a [HashSet<u32>],
    failed: HashSet<FailedState>,
    choices: Vec<Option<Choice>>,
}

impl Search<'_, '_> {
    fn step(&mut self, k: usize, membership: &mut Membership) -> bool {
        if k == self.order.len() {
            return self.absences_hold(membership);
        }
        let key = self.memo_key(k, membership);
        if self.failed.contains(&key) {
            return false;
        }
        let field = self.order[k];
        let cand = &self.cands[field];
        for &leaf in &cand.accepted {
            let arrays = &cand.leaves[leaf].arrays;
            if !consistent(membership, arrays) {
                continue;
            }
            let before = membership.len();
            merge(membership, arrays);
            self.choices[field] = Some(Choice::Leaf(leaf));
            if self.step(k + 1, membership) {
                return true;
            }
            membership.truncate(before);
        }
        if cand.absence_ok {
            self.choices[field] = Some(Choice::Absent);
            if self.step(k + 1, membership) {
                return true;
            }
        }
        self.choices[field] = None;
        self.failed.insert(key);
        false
    }

    fn memo_key(&self, k: usize, membership: &[(u32, u32)]) -> FailedState {
        let projected = membership
            .iter()
            .copied()
            .filter(|(a, _)| self.relevant[k].contains(a))
            .collect();
        let absent = self
            .choices
            .iter()
            .map(|c| *c == Some(Choice::Absent))
            .collect();
        (k, projected, absent)
    }

    fn absences_hold(&self, membership: &[(u32, u32)]) -> bool {
        self.choices.iter().zip(self.cands).all(|(choice, cand)| {
            *choice != Some(Choice::Absent)
                || !cand
                    .leaves
                    .iter()
                    .any(|l| consistent(membership, &l.arrays))
        })
    }
}

/// Whether two array memberships agree on every array they share.
pub fn consistent(a: &[(u32, u32)], b: &[(u32, u32)]) -> bool {
    b.iter()
        .all(|(arr, idx)| a.iter().all(|(arr2, idx2)| arr != arr2 || idx == idx2))
}

fn merge(into: &mut Membership, add: &[(u32, u32)]) {
    for pair in add {
        if !into.contains(pair) {
            into.push(*pair);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(arrays: Vec<(u32, u32)>) -> Leaf {
        Leaf {
            display_path: String::new(),
            node: 0,
            arrays,
        }
    }

    #[test]
    fn same_element_required() {
        let x = [leaf(vec![(1, 0)]), leaf(vec![(1, 1)])];
        let y = [leaf(vec![(1, 0)]), leaf(vec![(1, 1)])];
        // x matches in element 0 only, y in element 1 only: inconsistent.
        let c = vec![
            FieldCandidates {
                leaves: &x,
                accepted: vec![0],
                absence_ok: false,
            },
            FieldCandidates {
                leaves: &y,
                accepted: vec![1],
                absence_ok: false,
            },
        ];
        assert!(solve(&c).is_none());
        let c = vec![
            FieldCandidates {
                leaves: &x,
                accepted: vec![0, 1],
                absence_ok: false,
            },
            FieldCandidates {
                leaves: &y,
                accepted: vec![1],
                absence_ok: false,
            },
        ];
        assert_eq!(solve(&c).unwrap(), vec![Choice::Leaf(1), Choice::Leaf(1)]);
    }

    #[test]
    fn absence_is_judged_in_the_chosen_element() {
        let x = [leaf(vec![(1, 0)]), leaf(vec![(1, 1)])];
        let y = [leaf(vec![(1, 0)])];
        let c = vec![
            FieldCandidates {
                leaves: &x,
                accepted: vec![0, 1],
                absence_ok: false,
            },
            FieldCandidates {
                leaves: &y,
                accepted: vec![],
                absence_ok: true,
            },
        ];
        assert_eq!(solve(&c).unwrap(), vec![Choice::Leaf(1), Choice::Absent]);
    }

    #[test]
    fn many_independent_arrays_do_not_blow_up() {
        // 30 fields in 30 different arrays, each with 10 accepted elements, and a last field that
        // can never hold: the memo keeps this polynomial.
        let leaves: Vec<Vec<Leaf>> = (0..30)
            .map(|a| (0..10).map(|i| leaf(vec![(a, i)])).collect())
            .collect();
        let mut c: Vec<FieldCandidates> = leaves
            .iter()
            .map(|l| FieldCandidates {
                leaves: l,
                accepted: (0..10).collect(),
                absence_ok: false,
            })
            .collect();
        let z = [leaf(vec![(0, 0)])];
        c.push(FieldCandidates {
            leaves: &z,
            accepted: vec![],
            absence_ok: true,
        });
        // The absent field conflicts only with array 0 element 0; a solution exists.
        assert!(solve(&c).is_some());
    }
}
