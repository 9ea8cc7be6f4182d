//! WebAssembly bindings of the eventlens engine: the raw layer of the `eventlens` npm package.
//!
//! `wasm-bindgen` turns the exports of [`bindings`] (and, with the cargo feature `bus`, those of
//! `bus`) into JavaScript. The default build is the package's main module, which links none of
//! the bus crate's code; the feature builds the module behind its `eventlens/bus` entry. The
//! package's public API (turning objects into JSON text, the `PatternError`, `EventError`,
//! `BusConfigError` and `BusRequestError` classes, the TypeScript types) is the TypeScript in
//! `npm/src/`, which calls these exports. Everything here takes texts; refused input is thrown as
//! a plain [`Failure`] object, which the TypeScript layer turns into an instance of the matching
//! error class. Every span crosses the boundary twice, as UTF-8 byte offsets and as UTF-16
//! code-unit offsets ([`TextSpan`]), because JavaScript strings index by UTF-16.

pub mod bindings;
#[cfg(feature = "bus")]
pub mod bus;
#[cfg(feature = "bus")]
pub mod bus_report;
pub mod failure;
pub mod inputs;
pub mod report;
#[cfg(feature = "bus")]
pub mod suite;
pub mod utf16;

pub use failure::Failure;
pub use report::ExplanationView;
pub use utf16::TextSpan;
