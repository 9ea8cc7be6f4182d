//! The quick reference: every operator with a one-line example that loads into the editors.

use crate::samples;
use yew::prelude::*;

/// What the panel needs.
#[derive(Properties, PartialEq)]
pub struct ReferenceProps {
    /// Load the sample with this id.
    pub on_try: Callback<String>,
    /// Close the panel.
    pub on_close: Callback<()>,
}

/// The quick-reference drawer.
#[function_component]
pub fn Reference(props: &ReferenceProps) -> Html {
    let on_close = props.on_close.clone();
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Escape" {
            on_close.emit(());
        }
    });
    let close = props.on_close.clone();
    html! {
        <aside class="reference" id="reference" data-testid="reference" aria-labelledby="reference-title" {onkeydown}>
            <div class="ref-top">
                <h2 id="reference-title">{ "Operators" }</h2>
                <button type="button" class="ghost" id="reference-close" aria-label="Close the operator reference"
                    onclick={Callback::from(move |_| close.emit(()))}>{ "✕" }</button>
            </div>
            <p class="ref-intro">{ "A field's list matches when any entry does; all fields must match. Choose Try to load an example." }</p>
            <ul class="ref-list">
                { for samples::all().iter().filter_map(|s| s.operator.as_ref().map(|op| (s, op))).map(|(s, (name, snippet))| {
                    let on_try = props.on_try.clone();
                    let id = s.id.clone();
                    html! {
                        <li>
                            <div class="ref-head">
                                <strong>{ name.clone() }</strong>
                                <button type="button" class="small" data-testid="reference-try" data-sample={s.id.clone()}
                                    aria-label={format!("Try {name}")}
                                    onclick={Callback::from(move |_| on_try.emit(id.clone()))}>{ "Try" }</button>
                            </div>
                            <code class="snippet">{ snippet.clone() }</code>
                            <p>{ s.summary.clone() }</p>
                        </li>
                    }
                }) }
            </ul>
        </aside>
    }
}
