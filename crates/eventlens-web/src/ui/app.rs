//! The page: the top bar (views, samples, recent workspaces, sharing, operators, theme), the
//! view that is open (pattern or Bus), the dialogs and notices, and the workspace they all work
//! on, with its autosave. Nothing the user typed is dropped: what a sample, a link or an import
//! replaces goes to "Recent", and the notice offers Undo.

use super::bus::BusView;
use super::dialog::{CopyDialog, Dialog, Field};
use super::editor::refused_notice;
use super::import_dialog::ImportDialog;
use super::menu::{Choice, Group, Menu};
use super::pattern_view::{PatternView, WorkspaceChange};
use super::reference::Reference;
use crate::browser::{self, Mode};
use crate::debounce::Debounce;
use crate::doc_list::{Applied, DocAction, DocList, MAX_DOCS};
use crate::recent::{self, Recent};
use crate::samples;
use crate::suite;
use crate::workspace::{BusDocs, Side, View, Workspace};
use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use std::rc::Rc;
use web_sys::HtmlElement;
use yew::prelude::*;

/// Milliseconds of quiet before the workspace is autosaved.
const SAVE_MS: u32 = 1000;
/// Milliseconds a notice stays up (one that offers Undo stays longer).
const NOTICE_MS: u32 = 6000;
/// Milliseconds a notice with an Undo button stays up.
const UNDO_NOTICE_MS: u32 = 12000;
/// The sample shown on a first visit.
const FIRST_SAMPLE: &str = "omics-run";

/// Everything that happens on the page.
pub enum Msg {
    /// The pattern view changed the workspace.
    Change(WorkspaceChange),
    /// Load a sample (or an operator's example) by id.
    Sample(AttrValue),
    /// Reopen recent workspace `i`.
    Reopen(AttrValue),
    /// Put back the workspace the last sample, link or import replaced.
    Undo,
    /// Open the share dialog.
    Share,
    /// Copy dialog field `i`.
    Copy(usize),
    /// Whether the copy worked.
    Copied(bool),
    /// Close the dialog.
    CloseDialog,
    /// Open or close the operator reference.
    ToggleReference,
    /// Cycle the theme: system, light, dark.
    Theme,
    /// The notice timed out.
    ClearNotice,
    /// Autosave now (a second after a change, or when the page is left).
    Save,
    /// The address fragment changed.
    HashChanged,
    /// Open a view.
    View(View),
    /// The Bus view's inputs changed.
    BusChanged(BusDocs),
    /// Open the copy dialog with these texts.
    OpenDialog(Dialog),
    /// Show a notice (text, whether it is an error).
    Notice((String, bool)),
    /// Open the Import suite dialog.
    OpenImport,
    /// Import this suite text.
    ImportSuite(String),
    /// Close the Import suite dialog.
    CloseImport,
}

/// A notice at the bottom of the page.
struct Notice {
    text: String,
    error: bool,
    /// Whether it offers Undo.
    undo: bool,
    _timer: Timeout,
}

/// The application.
pub struct App {
    mode: Mode,
    ws: Rc<Workspace>,
    /// What the last replacement replaced, for Undo.
    undo: Option<Rc<Workspace>>,
    recent: Recent,
    save: Debounce,
    dirty: bool,
    dialog: Option<Dialog>,
    /// The Import suite dialog, when open, with why the last import was refused.
    import: Option<Option<String>>,
    reference: bool,
    theme: Option<String>,
    notice: Option<Notice>,
    focus_dialog: bool,
    return_focus: Option<HtmlElement>,
    focus_reference: bool,
    embed_link: String,
    _hash: EventListener,
    _leaving: EventListener,
}

impl Component for App {
    type Message = Msg;
    type Properties = ();

