//! Suggestions an editor shows at its caret: completions in the pattern editor, the conditions
//! a value of the event can add to the pattern. The owner of the editor makes them (it knows the
//! workspace); the editor places the list at the caret, moves through it with the arrow keys and
//! accepts with Enter, Tab or a click.

use yew::prelude::*;

/// What asked for suggestions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// Ctrl+Space.
    Explicit,
    /// A character typed (the list is open, or the character may start a key).
    Typed,
    /// Alt+Enter, the button beside the caret's line, or a click on a highlighted value.
    Actions,
}

/// A question for suggestions: the editor's text, the caret (bytes) and what asked.
pub type Ask = (std::rc::Rc<str>, usize, Trigger);

/// One suggestion.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// Its value in the list's attribute (`data-value`, `data-operator`).
    pub key: String,
    /// Its words.
    pub label: String,
    /// A few words more (dimmed).
    pub detail: String,
    /// Text that replaces the list's range, and the caret's place in it (bytes); `None`: the
    /// owner applies it (`on_pick`).
    pub insert: Option<(String, usize)>,
}

/// A list of suggestions for one place.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestions {
    /// The list's `data-testid` (`completion`, `value-actions`).
    pub testid: &'static str,
    /// The attribute each item carries its key in (`data-value`, `data-operator`).
    pub attr: &'static str,
    /// The list's heading (read by screen readers, shown small).
    pub title: String,
    /// The text range (bytes) an accepted insertion replaces.
    pub from: usize,
    /// End of that range.
    pub to: usize,
    /// The suggestions, best first.
    pub items: Vec<Suggestion>,
}

/// What the list needs.
#[derive(Properties, PartialEq)]
pub struct ListProps {
    /// The suggestions.
    pub list: Suggestions,
    /// The item highlighted.
    pub selected: usize,
    /// 0-based line and column (characters) of the caret, to place the list under it.
    pub at: (usize, usize),
    /// An item clicked.
    pub on_accept: Callback<usize>,
}

/// The list, placed under the caret in the editor's text layer.
#[function_component]
pub fn SuggestionList(props: &ListProps) -> Html {
    let (line, column) = props.at;
    let style = format!(
        "top: calc(var(--code-line) * {} + 12px); left: calc({column}ch + 12px)",
        line + 1
    );
    html! {
        <div class="suggest-anchor" {style}>
            <div class="suggest" role="listbox" data-testid={props.list.testid} aria-label={props.list.title.clone()}>
                <div class="suggest-title" aria-hidden="true">{ props.list.title.clone() }</div>
                { for props.list.items.iter().enumerate().map(|(i, s)| {
                    let on_accept = props.on_accept.clone();
                    let on = i == props.selected;
                    let mut item = html! {
                        <div class={classes!("suggest-item", on.then_some("on"))} role="option"
                            aria-selected={on.to_string()} data-testid={format!("{}-item", props.list.testid)}
                            onmousedown={Callback::from(move |e: MouseEvent| { e.prevent_default(); on_accept.emit(i); })}>
                            <span class="suggest-label">{ s.label.clone() }</span>
                            <span class="suggest-detail">{ s.detail.clone() }</span>
                        </div>
                    };
                    if let Html::VTag(tag) = &mut item {
                        tag.add_attribute(props.list.attr, s.key.clone());
                    }
                    item
                }) }
            </div>
        </div>
    }
}
