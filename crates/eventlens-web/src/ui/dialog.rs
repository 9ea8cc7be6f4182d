//! A dialog that shows texts to copy (share link, CLI command, templates), each with a Copy
//! button; the text stays selectable for browsers that refuse clipboard access. It is modal:
//! Tab and Shift+Tab go round its controls and never leave it.

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

/// What can take the focus inside the dialog.
const FOCUSABLE: &str = "button, textarea, input, a[href]";

/// One text to copy.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// What it is.
    pub label: String,
    /// The text.
    pub text: String,
}

/// The dialog's content.
#[derive(Debug, Clone, PartialEq)]
pub struct Dialog {
    /// Heading.
    pub title: String,
    /// Texts to copy.
    pub fields: Vec<Field>,
    /// A remark under the texts.
    pub note: Option<String>,
    /// The outcome of the last copy.
    pub status: Option<String>,
}

/// Props of the dialog.
#[derive(Properties, PartialEq)]
pub struct DialogProps {
    /// What to show.
    pub dialog: Dialog,
    /// Copy field `i`.
    pub on_copy: Callback<usize>,
    /// Close.
    pub on_close: Callback<()>,
}

/// The copy dialog (modal).
#[function_component]
pub fn CopyDialog(props: &DialogProps) -> Html {
    let d = &props.dialog;
    let close = props.on_close.clone();
    let dialog = use_node_ref();
    let onkeydown = {
        let dialog = dialog.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Escape" => close.emit(()),
            "Tab" => keep_focus_within(&dialog, &e),
            _ => {}
        })
    };
    let backdrop_close = props.on_close.clone();
    let close_button = props.on_close.clone();
    html! {
        <div class="overlay" onclick={Callback::from(move |_| backdrop_close.emit(()))}>
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="dialog-title"
                data-testid="copy-dialog" ref={dialog} {onkeydown}
                onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                <h2 id="dialog-title">{ d.title.clone() }</h2>
                { for d.fields.iter().enumerate().map(|(i, f)| {
                    let on_copy = props.on_copy.clone();
                    let rows = f.text.lines().count().clamp(2, 14).to_string();
                    html! {
                        <div class="field">
                            <div class="field-top">
                                <label for={format!("dialog-field-{i}")}>{ f.label.clone() }</label>
                                <button type="button" class="small" data-testid="copy-button"
                                    onclick={Callback::from(move |_| on_copy.emit(i))}>{ "Copy" }</button>
                            </div>
                            <textarea id={format!("dialog-field-{i}")} data-testid="copy-text" readonly=true
                                spellcheck="false" wrap={if f.text.contains('\n') { "off" } else { "soft" }}
                                rows={rows} value={f.text.clone()} />
                        </div>
                    }
                }) }
                if let Some(note) = &d.note {
                    <p class="note info">{ note.clone() }</p>
                }
                <div class="dialog-foot">
                    <span class="copy-status" role="status" aria-live="polite">{ d.status.clone().unwrap_or_default() }</span>
                    <button type="button" onclick={Callback::from(move |_| close_button.emit(()))}>{ "Close" }</button>
                </div>
            </div>
        </div>
    }
}

/// On Tab from the last control (or Shift+Tab from the first), moves the focus round to the
/// other end of `container`'s controls instead of out of it.
fn keep_focus_within(container: &NodeRef, e: &KeyboardEvent) {
    let Some(el) = container.cast::<web_sys::Element>() else {
        return;
    };
    let Ok(nodes) = el.query_selector_all(FOCUSABLE) else {
        return;
    };
    let controls: Vec<HtmlElement> = (0..nodes.length())
        .filter_map(|i| nodes.item(i)?.dyn_into::<HtmlElement>().ok())
        .collect();
    let (Some(first), Some(last)) = (controls.first(), controls.last()) else {
        return;
    };
    let active = gloo::utils::document().active_element();
    let is = |c: &HtmlElement| active.as_ref() == Some(c.as_ref() as &web_sys::Element);
    let outside = !controls.iter().any(is);
    let (edge, other_end) = if e.shift_key() {
        (first, last)
    } else {
        (last, first)
    };
    if !outside && !is(edge) {
        return;
    }
    e.prevent_default();
    let _ = other_end.focus();
}
