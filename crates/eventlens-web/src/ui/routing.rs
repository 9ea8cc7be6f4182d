//! The routing table of a PutEvents call: the entries × rules grid, the failed entries' count,
//! the API's response, then per entry its event id or error, each Region's bus it reached and
//! how, every rule of that bus with its verdict and reason (or only those that delivered), and
//! what each target of a delivering rule received (folded).

use super::explanation::rich;
use super::grid::routing_grid;
use crate::browser;
use crate::bus_grid::Grid;
use crate::bus_run::BusRun;
use crate::format::pretty;
use crate::workspace::Pick;
use eventlens_bus::{Arrival, Delivery, EntryReport, InputKind, Route, RuleState, RuleVerdict};
use std::rc::Rc;
use yew::prelude::*;

/// What the table shows and whom it tells about choices.
#[derive(Properties)]
pub struct RoutingProps {
    /// The run shown (it has an outcome).
    pub run: Rc<BusRun>,
    /// The rule verdict explained beside the table.
    pub pick: Option<Pick>,
    /// A rule verdict chosen.
    pub on_pick: Callback<Pick>,
    /// A rule verdict chosen in the grid: pick it and scroll the table to it.
    pub on_show: Callback<Pick>,
    /// Copy target `usize` of a rule verdict's deliveries.
    pub on_copy_payload: Callback<(Pick, usize)>,
    /// Copy the API's response.
    pub on_copy_response: Callback<()>,
}

/// The table is drawn again only for another run or another pick: its callbacks only send
/// messages to the view, so new ones (made at each drawing of the view) change nothing, and
/// pointing at highlights beside the table does not redraw it.
impl PartialEq for RoutingProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.run, &other.run) && self.pick == other.pick
    }
}

/// How a rule treated the event, in one word for the table and its test hook.
pub fn verdict_word(v: &RuleVerdict) -> (&'static str, &'static str) {
    match (v.state, v.matched) {
        (RuleState::Disabled, _) => ("Disabled", "disabled"),
        (_, true) => ("Matched", "matched"),
        (_, false) => ("Not matched", "not-matched"),
    }
}

/// How an event reached a Region, in words and as a test hook.
fn route_words(a: &Arrival) -> (String, &'static str) {
    let (mut words, hook) = match &a.route {
        Route::Direct => ("sent to the bus directly".to_string(), "direct"),
        Route::Primary { endpoint } => {
            (format!("primary Region of endpoint {endpoint}"), "primary")
        }
        Route::Failover { endpoint } => (
            format!("secondary Region of endpoint {endpoint}: the primary is unhealthy"),
            "failover",
        ),
        Route::Replica { endpoint, from } => (
            format!("replicated from {from} by endpoint {endpoint}"),
            "replica",
        ),
    };
    if a.deferred {
        words.push_str("; held until the Region is healthy again");
    }
    (words, hook)
}

/// What a target takes, in words.
pub fn input_words(kind: InputKind) -> &'static str {
    match kind {
        InputKind::Event => "the whole event",
        InputKind::Input => "Input (constant JSON)",
        InputKind::InputPath => "InputPath",
        InputKind::InputTransformer => "InputTransformer",
    }
}

/// The element id of entry `index`'s part of the table.
fn entry_id(index: usize) -> String {
    format!("bus-entry-{index}")
}

/// The element id of rule verdict `pick` in the table.
pub fn verdict_id(pick: Pick) -> String {
    format!("bus-verdict-{}-{}-{}", pick.entry, pick.arrival, pick.rule)
}

