//! The verdict in big letters, a line on how it came about, and the verdict the user expects of
//! the pair with whether it holds.

use crate::analysis::{Analysis, Verdict};
use std::rc::Rc;
use yew::prelude::*;

/// What the card shows.
#[derive(Properties, PartialEq)]
pub struct VerdictCardProps {
    /// The analysis of the pair shown.
    pub analysis: Rc<Analysis>,
    /// The `$or` combination shown.
    pub shown: usize,
    /// The verdict expected of the pair (`Some(true)`: a match).
    pub expected: Option<bool>,
    /// Whether a new verdict is on its way (typing).
    pub busy: bool,
    /// Whether to keep it short (embedded widget).
    #[prop_or_default]
    pub compact: bool,
    /// The verdict of the last valid texts, while a text is invalid (shown dimmed).
    #[prop_or_default]
    pub last: Option<Verdict>,
    /// Set or clear the expected verdict (no controls when `None`).
    #[prop_or_default]
    pub on_expect: Option<Callback<Option<bool>>>,
}

/// The line under the verdict.
fn subline(a: &Analysis, shown: usize) -> String {
    let held = a
        .explanation
        .as_ref()
        .and_then(|x| x.combinations.get(shown))
        .map(|c| {
            (
                c.conditions.iter().filter(|k| k.held).count(),
                c.conditions.len(),
            )
        });
    let combos = a.explanation.as_ref().map_or(0, |x| x.combinations.len());
    match a.verdict() {
        Verdict::Match if combos > 1 => {
            format!("$or combination {} of {combos} matches", shown + 1)
        }
        Verdict::Match => held.map_or(String::new(), |(_, n)| format!("All {n} conditions held")),
        Verdict::NoMatch => held.map_or(String::new(), |(h, n)| {
            if h == n {
                format!("All {n} conditions hold, but not in one array element")
            } else {
                format!("{h} of {n} conditions held")
            }
        }),
        Verdict::InvalidPattern => a.pattern_error.as_ref().map_or(String::new(), |e| {
            format!("Pattern, line {}, column {}", e.line, e.column)
        }),
        Verdict::InvalidEvent => a.event_error.as_ref().map_or(String::new(), |e| {
            format!("Event, line {}, column {}", e.line, e.column)
        }),
    }
}

/// The verdict card.
#[function_component]
pub fn VerdictCard(props: &VerdictCardProps) -> Html {
    let a = &props.analysis;
    let verdict = a.verdict();
    let met = verdict.meets(props.expected);
    let expectation = props.on_expect.as_ref().map(|on_expect| {
        let choice = |value: bool, label: &'static str, testid: &'static str| {
            let on = props.expected == Some(value);
            let on_expect = on_expect.clone();
            html! {
                <button type="button" class={classes!("small", "expect-choice", on.then_some("on"))}
                    data-testid={testid} aria-pressed={on.to_string()}
                    onclick={Callback::from(move |_| on_expect.emit((!on).then_some(value)))}>{ label }</button>
            }
        };
        let (state, words) = match (met, props.expected) {
            (Some(true), _) => ("pass", "✓ as expected".to_string()),
            (Some(false), Some(m)) => (
                "fail",
                format!("✗ expected {}", if m { "a match" } else { "no match" }),
            ),
            _ => ("none", "No expectation yet".to_string()),
        };
        html! {
            <div class="expect" role="group" aria-label="Expected verdict">
                <span class="expect-label">{ "Expect" }</span>
                { choice(true, "Match", "expect-match") }
                { choice(false, "No match", "expect-no-match") }
                <span class={classes!("expect-state", state)} data-testid="expectation" data-state={state}>{ words }</span>
            </div>
        }
    });
    html! {
        <div class={classes!("verdict-card", verdict.class(), met.map(|m| if m { "x-pass" } else { "x-fail" }))}>
            <div class="v-main">
                <span class="v-symbol" aria-hidden="true">{ verdict.symbol() }</span>
                <div class="v-text">
                    <div class="verdict" data-testid="verdict" role="status" aria-live="polite"
                        aria-busy={props.busy.to_string()}>{ verdict.label() }</div>
                    <div class="v-sub">{ subline(a, props.shown) }</div>
                    // Always there (empty when the texts are valid), so that the card keeps its height.
                    <div class="v-last" data-testid="last-verdict">
                        { props.last.map(|last| format!("Last valid texts: {}", last.label())).unwrap_or_default() }
                    </div>
                </div>
            </div>
            if !props.compact {
                { expectation.unwrap_or_default() }
            }
        </div>
    }
}
