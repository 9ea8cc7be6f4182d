//! The few browser services the app uses beyond rendering: the address, local storage, the
//! clipboard, the theme attribute and text insertion that keeps the editor's undo history.

use crate::marks::Marks;
use eventlens::TextPos;
use gloo::storage::{LocalStorage, Storage};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlDocument, HtmlElement, HtmlTextAreaElement, Url};

/// Local storage key of the autosaved workspace (a link code).
const SAVED_KEY: &str = "eventlens.workspace";
/// Local storage key of the chosen theme.
const THEME_KEY: &str = "eventlens.theme";
/// Local-storage key of the recent workspaces.
const RECENT_KEY: &str = "eventlens.recent";

/// How the page is shown, from the `embed` query parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The full playground.
    Full,
    /// A compact widget whose editors can be changed (`?embed=1`).
    Embed,
    /// A compact widget whose editors cannot be changed (`?embed=readonly`).
    EmbedReadOnly,
}

impl Mode {
    /// The mode the address asks for.
    pub fn current() -> Mode {
        let search = gloo::utils::window()
            .location()
            .search()
            .unwrap_or_default();
        let params = web_sys::UrlSearchParams::new_with_str(&search).ok();
        match params.and_then(|p| p.get("embed")).as_deref() {
            None | Some("0") | Some("false") => Mode::Full,
            Some("readonly") | Some("ro") => Mode::EmbedReadOnly,
            Some(_) => Mode::Embed,
        }
    }

    /// Whether the page is an embedded widget.
    pub fn embedded(self) -> bool {
        self != Mode::Full
    }
}

/// The address fragment without `#`.
pub fn fragment() -> String {
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    hash.trim_start_matches('#').to_string()
}

/// Puts `code` in the address bar without reloading or adding a history entry.
pub fn set_fragment(code: &str) {
    let url = format!("#{code}");
    let _ = gloo::utils::window()
        .history()
        .and_then(|h| h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url)));
}

/// The page's address with `embed` set as given (or removed) and `code` as fragment.
pub fn link(code: &str, embed: Option<&str>) -> String {
    let href = gloo::utils::window().location().href().unwrap_or_default();
    match Url::new(&href) {
        Ok(url) => {
            match embed {
                Some(v) => url.search_params().set("embed", v),
                None => url.search_params().delete("embed"),
            }
            url.set_hash(code);
            url.href()
        }
        Err(_) => format!("#{code}"),
    }
}

/// Whether local storage can be used: browsers refuse it in some embedded frames and private
/// modes, and gloo's storage panics when it is missing.
fn storage_available() -> bool {
    matches!(gloo::utils::window().local_storage(), Ok(Some(_)))
}

/// The autosaved workspace code, if any.
pub fn saved() -> Option<String> {
    storage_available()
        .then(|| LocalStorage::get(SAVED_KEY).ok())
        .flatten()
}

/// Autosaves a workspace code (failures, such as a full or disabled storage, are ignored: the
/// page keeps working without autosave).
pub fn save(code: &str) {
    if storage_available() {
        let _ = LocalStorage::set(SAVED_KEY, code);
    }
}

/// The stored list of recent workspaces (JSON), if any.
pub fn saved_recent() -> Option<String> {
    storage_available()
        .then(|| LocalStorage::get(RECENT_KEY).ok())
        .flatten()
}

/// Stores the list of recent workspaces (failures are ignored, as for the autosave).
pub fn save_recent(json: &str) {
    if storage_available() {
        let _ = LocalStorage::set(RECENT_KEY, json);
    }
}

/// Milliseconds since 1970, now.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The stored theme choice (`light`, `dark`), or `None` to follow the system.
pub fn saved_theme() -> Option<String> {
    storage_available()
        .then(|| LocalStorage::get(THEME_KEY).ok())
        .flatten()
}

/// Applies and stores a theme choice; `None` follows the system.
pub fn apply_theme(theme: Option<&str>) {
    if let Some(root) = gloo::utils::document().document_element() {
        let _ = match theme {
            Some(t) => root.set_attribute("data-theme", t),
            None => root.remove_attribute("data-theme"),
        };
    }
    if !storage_available() {
        return;
    }
    match theme {
        Some(t) => {
            let _ = LocalStorage::set(THEME_KEY, t);
        }
        None => LocalStorage::delete(THEME_KEY),
    }
}

