//! The Yew components of the page.

pub mod app;
pub mod bus;
pub mod dialog;
pub mod editor;
pub mod error_box;
pub mod explanation;
pub mod grid;
pub mod matrix;
pub mod reference;
pub mod routing;
pub mod tabs;