    fn create(ctx: &Context<Self>) -> Self {
        let mode = Mode::current();
        let mut notice = None;
        let mut recent = Recent::read(browser::saved_recent().as_deref());
        let saved = (!mode.embedded())
            .then(browser::saved)
            .flatten()
            .and_then(|c| Workspace::decode(&c).ok());
        let code = browser::fragment();
        let from_link = if code.is_empty() {
            None
        } else {
            Workspace::decode(&code)
                .map_err(|e| notice = Some((e.to_string(), true)))
                .ok()
        };
        // A link opens in place of the autosaved work, which goes to Recent.
        if let (Some(link), Some(saved)) = (&from_link, &saved) {
            if link != saved && remember(&mut recent, saved) {
                browser::save_recent(&recent.to_json());
            }
        }
        let ws = from_link.or(saved).unwrap_or_else(|| {
            samples::find(FIRST_SAMPLE)
                .map(|s| s.workspace.clone())
                .unwrap_or_else(|| Workspace::single("{}", "{}"))
        });
        let theme = browser::saved_theme();
        browser::apply_theme(theme.as_deref());
        let link = ctx.link().clone();
        let hash = EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
            link.send_message(Msg::HashChanged)
        });
        let link = ctx.link().clone();
        let leaving = EventListener::new(&gloo::utils::window(), "pagehide", move |_| {
            link.send_message(Msg::Save)
        });
        let mut app = App {
            mode,
            ws: Rc::new(ws),
            undo: None,
            recent,
            save: Debounce::default(),
            dirty: false,
            dialog: None,
            import: None,
            reference: false,
            theme,
            notice: None,
            focus_dialog: false,
            return_focus: None,
            focus_reference: false,
            embed_link: String::new(),
            _hash: hash,
            _leaving: leaving,
        };
        app.refresh_embed_link();
        if let Some((text, error)) = notice {
            app.notify(ctx, text, error, false);
        }
        app
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        let render = self.apply(ctx, msg);
        if self.dirty {
            let link = ctx.link().clone();
            self.save
                .schedule_once(SAVE_MS, move || link.send_message(Msg::Save));
        }
        render
    }

    fn rendered(&mut self, _ctx: &Context<Self>, _first: bool) {
        if std::mem::take(&mut self.focus_dialog) {
            browser::select_in("dialog-field-0", 0, u32::MAX);
        }
        if std::mem::take(&mut self.focus_reference) {
            browser::focus_id("reference-close");
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let embedded = self.mode.embedded();
        let readonly = self.mode == Mode::EmbedReadOnly;
        let notice = self.notice.as_ref().map(|n| {
            html! {
                <div class={classes!("toast", n.error.then_some("error"))} data-testid="notice">
                    <span>{ n.text.clone() }</span>
                    if n.undo && self.undo.is_some() {
                        <button type="button" class="small toast-undo" data-testid="undo"
                            onclick={link.callback(|_| Msg::Undo)}>{ "Undo" }</button>
                    }
                </div>
            }
        });
        let body = match self.ws.view {
            View::Bus => html! {
                <BusView docs={Rc::new(self.ws.bus.clone().unwrap_or_default())} {readonly}
                    on_change={link.callback(Msg::BusChanged)}
                    on_copy={link.callback(Msg::OpenDialog)}
                    on_notice={link.callback(Msg::Notice)}
                    on_refused={link.callback(|size| Msg::Notice(refused_notice(size)))} />
            },
            View::Pattern => html! {
                <PatternView ws={self.ws.clone()} mode={self.mode}
                    on_change={link.callback(Msg::Change)}
                    on_dialog={link.callback(Msg::OpenDialog)}
                    on_notice={link.callback(Msg::Notice)}
                    on_import={link.callback(|_| Msg::OpenImport)} />
            },
        };

        if embedded {
            let body = match self.ws.view {
                View::Bus => html! { <main class="main">{ body }</main> },
                View::Pattern => body,
            };
            return html! {
                <div class="app embed">
                    <header class="embed-bar">
                        <h1 class="embed-title">{ match self.ws.view {
                            View::Bus => "EventBridge bus playground",
                            View::Pattern => "EventBridge pattern playground",
                        } }</h1>
                        <a class="open-full" href={self.embed_link.clone()} target="_blank" rel="noopener">{ "Open in eventlens ↗" }</a>
                    </header>
                    { body }
                    <div class="toasts" role="status" aria-live="polite">{ notice.unwrap_or_default() }</div>
                </div>
            };
        }

        let (theme_label, theme_icon) = match self.theme.as_deref() {
            Some("light") => ("Theme: light", "☀"),
            Some("dark") => ("Theme: dark", "☾"),
            _ => ("Theme: follows the system", "◐"),
        };
        html! {
            <div class="app">
                <header class="topbar">
                    <div class="brand">
                        <svg class="logo" viewBox="0 0 32 32" aria-hidden="true"><circle cx="13" cy="13" r="8.5" fill="none" stroke="currentColor" stroke-width="3"/><path d="M19.5 19.5 27 27" stroke="currentColor" stroke-width="3.5" stroke-linecap="round"/><path d="M9.5 13.5l2.5 2.5 4.5-5" fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round"/></svg>
                        <h1>{ "eventlens" }</h1>
                        <span class="tagline">{ "EventBridge pattern playground" }</span>
                    </div>
                    <div class="views" role="group" aria-label="View">
                        { for [(View::Pattern, "Pattern", "view-pattern", "One pattern against events"), (View::Bus, "Bus", "view-bus", "Rules, a PutEvents request and where each event goes")].map(|(view, name, testid, title)| {
                            let on = self.ws.view == view;
                            html! {
                                <button type="button" class={classes!("view-tab", on.then_some("on"))} data-testid={testid}
                                    aria-pressed={on.to_string()} {title}
                                    onclick={link.callback(move |_| Msg::View(view))}>{ name }</button>
                            }
                        }) }
                    </div>
                    <nav class="actions" aria-label="Tools">
                        <Menu label="Samples" testid="sample-menu" groups={sample_groups()}
                            on_choose={link.callback(Msg::Sample)} />
                        <Menu label="Recent" testid="recent-menu" groups={self.recent_groups()}
                            empty="Workspaces replaced by a sample, a link or an import appear here."
                            on_choose={link.callback(Msg::Reopen)} />
                        <button type="button" data-testid="share-button" onclick={link.callback(|_| Msg::Share)}
                            title="A link that opens exactly this workspace">{ "Share" }</button>
                        <button type="button" data-testid="reference-toggle" aria-expanded={self.reference.to_string()}
                            aria-controls="reference" onclick={link.callback(|_| Msg::ToggleReference)}>{ "Operators" }</button>
                        <button type="button" class="ghost icon" data-testid="theme-toggle" aria-label={theme_label} title={theme_label}
                            onclick={link.callback(|_| Msg::Theme)}>{ theme_icon }</button>
                    </nav>
                </header>
                { match self.ws.view {
                    View::Bus => html! { <main class="main">{ body }</main> },
                    View::Pattern => body,
                } }
                <footer class="footer">
                    <p id="editor-keys">
                        { "In the editors: Tab indents; Esc then Tab moves on; Alt+Shift+F lays out the JSON. Everything runs in your browser: nothing you type leaves the page." }
                    </p>
                </footer>
                if self.reference {
                    <Reference on_try={link.callback(|id: String| Msg::Sample(id.into()))} on_close={link.callback(|_| Msg::ToggleReference)} />
                }
                if let Some(error) = &self.import {
                    <ImportDialog error={error.clone().map(AttrValue::from)} on_import={link.callback(Msg::ImportSuite)}
                        on_close={link.callback(|_| Msg::CloseImport)} />
                }
                if let Some(d) = &self.dialog {
                    <CopyDialog dialog={d.clone()} on_copy={link.callback(Msg::Copy)} on_close={link.callback(|_| Msg::CloseDialog)} />
                }
                <div class="toasts" role="status" aria-live="polite">{ notice.unwrap_or_default() }</div>
            </div>
        }
    }
}

