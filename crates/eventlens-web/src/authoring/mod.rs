//! Help while writing: plain words and one-click fixes for the commonest slips in a pattern or
//! an event (`slips`), and events pasted in another form (a PutEvents entry, a `detail` held in
//! a string) turned into the event EventBridge delivers (`entry`). Pure functions of the text.

// Removed when the playground's UI calls these modules.
#![cfg_attr(not(test), allow(dead_code))]

pub mod entry;
mod lexemes;
pub mod slips;
mod splice;
