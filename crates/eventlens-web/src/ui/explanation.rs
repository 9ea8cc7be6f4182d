//! The explanation panel: every condition in plain words, failing ones first, with the values
//! it was tested against, hints, and the `$or` combinations to choose from.

use crate::analysis::Analysis;
use crate::focus::FocusChange;
use eventlens::{CombinationReport, TextPos};
use std::rc::Rc;
use yew::prelude::*;

/// What the panel shows and whom it tells about pointing and clicking.
#[derive(Properties, PartialEq)]
pub struct ExplanationProps {
    /// The analysis shown.
    pub analysis: Rc<Analysis>,
    /// The combination shown.
    pub shown: usize,
    /// The emphasised condition.
    pub focus: Option<u32>,
    /// The pinned condition.
    pub pinned: Option<u32>,
    /// Pointing at a condition (or off all of them), clicking one, choosing a combination.
    pub on_focus: Callback<FocusChange>,
    /// Whether to keep it short (embedded widget).
    #[prop_or_default]
    pub compact: bool,
}

/// Text with `backquoted` parts set as code; text nodes only.
pub fn rich(text: &str) -> Html {
    html! {
        <>
        { for text.split('`').enumerate().map(|(i, part)| {
            if i % 2 == 1 {
                html! { <code>{ part.to_string() }</code> }
            } else {
                html! { <>{ part.to_string() }</> }
            }
        }) }
        </>
    }
}

/// The bar above the explanation: the reason of the condition pointed at or pinned (nothing
/// when there is no explanation).
pub fn focus_bar(analysis: &Analysis, shown: usize, focus: Option<u32>) -> Html {
    let Some(x) = &analysis.explanation else {
        return html! {};
    };
    let cond = focus.and_then(|i| x.combinations.get(shown)?.conditions.get(i as usize));
    match cond {
        Some(c) => html! {
            <div class={classes!("focus-bar", if c.held { "held" } else { "failed" })} data-testid="focus-bar" aria-live="polite">
                <span class="badge" aria-hidden="true">{ if c.held { "✓" } else { "✗" } }</span>
                <span>{ rich(&c.reason) }</span>
            </div>
        },
        None => html! {
            <div class="focus-bar idle" data-testid="focus-bar">
                { "Point at a highlighted field, or click it, to see why it held or failed." }
            </div>
        },
    }
}

/// How a combination is named: the `$or` branches it takes, with their lines.
pub fn combination_label(pattern: &str, c: &CombinationReport) -> String {
    let parts: Vec<String> = c
        .branches
        .iter()
        .map(|b| {
            format!(
                "$or on line {}: branch {}",
                TextPos::of(pattern, b.or_span.start).line,
                b.branch + 1
            )
        })
        .collect();
    parts.join(" · ")
}

/// The explanation panel.
#[function_component]
pub fn ExplanationPanel(props: &ExplanationProps) -> Html {
    let a = &props.analysis;
    let Some(x) = &a.explanation else {
        let why = if a.pattern_error.is_some() {
            "Fix the pattern to see how it fares against the event."
        } else {
            "Fix the event to see how the pattern fares against it."
        };
        return html! {
            <div class="explain-empty">
                <p>{ why }</p>
                <ol class="conds" data-testid="explanation"></ol>
            </div>
        };
    };
    let Some(combination) = x.combinations.get(props.shown) else {
        return html! {};
    };
    let tabs = (x.combinations.len() > 1).then(|| {
        html! {
            <div class="combos" role="group" aria-label="$or combinations">
                <span class="combos-title">{ format!("{} $or combinations:", x.combinations.len()) }</span>
                { for x.combinations.iter().enumerate().map(|(k, c)| {
                    let on_focus = props.on_focus.clone();
                    let held = c.conditions.iter().filter(|k| k.held).count();
                    html! {
                        <button type="button"
                            class={classes!("combo", if c.matched { "v-match" } else { "v-miss" }, (k == props.shown).then_some("on"))}
                            aria-pressed={(k == props.shown).to_string()}
                            title={combination_label(&a.pattern_text, c)}
                            onclick={Callback::from(move |_| on_focus.emit(FocusChange::Show(k)))}>
                            <span aria-hidden="true">{ if c.matched { "✓ " } else { "✗ " } }</span>
                            { format!("#{} · {held}/{} held", k + 1, c.conditions.len()) }
                        </button>
                    }
                }) }
            </div>
        }
    });
    let mut order: Vec<usize> = (0..combination.conditions.len()).collect();
    order.sort_by_key(|&i| combination.conditions[i].held);
    html! {
        <div class="explain-body">
            { tabs.unwrap_or_default() }
            if !combination.branches.is_empty() {
                <p class="branch-label">{ combination_label(&a.pattern_text, combination) }</p>
            }
            if let Some(note) = &combination.note {
                <p class="note warn" role="note">{ note.clone() }</p>
            }
            <ol class="conds" data-testid="explanation">
                { for order.into_iter().map(|i| {
                    let c = &combination.conditions[i];
                    let id = i as u32;
                    let (on_hover, on_leave, on_pin) = (props.on_focus.clone(), props.on_focus.clone(), props.on_focus.clone());
                    let pinned = props.pinned == Some(id);
                    let status = if c.held { "held" } else { "failed" };
                    html! {
                        <li class={classes!("cond", status, (props.focus == Some(id)).then_some("focus"))}
                            data-path={c.path.clone()} data-status={status}
                            onmouseenter={Callback::from(move |_| on_hover.emit(FocusChange::Hover(Some(id))))}
                            onmouseleave={Callback::from(move |_| on_leave.emit(FocusChange::Hover(None)))}>
                            <button type="button" class="cond-head" aria-pressed={pinned.to_string()}
                                title="Pin: keep this condition highlighted in both editors"
                                onclick={Callback::from(move |_| on_pin.emit(FocusChange::TogglePin(id)))}>
                                <span class="badge" aria-hidden="true">{ if c.held { "✓" } else { "✗" } }</span>
                                <code class="path">{ c.path.clone() }</code>
                                <span class="sr-only">{ if c.held { " held" } else { " failed" } }</span>
                            </button>
                            <p class="reason">{ rich(&c.reason) }</p>
                            if !props.compact {
                                <div class="detail">
                                    <span class="detail-label">{ "Pattern" }</span>
                                    { for c.matchers.iter().map(|m| html! {
                                        <code class={classes!("chip", if m.held { "m-held" } else if c.held { "m-unreached" } else { "m-failed" })}
                                              title={m.operator.clone()}>{ m.text.clone() }</code>
                                    }) }
                                </div>
                                if !c.values.is_empty() {
                                    <div class="detail">
                                        <span class="detail-label">{ "Event" }</span>
                                        { for c.values.iter().map(|v| html! {
                                            <span class="val">
                                                <code class="vpath">{ v.path.clone() }</code>
                                                <code class={classes!("chip", if v.matched { "m-held" } else if c.held { "m-unreached" } else { "m-failed" })}>{ v.value.clone() }</code>
                                            </span>
                                        }) }
                                        if c.values_omitted > 0 {
                                            <span class="more">{ format!("and {} more", c.values_omitted) }</span>
                                        }
                                    </div>
                                }
                            }
                            if let Some(hint) = &c.suggestion {
                                <p class="hint">{ rich(hint) }</p>
                            }
                        </li>
                    }
                }) }
            </ol>
            if let Some(e) = &a.envelope {
                if !props.compact {
                    <p class="note info" role="note">
                        { format!("AWS's TestEventPattern API (and the CLI command) would refuse this event: {} Event buses match it all the same.", e.message) }
                    </p>
                }
            }
        </div>
    }
}