/// The sample menu: the pattern samples by product, then the Bus view's.
fn sample_groups() -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for s in samples::all() {
        let choice = Choice {
            id: s.id.clone().into(),
            label: s.title.clone().into(),
            title: Some(s.summary.clone().into()),
        };
        match groups.iter_mut().find(|g| g.heading == s.group) {
            Some(g) => g.choices.push(choice),
            None => groups.push(Group {
                heading: s.group.clone().into(),
                choices: vec![choice],
            }),
        }
    }
    groups.push(Group {
        heading: "Event bus (Bus view)".into(),
        choices: samples::libraries()
            .bus
            .iter()
            .map(|s| Choice {
                id: s.id.clone().into(),
                label: s.title.clone().into(),
                title: Some(s.summary.clone().into()),
            })
            .collect(),
    });
    groups
}

/// Puts `ws` first in `recent`; whether the list changed.
fn remember(recent: &mut Recent, ws: &Workspace) -> bool {
    fn names(side: &DocList) -> Vec<&str> {
        side.docs().iter().map(|d| d.name.as_str()).collect()
    }
    let label = match ws.view {
        View::Bus => "Bus view".to_string(),
        View::Pattern => recent::label(&names(&ws.patterns), &names(&ws.events)),
    };
    recent.push(recent::Entry {
        time: browser::now_ms(),
        label,
        code: ws.encode_quick(),
    })
}

