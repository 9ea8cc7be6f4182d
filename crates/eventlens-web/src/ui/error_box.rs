//! The error under an editor: where (line and column, and the place in the definitions when
//! there is one), why, and a Show button that selects the bytes at fault.

use yew::prelude::*;

/// What the box says.
#[derive(Properties, PartialEq)]
pub struct ErrorBoxProps {
    /// The box's `data-testid`.
    pub testid: AttrValue,
    /// 1-based line and column of the fault, when known.
    pub at: Option<(usize, usize)>,
    /// Where else it is: a place in the definitions, an error code.
    #[prop_or_default]
    pub context: Option<AttrValue>,
    /// Why.
    pub message: AttrValue,
    /// Select the bytes at fault in the editor (no button when `None`).
    #[prop_or_default]
    pub on_show: Option<Callback<()>>,
}

/// The error box.
#[function_component]
pub fn ErrorBox(props: &ErrorBoxProps) -> Html {
    let place = [
        props
            .at
            .map(|(line, column)| format!("Line {line}, column {column}")),
        props.context.as_ref().map(|c| c.to_string()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    html! {
        <div class="error-box" role="alert" data-testid={props.testid.clone()}>
            <div class="error-top">
                <span class="error-where">{ place }</span>
                if let Some(on_show) = props.on_show.clone() {
                    <button type="button" class="small ghost" onclick={Callback::from(move |_| on_show.emit(()))}>{ "Show" }</button>
                }
            </div>
            <pre class="error-message">{ props.message.clone() }</pre>
        </div>
    }
}
