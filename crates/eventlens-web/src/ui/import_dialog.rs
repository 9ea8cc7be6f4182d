//! The Import suite dialog: a suite file chosen or pasted, read into a new workspace (the one
//! shown goes to Recent, and the notice offers Undo), or the reason and place it was refused.

use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// What the dialog shows.
#[derive(Properties, PartialEq)]
pub struct ImportProps {
    /// Why the last import was refused.
    pub error: Option<AttrValue>,
    /// Import this suite text.
    pub on_import: Callback<String>,
    /// Close.
    pub on_close: Callback<()>,
}

/// The Import suite dialog (modal).
#[function_component]
pub fn ImportDialog(props: &ImportProps) -> Html {
    let area = use_node_ref();
    let on_file = {
        let on_import = props.on_import.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            let on_import = on_import.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(text) = JsFuture::from(file.text()).await {
                    on_import.emit(text.as_string().unwrap_or_default());
                }
            });
        })
    };
    let on_submit = {
        let (area, on_import) = (area.clone(), props.on_import.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(el) = area.cast::<HtmlTextAreaElement>() {
                on_import.emit(el.value());
            }
        })
    };
    let close = props.on_close.clone();
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Escape" {
            close.emit(());
        }
    });
    let backdrop_close = props.on_close.clone();
    let close_button = props.on_close.clone();
    html! {
        <div class="overlay" onclick={Callback::from(move |_| backdrop_close.emit(()))}>
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="import-title"
                data-testid="suite-import" {onkeydown}
                onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                <h2 id="import-title">{ "Import a suite" }</h2>
                <p class="ref-intro">{ "A suite file (JSON or YAML) with patterns, events and the verdicts expected, as Export suite and eventlens test-suite read them. It replaces the workspace shown, which goes to Recent." }</p>
                <div class="field">
                    <label for="suite-file">{ "Choose a file" }</label>
                    <input id="suite-file" type="file" accept=".json,.yaml,.yml,application/json,text/yaml" data-testid="suite-import-file" onchange={on_file} />
                </div>
                <div class="field">
                    <label for="suite-text">{ "Or paste it" }</label>
                    <textarea id="suite-text" ref={area} data-testid="suite-import-text" rows="10" spellcheck="false" wrap="off" />
                </div>
                if let Some(error) = &props.error {
                    <p class="note warn" role="alert" data-testid="suite-import-error">{ error.clone() }</p>
                }
                <div class="dialog-foot">
                    <button type="button" data-testid="suite-import-button" onclick={on_submit}>{ "Import" }</button>
                    <button type="button" onclick={Callback::from(move |_| close_button.emit(()))}>{ "Close" }</button>
                </div>
            </div>
        </div>
    }
}