/// The routing table.
#[function_component]
pub fn Routing(props: &RoutingProps) -> Html {
    let delivering_only = use_state(|| false);
    let Some(outcome) = &props.run.outcome else {
        return html! {};
    };
    let response = serde_json::to_string_pretty(&outcome.response).unwrap_or_default();
    let on_copy_response = props.on_copy_response.clone();
    let failed: Vec<&EntryReport> = outcome
        .entries
        .iter()
        .filter(|e| e.error.is_some())
        .collect();
    let only = *delivering_only;
    let on_filter = {
        let delivering_only = delivering_only.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            delivering_only.set(el.checked());
        })
    };
    html! {
        <div class="routing" data-testid="routing">
            { routing_grid(&Grid::of(&props.run), outcome, props.pick, &props.on_show) }
            if !failed.is_empty() {
                <p class="bus-failed-jump" data-testid="bus-failed-jump">
                    <strong>{ format!("{} {} failed:", failed.len(), if failed.len() == 1 { "entry" } else { "entries" }) }</strong>
                    { for failed.iter().map(|e| {
                        let id = entry_id(e.index);
                        html! {
                            <button type="button" class="small ghost" data-testid="bus-failed-link" data-index={e.index.to_string()}
                                onclick={Callback::from(move |_| browser::scroll_to(&id))}>
                                { format!("Entry {} ", e.index + 1) }
                                <code>{ e.error.as_ref().map(|x| x.code.clone()).unwrap_or_default() }</code>
                            </button>
                        }
                    }) }
                </p>
            }
            <details class="bus-response">
                <summary>
                    { "PutEvents response: FailedEntryCount " }
                    <strong data-testid="bus-failed-count">{ outcome.response.failed_entry_count }</strong>
                </summary>
                <div class="payload-box">
                    <pre class="payload" data-testid="bus-response" tabindex="0" role="region"
                        aria-label="The PutEvents response">{ response }</pre>
                    <button type="button" class="small" data-testid="bus-copy-response"
                        onclick={Callback::from(move |_| on_copy_response.emit(()))}>{ "Copy" }</button>
                </div>
            </details>
            <label class="check bus-filter">
                <input type="checkbox" data-testid="bus-delivering-only" checked={only} onchange={on_filter} />
                { " Delivering rules only" }
            </label>
            <ol class="bus-entries">
                { for outcome.entries.iter().map(|e| entry(props, e, only)) }
            </ol>
        </div>
    }
}

fn entry(props: &RoutingProps, e: &EntryReport, only: bool) -> Html {
    let head = match (&e.event_id, &e.error) {
        (_, Some(err)) => html! {
            <div class="entry-head failed">
                <span class="entry-no">{ format!("Entry {}", e.index + 1) }</span>
                <code class="error-code" data-testid="bus-error-code">{ err.code.clone() }</code>
                <span class="error-text" data-testid="bus-error-message">{ err.message.clone() }</span>
                if let Some(d) = &err.detail {
                    <span class="error-detail" data-testid="bus-error-detail" data-line={d.line.to_string()}
                        data-column={d.column.to_string()}>
                        <span class="error-place">{ format!("Detail line {}, column {}:", d.line, d.column) }</span>
                        { format!(" {}", d.reason) }
                    </span>
                }
            </div>
        },
        (id, None) => html! {
            <div class="entry-head">
                <span class="entry-no">{ format!("Entry {}", e.index + 1) }</span>
                <span class="muted">{ "EventId" }</span>
                <code data-testid="bus-event-id">{ id.clone().unwrap_or_default() }</code>
                if let Some(bus) = &e.bus {
                    <span class="muted">{ format!("bus {bus}") }</span>
                }
            </div>
        },
    };
    html! {
        <li class={classes!("bus-entry", e.error.is_some().then_some("failed"))} data-testid="bus-entry"
            data-index={e.index.to_string()} id={entry_id(e.index)}>
            { head }
            { for e.arrivals.iter().enumerate().map(|(k, a)| arrival(props, e.index, k, a, only)) }
        </li>
    }
}

