//! The "many at once" matrix: every event (rows) against every pattern (columns).

use crate::analysis::Verdict;
use crate::workspace::Workspace;
use std::rc::Rc;
use yew::prelude::*;

/// What the matrix shows.
#[derive(Properties, PartialEq)]
pub struct MatrixProps {
    /// The workspace: patterns (columns), events (rows), the pair shown, the expectations.
    pub ws: Rc<Workspace>,
    /// Verdicts, one row per event.
    pub verdicts: Rc<Vec<Vec<Verdict>>>,
    /// A cell clicked: (pattern, event).
    pub on_select: Callback<(usize, usize)>,
    /// A cell's expected verdict changed: (pattern, event), and the new expectation.
    pub on_expect: Callback<((usize, usize), Option<bool>)>,
}

/// The expectation after `current` in the cycle none → match → no match → none.
fn next_expectation(current: Option<bool>) -> Option<bool> {
    match current {
        None => Some(true),
        Some(true) => Some(false),
        Some(false) => None,
    }
}

/// The verdict matrix.
#[function_component]
pub fn Matrix(props: &MatrixProps) -> Html {
    let ws = &props.ws;
    let active = (ws.patterns.active(), ws.events.active());
    let (mut held, mut failed) = (0, 0);
    for (e, event) in ws.events.docs().iter().enumerate() {
        for (p, pattern) in ws.patterns.docs().iter().enumerate() {
            let v = props.verdicts.get(e).and_then(|r| r.get(p)).copied();
            match v.and_then(|v| v.meets(ws.expected(&pattern.name, &event.name))) {
                Some(true) => held += 1,
                Some(false) => failed += 1,
                None => {}
            }
        }
    }
    html! {
        <div class="matrix-wrap">
            <table class="matrix" data-testid="matrix">
                <caption>
                    { "Every event against every pattern: choose a cell to explain it" }
                    if held + failed > 0 {
                        <span class={classes!("matrix-score", (failed > 0).then_some("fail"))} data-testid="matrix-score">
                            { format!(" · expectations: {held} met, {failed} not") }
                        </span>
                    }
                </caption>
                <thead>
                    <tr>
                        <th scope="col" class="corner">{ "event \\ pattern" }</th>
                        { for ws.patterns.docs().iter().enumerate().map(|(p, d)| html! {
                            <th scope="col" class={classes!((p == active.0).then_some("on"))}>{ d.name.clone() }</th>
                        }) }
                    </tr>
                </thead>
                <tbody>
                    { for ws.events.docs().iter().enumerate().map(|(e, event)| html! {
                        <tr>
                            <th scope="row" class={classes!((e == active.1).then_some("on"))}>{ event.name.clone() }</th>
                            { for ws.patterns.docs().iter().enumerate().map(|(p, pattern)| {
                                let v = props.verdicts.get(e).and_then(|r| r.get(p)).copied();
                                let on = (p, e) == active;
                                let expected = ws.expected(&pattern.name, &event.name);
                                let met = v.and_then(|v| v.meets(expected));
                                let on_select = props.on_select.clone();
                                let on_expect = props.on_expect.clone();
                                let label = v.map_or("…", Verdict::label);
                                let expect_words = match expected {
                                    None => "no expectation",
                                    Some(true) => "expected to match",
                                    Some(false) => "expected not to match",
                                };
                                html! {
                                    <td class={classes!(met.map(|m| if m { "x-pass" } else { "x-fail" }))}>
                                        <div class="cell-pair">
                                            <button type="button" data-testid="matrix-cell"
                                                data-pattern={p.to_string()} data-event={e.to_string()}
                                                data-expect={met.map(|m| if m { "pass" } else { "fail" })}
                                                class={classes!("cell", v.map(Verdict::class), on.then_some("on"))}
                                                aria-pressed={on.to_string()}
                                                aria-label={format!("{} against {}: {label}", pattern.name, event.name)}
                                                onclick={Callback::from(move |_| on_select.emit((p, e)))}>
                                                <span aria-hidden="true">{ v.map_or("", Verdict::symbol) }</span>
                                                { " " }{ label }
                                            </button>
                                            <button type="button" class="cell-expect" data-testid="matrix-expect"
                                                data-pattern={p.to_string()} data-event={e.to_string()}
                                                data-value={expected.map(|m| if m { "match" } else { "no-match" })}
                                                title="Expected verdict: click to cycle match, no match, none"
                                                aria-label={format!("{} against {}: {expect_words}{}", pattern.name, event.name,
                                                    match met { Some(true) => ", met", Some(false) => ", NOT met", None => "" })}
                                                onclick={Callback::from(move |_| on_expect.emit(((p, e), next_expectation(expected))))}>
                                                { match (expected, met) {
                                                    (None, _) => "·",
                                                    (Some(_), Some(true)) => "✓",
                                                    _ => "≠",
                                                } }
                                            </button>
                                        </div>
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
