//! A JSON editor: a transparent textarea (which does all the editing: typing, pasting, undo,
//! selection, screen readers) laid exactly over a `<pre>` that draws colours, highlights, the
//! error underline and the matched brackets. Both sit in one grid cell of one scroll container,
//! so they always line up and scroll together.

use super::assist::{Ask, SuggestionList, Suggestions, Trigger};
use crate::authoring::pairs::{auto_close, delete_pair};
use crate::browser;
use crate::edit::{closing_bracket, newline};
use crate::layers::{blocks, chunk, chunk_ranges, visible, Chunk, Layers, Run};
use crate::marks::{condition_at, Mark};
use crate::syntax::{bracket_pair, tokens};
use eventlens::{Span, Utf16Map};
use gloo::render::{request_animation_frame, AnimationFrame};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{ClipboardEvent, HtmlTextAreaElement};
use yew::prelude::*;

/// Pastes larger than this are refused (four times EventBridge's 256 KB event limit): the
/// engine would refuse them anyway, and the page stays responsive.
pub const MAX_PASTE_BYTES: usize = 1 << 20;
/// The notice for a paste refused for its size (in bytes).
pub fn refused_notice(size: usize) -> (String, bool) {
    (
        format!(
            "Paste refused: {:.1} MB is more than the {} MB an editor accepts (EventBridge events are limited to 256 KB).",
            size as f64 / (1 << 20) as f64,
            MAX_PASTE_BYTES >> 20
        ),
        true,
    )
}

/// Text past this offset is drawn without syntax colours.
const COLOUR_LIMIT: usize = 256 * 1024 + 4096;
/// Lines drawn beyond each edge of the view (the rest of a long text is empty space of the same
/// height, so that typing in a 256 KB event does not make the browser lay out all of it).
const OVERSCAN_LINES: usize = 80;
/// The view's line range is rounded to this many lines, so that scrolling re-renders seldom.
const VIEW_STEP: usize = 20;

/// What an editor shows and whom it tells about changes.
#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// Prefix of the element ids: `{id}-editor` (container) and `{id}-input` (textarea).
    pub id: AttrValue,
    /// The textarea's accessible name.
    pub label: AttrValue,
    /// The container's `data-testid`.
    pub testid: AttrValue,
    /// The text.
    pub text: Rc<str>,
    /// Match highlights in the text, sorted by start.
    pub marks: Rc<Vec<Mark>>,
    /// The error to underline (an empty span at the end of the text: the text ends too soon).
    pub error: Option<Span>,
    /// The condition to emphasise.
    pub focus: Option<u32>,
    /// Whether the text can be changed.
    pub readonly: bool,
    /// Whether the text is JSON, to be coloured (YAML is drawn plain).
    #[prop_or(true)]
    pub syntax: bool,
    /// The new text after every change (read once per frame).
    pub on_input: Callback<String>,
    /// A change was made and its text will follow with the next frame.
    pub on_change_started: Callback<()>,
    /// The condition under the pointer (`None` when it leaves one).
    pub on_hover: Callback<Option<u32>>,
    /// The condition at the caret, when the caret moves.
    pub on_caret: Callback<Option<u32>>,
    /// A paste too large to accept, with its size in bytes.
    pub on_refused: Callback<usize>,
    /// Alt+Shift+F: lay the text out.
    pub on_format: Callback<()>,
    /// Suggestions at the caret (completion, value actions); none when `None`.
    #[prop_or_default]
    pub suggest: Option<Callback<Ask, Option<Suggestions>>>,
    /// A suggestion without an insertion accepted: (caret in bytes, item index).
    #[prop_or_default]
    pub on_pick: Callback<(usize, usize)>,
    /// Whether brackets and quotes close themselves.
    #[prop_or_default]
    pub pairs: bool,
    /// The words of a small button beside the caret's line that asks for [`Trigger::Actions`].
    #[prop_or_default]
    pub action_button: Option<AttrValue>,
}

/// An open suggestion list: the list, the item highlighted, the caret (bytes) it was made for.
#[derive(Clone, PartialEq)]
struct Open {
    list: Suggestions,
    selected: usize,
    caret: usize,
}

