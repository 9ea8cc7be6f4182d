//! The page: the pattern view (editors, verdict, explanation, matrix) or the Bus view, and around
//! them the sample library, sharing, exports and the autosave.

use super::bus::BusView;
use super::dialog::{CopyDialog, Dialog, Field};
use super::editor::{Editor, MAX_PASTE_BYTES};
use super::error_box::ErrorBox;
use super::explanation::{focus_bar, ExplanationPanel};
use super::matrix::Matrix;
use super::reference::Reference;
use super::tabs::DocBar;
use crate::analysis::{matrix, Analysis, Verdict};
use crate::browser::{self, Mode};
use crate::export;
use crate::focus::{Focus, FocusChange};
use crate::format::pretty;
use crate::layers::visible_error;
use crate::marks::{follow, follow_span, marks};
use crate::samples;
use crate::workspace::{BusDocs, Doc, View, Workspace, MAX_DOCS};
use eventlens::json::text::utf16_offset;
use eventlens::Span;
use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use std::rc::Rc;
use web_sys::{HtmlElement, HtmlSelectElement};
use yew::prelude::*;

/// Milliseconds of quiet typing before the engine runs.
const DEBOUNCE_MS: u32 = 150;
/// Milliseconds of quiet before the workspace is autosaved.
const SAVE_MS: u32 = 1000;
/// Milliseconds a notice stays up.
const NOTICE_MS: u32 = 6000;
/// The sample shown on a first visit.
const FIRST_SAMPLE: &str = "omics-run";

/// Which editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The pattern editor.
    Pattern,
    /// The event editor.
    Event,
}

impl Side {
    fn kind(self) -> &'static str {
        match self {
            Side::Pattern => "pattern",
            Side::Event => "event",
        }
    }
}

/// Everything that happens on the page.
pub enum Msg {
    /// An editor is being changed (its text follows).
    Typing,
    /// An editor's new text.
    Edit(Side, String),
    /// Run the engine now.
    Analyse,
    /// Lay out an editor's JSON.
    Format(Side),
    /// Show doc `i` of a side.
    Select(Side, usize),
    /// Add a doc to a side (a copy of the one shown).
    Add(Side),
    /// Remove the shown doc of a side.
    Remove(Side),
    /// Rename the shown doc of a side.
    Rename(Side, String),
    /// A matrix cell: (pattern, event).
    Cell((usize, usize)),
    /// The emphasis on the explanation changed.
    Focus(FocusChange),
    /// Load a sample by id.
    Sample(String),
    /// Open the share dialog.
    Share,
    /// Open the AWS CLI dialog.
    Cli,
    /// Open the CloudFormation / CDK dialog.
    Export,
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
    /// A paste was refused (its size).
    Refused(usize),
    /// The notice timed out.
    ClearNotice,
    /// Autosave now (a second after a change, or when the page is left).
    Save,
    /// The address fragment changed.
    HashChanged,
    /// Select an error span in an editor.
    Goto(Side, Span),
    /// Open a view.
    View(View),
    /// The Bus view's inputs changed.
    BusChanged(BusDocs),
    /// Open the copy dialog with these texts.
    OpenDialog(Dialog),
    /// Show a notice (text, whether it is an error).
    Notice((String, bool)),
}

