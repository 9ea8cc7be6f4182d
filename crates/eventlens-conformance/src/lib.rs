//! The shared conformance corpus (`../shared/conformance/*.jsonl` beside the workspace, or the
//! directory `EVENTLENS_CONFORMANCE_DIR` names), read in place for the test suites of every
//! crate, and the engine's list of known deviations (`tests/conformance/known-deviations.json`).
//!
//! Cases come back as plain texts and an expected [`Outcome`]: this crate does not depend on the
//! engine, so a suite compares its own engine's answers with them. A malformed case, a missing
//! directory or an unreadable file is an error naming the file and line; [`Corpus::load`] panics
//! with it, which fails the test that asked. The case format is described in
//! `tests/conformance/README.md`.

mod case;
mod corpus;
mod deviations;
mod error;

pub use case::{Case, Outcome};
pub use corpus::{Corpus, CorpusFile, AUTHORITY};
pub use error::LoadError;
