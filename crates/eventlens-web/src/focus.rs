//! What the page emphasises in an explanation: the condition pointed at, the one pinned, and the
//! `$or` combination shown. The pattern view and the Bus view's rule explanation keep one each.

use eventlens::Explanation;

/// A change of emphasis, from the editors or the explanation panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FocusChange {
    /// The pointer is over a condition (or none).
    Hover(Option<u32>),
    /// The caret is in a condition (or none).
    Caret(Option<u32>),
    /// A condition clicked in the explanation: pin it, or unpin it.
    TogglePin(u32),
    /// Show `$or` combination `k`.
    Show(usize),
}

/// The emphasis on one explanation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Focus {
    /// The condition under the pointer.
    pub hover: Option<u32>,
    /// The condition pinned (clicked, or at the caret).
    pub pinned: Option<u32>,
    /// The combination chosen; the engine's best when none is.
    pub shown: Option<usize>,
}

impl Focus {
    /// The emphasised condition: the one pointed at, else the pinned one.
    pub fn condition(&self) -> Option<u32> {
        self.hover.or(self.pinned)
    }

    /// The combination to show: the one chosen (while `x` has it), else the engine's best.
    pub fn combination(&self, x: Option<&Explanation>) -> usize {
        let count = x.map_or(0, |x| x.combinations.len());
        self.shown
            .filter(|&k| k < count)
            .or_else(|| x.map(|x| x.best))
            .unwrap_or(0)
    }

    /// Applies `change`: whether the page must be drawn again, and the condition to scroll the
    /// editors to (one just pinned in the explanation).
    pub fn apply(&mut self, change: FocusChange) -> (bool, Option<u32>) {
        match change {
            FocusChange::Hover(cond) => (self.hover(cond), None),
            FocusChange::Caret(cond) => (self.pin(cond), None),
            FocusChange::TogglePin(cond) => {
                self.toggle(cond);
                (true, self.pinned)
            }
            FocusChange::Show(k) => {
                self.show(k);
                (true, None)
            }
        }
    }

    /// Points at `cond`; whether that changed anything.
    pub fn hover(&mut self, cond: Option<u32>) -> bool {
        std::mem::replace(&mut self.hover, cond) != cond
    }

    /// Pins `cond` (the caret moved to it); whether that changed anything.
    pub fn pin(&mut self, cond: Option<u32>) -> bool {
        std::mem::replace(&mut self.pinned, cond) != cond
    }

    /// Pins `cond`, or unpins it when it is pinned already.
    pub fn toggle(&mut self, cond: u32) {
        self.pinned = (self.pinned != Some(cond)).then_some(cond);
    }

    /// Shows combination `k`; conditions of the one shown before are forgotten.
    pub fn show(&mut self, k: usize) {
        *self = Focus {
            shown: Some(k),
            ..Focus::default()
        };
    }

    /// Forgets the conditions the shown combination of `x` does not have.
    pub fn fit(&mut self, x: Option<&Explanation>) {
        let count = x
            .and_then(|x| x.combinations.get(self.combination(Some(x))))
            .map_or(0, |c| c.conditions.len()) as u32;
        self.pinned = self.pinned.filter(|&c| c < count);
        self.hover = self.hover.filter(|&c| c < count);
    }

    /// The first condition of the shown combination that failed (to scroll the editors to).
    pub fn first_failure(&self, x: Option<&Explanation>) -> Option<u32> {
        let x = x?;
        let c = x.combinations.get(self.combination(Some(x)))?;
        c.conditions.iter().position(|k| !k.held).map(|i| i as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Analysis;

    #[test]
    fn pointing_pinning_and_combinations() {
        let x = Analysis::run(
            r#"{"$or": [{"a": ["1"], "b": ["2"]}, {"c": ["3"]}]}"#.into(),
            r#"{"a": "1", "b": "9", "c": "4"}"#.into(),
        )
        .explanation
        .unwrap();
        let mut f = Focus::default();
        assert_eq!(f.combination(Some(&x)), x.best);
        assert!(f.hover(Some(1)) && !f.hover(Some(1)));
        f.toggle(0);
        assert_eq!((f.condition(), f.pinned), (Some(1), Some(0)));
        f.toggle(0);
        assert_eq!(f.pinned, None);
        assert!(f.pin(Some(1)));
        // The combination with one condition: condition 1 is forgotten.
        let one = x
            .combinations
            .iter()
            .position(|c| c.conditions.len() == 1)
            .unwrap();
        f.shown = Some(one);
        f.fit(Some(&x));
        assert_eq!((f.hover, f.pinned), (None, None));
        assert_eq!(f.first_failure(Some(&x)), Some(0));
        assert_eq!(f.apply(FocusChange::TogglePin(0)), (true, Some(0)));
        assert_eq!(f.apply(FocusChange::Caret(Some(0))), (false, None));
        assert_eq!(f.apply(FocusChange::Hover(Some(2))), (true, None));
        f.show(9);
        assert_eq!(f.combination(Some(&x)), x.best, "out of range: the best");
        assert_eq!(f.combination(None), 0);
    }
}