/// The application.
pub struct App {
    mode: Mode,
    ws: Workspace,
    analysis: Rc<Analysis>,
    verdicts: Rc<Vec<Vec<Verdict>>>,
    focus: Focus,
    timer: Option<Timeout>,
    typing: bool,
    save_timer: Option<Timeout>,
    dirty: bool,
    dialog: Option<Dialog>,
    reference: bool,
    theme: Option<String>,
    notice: Option<(String, bool)>,
    notice_timer: Option<Timeout>,
    reveal: Option<u32>,
    focus_dialog: bool,
    return_focus: Option<HtmlElement>,
    focus_reference: bool,
    sample_select: NodeRef,
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
        let code = browser::fragment();
        let from_link = if code.is_empty() {
            None
        } else {
            Workspace::decode(&code)
                .map_err(|e| notice = Some((e.to_string(), true)))
                .ok()
        };
        let ws = from_link
            .or_else(|| {
                (!mode.embedded())
                    .then(browser::saved)
                    .flatten()
                    .and_then(|c| Workspace::decode(&c).ok())
            })
            .unwrap_or_else(|| {
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
            analysis: Rc::new(Analysis::run(
                ws.pattern().text.clone(),
                ws.event().text.clone(),
            )),
            ws,
            verdicts: Rc::default(),
            focus: Focus::default(),
            timer: None,
            typing: false,
            save_timer: None,
            dirty: false,
            dialog: None,
            reference: false,
            theme,
            notice: None,
            notice_timer: None,
            reveal: None,
            focus_dialog: false,
            return_focus: None,
            focus_reference: false,
            sample_select: NodeRef::default(),
            embed_link: String::new(),
            _hash: hash,
            _leaving: leaving,
        };
        app.analyse();
        if let Some((text, error)) = notice {
            app.notify(ctx, text, error);
        }
        app
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        let render = self.apply(ctx, msg);
        if self.dirty && self.save_timer.is_none() {
            let link = ctx.link().clone();
            self.save_timer = Some(Timeout::new(SAVE_MS, move || link.send_message(Msg::Save)));
        }
        render
    }

