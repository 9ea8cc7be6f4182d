//! The "many at once" matrix: every event (rows) against every pattern (columns).

use crate::analysis::Verdict;
use std::rc::Rc;
use yew::prelude::*;

/// What the matrix shows.
#[derive(Properties, PartialEq)]
pub struct MatrixProps {
    /// Column headings: the patterns' names.
    pub patterns: Vec<String>,
    /// Row headings: the events' names.
    pub events: Vec<String>,
    /// Verdicts, one row per event.
    pub verdicts: Rc<Vec<Vec<Verdict>>>,
    /// The pair in the editors: (pattern, event).
    pub active: (usize, usize),
    /// A cell clicked: (pattern, event).
    pub on_select: Callback<(usize, usize)>,
}

/// The verdict matrix.
#[function_component]
pub fn Matrix(props: &MatrixProps) -> Html {
    html! {
        <div class="matrix-wrap">
            <table class="matrix" data-testid="matrix">
                <caption>{ "Every event against every pattern: choose a cell to explain it" }</caption>
                <thead>
                    <tr>
                        <th scope="col" class="corner">{ "event \\ pattern" }</th>
                        { for props.patterns.iter().enumerate().map(|(p, name)| html! {
                            <th scope="col" class={classes!((p == props.active.0).then_some("on"))}>{ name.clone() }</th>
                        }) }
                    </tr>
                </thead>
                <tbody>
                    { for props.events.iter().enumerate().map(|(e, event)| html! {
                        <tr>
                            <th scope="row" class={classes!((e == props.active.1).then_some("on"))}>{ event.clone() }</th>
                            { for props.patterns.iter().enumerate().map(|(p, pattern)| {
                                let v = props.verdicts.get(e).and_then(|r| r.get(p)).copied();
                                let on = (p, e) == props.active;
                                let on_select = props.on_select.clone();
                                let label = v.map_or("…", Verdict::label);
                                html! {
                                    <td>
                                        <button type="button" data-testid="matrix-cell"
                                            data-pattern={p.to_string()} data-event={e.to_string()}
                                            class={classes!("cell", v.map(Verdict::class), on.then_some("on"))}
                                            aria-pressed={on.to_string()}
                                            aria-label={format!("{pattern} against {event}: {label}")}
                                            onclick={Callback::from(move |_| on_select.emit((p, e)))}>
                                            <span aria-hidden="true">{ v.map_or("", Verdict::symbol) }</span>
                                            { " " }{ label }
                                        </button>
                                    </td>
                                }
                            }) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}
