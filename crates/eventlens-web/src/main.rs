//! The eventlens playground: a single-page app, built with Trunk, that runs the engine in the
//! browser and shows how an EventBridge pattern fares against an event, condition by condition.
//!
//! It has a second view, the Bus view: rules and a PutEvents request run through the engine's
//! event bus, with a routing table of every entry, Region, rule and target payload.
//!
//! The app logic that can be tested without a browser lives in plain modules (`analysis`,
//! `marks`, `focus`, `layers`, `syntax`, `format`, `edit`, `workspace`, `samples`, `export`,
//! `authoring`, and for the Bus view `bus_run`, `bus_samples`, `locate`, `align`); `ui` holds the
//! components and `browser` the few browser services they use.

mod align;
mod analysis;
mod authoring;
mod browser;
mod bus_grid;
mod bus_run;
mod bus_samples;
mod debounce;
mod doc_list;
mod edit;
mod export;
mod focus;
mod format;
mod layers;
mod locate;
mod marks;
mod recent;
mod samples;
mod suite;
mod syntax;
mod ui;
mod workspace;

fn main() {
    let root = gloo::utils::document()
        .get_element_by_id("app")
        .expect("index.html has an element with id \"app\"");
    yew::Renderer::<ui::app::App>::with_root(root).render();
    browser::post_height_to_host();
}