    fn rendered(&mut self, _ctx: &Context<Self>, _first: bool) {
        if std::mem::take(&mut self.focus_dialog) {
            browser::select_in("dialog-field-0", 0, u32::MAX);
        }
        if std::mem::take(&mut self.focus_reference) {
            if let Some(el) = gloo::utils::document().get_element_by_id("reference-close") {
                if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<HtmlElement>(el) {
                    let _ = el.focus();
                }
            }
        }
        if let Some(cond) = self.reveal.take() {
            let a = &self.analysis;
            if let Some(x) = &a.explanation {
                let m = marks(x, self.shown_combination());
                browser::reveal_condition("", &m, [&a.pattern_text, &a.event_text], cond);
            }
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let embedded = self.mode.embedded();
        let readonly = self.mode == Mode::EmbedReadOnly;
        let a = &self.analysis;
        let shown = self.shown_combination();
        let verdict = a.verdict();
        let focus = self.focus.condition();

        let (pattern_text, event_text) =
            (self.ws.pattern().text.clone(), self.ws.event().text.clone());
        let m = a
            .explanation
            .as_ref()
            .map(|x| marks(x, shown))
            .unwrap_or_default();
        let pattern_marks = Rc::new(follow(&m.pattern, &a.pattern_text, &pattern_text));
        let event_marks = Rc::new(follow(&m.event, &a.event_text, &event_text));
        let pattern_error = a
            .pattern_error
            .as_ref()
            .and_then(|e| follow_span(e.span, &a.pattern_text, &pattern_text))
            .map(|s| visible_error(&pattern_text, s));
        let event_error = a
            .event_error
            .as_ref()
            .and_then(|e| follow_span(e.span, &a.event_text, &event_text))
            .map(|s| visible_error(&event_text, s));

        let editor = |side: Side, text: Rc<str>, marks, error| {
            let kind = side.kind();
            html! {
                <Editor id={kind} testid={format!("{kind}-editor")}
                    label={if side == Side::Pattern { "Event pattern (JSON)" } else { "Event (JSON)" }}
                    {text} {marks} {error} {focus} {readonly}
                    on_input={link.callback(move |t| Msg::Edit(side, t))}
                    on_change_started={link.callback(|_| Msg::Typing)}
                    on_hover={link.callback(|c| Msg::Focus(FocusChange::Hover(c)))}
                    on_caret={link.callback(|c| Msg::Focus(FocusChange::Caret(c)))}
                    on_refused={link.callback(Msg::Refused)}
                    on_format={link.callback(move |_| Msg::Format(side))} />
            }
        };
        let bar = |side: Side| {
            let (docs, active, title) = match side {
                Side::Pattern => (self.ws.patterns.clone(), self.ws.active_pattern, "Pattern"),
                Side::Event => (self.ws.events.clone(), self.ws.active_event, "Event"),
            };
            html! {
                <DocBar kind={side.kind()} {title} {docs} {active} locked={embedded}
                    on_select={link.callback(move |i| Msg::Select(side, i))}
                    on_add={link.callback(move |_| Msg::Add(side))}
                    on_remove={link.callback(move |_| Msg::Remove(side))}
                    on_rename={link.callback(move |n| Msg::Rename(side, n))}
                    on_format={link.callback(move |_| Msg::Format(side))} />
            }
        };
        let error_box = |side: Side| {
            let (message, span, line, column) = match side {
                Side::Pattern => a
                    .pattern_error
                    .as_ref()
                    .map(|e| (e.message.clone(), e.span, e.line, e.column))?,
                Side::Event => a
                    .event_error
                    .as_ref()
                    .map(|e| (e.message.clone(), e.span, e.line, e.column))?,
            };
            let kind = side.kind();
            let on_show = link.callback(move |_| Msg::Goto(side, span));
            Some(html! {
                <ErrorBox testid={format!("{kind}-error")} at={Some((line, column))} {message}
                    on_show={Some(on_show)} />
            })
        };

        let held = a
            .explanation
            .as_ref()
            .and_then(|x| x.combinations.get(shown))
            .map(|c| {
                (
                    c.conditions.iter().filter(|k| k.held).count(),
                    c.conditions.len(),
                )
            });
        let combos = a.explanation.as_ref().map_or(0, |x| x.combinations.len());
        let sub = match verdict {
            Verdict::Match if combos > 1 => {
                format!("$or combination {} of {combos} matches", shown + 1)
            }
            Verdict::Match => {
                held.map_or(String::new(), |(_, n)| format!("All {n} conditions held"))
            }
            Verdict::NoMatch => held.map_or(String::new(), |(h, n)| {
                if h == n {
                    format!("All {n} conditions hold, but not in one array element")
                } else {
                    format!("{h} of {n} conditions held")
                }
            }),
            Verdict::InvalidPattern => a.pattern_error.as_ref().map_or(String::new(), |e| {
                format!("Pattern, line {}, column {}", e.line, e.column)
            }),
            Verdict::InvalidEvent => a.event_error.as_ref().map_or(String::new(), |e| {
                format!("Event, line {}, column {}", e.line, e.column)
            }),
        };
        let focus_bar = focus_bar(a, shown, focus);
        let show_matrix = !embedded && (self.ws.patterns.len() > 1 || self.ws.events.len() > 1);
        let verdict_card = html! {
            <div class={classes!("verdict-card", verdict.class())}>
                <span class="v-symbol" aria-hidden="true">{ verdict.symbol() }</span>
                <div class="v-text">
                    <div class="verdict" data-testid="verdict" role="status" aria-live="polite"
                        aria-busy={(self.typing || self.timer.is_some()).to_string()}>{ verdict.label() }</div>
                    <div class="v-sub">{ sub }</div>
                </div>
            </div>
        };
        let explanation = html! {
            <ExplanationPanel analysis={a.clone()} {shown} {focus} pinned={self.focus.pinned}
                compact={embedded}
                on_focus={link.callback(Msg::Focus)} />
        };
        let notice = self.notice.as_ref().map(|(text, error)| html! {
            <div class={classes!("toast", error.then_some("error"))} data-testid="notice">{ text.clone() }</div>
        });

        let bus_view = (self.ws.view == View::Bus).then(|| {
            html! {
                <BusView docs={Rc::new(self.ws.bus.clone().unwrap_or_default())} {readonly}
                    on_change={link.callback(Msg::BusChanged)}
                    on_copy={link.callback(Msg::OpenDialog)}
                    on_notice={link.callback(Msg::Notice)}
                    on_refused={link.callback(Msg::Refused)} />
            }
        });

        if embedded {
            let (head, body) = match bus_view {
                Some(bus_view) => (
                    html! { <strong class="embed-title">{ "EventBridge bus playground" }</strong> },
                    html! { <main class="main">{ bus_view }</main> },
                ),
                None => (
                    verdict_card,
                    html! {
                        <>
                            <main class="editors">
                                <section class="pane">
                                    { bar(Side::Pattern) }
                                    { editor(Side::Pattern, pattern_text, pattern_marks, pattern_error) }
                                    { error_box(Side::Pattern).unwrap_or_default() }
                                </section>
                                <section class="pane">
                                    { bar(Side::Event) }
                                    { editor(Side::Event, event_text, event_marks, event_error) }
                                    { error_box(Side::Event).unwrap_or_default() }
                                </section>
                            </main>
                            <section class="results embed-results" aria-label="Explanation">
                                { focus_bar }
                                { explanation }
                            </section>
                        </>
                    },
                ),
            };
            return embed_shell(head, &self.embed_link, body, notice);
        }

        let theme_label = match self.theme.as_deref() {
            Some("light") => "Theme: light",
            Some("dark") => "Theme: dark",
            _ => "Theme: follows the system",
        };
        let theme_icon = match self.theme.as_deref() {
            Some("light") => "☀",
            Some("dark") => "☾",
            _ => "◐",
        };
        let mut groups: Vec<&str> = Vec::new();
        for s in samples::all() {
            if !groups.contains(&s.group.as_str()) {
                groups.push(&s.group);
            }
        }
        let on_sample = link.callback(|e: Event| {
            let el: HtmlSelectElement = e.target_unchecked_into();
            Msg::Sample(el.value())
        });
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
                        <select class="samples" data-testid="sample-select" aria-label="Load a sample" ref={self.sample_select.clone()} onchange={on_sample}>
                            <option value="" selected=true disabled=true>{ "Samples…" }</option>
                            { for groups.iter().map(|g| html! {
                                <optgroup label={g.to_string()}>
                                    { for samples::all().iter().filter(|s| s.group == *g).map(|s| html! {
                                        <option value={s.id.clone()}>{ s.title.clone() }</option>
                                    }) }
                                </optgroup>
                            }) }
                            <optgroup label="Event bus (Bus view)">
                                { for samples::libraries().bus.iter().map(|s| html! {
                                    <option value={s.id.clone()} title={s.summary.clone()}>{ s.title.clone() }</option>
                                }) }
                            </optgroup>
                        </select>
                        <button type="button" data-testid="share-button" onclick={link.callback(|_| Msg::Share)}
                            title="A link that opens exactly this workspace">{ "Share" }</button>
                        if bus_view.is_none() {
                            <button type="button" data-testid="copy-cli" onclick={link.callback(|_| Msg::Cli)}
                                title="aws events test-event-pattern for this pair">{ "AWS CLI" }</button>
                            <button type="button" data-testid="copy-cfn" onclick={link.callback(|_| Msg::Export)}
                                aria-label="CloudFormation / CDK" title="The pattern as CloudFormation or CDK">
                                <span class="wide">{ "CloudFormation / CDK" }</span><span class="narrow" aria-hidden="true">{ "CFN / CDK" }</span>
                            </button>
                        }
                        <button type="button" data-testid="reference-toggle" aria-expanded={self.reference.to_string()}
                            aria-controls="reference" onclick={link.callback(|_| Msg::ToggleReference)}>{ "Operators" }</button>
                        <button type="button" class="ghost icon" data-testid="theme-toggle" aria-label={theme_label} title={theme_label}
                            onclick={link.callback(|_| Msg::Theme)}>{ theme_icon }</button>
                    </nav>
                </header>
                if let Some(bus_view) = bus_view {
                    <main class="main">{ bus_view }</main>
                } else {
                    <main class="main">
                        <div class="editors">
                            <section class="pane" aria-label="Pattern">
                                { bar(Side::Pattern) }
                                { editor(Side::Pattern, pattern_text, pattern_marks, pattern_error) }
                                { error_box(Side::Pattern).unwrap_or_default() }
                            </section>
                            <section class="pane" aria-label="Event">
                                { bar(Side::Event) }
                                { editor(Side::Event, event_text, event_marks, event_error) }
                                { error_box(Side::Event).unwrap_or_default() }
                            </section>
                        </div>
                        <div class="results">
                            <div class="results-side">
                                { verdict_card }
                                if show_matrix {
                                    <Matrix patterns={self.ws.patterns.iter().map(|d| d.name.clone()).collect::<Vec<_>>()}
                                        events={self.ws.events.iter().map(|d| d.name.clone()).collect::<Vec<_>>()}
                                        verdicts={self.verdicts.clone()}
                                        active={(self.ws.active_pattern, self.ws.active_event)}
                                        on_select={link.callback(Msg::Cell)} />
                                }
                            </div>
                            <section class="explain" aria-labelledby="explain-title">
                                <h2 id="explain-title">{ "Why" }</h2>
                                { focus_bar }
                                { explanation }
                            </section>
                        </div>
                    </main>
                }
                <footer class="footer">
                    <p id="editor-keys">
                        { "In the editors: Tab indents; Esc then Tab moves on; Alt+Shift+F lays out the JSON. Everything runs in your browser: nothing you type leaves the page." }
                    </p>
                </footer>
                if self.reference {
                    <Reference on_try={link.callback(Msg::Sample)} on_close={link.callback(|_| Msg::ToggleReference)} />
                }
                if let Some(d) = &self.dialog {
                    <CopyDialog dialog={d.clone()} on_copy={link.callback(Msg::Copy)} on_close={link.callback(|_| Msg::CloseDialog)} />
                }
                <div class="toasts" role="status" aria-live="polite">{ notice.unwrap_or_default() }</div>
            </div>
        }
    }
}

