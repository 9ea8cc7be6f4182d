//! A menu button: a button that opens a list of choices below it. A choice is made only by a
//! click or Enter on it; the arrow keys move between choices without choosing (a `<select>`
//! would load a sample on every arrow key). Esc or a click elsewhere closes it.

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

/// One choice.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// What choosing it reports.
    pub id: AttrValue,
    /// Its words.
    pub label: AttrValue,
    /// A longer description (tooltip).
    pub title: Option<AttrValue>,
}

/// A heading and its choices.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The heading (may be empty).
    pub heading: AttrValue,
    /// The choices.
    pub choices: Vec<Choice>,
}

/// What the menu shows.
#[derive(Properties, PartialEq)]
pub struct MenuProps {
    /// The button's words.
    pub label: AttrValue,
    /// The button's `data-testid`; items are `{testid}-item` with `data-id`.
    pub testid: AttrValue,
    /// The choices, grouped.
    pub groups: Vec<Group>,
    /// Said when there are no choices.
    #[prop_or_default]
    pub empty: AttrValue,
    /// A choice made.
    pub on_choose: Callback<AttrValue>,
}

/// The menu button and its list.
#[function_component]
pub fn Menu(props: &MenuProps) -> Html {
    let open = use_state_eq(|| false);
    let button = use_node_ref();
    let list = use_node_ref();
    {
        // Focus the first choice when the list opens.
        let list = list.clone();
        use_effect_with(*open, move |open| {
            if *open {
                focus_item(&list, 0);
            }
        });
    }
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let close = {
        let (open, button) = (open.clone(), button.clone());
        move || {
            open.set(false);
            if let Some(b) = button.cast::<HtmlElement>() {
                let _ = b.focus();
            }
        }
    };
    let onkeydown = {
        let (list, close) = (list.clone(), close.clone());
        Callback::from(move |e: KeyboardEvent| {
            let step = match e.key().as_str() {
                "ArrowDown" => 1,
                "ArrowUp" => -1,
                "Home" => i32::MIN,
                "End" => i32::MAX,
                "Escape" => {
                    e.prevent_default();
                    close();
                    return;
                }
                _ => return,
            };
            e.prevent_default();
            move_focus(&list, step);
        })
    };
    let onfocusout = {
        let (list, open) = (list.clone(), open.clone());
        Callback::from(move |e: FocusEvent| {
            let inside = e
                .related_target()
                .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
                .zip(list.cast::<web_sys::Node>())
                .is_some_and(|(t, l)| l.contains(Some(&t)));
            if !inside {
                open.set(false);
            }
        })
    };
    let testid = &props.testid;
    html! {
        <div class="menu">
            <button type="button" class="menu-button" ref={button} data-testid={testid.clone()}
                aria-haspopup="true" aria-expanded={open.to_string()} onclick={toggle}>
                { props.label.clone() }<span aria-hidden="true">{ " ▾" }</span>
            </button>
            if *open {
                <div class="menu-list" ref={list} tabindex="-1" {onkeydown} {onfocusout} role="group" aria-label={props.label.clone()}>
                    if props.groups.iter().all(|g| g.choices.is_empty()) {
                        <p class="menu-empty">{ props.empty.clone() }</p>
                    }
                    { for props.groups.iter().filter(|g| !g.choices.is_empty()).map(|g| html! {
                        <div class="menu-group">
                            if !g.heading.is_empty() {
                                <div class="menu-heading">{ g.heading.clone() }</div>
                            }
                            { for g.choices.iter().map(|c| {
                                let (on_choose, id, close) = (props.on_choose.clone(), c.id.clone(), close.clone());
                                html! {
                                    <button type="button" class="menu-item" data-testid={format!("{testid}-item")}
                                        data-id={c.id.clone()} title={c.title.clone()}
                                        onclick={Callback::from(move |_| { close(); on_choose.emit(id.clone()); })}>
                                        { c.label.clone() }
                                    </button>
                                }
                            }) }
                        </div>
                    }) }
                </div>
            }
        </div>
    }
}

/// The menu's items.
fn items(list: &NodeRef) -> Vec<HtmlElement> {
    let Some(el) = list.cast::<web_sys::Element>() else {
        return Vec::new();
    };
    let Ok(nodes) = el.query_selector_all(".menu-item") else {
        return Vec::new();
    };
    (0..nodes.length())
        .filter_map(|i| nodes.item(i)?.dyn_into::<HtmlElement>().ok())
        .collect()
}

/// Focuses item `i`, or the list itself when it has no items (so that Esc and a click elsewhere
/// close an empty menu too).
fn focus_item(list: &NodeRef, i: usize) {
    let target = items(list).get(i).cloned().or_else(|| list.cast());
    if let Some(el) = target {
        let _ = el.focus();
    }
}

/// Moves the focus `step` items on (clamped; `i32::MIN`/`MAX` go to the first or last).
fn move_focus(list: &NodeRef, step: i32) {
    let all = items(list);
    if all.is_empty() {
        return;
    }
    let active = gloo::utils::document().active_element();
    let at = all
        .iter()
        .position(|item| {
            active
                .as_ref()
                .is_some_and(|a| a == item.as_ref() as &web_sys::Element)
        })
        .unwrap_or(0) as i64;
    let to = (at + step as i64).clamp(0, all.len() as i64 - 1) as usize;
    let _ = all[to].focus();
}