/// The asynchronous clipboard, which browsers offer only to secure pages (https, localhost).
pub fn clipboard() -> Option<web_sys::Clipboard> {
    let navigator = gloo::utils::window().navigator();
    js_sys::Reflect::get(&navigator, &"clipboard".into())
        .ok()
        .filter(|c| !c.is_undefined() && !c.is_null())
        .map(JsCast::unchecked_into)
}

/// Writes `text` to the clipboard; `false` when the browser refuses.
pub async fn copy(clipboard: web_sys::Clipboard, text: String) -> bool {
    JsFuture::from(clipboard.write_text(&text)).await.is_ok()
}

/// Copies the text of textarea `id` the old way (selection and the copy command), for pages
/// without the asynchronous clipboard; `false` when the browser refuses.
pub fn copy_selected(id: &str) -> bool {
    select_in(id, 0, u32::MAX);
    let doc: HtmlDocument = gloo::utils::document().unchecked_into();
    doc.exec_command("copy").unwrap_or(false)
}

/// Inserts `text` at the selection of `area` as typing would (keeping undo history), then puts
/// the caret `caret_back` UTF-16 units before the end of the inserted text.
pub fn insert(area: &HtmlTextAreaElement, text: &str, caret_back: u32) {
    let doc: HtmlDocument = gloo::utils::document().unchecked_into();
    let typed = doc
        .exec_command_with_show_ui_and_value("insertText", false, text)
        .unwrap_or(false);
    if !typed {
        let start = area.selection_start().ok().flatten().unwrap_or(0);
        let end = area.selection_end().ok().flatten().unwrap_or(start);
        let _ = area.set_range_text_with_start_and_end_and_mode(text, start, end, "end");
        if let Ok(ev) = web_sys::Event::new("input") {
            let _ = area.dispatch_event(&ev);
        }
    }
    if caret_back > 0 {
        if let Ok(Some(end)) = area.selection_end() {
            let at = end.saturating_sub(caret_back);
            let _ = area.set_selection_range(at, at);
        }
    }
}

/// Deletes the selection of the focused textarea as typing would (kept in its undo history).
pub fn delete_selection() {
    let doc: HtmlDocument = gloo::utils::document().unchecked_into();
    let _ = doc.exec_command("delete");
}

/// Focuses the textarea with id `id` and selects UTF-16 range `start..end`, scrolling it into view.
pub fn select_in(id: &str, start: u32, end: u32) {
    let Some(el) = gloo::utils::document().get_element_by_id(id) else {
        return;
    };
    if let Ok(area) = el.dyn_into::<HtmlTextAreaElement>() {
        let _ = area.focus();
        let _ = area.set_selection_range(start, end);
    }
}

/// The editors' line height in CSS pixels when it cannot be measured (style.css says 21px).
pub const DEFAULT_LINE_PX: usize = 21;

/// A length property of an element's computed style, in pixels.
fn computed_px(el: &web_sys::Element, property: &str) -> Option<f64> {
    let style = gloo::utils::window().get_computed_style(el).ok()??;
    let value = style.get_property_value(property).ok()?;
    value.trim_end_matches("px").parse().ok()
}

/// The line height of an editor's text, in whole pixels.
pub fn line_height(el: &web_sys::Element) -> Option<usize> {
    computed_px(el, "line-height")
        .filter(|px| *px >= 1.0)
        .map(|px| px.round() as usize)
}

/// Scrolls editor `editor_id` (not the page) so that 0-based `line` is in view, and the
/// highlight of condition `cond` on it, when drawn, too.
pub fn reveal(editor_id: &str, line: usize, cond: u32) {
    let doc = gloo::utils::document();
    let (Ok(Some(scroller)), Ok(Some(layer))) = (
        doc.query_selector(&format!("#{editor_id} .ed-scroll")),
        doc.query_selector(&format!("#{editor_id} .ed-layer")),
    ) else {
        return;
    };
    let line_px = line_height(&layer).unwrap_or(DEFAULT_LINE_PX) as i32;
    let y = computed_px(&layer, "padding-top").unwrap_or(0.0) as i32 + line as i32 * line_px;
    let (top, height) = (scroller.scroll_top(), scroller.client_height());
    if y < top || y + line_px > top + height {
        scroller.set_scroll_top(y - height / 3);
    }
    let mark = doc.query_selector(&format!("#{editor_id} [data-c=\"{cond}\"]"));
    if let Ok(Some(mark)) = mark {
        let (view, at) = (
            scroller.get_bounding_client_rect(),
            mark.get_bounding_client_rect(),
        );
        if at.left() < view.left() + 48.0 || at.left() > view.right() - 64.0 {
            let dx = at.left() - view.left() - 96.0;
            scroller.set_scroll_left(scroller.scroll_left() + dx as i32);
        }
    }
}