fn arrival(props: &RoutingProps, entry: usize, index: usize, a: &Arrival, only: bool) -> Html {
    let (words, hook) = route_words(a);
    let shown: Vec<(Pick, &RuleVerdict)> = a
        .rules
        .iter()
        .enumerate()
        .map(|(r, v)| {
            (
                Pick {
                    entry,
                    arrival: index,
                    rule: r,
                },
                v,
            )
        })
        .filter(|(p, v)| !only || v.delivered || props.pick == Some(*p))
        .collect();
    let hidden = a.rules.len() - shown.len();
    html! {
        <section class="bus-arrival" data-testid="bus-arrival" data-region={a.region.clone()}
            data-route={hook} data-deferred={a.deferred.to_string()}>
            <h3 class="arrival-head">
                <span class="region">{ a.region.clone() }</span>
                <span class="muted">{ format!(" · bus {} · {words}", a.bus) }</span>
            </h3>
            if a.rules.is_empty() {
                <p class="muted no-rules">{ "No rule on this bus." }</p>
            } else {
                <ul class="bus-rules">
                    { for shown.into_iter().map(|(p, v)| rule(props, p, v)) }
                </ul>
            }
            if hidden > 0 {
                <p class="muted no-rules" data-testid="bus-hidden">
                    { format!("{hidden} {} that did not deliver hidden", if hidden == 1 { "rule" } else { "rules" }) }
                </p>
            }
        </section>
    }
}

fn rule(props: &RoutingProps, pick: Pick, v: &RuleVerdict) -> Html {
    let (word, hook) = verdict_word(v);
    let on = props.pick == Some(pick);
    let on_pick = props.on_pick.clone();
    html! {
        <li class={classes!("bus-rule", hook, on.then_some("on"))} data-testid="bus-rule"
            data-rule={v.rule.clone()} data-verdict={hook} id={verdict_id(pick)}>
            <div class="rule-head">
                <button type="button" class="rule-pick" data-testid="bus-rule-pick" aria-pressed={on.to_string()}
                    title="Explain this verdict beside the table"
                    onclick={Callback::from(move |_| on_pick.emit(pick))}>
                    <span class="badge" aria-hidden="true">{ match hook { "matched" => "✓", "disabled" => "–", _ => "✗" } }</span>
                    <code class="rule-name">{ v.rule.clone() }</code>
                </button>
                <span class="rule-verdict">{ word }</span>
            </div>
            if !v.delivered {
                <p class="reason" data-testid="bus-rule-reason">{ rich(&v.reason) }</p>
            }
            { for v.deliveries.iter().enumerate().map(|(t, d)| delivery(props, pick, t, d)) }
        </li>
    }
}

fn delivery(props: &RoutingProps, pick: Pick, index: usize, d: &Delivery) -> Html {
    let on_copy = props.on_copy_payload.clone();
    let head = html! {
        <>
            <span class="arrow" aria-hidden="true">{ "→" }</span>
            <code class="target-id">{ d.target_id.clone() }</code>
            <span class="muted target-arn">{ d.arn.clone() }</span>
            <span class="input-kind">{ input_words(d.input) }</span>
        </>
    };
    let Some(payload) = &d.payload else {
        // Nothing sent: the note says why, in view.
        return html! {
            <div class="delivery" data-testid="bus-delivery" data-target={d.target_id.clone()}>
                <div class="delivery-head">{ head }</div>
                if let Some(note) = &d.note {
                    <p class="note warn">{ note.clone() }</p>
                }
            </div>
        };
    };
    html! {
        <details class="delivery" data-testid="bus-delivery" data-target={d.target_id.clone()}>
            <summary class="delivery-head" data-testid="bus-delivery-summary">{ head }</summary>
            <div class="payload-box">
                <pre class="payload" data-testid="bus-payload" tabindex="0" role="region"
                    aria-label={format!("Payload of target {}", d.target_id)}>
                    { pretty(payload).unwrap_or_else(|_| payload.clone()) }
                </pre>
                <button type="button" class="small" data-testid="bus-copy-payload"
                    aria-label={format!("Copy the payload of target {}", d.target_id)}
                    onclick={Callback::from(move |_| on_copy.emit((pick, index)))}>{ "Copy" }</button>
            </div>
        </details>
    }
}
