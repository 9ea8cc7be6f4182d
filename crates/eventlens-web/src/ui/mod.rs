//! The Yew components of the page.

pub mod app;
pub mod assist;
pub mod bus;
pub mod dialog;
pub mod editor;
pub mod error_box;
pub mod error_strip;
pub mod explanation;
pub mod grid;
pub mod import_dialog;
pub mod matrix;
pub mod menu;
pub mod pattern_view;
pub mod reference;
pub mod routing;
pub mod tabs;
pub mod verdict;