/// Scrolls the pattern and event editors `{prefix}pattern-editor` and `{prefix}event-editor`,
/// which hold `texts` highlighted by `marks`, to the highlights of condition `cond`.
pub fn reveal_condition(prefix: &str, marks: &Marks, texts: [&str; 2], cond: u32) {
    for ((side, list), text) in [("pattern", &marks.pattern), ("event", &marks.event)]
        .into_iter()
        .zip(texts)
    {
        if let Some(mark) = list.iter().find(|k| k.cond == Some(cond)) {
            let line = TextPos::of(text, mark.span.start).line - 1;
            reveal(&format!("{prefix}{side}-editor"), line, cond);
        }
    }
}

/// Focuses the element with id `id`, if there is one.
pub fn focus_id(id: &str) {
    if let Some(el) = gloo::utils::document().get_element_by_id(id) {
        if let Ok(el) = el.dyn_into::<HtmlElement>() {
            let _ = el.focus();
        }
    }
}

/// The HTML that embeds the page at `url` in another page: an iframe, and a line of script
/// that sets the iframe's height to the one the embedded page reports (`postMessage`), so that
/// the widget is as tall as its content.
pub fn embed_snippet(url: &str) -> String {
    let url = url.replace('&', "&amp;").replace('"', "&quot;");
    format!(
        "<iframe src=\"{url}\" title=\"EventBridge pattern playground\" width=\"100%\" height=\"480\" style=\"border:0\" loading=\"lazy\" data-eventlens></iframe>\n\
         <script>addEventListener(\"message\",e=>{{for(const f of document.querySelectorAll(\"iframe[data-eventlens]\"))if(f.contentWindow===e.source&&e.data&&e.data.eventlensHeight>0)f.style.height=Math.min(e.data.eventlensHeight,4000)+\"px\"}})</script>"
    )
}

/// Tells the page that embeds this one (if any) the height of this page's content, now and
/// whenever it changes. The listener lives as long as the page.
pub fn post_height_to_host() {
    let window = gloo::utils::window();
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    if parent == window {
        return;
    }
    let post = Closure::<dyn FnMut()>::new(move || {
        let Some(body) = gloo::utils::document().body() else {
            return;
        };
        let height = body.scroll_height();
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"eventlensHeight".into(), &height.into());
        // Only a height leaves the page: any host may read it.
        let _ = parent.post_message(&message, "*");
    });
    if let (Ok(observer), Some(body)) = (
        web_sys::ResizeObserver::new(post.as_ref().unchecked_ref()),
        gloo::utils::document().body(),
    ) {
        observer.observe(&body);
    }
    post.forget();
}

/// A time (milliseconds since 1970) as the browser writes local dates and times, short.
pub fn local_time(ms: f64) -> String {
    let date = js_sys::Date::new(&ms.into());
    let time: String = date.to_locale_time_string("default").into();
    let day: String = date
        .to_locale_date_string("default", &js_sys::Object::new())
        .into();
    format!("{day} {time}")
}

/// The element that has the keyboard focus.
pub fn focused() -> Option<HtmlElement> {
    gloo::utils::document()
        .active_element()
        .and_then(|e| e.dyn_into().ok())
}

/// The highlighted condition under the pointer at viewport point (`x`, `y`), looking through
/// the transparent textarea at the highlight layer below it.
pub fn condition_under(x: i32, y: i32) -> Option<u32> {
    gloo::utils::document()
        .elements_from_point(x as f32, y as f32)
        .iter()
        .find_map(|node| {
            node.dyn_into::<web_sys::Element>()
                .ok()?
                .get_attribute("data-c")?
                .parse()
                .ok()
        })
}

/// Scrolls the page so that the element with id `id` is in view (its top at the top, below any
/// `scroll-margin-top` its style gives).
pub fn scroll_to(id: &str) {
    if let Some(el) = gloo::utils::document().get_element_by_id(id) {
        el.scroll_into_view();
    }
}
