//! A dialog that shows texts to copy (share link, CLI command, templates), each with a Copy
//! button; the text stays selectable for browsers that refuse clipboard access.

use yew::prelude::*;

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
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Escape" {
            close.emit(());
        }
    });
    let backdrop_close = props.on_close.clone();
    let close_button = props.on_close.clone();
    html! {
        <div class="overlay" onclick={Callback::from(move |_| backdrop_close.emit(()))}>
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="dialog-title"
                data-testid="copy-dialog" {onkeydown}
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
