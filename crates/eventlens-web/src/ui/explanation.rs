//! The explanation panel: every condition in plain words, failing ones first, with the values
//! it was tested against, hints, and the `$or` combinations to choose from.

use crate::analysis::Analysis;
use crate::focus::FocusChange;
use eventlens::{CombinationReport, Condition, Span, TextPos, ValueReport};
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
    /// Whether it is the last valid texts' explanation, kept while a text is invalid (dimmed).
    #[prop_or_default]
    pub stale: bool,
    /// Go to a value in the event editor (next/previous buttons; none in the Bus view).
    #[prop_or_default]
    pub on_value: Option<Callback<(u32, Span)>>,
}

/// Values shown one by one before the rest of a condition's values are summed up.
const SHOWN_VALUES: usize = 4;

/// A condition's values as the panel lists them: the ones that decided (matched, or all when
/// none did, up to [`SHOWN_VALUES`]) first, then a summary of the others (`612 others:
/// "COMPLETED"`), grouping equal values.
pub fn deciding_values(c: &Condition) -> (Vec<&ValueReport>, Option<String>) {
    let mut order: Vec<&ValueReport> = c.values.iter().collect();
    order.sort_by_key(|v| !v.matched);
    let keep = SHOWN_VALUES.max(order.iter().take_while(|v| v.matched).count().min(8));
    if order.len() <= keep && c.values_omitted == 0 {
        return (order, None);
    }
    let rest = order.split_off(keep.min(order.len()));
    let mut groups: Vec<(&str, usize)> = Vec::new();
    for v in &rest {
        match groups.iter_mut().find(|(value, _)| *value == v.value) {
            Some((_, n)) => *n += 1,
            None => groups.push((&v.value, 1)),
        }
    }
    groups.sort_by_key(|g| std::cmp::Reverse(g.1));
    let others = rest.len() + c.values_omitted;
    let mut words: Vec<String> = groups
        .iter()
        .take(3)
        .map(|(value, n)| {
            if *n > 1 {
                format!("{value} ×{n}")
            } else {
                value.to_string()
            }
        })
        .collect();
    if groups.len() > 3 || c.values_omitted > 0 {
        words.push("…".into());
    }
    let noun = if others == 1 { "other" } else { "others" };
    (
        order,
        Some(format!("{others} {noun}: {}", words.join(", "))),
    )
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
    // Conditions in the order the pattern names them.
    let mut order: Vec<usize> = (0..combination.conditions.len()).collect();
    order.sort_by_key(|&i| combination.conditions[i].key_span.start);
    html! {
        <div class={classes!("explain-body", props.stale.then_some("stale"))}>
            if props.stale {
                <p class="note stale-note" role="note" data-testid="stale-note">
                    { "The text is not valid JSON right now: this is the explanation of the last valid version." }
                </p>
            }
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
                    let (values, others) = deciding_values(c);
                    let chip = |v: &ValueReport| if v.matched { "m-held" } else if c.held { "m-unreached" } else { "m-failed" };
                    let stepper = props.on_value.as_ref().filter(|_| c.values.len() > 1).map(|on_value| {
                        let spans: Vec<Span> = c.values.iter().map(|v| v.span).collect();
                        html! { <ValueStepper cond={id} spans={Rc::new(spans)} on_value={on_value.clone()} /> }
                    });
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
                                        { for values.iter().map(|v| html! {
                                            <span class="val">
                                                <code class="vpath">{ v.path.clone() }</code>
                                                <code class={classes!("chip", chip(v))}>{ v.value.clone() }</code>
                                            </span>
                                        }) }
                                        if let Some(others) = others {
                                            <span class="more" data-testid="values-others">{ others }</span>
                                        }
                                        { stepper.unwrap_or_default() }
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

/// What the value stepper needs.
#[derive(Properties, PartialEq)]
struct StepperProps {
    cond: u32,
    spans: Rc<Vec<Span>>,
    on_value: Callback<(u32, Span)>,
}

/// Previous / next buttons that walk the event editor through the values a condition tested.
#[function_component]
fn ValueStepper(props: &StepperProps) -> Html {
    let at = use_state_eq(|| None::<usize>);
    let count = props.spans.len();
    let step = |forward: bool| {
        let (at, spans, on_value, cond) = (
            at.clone(),
            props.spans.clone(),
            props.on_value.clone(),
            props.cond,
        );
        Callback::from(move |_: MouseEvent| {
            let next = match (*at, forward) {
                (None, true) => 0,
                (None, false) => count - 1,
                (Some(i), true) => (i + 1) % count,
                (Some(i), false) => (i + count - 1) % count,
            };
            at.set(Some(next));
            on_value.emit((cond, spans[next]));
        })
    };
    html! {
        <span class="stepper" role="group" aria-label="Tested values in the event">
            <button type="button" class="small ghost" data-testid="value-prev" aria-label="Previous tested value" onclick={step(false)}>{ "‹" }</button>
            <span class="stepper-at" aria-live="polite">{ match *at { Some(i) => format!("{}/{count}", i + 1), None => format!("{count} values") } }</span>
            <button type="button" class="small ghost" data-testid="value-next" aria-label="Next tested value" onclick={step(true)}>{ "›" }</button>
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Analysis;

    #[test]
    fn array_conditions_list_the_deciding_values_first_and_sum_up_the_rest() {
        let statuses: Vec<String> = (0..30)
            .map(|i| {
                format!(
                    "{{\"s\": \"{}\"}}",
                    if i == 29 { "FAILED" } else { "COMPLETED" }
                )
            })
            .collect();
        let event = format!("{{\"tasks\": [{}]}}", statuses.join(","));
        let a = Analysis::run(r#"{"tasks": {"s": ["FAILED"]}}"#.into(), event.into());
        let x = a.explanation.unwrap();
        let c = &x.combinations[x.best].conditions[0];
        let (shown, others) = deciding_values(c);
        assert!(shown[0].matched, "the matching element comes first");
        assert_eq!(shown[0].value, "\"FAILED\"");
        assert_eq!(shown.len(), SHOWN_VALUES);
        let others = others.unwrap();
        assert!(others.starts_with("26 others: \"COMPLETED\""), "{others}");
    }

    #[test]
    fn few_values_are_all_shown() {
        let a = Analysis::run(r#"{"a": ["x"]}"#.into(), r#"{"a": ["y", "x"]}"#.into());
        let x = a.explanation.unwrap();
        let (shown, others) = deciding_values(&x.combinations[0].conditions[0]);
        assert_eq!(shown.len(), 2);
        assert!(shown[0].matched && others.is_none());
    }
}
