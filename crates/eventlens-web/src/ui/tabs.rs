//! The bar above an editor: its title, tabs when there are several patterns or events, and the
//! buttons to add, rename, remove and lay out.

use crate::workspace::Doc;
use yew::prelude::*;

/// What the bar shows.
#[derive(Properties, PartialEq)]
pub struct DocBarProps {
    /// `pattern` or `event`: used in ids and test ids.
    pub kind: AttrValue,
    /// Title ("Pattern", "Event").
    pub title: AttrValue,
    /// The docs of this side.
    pub docs: Vec<Doc>,
    /// The one in the editor.
    pub active: usize,
    /// Whether the editor is read-only and the bar reduced to its title.
    pub locked: bool,
    /// Select doc `i`.
    pub on_select: Callback<usize>,
    /// Add a doc.
    pub on_add: Callback<()>,
    /// Remove the active doc.
    pub on_remove: Callback<()>,
    /// Rename the active doc.
    pub on_rename: Callback<String>,
    /// Lay out the text.
    pub on_format: Callback<()>,
}

/// The bar above an editor.
#[function_component]
pub fn DocBar(props: &DocBarProps) -> Html {
    let kind = &props.kind;
    let many = props.docs.len() > 1;
    let on_add = props.on_add.clone();
    let on_remove = props.on_remove.clone();
    let on_format = props.on_format.clone();
    let on_rename = props.on_rename.clone();
    let name = props
        .docs
        .get(props.active)
        .map(|d| d.name.clone())
        .unwrap_or_default();
    html! {
        <div class="doc-bar">
            <div class="doc-bar-top">
                <h2 class="pane-title"><label for={format!("{kind}-input")}>{ props.title.clone() }</label></h2>
                if !props.locked {
                    <div class="doc-actions">
                        <button type="button" class="small ghost" data-testid={format!("format-{kind}")}
                            title="Lay out the JSON (Alt+Shift+F)"
                            onclick={Callback::from(move |_| on_format.emit(()))}>{ "Format" }</button>
                        <button type="button" class="small ghost" data-testid={format!("add-{kind}")}
                            aria-label={format!("Add a {kind}")} title={format!("Add a {kind} (for the matrix)")}
                            onclick={Callback::from(move |_| on_add.emit(()))}>{ format!("+ {kind}") }</button>
                    </div>
                }
            </div>
            if many && !props.locked {
                <div class="doc-tabs">
                    <div class="tabs" role="group" aria-label={format!("{}s", props.title)}>
                        { for props.docs.iter().enumerate().map(|(i, d)| {
                            let on_select = props.on_select.clone();
                            html! {
                                <button type="button" class={classes!("tab", (i == props.active).then_some("on"))}
                                    aria-pressed={(i == props.active).to_string()} data-testid={format!("{kind}-tab")}
                                    onclick={Callback::from(move |_| on_select.emit(i))}>{ d.name.clone() }</button>
                            }
                        }) }
                    </div>
                    <input class="doc-name" type="text" value={name} aria-label={format!("Name of this {kind}")}
                        maxlength="64" spellcheck="false"
                        oninput={Callback::from(move |e: InputEvent| {
                            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
                            on_rename.emit(el.value());
                        })} />
                    <button type="button" class="small ghost" aria-label={format!("Remove this {kind}")}
                        title={format!("Remove this {kind}")}
                        onclick={Callback::from(move |_| on_remove.emit(()))}>{ "✕" }</button>
                </div>
            }
        </div>
    }
}
