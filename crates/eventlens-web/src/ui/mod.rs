//! The Yew components of the page.

pub mod app;
pub mod dialog;
pub mod editor;
pub mod explanation;
pub mod matrix;
pub mod reference;
pub mod tabs;