impl App {
    /// Applies a message; whether to render.
    fn apply(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Typing => {
                if std::mem::replace(&mut self.typing, true) {
                    return false;
                }
            }
            Msg::Edit(side, text) => {
                self.typing = false;
                self.set_text(side, text);
                self.dirty = true;
                let link = ctx.link().clone();
                self.timer = Some(Timeout::new(DEBOUNCE_MS, move || {
                    link.send_message(Msg::Analyse)
                }));
            }
            Msg::Analyse => self.analyse(),
            Msg::Format(side) => {
                let text = self.doc(side).text.clone();
                match pretty(&text) {
                    Ok(laid_out) if *laid_out != *text => {
                        self.set_text(side, laid_out);
                        self.dirty = true;
                        self.analyse();
                    }
                    Ok(_) => {}
                    Err(why) => self.notify(
                        ctx,
                        format!(
                            "The {} is not valid JSON, so it cannot be laid out: {why}",
                            side.kind()
                        ),
                        true,
                    ),
                }
            }
            Msg::Select(side, i) => {
                match side {
                    Side::Pattern => self.ws.active_pattern = i.min(self.ws.patterns.len() - 1),
                    Side::Event => self.ws.active_event = i.min(self.ws.events.len() - 1),
                }
                self.dirty = true;
                self.analyse();
            }
            Msg::Add(side) => {
                let (docs, stem) = match side {
                    Side::Pattern => (&mut self.ws.patterns, "rule"),
                    Side::Event => (&mut self.ws.events, "event"),
                };
                if docs.len() >= MAX_DOCS {
                    self.notify(
                        ctx,
                        format!("A workspace holds at most {MAX_DOCS} of each."),
                        true,
                    );
                    return true;
                }
                let current = match side {
                    Side::Pattern => self.ws.active_pattern,
                    Side::Event => self.ws.active_event,
                };
                let doc = Doc::new(
                    Workspace::fresh_name(docs, stem),
                    docs[current].text.clone(),
                );
                docs.push(doc);
                let last = docs.len() - 1;
                match side {
                    Side::Pattern => self.ws.active_pattern = last,
                    Side::Event => self.ws.active_event = last,
                }
                self.dirty = true;
                self.analyse();
            }
            Msg::Remove(side) => {
                let (docs, active) = match side {
                    Side::Pattern => (&mut self.ws.patterns, &mut self.ws.active_pattern),
                    Side::Event => (&mut self.ws.events, &mut self.ws.active_event),
                };
                if docs.len() > 1 {
                    docs.remove(*active);
                    *active = (*active).min(docs.len() - 1);
                    self.dirty = true;
                    self.analyse();
                }
            }
            Msg::Rename(side, name) => {
                active_doc_mut(&mut self.ws, side).name = name;
                self.dirty = true;
            }
            Msg::Cell((p, e)) => {
                self.ws.active_pattern = p.min(self.ws.patterns.len() - 1);
                self.ws.active_event = e.min(self.ws.events.len() - 1);
                self.analyse();
                self.reveal = self.first_failure();
            }
            Msg::Focus(change) => {
                let (render, reveal) = self.focus.apply(change);
                self.reveal = reveal.or(self.reveal);
                return render;
            }
            Msg::Sample(id) => {
                if let Some(s) = samples::libraries().bus.iter().find(|s| s.id == id) {
                    self.ws.bus = Some(s.docs.clone());
                    self.ws.view = View::Bus;
                    self.dirty = true;
                    if let Some(select) = self.sample_select.cast::<HtmlSelectElement>() {
                        select.set_value(&id);
                    }
                } else if let Some(s) = samples::find(&id) {
                    let bus = self.ws.bus.take();
                    self.ws = Workspace {
                        bus,
                        ..s.workspace.clone()
                    };
                    self.focus = Focus::default();
                    self.dirty = true;
                    self.analyse();
                    self.reveal = self.first_failure();
                    if let Some(select) = self.sample_select.cast::<HtmlSelectElement>() {
                        select.set_value(&id);
                    }
                    if self.reference {
                        self.notify(ctx, format!("Loaded “{}”", s.title), false);
                    }
                }
            }
            Msg::Share => {
                let code = self.ws.encode();
                browser::set_fragment(&code);
                let snippet = format!(
                    "<iframe src=\"{}\" title=\"EventBridge pattern playground\" width=\"100%\" height=\"480\" style=\"border:0\" loading=\"lazy\"></iframe>",
                    browser::link(&code, Some("1"))
                );
                self.open_dialog(
                    ctx,
                    Dialog {
                        title: "Share this workspace".into(),
                        fields: vec![
                            Field { label: "Link".into(), text: browser::link(&code, None) },
                            Field { label: "Embed in a page (iframe)".into(), text: snippet },
                        ],
                        note: Some(match self.ws.view {
                            View::Pattern => format!(
                                "The link itself holds the {} pattern(s) and {} event(s), compressed: nothing is uploaded anywhere.",
                                self.ws.patterns.len(),
                                self.ws.events.len()
                            ),
                            View::Bus => "The link itself holds the rules, the PutEvents request and the options of the call, compressed: nothing is uploaded anywhere.".into(),
                        }),
                        status: None,
                    },
                );
            }
            Msg::Cli => {
                let note = self.analysis.envelope.as_ref().map(|e| {
                    format!("AWS will refuse this event: {} TestEventPattern needs id, account, source, time, region and detail-type.", e.message)
                });
                let text = export::aws_cli(&self.ws.pattern().text, &self.ws.event().text);
                self.open_dialog(
                    ctx,
                    Dialog {
                        title: "Check it against AWS".into(),
                        fields: vec![Field {
                            label: "AWS CLI command".into(),
                            text,
                        }],
                        note: note
                            .or_else(|| Some("AWS answers {\"Result\": true} for a match.".into())),
                        status: None,
                    },
                );
            }
            Msg::Export => {
                let doc = self.ws.pattern();
                let dialog = match (
                    export::cloudformation(&doc.name, &doc.text),
                    export::cdk(&doc.name, &doc.text),
                ) {
                    (Ok(cf), Ok(cdk)) => Dialog {
                        title: "Use the pattern in a stack".into(),
                        fields: vec![
                            Field {
                                label: "CloudFormation (JSON template)".into(),
                                text: cf,
                            },
                            Field {
                                label: "CDK (TypeScript)".into(),
                                text: cdk,
                            },
                        ],
                        note: self.analysis.pattern_error.as_ref().map(|e| {
                            format!("Careful: AWS will refuse this pattern. {}", e.message)
                        }),
                        status: None,
                    },
                    (Err(why), _) | (_, Err(why)) => Dialog {
                        title: "Use the pattern in a stack".into(),
                        fields: Vec::new(),
                        note: Some(format!("The pattern is not valid JSON yet: {why}")),
                        status: None,
                    },
                };
                self.open_dialog(ctx, dialog);
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
            Msg::Refused(size) => {
                self.notify(
                    ctx,
                    format!(
                        "Paste refused: {:.1} MB is more than the {} MB an editor accepts (EventBridge events are limited to 256 KB).",
                        size as f64 / (1 << 20) as f64,
                        MAX_PASTE_BYTES >> 20
                    ),
                    true,
                );
            }
            Msg::ClearNotice => self.notice = None,
            Msg::Save => {
                self.save_timer = None;
                self.save();
                return false;
            }
            Msg::HashChanged => {
                let code = browser::fragment();
                if code.is_empty() {
                    return false;
                }
                match Workspace::decode(&code) {
                    Ok(ws) if ws != self.ws => {
                        self.ws = ws;
                        self.focus = Focus::default();
                        self.analyse();
                    }
                    Ok(_) => return false,
                    Err(e) => self.notify(ctx, e.to_string(), true),
                }
            }
            Msg::View(view) => {
                if view == View::Bus && self.ws.bus.is_none() {
                    self.ws.bus = samples::libraries().bus.first().map(|s| s.docs.clone());
                }
                if std::mem::replace(&mut self.ws.view, view) == view {
                    return false;
                }
                self.dirty = true;
                self.refresh_embed_link();
            }
            Msg::BusChanged(docs) => {
                self.ws.bus = Some(docs);
                self.dirty = true;
                self.refresh_embed_link();
                return false;
            }
            Msg::OpenDialog(dialog) => self.open_dialog(ctx, dialog),
            Msg::Notice((text, error)) => self.notify(ctx, text, error),
            Msg::Goto(side, span) => {
                let text = &self.doc(side).text;
                let (a, b) = (utf16_offset(text, span.start), utf16_offset(text, span.end));
                browser::select_in(&format!("{}-input", side.kind()), a as u32, b as u32);
                return false;
            }
        }
        true
    }

