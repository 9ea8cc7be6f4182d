//! The routing table of a PutEvents call: the API's response, then per entry its event id or
//! error, each Region's bus it reached and how, every rule of that bus with its verdict and
//! reason, and what each target of a delivering rule received.

use super::explanation::rich;
use crate::bus_run::BusRun;
use crate::format::pretty;
use crate::workspace::Pick;
use eventlens::bus::{Arrival, Delivery, EntryReport, InputKind, Route, RuleState, RuleVerdict};
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

/// The routing table.
#[function_component]
pub fn Routing(props: &RoutingProps) -> Html {
    let Some(outcome) = &props.run.outcome else {
        return html! {};
    };
    let response = serde_json::to_string_pretty(&outcome.response).unwrap_or_default();
    let on_copy_response = props.on_copy_response.clone();
    html! {
        <div class="routing" data-testid="routing">
            <details class="bus-response">
                <summary>
                    { "PutEvents response: FailedEntryCount " }
                    <strong data-testid="bus-failed-count">{ outcome.response.failed_entry_count }</strong>
                </summary>
                <div class="payload-box">
                    <pre class="payload" data-testid="bus-response">{ response }</pre>
                    <button type="button" class="small" data-testid="bus-copy-response"
                        onclick={Callback::from(move |_| on_copy_response.emit(()))}>{ "Copy" }</button>
                </div>
            </details>
            <ol class="bus-entries">
                { for outcome.entries.iter().map(|e| entry(props, e)) }
            </ol>
        </div>
    }
}

fn entry(props: &RoutingProps, e: &EntryReport) -> Html {
    let head = match (&e.event_id, &e.error) {
        (_, Some(err)) => html! {
            <div class="entry-head failed">
                <span class="entry-no">{ format!("Entry {}", e.index + 1) }</span>
                <code class="error-code" data-testid="bus-error-code">{ err.code.clone() }</code>
                <span class="error-text" data-testid="bus-error-message">{ err.message.clone() }</span>
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
            data-index={e.index.to_string()}>
            { head }
            { for e.arrivals.iter().enumerate().map(|(k, a)| arrival(props, e.index, k, a)) }
        </li>
    }
}

fn arrival(props: &RoutingProps, entry: usize, index: usize, a: &Arrival) -> Html {
    let (words, hook) = route_words(a);
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
                    { for a.rules.iter().enumerate().map(|(r, v)| {
                        rule(props, Pick { entry, arrival: index, rule: r }, v)
                    }) }
                </ul>
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
            data-rule={v.rule.clone()} data-verdict={hook}>
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
    html! {
        <div class="delivery" data-testid="bus-delivery" data-target={d.target_id.clone()}>
            <div class="delivery-head">
                <span class="arrow" aria-hidden="true">{ "→" }</span>
                <code class="target-id">{ d.target_id.clone() }</code>
                <span class="muted target-arn">{ d.arn.clone() }</span>
                <span class="input-kind">{ input_words(d.input) }</span>
            </div>
            if let Some(payload) = &d.payload {
                <div class="payload-box">
                    <pre class="payload" data-testid="bus-payload">{ pretty(payload).unwrap_or_else(|_| payload.clone()) }</pre>
                    <button type="button" class="small" data-testid="bus-copy-payload"
                        aria-label={format!("Copy the payload of target {}", d.target_id)}
                        onclick={Callback::from(move |_| on_copy.emit((pick, index)))}>{ "Copy" }</button>
                </div>
            }
            if let Some(note) = &d.note {
                <p class="note warn">{ note.clone() }</p>
            }
        </div>
    }
}
