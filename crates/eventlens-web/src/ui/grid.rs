//! The entries × rules grid at the top of the routing: a real table whose cells are buttons
//! that pick a rule verdict (and show it in the detailed routing below).

use crate::bus_grid::{Cell, CellState, Column, Grid};
use crate::workspace::Pick;
use eventlens_bus::PutEventsOutcome;
use yew::prelude::*;

/// The grid of `outcome`; `pick` is the verdict explained, `on_show` picks and shows another.
pub fn routing_grid(
    grid: &Grid,
    outcome: &PutEventsOutcome,
    pick: Option<Pick>,
    on_show: &Callback<Pick>,
) -> Html {
    if grid.columns.is_empty() {
        return html! {};
    }
    let regions = grid.regions();
    let several = regions.len() > 1;
    let group_head = several.then(|| {
        html! {
            <tr>
                <td></td>
                { for regions.iter().map(|r| {
                    let span = grid.columns.iter().filter(|c| c.region == *r).count();
                    html! { <th scope="colgroup" colspan={span.to_string()} class="grid-region">{ r.to_string() }</th> }
                }) }
            </tr>
        }
    });
    html! {
        <>
        <p class="grid-legend" aria-hidden="true">
            { "Entries × rules: " }
            <span class="g-delivered">{ "✓ delivered" }</span>{ " · " }
            <span class="g-not-matched">{ "✗ not matched" }</span>{ " · " }
            <span class="g-disabled">{ "– disabled" }</span>{ " · " }
            <span class="g-failed">{ "! entry failed" }</span>
        </p>
        <div class="bus-grid-wrap" tabindex="0" role="region" aria-label="Routing at a glance: entries and rules">
            <table class="bus-grid" data-testid="bus-grid">
                <caption class="sr-only">{ "Entries × rules: how each rule treated each entry" }</caption>
                <thead>
                    { group_head.unwrap_or_default() }
                    <tr>
                        <th scope="col" class="grid-entry-head">{ "Entry" }</th>
                        { for grid.columns.iter().map(|c| html! {
                            <th scope="col" class="grid-rule" title={column_name(c, several)}>
                                <span>{ c.rule.clone() }</span>
                                if several { <span class="sr-only">{ format!(" in {}", c.region) }</span> }
                            </th>
                        }) }
                    </tr>
                </thead>
                <tbody>
                    { for grid.rows.iter().zip(&outcome.entries).map(|(row, e)| {
                        let code = e.error.as_ref().map(|x| x.code.clone());
                        html! {
                            <tr class={classes!(code.is_some().then_some("failed"))}>
                                <th scope="row" class="grid-entry">
                                    { format!("Entry {}", e.index + 1) }
                                    if let Some(code) = &code {
                                        <code class="error-code" data-testid="bus-grid-error">{ code.clone() }</code>
                                    }
                                </th>
                                { for row.iter().zip(&grid.columns).map(|(cell, c)| {
                                    grid_cell(e.index, *cell, c, several, code.as_deref(), pick, on_show)
                                }) }
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
        </>
    }
}

/// A column's rule, with its Region when the columns span several.
fn column_name(c: &Column, several: bool) -> String {
    if several {
        format!("{} in {}", c.rule, c.region)
    } else {
        c.rule.clone()
    }
}

fn grid_cell(
    entry: usize,
    cell: Cell,
    c: &Column,
    several: bool,
    code: Option<&str>,
    pick: Option<Pick>,
    on_show: &Callback<Pick>,
) -> Html {
    let state = cell.state;
    let words = match (state, code) {
        (CellState::Failed, Some(code)) => format!("entry failed ({code})"),
        _ => state.words().to_string(),
    };
    let name = format!(
        "entry {}, rule {}: {words}",
        entry + 1,
        column_name(c, several)
    );
    let inner = match cell.pick {
        Some(p) => {
            let on_show = on_show.clone();
            let on = pick == Some(p);
            html! {
                <button type="button" class="grid-pick" aria-label={name.clone()} title={name}
                    aria-pressed={on.to_string()} onclick={Callback::from(move |_| on_show.emit(p))}>
                    { state.mark() }
                </button>
            }
        }
        None => html! {
            <span class="grid-mark" title={name.clone()}>
                <span aria-hidden="true">{ state.mark() }</span>
                <span class="sr-only">{ name }</span>
            </span>
        },
    };
    html! {
        <td class={classes!("grid-cell", format!("g-{}", state.hook()))} data-testid="bus-grid-cell"
            data-entry={entry.to_string()} data-rule={c.rule.clone()} data-region={c.region.clone()}
            data-state={state.hook()}>
            { inner }
        </td>
    }
}