    fn doc(&self, side: Side) -> &Doc {
        match side {
            Side::Pattern => self.ws.pattern(),
            Side::Event => self.ws.event(),
        }
    }

    fn set_text(&mut self, side: Side, text: String) {
        active_doc_mut(&mut self.ws, side).text = text.into();
    }

    /// The combination to show: the one chosen, else the engine's best.
    fn shown_combination(&self) -> usize {
        self.focus.combination(self.analysis.explanation.as_ref())
    }

    /// The first condition of the shown combination that failed, to scroll the editors to.
    fn first_failure(&self) -> Option<u32> {
        self.focus.first_failure(self.analysis.explanation.as_ref())
    }

    /// Runs the engine on the pair in the editors (and the matrix), then autosaves.
    fn analyse(&mut self) {
        self.timer = None;
        let (p, e) = (self.ws.pattern().text.clone(), self.ws.event().text.clone());
        if self.analysis.pattern_text != p {
            self.focus.shown = None;
        }
        self.analysis = Rc::new(Analysis::run(p, e));
        self.focus.fit(self.analysis.explanation.as_ref());
        self.verdicts = Rc::new(if self.ws.patterns.len() > 1 || self.ws.events.len() > 1 {
            let p: Vec<&str> = self.ws.patterns.iter().map(|d| &*d.text).collect();
            let e: Vec<&str> = self.ws.events.iter().map(|d| &*d.text).collect();
            matrix(&p, &e)
        } else {
            Vec::new()
        });
        self.refresh_embed_link();
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

    fn notify(&mut self, ctx: &Context<Self>, text: String, error: bool) {
        self.notice = Some((text, error));
        let link = ctx.link().clone();
        self.notice_timer = Some(Timeout::new(NOTICE_MS, move || {
            link.send_message(Msg::ClearNotice)
        }));
    }
}

/// The document open in `side`'s editor.
fn active_doc_mut(ws: &mut Workspace, side: Side) -> &mut Doc {
    match side {
        Side::Pattern => &mut ws.patterns[ws.active_pattern],
        Side::Event => &mut ws.events[ws.active_event],
    }
}

/// The frame of an embedded widget: a bar with `head` (what the widget is or says) and the link
/// to the full page, then `body`, then the notices.
fn embed_shell(head: Html, link: &str, body: Html, notice: Option<Html>) -> Html {
    html! {
        <div class="app embed">
            <header class="embed-bar">
                { head }
                <a class="open-full" href={link.to_string()} target="_blank" rel="noopener">{ "Open in eventlens ↗" }</a>
            </header>
            { body }
            <div class="toasts" role="status" aria-live="polite">{ notice.unwrap_or_default() }</div>
        </div>
    }
}