/// The editor component.
#[function_component]
pub fn Editor(props: &EditorProps) -> Html {
    let area = use_node_ref();
    let layer = use_node_ref();
    let caret = use_state_eq(|| None::<u32>);
    // Lines in view (first, last), rounded to VIEW_STEP; and the line height in pixels.
    let view = use_state_eq(|| (0usize, 3 * VIEW_STEP));
    let line_px = use_state_eq(|| browser::DEFAULT_LINE_PX);
    let hovered = use_mut_ref(|| None::<u32>);
    let picked = use_mut_ref(|| None::<u32>);
    let escaped = use_mut_ref(|| false);
    let queued = use_mut_ref(|| false);
    let frame = use_mut_ref(|| None::<AnimationFrame>);
    let open = use_state_eq(|| None::<Open>);
    // The text the last input event typed (to open completions after a quote).
    let typed = use_mut_ref(|| None::<String>);

    // The textarea is the source of truth while typing; text set from outside (a sample, a
    // link, Format) is copied into it.
    {
        let area = area.clone();
        use_effect_with(props.text.clone(), move |text| {
            if let Some(el) = area.cast::<HtmlTextAreaElement>() {
                if el.value() != **text {
                    el.set_value(text);
                }
            }
        });
    }

    let toks = use_memo((props.text.clone(), props.syntax), |(text, syntax)| {
        if !syntax {
            return Vec::new();
        }
        let mut end = text.len().min(COLOUR_LIMIT);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        tokens(&text[..end])
    });
    let brackets = {
        let at = caret.map(|c| Utf16Map::new(&props.text).byte_offset(c as usize));
        let pair = at.and_then(|at| bracket_pair(&props.text, &toks, at));
        [pair.map(|p| p.at), pair.and_then(|p| p.partner)]
    };
    let ranges = use_memo((props.text.clone(), toks.clone()), |(text, toks)| {
        chunk_ranges(text, toks)
    });
    let laid = use_memo((props.text.clone(), ranges.clone()), |(text, ranges)| {
        blocks(text, ranges)
    });
    let line_count = props.text.matches('\n').count() + 1;
    {
        let (layer, line_px) = (layer.clone(), line_px.clone());
        use_effect_with((), move |_| {
            if let Some(px) = layer
                .cast::<web_sys::Element>()
                .and_then(|el| browser::line_height(&el))
            {
                line_px.set(px);
            }
        });
    }
    let onscroll = {
        let (view, line_px) = (view.clone(), *line_px);
        Callback::from(move |e: Event| {
            let el: web_sys::Element = e.target_unchecked_into();
            let lines = |px: i32| px.max(0) as usize / line_px.max(1);
            let first = lines(el.scroll_top()) / VIEW_STEP * VIEW_STEP;
            let last = (lines(el.scroll_top() + el.client_height()) / VIEW_STEP + 1) * VIEW_STEP;
            view.set((first, last));
        })
    };
    let shown = visible(
        &laid,
        view.0.saturating_sub(OVERSCAN_LINES),
        view.1 + OVERSCAN_LINES,
    );
    let total_lines = laid.last().map_or(1, |b| b.first_line + b.lines);
    let above = laid.get(shown.start).map_or(0, |b| b.first_line);
    let below = laid
        .get(shown.end.wrapping_sub(1))
        .map_or(0, |b| total_lines - b.first_line - b.lines);
    let gap = |lines: usize| {
        (lines > 0).then(|| {
            html! { <div class="gap" style={format!("height:{}px", lines * *line_px)}></div> }
        })
    };
    let ends_early = props.error.is_some_and(|e| e.start == e.end);
    // The chunks of the blocks in view, one list per block.
    let drawn = use_memo(
        (
            props.text.clone(),
            toks.clone(),
            ranges.clone(),
            laid.clone(),
            shown.clone(),
            props.marks.clone(),
            props.error,
            brackets,
            props.focus,
        ),
        |(text, toks, ranges, laid, shown, marks, error, brackets, focus)| {
            let layers = Layers {
                tokens: toks,
                marks,
                error: *error,
                brackets: *brackets,
                focus: *focus,
            };
            laid[shown.clone()]
                .iter()
                .map(|b| {
                    b.chunks
                        .clone()
                        .map(|i| Rc::new(chunk(text, ranges[i].clone(), layers)))
                        .collect::<Vec<_>>()
                })
                .collect::<Vec<_>>()
        },
    );
    let gutter = use_memo(line_count, |n| {
        (1..=*n)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    });

    // Reports the caret position and the condition under it.
    let track = {
        let (area, caret, picked) = (area.clone(), caret.clone(), picked.clone());
        let (text, marks, on_caret) = (
            props.text.clone(),
            props.marks.clone(),
            props.on_caret.clone(),
        );
        move || {
            let Some(el) = area.cast::<HtmlTextAreaElement>() else {
                return;
            };
            let at = el.selection_start().ok().flatten();
            caret.set(at);
            let cond =
                at.and_then(|a| condition_at(&marks, Utf16Map::new(&text).byte_offset(a as usize)));
            if *picked.borrow() != cond {
                *picked.borrow_mut() = cond;
                on_caret.emit(cond);
            }
        }
    };
    // Asks the owner for suggestions at the caret, and opens (or closes) the list.
    let open_now = use_mut_ref(|| false);
    let ask = {
        let (area, open, open_now) = (area.clone(), open.clone(), open_now.clone());
        let suggest = props.suggest.clone();
        Rc::new(move |trigger: Trigger| {
            let (Some(suggest), Some(el)) = (&suggest, area.cast::<HtmlTextAreaElement>()) else {
                return;
            };
            let value = el.value();
            let at = el.selection_start().ok().flatten().unwrap_or(0);
            let caret = Utf16Map::new(&value).byte_offset(at as usize);
            let list = suggest
                .emit((value.into(), caret, trigger))
                .filter(|l| !l.items.is_empty());
            *open_now.borrow_mut() = list.is_some();
            open.set(list.map(|list| Open {
                list,
                selected: 0,
                caret,
            }));
        })
    };
    let close = {
        let (open, open_now) = (open.clone(), open_now.clone());
        Rc::new(move || {
            *open_now.borrow_mut() = false;
            open.set(None);
        })
    };
    // Accepts item `i` of the open list: its insertion replaces the list's range, or the owner
    // is told.
    let accept = {
        let (area, open, close) = (area.clone(), open.clone(), close.clone());
        let on_pick = props.on_pick.clone();
        Rc::new(move |i: usize| {
            let Some(o) = (*open).clone() else {
                return;
            };
            close();
            let Some(item) = o.list.items.get(i) else {
                return;
            };
            match (&item.insert, area.cast::<HtmlTextAreaElement>()) {
                (Some((text, caret)), Some(el)) => {
                    let value = el.value();
                    let (from, to) = (o.list.from.min(value.len()), o.list.to.min(value.len()));
                    if !value.is_char_boundary(from) || !value.is_char_boundary(to) {
                        return;
                    }
                    let utf16 = Utf16Map::new(&value).span(Span::new(from, to));
                    let _ = el.set_selection_range(utf16.start as u32, utf16.end as u32);
                    browser::insert(&el, text, utf16_len(&text[*caret..]));
                }
                (None, _) => on_pick.emit((o.caret, i)),
                _ => {}
            }
        })
    };

    // Input is read once per frame: some edits (a multi-line insertion) fire an input event per
    // line, and each read costs a copy of the whole text.
    let oninput = {
        let (area, on_input, caret) = (area.clone(), props.on_input.clone(), caret.clone());
        let (queued, frame) = (queued.clone(), frame.clone());
        let on_change_started = props.on_change_started.clone();
        let (typed, ask, open_now) = (typed.clone(), ask.clone(), open_now.clone());
        Callback::from(move |e: InputEvent| {
            *typed.borrow_mut() = e.data();
            if std::mem::replace(&mut *queued.borrow_mut(), true) {
                return;
            }
            on_change_started.emit(());
            let (area, on_input, caret, queued) = (
                area.clone(),
                on_input.clone(),
                caret.clone(),
                queued.clone(),
            );
            let (typed, ask, open_now) = (typed.clone(), ask.clone(), open_now.clone());
            *frame.borrow_mut() = Some(request_animation_frame(move |_| {
                *queued.borrow_mut() = false;
                if let Some(el) = area.cast::<HtmlTextAreaElement>() {
                    caret.set(el.selection_start().ok().flatten());
                    on_input.emit(el.value());
                }
                // A quote may start a key; typing on in an open list narrows it.
                let quote = typed.borrow().as_deref().is_some_and(|d| d.contains('"'));
                if quote || *open_now.borrow() {
                    ask(Trigger::Typed);
                }
            }));
        })
    };
    let onkeyup = {
        let track = track.clone();
        Callback::from(move |_: KeyboardEvent| track())
    };
    let onfocus = {
        let track = track.clone();
        Callback::from(move |_: FocusEvent| track())
    };
    let onblur = {
        let (caret, close) = (caret.clone(), close.clone());
        Callback::from(move |_: FocusEvent| {
            caret.set(None);
            close();
        })
    };
    let onclick = {
        let (ask, actions) = (ask.clone(), props.action_button.is_some());
        Callback::from(move |e: MouseEvent| {
            track();
            // A click on a highlighted value offers the conditions it can add.
            if actions && browser::condition_under(e.client_x(), e.client_y()).is_some() {
                ask(Trigger::Actions);
            }
        })
    };
    let onkeydown = {
        let (area, escaped, readonly) = (area.clone(), escaped.clone(), props.readonly);
        let on_format = props.on_format.clone();
        let (ask, accept, close, open, pairs) = (
            ask.clone(),
            accept.clone(),
            close.clone(),
            open.clone(),
            props.pairs,
        );
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            if let Some(o) = (*open).clone() {
                let count = o.list.items.len();
                let selected = match key.as_str() {
                    "ArrowDown" => Some((o.selected + 1) % count),
                    "ArrowUp" => Some((o.selected + count - 1) % count),
                    "Enter" | "Tab" => {
                        e.prevent_default();
                        accept(o.selected);
                        return;
                    }
                    "Escape" => {
                        e.prevent_default();
                        close();
                        return;
                    }
                    _ => None,
                };
                if let Some(selected) = selected {
                    e.prevent_default();
                    open.set(Some(Open { selected, ..o }));
                    return;
                }
            }
            if e.ctrl_key() && key == " " {
                e.prevent_default();
                ask(Trigger::Explicit);
                return;
            }
            if e.alt_key() && key == "Enter" {
                e.prevent_default();
                ask(Trigger::Actions);
                return;
            }
            let was_escaped = std::mem::replace(&mut *escaped.borrow_mut(), key == "Escape");
            if readonly || e.ctrl_key() || e.meta_key() {
                return;
            }
            if e.alt_key() {
                if e.shift_key() && key.eq_ignore_ascii_case("f") {
                    e.prevent_default();
                    on_format.emit(());
                }
                return;
            }
            let Some(el) = area.cast::<HtmlTextAreaElement>() else {
                return;
            };
            let start = el.selection_start().ok().flatten().unwrap_or(0);
            if el.selection_end().ok().flatten() != Some(start) {
                return;
            }
            let value = el.value();
            let at = Utf16Map::new(&value).byte_offset(start as usize);
            match key.as_str() {
                "Enter" if !e.shift_key() => {
                    e.prevent_default();
                    let (text, caret) = newline(&value, at);
                    browser::insert(&el, &text, utf16_len(&text[caret..]));
                }
                "Tab" if !was_escaped && !e.shift_key() => {
                    e.prevent_default();
                    browser::insert(&el, "  ", 0);
                }
                "}" | "]"
                    if closing_bracket(&value, at, key.chars().next().unwrap_or('}')).is_some() =>
                {
                    let bracket = if key == "}" { '}' } else { ']' };
                    if let Some((span, text)) = closing_bracket(&value, at, bracket) {
                        e.prevent_default();
                        let from = Utf16Map::new(&value).offset(span.start) as u32;
                        let _ = el.set_selection_range(from, start);
                        browser::insert(&el, &text, 0);
                    }
                }
                "{" | "[" | "\"" | "}" | "]" if pairs => {
                    let typed = key.chars().next().unwrap_or(' ');
                    if let Some((text, caret)) = auto_close(&value, at, typed) {
                        e.prevent_default();
                        if text.is_empty() {
                            let _ = el.set_selection_range(start + 1, start + 1);
                        } else {
                            browser::insert(&el, &text, utf16_len(&text[caret..]));
                        }
                    }
                }
                "Backspace" if pairs => {
                    if let Some(span) = delete_pair(&value, at) {
                        e.prevent_default();
                        let from = Utf16Map::new(&value).offset(span.start) as u32;
                        let _ = el.set_selection_range(from, from + 2);
                        browser::delete_selection();
                    }
                }
                _ => {}
            }
        })
    };
    let onpaste = {
        let on_refused = props.on_refused.clone();
        Callback::from(move |e: Event| {
            let size = e
                .dyn_ref::<ClipboardEvent>()
                .and_then(ClipboardEvent::clipboard_data)
                .and_then(|d| d.get_data("text/plain").ok())
                .map_or(0, |t| t.len());
            if size > MAX_PASTE_BYTES {
                e.prevent_default();
                on_refused.emit(size);
            }
        })
    };
    let onmousemove = {
        let (hovered, on_hover) = (hovered.clone(), props.on_hover.clone());
        Callback::from(move |e: MouseEvent| {
            let cond = browser::condition_under(e.client_x(), e.client_y());
            if *hovered.borrow() != cond {
                *hovered.borrow_mut() = cond;
                on_hover.emit(cond);
            }
        })
    };
    let onmouseleave = {
        let (hovered, on_hover) = (hovered.clone(), props.on_hover.clone());
        Callback::from(move |_: MouseEvent| {
            if hovered.borrow_mut().take().is_some() {
                on_hover.emit(None);
            }
        })
    };

    // Where the caret is (0-based line and column in characters), for the list and the button.
    let caret_place = |utf16: usize| {
        let at = Utf16Map::new(&props.text).byte_offset(utf16);
        let line_start = props.text[..at].rfind('\n').map_or(0, |i| i + 1);
        (
            props.text[..line_start].matches('\n').count(),
            props.text[line_start..at].chars().count(),
        )
    };
    let list = (*open).clone().map(|o| {
        let at = caret_place(Utf16Map::new(&props.text).offset(o.caret));
        let accept = accept.clone();
        html! {
            <SuggestionList list={o.list} selected={o.selected} {at}
                on_accept={Callback::from(move |i| accept(i))} />
        }
    });
    let line_action = props
        .action_button
        .clone()
        .zip(*caret)
        .filter(|_| !props.readonly)
        .map(|(label, at)| {
            let (line, _) = caret_place(at as usize);
            let ask = ask.clone();
            html! {
                <button type="button" class="line-action" data-testid={format!("{}-line-action", props.id)}
                    style={format!("top: calc(var(--code-line) * {line} + 12px)")} title="Alt+Enter"
                    onmousedown={Callback::from(move |e: MouseEvent| { e.prevent_default(); ask(Trigger::Actions); })}>
                    { label }
                </button>
            }
        });
    let id = &props.id;
    html! {
        <div class={classes!("editor", props.readonly.then_some("readonly"))}
             id={format!("{id}-editor")} data-testid={props.testid.clone()}>
            <div class="ed-scroll" {onscroll}>
                <pre class="gutter" aria-hidden="true">{ (*gutter).clone() }</pre>
                <div class="ed-stack">
                    <pre class="ed-layer" aria-hidden="true" ref={layer}>
                        { gap(above).unwrap_or_default() }
                        { for laid[shown.clone()].iter().zip(drawn.iter()).map(|(b, block)| {
                            let last = b.chunks.end == ranges.len();
                            html! {
                                <div class="blk" key={b.chunks.start}>
                                    { for block.iter().map(|c| html! { <ChunkView chunk={c.clone()} /> }) }
                                    if last && ends_early {
                                        <span class="err-eof" data-testid={format!("{id}-error-end")}></span>
                                    }
                                </div>
                            }
                        }) }
                        { gap(below).unwrap_or_default() }
                        { "\n" }
                    </pre>
                    <textarea id={format!("{id}-input")} class="ed-input" ref={area}
                        aria-label={props.label.clone()} aria-describedby="editor-keys"
                        spellcheck="false" autocomplete="off" autocapitalize="off"
                        autocorrect="off" wrap="off" rows="1" cols="1"
                        readonly={props.readonly}
                        {oninput} {onkeydown} {onkeyup} {onclick} {onpaste} {onfocus} {onblur}
                        {onmousemove} {onmouseleave} />
                    { line_action.unwrap_or_default() }
                    { list.unwrap_or_default() }
                </div>
            </div>
        </div>
    }
}

/// The length of `text` in UTF-16 units, as the browser counts the caret's moves.
fn utf16_len(text: &str) -> u32 {
    Utf16Map::new(text).utf16_len() as u32
}

#[derive(Properties, PartialEq)]
struct ChunkProps {
    chunk: Rc<Chunk>,
}

fn run(r: &Run) -> Html {
    if r.class.is_empty() {
        html! { <>{ r.text.clone() }</> }
    } else {
        html! { <span class={r.class.clone()}>{ r.text.clone() }</span> }
    }
}

/// One chunk of the highlight layer: text nodes only, so pasted markup stays text.
#[function_component]
fn ChunkView(props: &ChunkProps) -> Html {
    html! {
        <span class="chunk">
            { for props.chunk.groups.iter().map(|g| {
                let runs = html! { for g.runs.iter().map(run) };
                if g.mark.is_empty() {
                    runs
                } else {
                    let cond = g.cond.map(|c| AttrValue::from(c.to_string()));
                    html! { <span class={g.mark.clone()} data-c={cond}>{ runs }</span> }
                }
            }) }
        </span>
    }
}
