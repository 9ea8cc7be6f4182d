//! The eventlens playground: a single-page app, built with Trunk, that runs the engine in the
//! browser and shows how an EventBridge pattern fares against an event, condition by condition.
//!
//! The app logic that can be tested without a browser lives in plain modules (`analysis`,
//! `marks`, `layers`, `syntax`, `format`, `edit`, `workspace`, `samples`, `export`);
//! `ui` holds the components and `browser` the few browser services they use.

mod analysis;
mod browser;
mod edit;
mod export;
mod format;
mod layers;
mod marks;
mod samples;
mod syntax;
mod ui;
mod workspace;

fn main() {
    let root = gloo::utils::document()
        .get_element_by_id("app")
        .expect("index.html has an element with id \"app\"");
    yew::Renderer::<ui::app::App>::with_root(root).render();
}