impl App {
    /// Applies a message; whether to render.
    fn apply(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Change(change) => {
                let ws = Rc::make_mut(&mut self.ws);
                match change {
                    WorkspaceChange::Docs(side, action) => match ws.apply(side, action) {
                        Applied::Nothing => return false,
                        Applied::Full => self.notify(
                            ctx,
                            format!("A workspace holds at most {MAX_DOCS} of each."),
                            true,
                            false,
                        ),
                        _ => {}
                    },
                    WorkspaceChange::Pair(p, e) => {
                        ws.apply(Side::Pattern, DocAction::Select(p));
                        ws.apply(Side::Event, DocAction::Select(e));
                    }
                    WorkspaceChange::Expect(p, e, m) => ws.expect(&p, &e, m),
                    WorkspaceChange::OpenBus => {
                        if ws.bus.is_none() {
                            ws.bus = samples::libraries().bus.first().map(|s| s.docs.clone());
                        }
                        ws.view = View::Bus;
                    }
                }
                self.dirty = true;
                self.refresh_embed_link();
            }
            Msg::Sample(id) => {
                if let Some(s) = samples::libraries().bus.iter().find(|s| *s.id == *id) {
                    let mut ws = (*self.ws).clone();
                    ws.bus = Some(s.docs.clone());
                    ws.view = View::Bus;
                    self.replace(ctx, ws, format!("Opened the bus sample “{}”", s.title));
                } else if let Some(s) = samples::find(&id) {
                    let mut ws = (*self.ws).clone();
                    match ws.open_beside(&s.workspace, samples::is_pristine) {
                        Ok(()) => self.replace(
                            ctx,
                            ws,
                            format!("Opened “{}” beside your patterns and events", s.title),
                        ),
                        Err(why) => self.notify(ctx, why.to_string(), true, false),
                    }
                }
            }
            Msg::Reopen(code) => match Workspace::decode(&code) {
                Ok(ws) => self.replace(ctx, ws, "Reopened an earlier workspace".into()),
                Err(e) => self.notify(ctx, e.to_string(), true, false),
            },
            Msg::Undo => {
                if let Some(before) = self.undo.take() {
                    remember(&mut self.recent, &self.ws);
                    browser::save_recent(&self.recent.to_json());
                    self.ws = before;
                    self.dirty = true;
                    self.refresh_embed_link();
                    self.notify(ctx, "Put back what you had".into(), false, false);
                }
            }
            Msg::Share => {
                let code = self.ws.encode();
                browser::set_fragment(&code);
                let snippet = browser::embed_snippet(&browser::link(&code, Some("1")));
                let note = match self.ws.view {
                    View::Pattern => format!(
                        "The link itself holds the {} pattern(s), {} event(s) and {} expectation(s), compressed: nothing is uploaded anywhere.",
                        self.ws.patterns.len(),
                        self.ws.events.len(),
                        self.ws.expectations.len()
                    ),
                    View::Bus => "The link itself holds the rules, the PutEvents request and the options of the call, compressed: nothing is uploaded anywhere.".into(),
                };
                self.open_dialog(
                    ctx,
                    Dialog {
                        title: "Share this workspace".into(),
                        fields: vec![
                            Field {
                                label: "Link".into(),
                                text: browser::link(&code, None),
                            },
                            Field {
                                label: "Embed in a page (iframe)".into(),
                                text: snippet,
                            },
                        ],
                        note: Some(note),
                        status: None,
                    },
                );
            }
            Msg::Copy(i) => {
                let Some(text) = self
                    .dialog
                    .as_ref()
                    .and_then(|d| d.fields.get(i))
                    .map(|f| f.text.clone())
                else {
                    return false;
                };
                match browser::clipboard() {
                    Some(clipboard) => {
                        let link = ctx.link().clone();
                        wasm_bindgen_futures::spawn_local(async move {
                            let ok = browser::copy(clipboard, text).await;
                            link.send_message(Msg::Copied(ok));
                        });
                    }
                    None => ctx
                        .link()
                        .send_message(Msg::Copied(browser::copy_selected(&format!(
                            "dialog-field-{i}"
                        )))),
                }
                return false;
            }
            Msg::Copied(ok) => {
                if let Some(d) = &mut self.dialog {
                    d.status = Some(if ok {
                        "Copied to the clipboard.".into()
                    } else {
                        "The browser did not allow copying: select the text and copy it (Ctrl+C or ⌘C).".into()
                    });
                }
            }
            Msg::CloseDialog => {
                self.dialog = None;
                if let Some(el) = self.return_focus.take() {
                    let _ = el.focus();
                }
            }
            Msg::ToggleReference => {
                self.reference = !self.reference;
                if self.reference {
                    self.return_focus = browser::focused();
                    self.focus_reference = true;
                } else if let Some(el) = self.return_focus.take() {
                    let _ = el.focus();
                }
            }
            Msg::Theme => {
                self.theme = match self.theme.as_deref() {
                    None => Some("light".into()),
                    Some("light") => Some("dark".into()),
                    _ => None,
                };
                browser::apply_theme(self.theme.as_deref());
            }
            Msg::ClearNotice => self.notice = None,
            Msg::Save => {
                self.save.cancel();
                self.save();
                return false;
            }
            Msg::HashChanged => {
                let code = browser::fragment();
                if code.is_empty() {
                    return false;
                }
                match Workspace::decode(&code) {
                    Ok(ws) if ws != *self.ws => {
                        self.replace(ctx, ws, "Opened the linked workspace".into())
                    }
                    Ok(_) => return false,
                    Err(e) => self.notify(ctx, e.to_string(), true, false),
                }
            }
            Msg::View(view) => {
                if self.ws.view == view {
                    return false;
                }
                let ws = Rc::make_mut(&mut self.ws);
                if view == View::Bus && ws.bus.is_none() {
                    ws.bus = samples::libraries().bus.first().map(|s| s.docs.clone());
                }
                ws.view = view;
                self.dirty = true;
                self.refresh_embed_link();
            }
            Msg::BusChanged(docs) => {
                Rc::make_mut(&mut self.ws).bus = Some(docs);
                self.dirty = true;
                self.refresh_embed_link();
                return false;
            }
            Msg::OpenDialog(dialog) => self.open_dialog(ctx, dialog),
            Msg::Notice((text, error)) => self.notify(ctx, text, error, false),
            Msg::OpenImport => {
                self.return_focus = browser::focused();
                self.import = Some(None);
            }
            Msg::ImportSuite(text) => match suite::import(&text) {
                Ok(ws) => {
                    let words = format!(
                        "Imported a suite: {} pattern(s), {} event(s), {} expectation(s)",
                        ws.patterns.len(),
                        ws.events.len(),
                        ws.expectations.len()
                    );
                    self.import = None;
                    self.replace(ctx, ws, words);
                }
                Err(why) => self.import = Some(Some(why.to_string())),
            },
            Msg::CloseImport => {
                self.import = None;
                if let Some(el) = self.return_focus.take() {
                    let _ = el.focus();
                }
            }
        }
        true
    }

    /// Shows `ws` instead of the workspace shown, which goes to Recent and can be put back
    /// with the notice's Undo.
    fn replace(&mut self, ctx: &Context<Self>, ws: Workspace, words: String) {
        if remember(&mut self.recent, &self.ws) {
            browser::save_recent(&self.recent.to_json());
        }
        self.undo = Some(std::mem::replace(&mut self.ws, Rc::new(ws)));
        self.dirty = true;
        self.refresh_embed_link();
        self.notify(ctx, words, false, true);
    }

    /// The Recent menu's entries.
    fn recent_groups(&self) -> Vec<Group> {
        vec![Group {
            heading: AttrValue::default(),
            choices: self
                .recent
                .entries
                .iter()
                .map(|e| Choice {
                    id: e.code.clone().into(),
                    label: format!("{} — {}", browser::local_time(e.time), e.label).into(),
                    title: None,
                })
                .collect(),
        }]
    }

    /// An embedded widget's link to the full page, for what it shows now.
    fn refresh_embed_link(&mut self) {
        if self.mode.embedded() {
            self.embed_link = browser::link(&self.ws.encode(), None);
        }
    }

    /// Autosaves the workspace once the user has changed something (never in embedded widgets,
    /// so that opening a widget does not replace one's own work).
    fn save(&mut self) {
        if self.dirty && !self.mode.embedded() {
            browser::save(&self.ws.encode_quick());
            self.dirty = false;
        }
    }

    fn open_dialog(&mut self, ctx: &Context<Self>, dialog: Dialog) {
        if self.dialog.is_none() {
            self.return_focus = browser::focused();
        }
        let auto_copy = !dialog.fields.is_empty();
        self.dialog = Some(dialog);
        self.focus_dialog = true;
        if auto_copy {
            ctx.link().send_message(Msg::Copy(0));
        }
    }

    fn notify(&mut self, ctx: &Context<Self>, text: String, error: bool, undo: bool) {
        let link = ctx.link().clone();
        let ms = if undo { UNDO_NOTICE_MS } else { NOTICE_MS };
        self.notice = Some(Notice {
            text,
            error,
            undo,
            _timer: Timeout::new(ms, move || link.send_message(Msg::ClearNotice)),
        });
    }
}
