//! Writing patterns from events: the event's value under the caret (`build`), the conditions
//! that fit it (`actions`), adding one to the pattern text (`insert`), the pattern editor's
//! completions (`complete`) and its closing brackets and quotes (`pairs`). Pure functions over
//! texts and byte offsets; the editors convert the browser's UTF-16 positions.

// The editors are not wired to these functions yet; the allowance goes when they are.
#![cfg_attr(not(test), allow(dead_code))]

pub mod actions;
pub mod build;
pub mod complete;
pub mod error;
pub mod insert;
pub mod pairs;
pub mod tree;
