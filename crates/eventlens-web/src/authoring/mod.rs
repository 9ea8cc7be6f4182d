//! Writing patterns: the event's value under the caret (`build`), the conditions that fit it
//! (`actions`), adding one to the pattern text (`insert`), the pattern editor's completions
//! (`complete`) and its closing brackets and quotes (`pairs`); plain words and one-click fixes
//! for the commonest slips in a pattern or an event (`slips`), and events pasted in another form
//! (a PutEvents entry, a `detail` held in a string) turned into the event EventBridge delivers
//! (`entry`). Pure functions over texts and byte offsets; the editors convert the browser's
//! UTF-16 positions.

pub mod actions;
pub mod build;
pub mod complete;
pub mod entry;
pub mod error;
pub mod insert;
mod lexemes;
pub mod pairs;
pub mod slips;
mod splice;
pub mod tree;
