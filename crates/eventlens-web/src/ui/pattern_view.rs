//! The pattern view: the pattern and event editors with their doc tabs, the verdict (and the
//! verdict expected of the pair), the explanation and the matrix of every pattern against every
//! event. The workspace is the page's; this view runs the engine on it and asks the page to
//! change it.

use super::assist::{Ask, Suggestion, Suggestions, Trigger};
use super::dialog::{Dialog, Field};
use super::editor::{refused_notice, Editor};
use super::error_strip::{ErrorStrip, Offer, StripError};
use super::explanation::{focus_bar, ExplanationPanel};
use super::matrix::Matrix;
use super::tabs::DocBar;
use super::verdict::VerdictCard;
use crate::analysis::{matrix, Analysis, Verdict};
use crate::authoring::actions::actions;
use crate::authoring::build::{pattern_from_event, value_at};
use crate::authoring::complete::complete;
use crate::authoring::entry::{convert, Conversion};
use crate::authoring::insert::add_condition;
use crate::authoring::slips::{diagnose, warnings, Help};
use crate::browser::{self, Mode};
use crate::debounce::{Debounce, TYPING_MS};
use crate::doc_list::DocAction;
use crate::export;
use crate::focus::{Focus, FocusChange};
use crate::format::pretty;
use crate::layers::visible_error;
use crate::marks::{follow, follow_span, marks};
use crate::suite;
use crate::workspace::{Doc, Side, Workspace};
use eventlens::{Span, TextPos, Utf16Map};
use std::rc::Rc;
use yew::prelude::*;

/// A change the view asks of the page's workspace.
#[derive(Debug, Clone, PartialEq)]
pub enum WorkspaceChange {
    /// A change to one side's docs.
    Docs(Side, DocAction),
    /// Show this pattern and this event (a matrix cell).
    Pair(usize, usize),
    /// Set or clear the verdict expected of (pattern name, event name).
    Expect(String, String, Option<bool>),
    /// Open the Bus view (which reads CloudFormation templates).
    OpenBus,
}

/// What the view shows and whom it tells.
#[derive(Properties, PartialEq)]
pub struct PatternViewProps {
    /// The workspace.
    pub ws: Rc<Workspace>,
    /// Full page or embedded widget.
    pub mode: Mode,
    /// Change the workspace.
    pub on_change: Callback<WorkspaceChange>,
    /// Open a copy dialog.
    pub on_dialog: Callback<Dialog>,
    /// Show a notice (text, whether it is an error).
    pub on_notice: Callback<(String, bool)>,
    /// Open the Import suite dialog.
    pub on_import: Callback<()>,
}

/// Everything that happens in the view.
pub enum Msg {
    /// An editor is being changed (its text follows).
    Typing,
    /// An editor's new text.
    Edit(Side, String),
    /// Run the engine now.
    Analyse,
    /// Lay out an editor's JSON.
    Format(Side),
    /// A change to one side's docs (tabs).
    Docs(Side, DocAction),
    /// A matrix cell: (pattern, event).
    Cell((usize, usize)),
    /// The emphasis on the explanation changed.
    Focus(FocusChange),
    /// Select an error span in an editor.
    Goto(Side, Span),
    /// Set the verdict expected of the pair shown (or of a matrix cell's pair).
    Expect(Option<(usize, usize)>, Option<bool>),
    /// A value action or "new pattern" picked in the event editor: (caret, item).
    ValueAction(usize, usize),
    /// A quick fix or conversion offered under an editor (its index).
    Offer(Side, usize),
    /// Go to a value a condition tested.
    Value(u32, Span),
    /// Open the AWS CLI dialog.
    Cli,
    /// Open the CloudFormation / CDK dialog.
    Export,
    /// Open the Export suite dialog.
    ExportSuite,
}

/// Help computed with each analysis: for each side the slip at fault (or, for a valid pattern,
/// a warning), and an event offered in the form EventBridge delivers.
#[derive(Default)]
struct Hints {
    pattern: Option<Help>,
    event: Option<Help>,
    conversion: Option<Conversion>,
}

impl Hints {
    fn of(a: &Analysis) -> Hints {
        let pattern = match &a.pattern_error {
            Some(e) => diagnose(&a.pattern_text, Side::Pattern, e.span, &e.reason),
            None => warnings(&a.pattern_text).into_iter().next(),
        };
        let event = a
            .event_error
            .as_ref()
            .and_then(|e| diagnose(&a.event_text, Side::Event, e.span, &e.message));
        let conversion = a
            .event_error
            .is_none()
            .then(|| convert(&a.event_text))
            .flatten();
        Hints {
            pattern,
            event,
            conversion,
        }
    }

    fn side(&self, side: Side) -> Option<&Help> {
        match side {
            Side::Pattern => self.pattern.as_ref(),
            Side::Event => self.event.as_ref(),
        }
    }
}

/// The pattern view.
pub struct PatternView {
    hints: Hints,
    analysis: Rc<Analysis>,
    /// The last analysis that had an explanation, shown dimmed while a text is invalid.
    last_explained: Option<Rc<Analysis>>,
    verdicts: Rc<Vec<Vec<Verdict>>>,
    focus: Focus,
    debounce: Debounce,
    typing: bool,
    /// The last change came from typing here (the engine waits for a pause).
    typed: bool,
    /// The condition to scroll both editors to after the next render.
    reveal: Option<u32>,
}

impl Component for PatternView {
    type Message = Msg;
    type Properties = PatternViewProps;

    fn create(ctx: &Context<Self>) -> Self {
        let mut view = PatternView {
            hints: Hints::default(),
            analysis: Rc::new(Analysis::run("".into(), "".into())),
            last_explained: None,
            verdicts: Rc::default(),
            focus: Focus::default(),
            debounce: Debounce::default(),
            typing: false,
            typed: false,
            reveal: None,
        };
        view.analyse(&ctx.props().ws);
        view.reveal = view.first_failure();
        view
    }

    fn changed(&mut self, ctx: &Context<Self>, old: &Self::Properties) -> bool {
        let ws = &ctx.props().ws;
        if std::mem::take(&mut self.typed) {
            let link = ctx.link().clone();
            self.debounce
                .schedule(TYPING_MS, move || link.send_message(Msg::Analyse));
        } else if self.stale(ws) || docs_changed(&old.ws, ws) {
            let pair_changed = old.ws.pattern().name != ws.pattern().name
                || old.ws.event().name != ws.event().name;
            self.analyse(ws);
            if pair_changed {
                self.reveal = self.first_failure();
            }
        }
        true
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        let props = ctx.props();
        let ws = &props.ws;
        match msg {
            Msg::Typing => return !std::mem::replace(&mut self.typing, true),
            Msg::Edit(side, text) => {
                self.typing = false;
                self.typed = true;
                props
                    .on_change
                    .emit(WorkspaceChange::Docs(side, DocAction::Edit(text)));
                return false;
            }
            Msg::Analyse => self.analyse(ws),
            Msg::Format(side) => {
                let text = ws.side(side).current().text.clone();
                match pretty(&text) {
                    Ok(laid_out) if *laid_out != *text => props
                        .on_change
                        .emit(WorkspaceChange::Docs(side, DocAction::Edit(laid_out))),
                    Ok(_) => {}
                    Err(why) => props.on_notice.emit((
                        format!(
                            "The {} is not valid JSON, so it cannot be laid out: {why}",
                            side.kind()
                        ),
                        true,
                    )),
                }
                return false;
            }
            Msg::Docs(side, action) => {
                props.on_change.emit(WorkspaceChange::Docs(side, action));
                return false;
            }
            Msg::Cell((p, e)) => {
                props.on_change.emit(WorkspaceChange::Pair(p, e));
                return false;
            }
            Msg::Focus(change) => {
                let (render, reveal) = self.focus.apply(change);
                // A condition pinned from an editor (the caret, a click) shows its partner in
                // the other editor too.
                let pinned = match change {
                    FocusChange::Caret(Some(c)) if render => Some(c),
                    _ => None,
                };
                self.reveal = reveal.or(pinned).or(self.reveal);
                return render;
            }
            Msg::Goto(side, span) => {
                let text = &ws.side(side).current().text;
                let utf16 = Utf16Map::new(text).span(span);
                browser::select_in(
                    &format!("{}-input", side.kind()),
                    utf16.start as u32,
                    utf16.end as u32,
                );
                return false;
            }
            Msg::Expect(cell, matches) => {
                let (p, e) = cell.unwrap_or((ws.patterns.active(), ws.events.active()));
                if let (Some(p), Some(e)) = (ws.patterns.docs().get(p), ws.events.docs().get(e)) {
                    props.on_change.emit(WorkspaceChange::Expect(
                        p.name.clone(),
                        e.name.clone(),
                        matches,
                    ));
                }
                return false;
            }
            Msg::ValueAction(caret, i) => self.value_action(ctx, caret, i),
            Msg::Offer(side, i) => {
                let fixes = self
                    .hints
                    .side(side)
                    .map(|h| h.fixes.as_slice())
                    .unwrap_or(&[]);
                match (fixes.get(i), side) {
                    (Some(fix), _) => match &fix.text {
                        Some(text) => props
                            .on_change
                            .emit(WorkspaceChange::Docs(side, DocAction::Edit(text.clone()))),
                        None => props.on_change.emit(WorkspaceChange::OpenBus),
                    },
                    (None, Side::Event) => {
                        if let Some(c) = &self.hints.conversion {
                            let name = format!("{}-delivered", ws.event().name);
                            props.on_change.emit(WorkspaceChange::Docs(
                                Side::Event,
                                DocAction::Open(Doc::new(name, c.text.clone())),
                            ));
                            props.on_notice.emit((
                                "Opened the event as EventBridge delivers it, beside the one you pasted".into(),
                                false,
                            ));
                        }
                    }
                    (None, Side::Pattern) => {}
                }
                return false;
            }
            Msg::Value(cond, span) => {
                let text = &ws.event().text;
                let utf16 = Utf16Map::new(text).span(span);
                browser::select_in("event-input", utf16.start as u32, utf16.end as u32);
                let line = TextPos::of(text, span.start).line - 1;
                browser::reveal("event-editor", line, cond);
                return false;
            }
            Msg::Cli => props.on_dialog.emit(self.cli_dialog(ws)),
            Msg::Export => props.on_dialog.emit(self.export_dialog(ws)),
            Msg::ExportSuite => props.on_dialog.emit(suite_dialog(ws)),
        }
        true
    }

    fn rendered(&mut self, _ctx: &Context<Self>, _first: bool) {
        if let Some(cond) = self.reveal.take() {
            let a = &self.analysis;
            if let Some(x) = &a.explanation {
                let m = marks(x, self.shown_combination());
                browser::reveal_condition("", &m, [&a.pattern_text, &a.event_text], cond);
            }
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let props = ctx.props();
        let link = ctx.link();
        let ws = &props.ws;
        let embedded = props.mode.embedded();
        let readonly = props.mode == Mode::EmbedReadOnly;
        let a = &self.analysis;
        let explained = self.explained();
        let stale = !Rc::ptr_eq(explained, a);
        let shown = self.shown_combination();
        let focus = self.focus.condition();

        let m = explained
            .explanation
            .as_ref()
            .map(|x| marks(x, shown))
            .unwrap_or_default();
        let editor = |side: Side| {
            let kind = side.kind();
            let text = ws.side(side).current().text.clone();
            // The slip's own place (the comma, not the bracket after it); an error at the very
            // end keeps its "the text ends here" mark.
            let fault = |span: Span| match self.hints.side(side) {
                Some(h) if span.start != span.end => h.fault,
                _ => span,
            };
            let (marks, error) = match side {
                Side::Pattern => (
                    follow(&m.pattern, &explained.pattern_text, &text),
                    a.pattern_error.as_ref().map(|e| fault(e.span)),
                ),
                Side::Event => (
                    follow(&m.event, &explained.event_text, &text),
                    a.event_error.as_ref().map(|e| fault(e.span)),
                ),
            };
            let analysed = match side {
                Side::Pattern => &a.pattern_text,
                Side::Event => &a.event_text,
            };
            let error = error
                .and_then(|span| follow_span(span, analysed, &text))
                .map(|s| visible_error(&text, s));
            html! {
                <Editor id={kind} testid={format!("{kind}-editor")}
                    label={if side == Side::Pattern { "Event pattern (JSON)" } else { "Event (JSON)" }}
                    {text} marks={Rc::new(marks)} {error} {focus} {readonly}
                    on_input={link.callback(move |t| Msg::Edit(side, t))}
                    on_change_started={link.callback(|_| Msg::Typing)}
                    on_hover={link.callback(|c| Msg::Focus(FocusChange::Hover(c)))}
                    on_caret={link.callback(|c| Msg::Focus(FocusChange::Caret(c)))}
                    on_refused={props.on_notice.reform(refused_notice)}
                    on_format={link.callback(move |_| Msg::Format(side))}
                    suggest={(!readonly).then(|| suggester(side, ws.clone()))}
                    on_pick={link.callback(|(caret, i)| Msg::ValueAction(caret, i))}
                    pairs={side == Side::Pattern}
                    action_button={(side == Side::Event && !readonly).then_some(AttrValue::from("+ pattern"))} />
            }
        };
        let pane = |side: Side| {
            let kind = side.kind();
            let list = ws.side(side);
            let help = self.hints.side(side);
            let error = match side {
                Side::Pattern => a
                    .pattern_error
                    .as_ref()
                    .map(|e| (&e.message, e.span, e.line, e.column)),
                Side::Event => a
                    .event_error
                    .as_ref()
                    .map(|e| (&e.message, e.span, e.line, e.column)),
            }
            .map(|(message, span, line, column)| StripError {
                message: AttrValue::from(message.clone()),
                line,
                column,
                span,
                summary: help.map(|h| AttrValue::from(h.summary.clone())),
            });
            let mut offers: Vec<Offer> = help
                .map(|h| {
                    h.fixes
                        .iter()
                        .map(|f| Offer {
                            testid: "quick-fix".into(),
                            id: f.id.into(),
                            label: f.label.clone().into(),
                        })
                        .collect()
                })
                .unwrap_or_default();
            let mut remark = (error.is_none())
                .then(|| help.map(|h| AttrValue::from(h.summary.clone())))
                .flatten();
            if side == Side::Event && error.is_none() {
                if let Some(c) = &self.hints.conversion {
                    remark = Some(c.summary.clone().into());
                    offers.push(Offer {
                        testid: "convert-entry".into(),
                        id: "convert-entry".into(),
                        label: "Use the delivered event".into(),
                    });
                }
            }
            let offers = if readonly { Vec::new() } else { offers };
            html! {
                <section class="pane" aria-label={if side == Side::Pattern { "Pattern" } else { "Event" }}>
                    <DocBar kind={kind} title={if side == Side::Pattern { "Pattern" } else { "Event" }}
                        docs={list.docs().to_vec()} active={list.active()} locked={embedded}
                        on_select={link.callback(move |i| Msg::Docs(side, DocAction::Select(i)))}
                        on_add={link.callback(move |_| Msg::Docs(side, DocAction::Add { stem: side.stem() }))}
                        on_remove={link.callback(move |_| Msg::Docs(side, DocAction::Remove))}
                        on_rename={link.callback(move |n| Msg::Docs(side, DocAction::Rename(n)))}
                        on_format={link.callback(move |_| Msg::Format(side))} />
                    { editor(side) }
                    <ErrorStrip {kind} {error} {remark} {offers}
                        on_offer={link.callback(move |i| Msg::Offer(side, i))}
                        on_show={link.callback(move |span| Msg::Goto(side, span))} />
                </section>
            }
        };

        let expected = ws.expected(&ws.pattern().name, &ws.event().name);
        let verdict_card = html! {
            <VerdictCard analysis={a.clone()} {shown} {expected}
                last={stale.then(|| explained.verdict())}
                busy={self.typing || self.debounce.pending()} compact={embedded}
                on_expect={(!embedded).then(|| link.callback(|m| Msg::Expect(None, m)))} />
        };
        let bar = focus_bar(explained, shown, focus);
        let explanation = html! {
            <ExplanationPanel analysis={explained.clone()} {shown} {focus} pinned={self.focus.pinned}
                compact={embedded} {stale}
                on_value={Some(link.callback(|(c, span)| Msg::Value(c, span)))}
                on_focus={link.callback(Msg::Focus)} />
        };
        if embedded {
            return html! {
                <>
                    <section class="embed-verdict" aria-label="Verdict">{ verdict_card }</section>
                    <main class="editors" style={format!("--lines: {}", embed_lines(ws))}>
                        { pane(Side::Pattern) }
                        { pane(Side::Event) }
                    </main>
                    <section class="results embed-results" aria-label="Explanation">
                        { bar }
                        { explanation }
                    </section>
                </>
            };
        }
        let show_matrix = ws.patterns.len() > 1 || ws.events.len() > 1;
        html! {
            <main class="main">
                <div class="editors">
                    { pane(Side::Pattern) }
                    { pane(Side::Event) }
                </div>
                <div class="results">
                    <div class="results-side">
                        { verdict_card }
                        <div class="take-it">
                            <button type="button" data-testid="copy-cli" onclick={link.callback(|_| Msg::Cli)}
                                title="aws events test-event-pattern for this pair">{ "AWS CLI" }</button>
                            <button type="button" data-testid="copy-cfn" onclick={link.callback(|_| Msg::Export)}
                                title="The pattern as CloudFormation or CDK">{ "CloudFormation / CDK" }</button>
                            <button type="button" data-testid="suite-export" onclick={link.callback(|_| Msg::ExportSuite)}
                                title="Every pattern, event and expected verdict as a suite file for eventlens test-suite, npm or Jest">{ "Export suite" }</button>
                            <button type="button" data-testid="suite-import-open" onclick={props.on_import.reform(|_| ())}
                                title="Open a suite file's patterns, events and expected verdicts">{ "Import suite" }</button>
                        </div>
                        if show_matrix {
                            <Matrix ws={ws.clone()} verdicts={self.verdicts.clone()}
                                on_select={link.callback(Msg::Cell)}
                                on_expect={link.callback(|(cell, m)| Msg::Expect(Some(cell), m))} />
                        }
                    </div>
                    <section class="explain" aria-labelledby="explain-title">
                        <h2 id="explain-title">{ "Why" }</h2>
                        { bar }
                        { explanation }
                    </section>
                </div>
            </main>
        }
    }
}

impl PatternView {
    /// Whether the analysis is of other texts than the ones shown.
    fn stale(&self, ws: &Workspace) -> bool {
        self.analysis.pattern_text != ws.pattern().text
            || self.analysis.event_text != ws.event().text
    }

    /// The combination to show: the one chosen, else the engine's best.
    fn shown_combination(&self) -> usize {
        self.focus
            .combination(self.explained().explanation.as_ref())
    }

    /// The analysis whose explanation is shown: the current one, or while one text is invalid
    /// the last one explained whose other text is the one shown now.
    fn explained(&self) -> &Rc<Analysis> {
        let a = &self.analysis;
        match (&a.explanation, &self.last_explained) {
            (None, Some(last))
                if (a.pattern_error.is_some() && last.event_text == a.event_text)
                    || (a.pattern_error.is_none() && last.pattern_text == a.pattern_text) =>
            {
                last
            }
            _ => a,
        }
    }

    /// The first condition of the shown combination that failed, to scroll the editors to.
    fn first_failure(&self) -> Option<u32> {
        self.focus.first_failure(self.analysis.explanation.as_ref())
    }

    /// Runs the engine on the pair in the editors, and on every pair for the matrix.
    fn analyse(&mut self, ws: &Workspace) {
        self.debounce.cancel();
        let (p, e) = (ws.pattern().text.clone(), ws.event().text.clone());
        if self.analysis.pattern_text != p {
            self.focus.shown = None;
        }
        self.analysis = Rc::new(Analysis::run(p, e));
        self.hints = Hints::of(&self.analysis);
        if self.analysis.explanation.is_some() {
            self.last_explained = Some(self.analysis.clone());
        }
        self.focus.fit(self.analysis.explanation.as_ref());
        self.verdicts = Rc::new(if ws.patterns.len() > 1 || ws.events.len() > 1 {
            let p: Vec<&str> = ws.patterns.docs().iter().map(|d| &*d.text).collect();
            let e: Vec<&str> = ws.events.docs().iter().map(|d| &*d.text).collect();
            matrix(&p, &e)
        } else {
            Vec::new()
        });
    }

    /// Adds the condition of value action `i` at `caret` of the event to the pattern shown, or
    /// opens a new pattern from the event (the last item).
    fn value_action(&self, ctx: &Context<Self>, caret: usize, i: usize) {
        let props = ctx.props();
        let ws = &props.ws;
        let event = &ws.event().text;
        let Some(at) = value_at(event, caret) else {
            return;
        };
        let list = actions(&at);
        let notice = match list.get(i) {
            Some(action) => match add_condition(&ws.pattern().text, &at.path, &action.matcher) {
                Ok(edit) => {
                    props.on_change.emit(WorkspaceChange::Docs(
                        Side::Pattern,
                        DocAction::Edit(edit.text),
                    ));
                    (
                        format!("Added {} at {}", action.matcher, at.path.join(".")),
                        false,
                    )
                }
                Err(why) => (format!("Cannot add the condition: {why}"), true),
            },
            None => match pattern_from_event(event) {
                Ok(text) => {
                    props.on_change.emit(WorkspaceChange::Docs(
                        Side::Pattern,
                        DocAction::Open(Doc::new(format!("{}-rule", ws.event().name), text)),
                    ));
                    (
                        "Started a new pattern from this event's source and detail-type".into(),
                        false,
                    )
                }
                Err(why) => (
                    format!("Cannot start a pattern from this event: {why}"),
                    true,
                ),
            },
        };
        props.on_notice.emit(notice);
    }

    fn cli_dialog(&self, ws: &Workspace) -> Dialog {
        let note = self.analysis.envelope.as_ref().map(|e| {
            format!("AWS will refuse this event: {} TestEventPattern needs id, account, source, time, region and detail-type.", e.message)
        });
        Dialog {
            title: "Check it against AWS".into(),
            fields: vec![Field {
                label: "AWS CLI command".into(),
                text: export::aws_cli(&ws.pattern().text, &ws.event().text),
            }],
            note: note.or_else(|| Some("AWS answers {\"Result\": true} for a match.".into())),
            status: None,
        }
    }

    fn export_dialog(&self, ws: &Workspace) -> Dialog {
        let doc = ws.pattern();
        let title = "Use the pattern in a stack".to_string();
        match (
            export::cloudformation(&doc.name, &doc.text),
            export::cdk(&doc.name, &doc.text),
        ) {
            (Ok(cf), Ok(cdk)) => Dialog {
                title,
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
                note: self
                    .analysis
                    .pattern_error
                    .as_ref()
                    .map(|e| format!("Careful: AWS will refuse this pattern. {}", e.message)),
                status: None,
            },
            (Err(why), _) | (_, Err(why)) => Dialog {
                title,
                fields: Vec::new(),
                note: Some(format!("The pattern is not valid JSON yet: {why}")),
                status: None,
            },
        }
    }
}

/// Whether the docs other than the shown pair changed (the matrix must be run again).
fn docs_changed(old: &Workspace, new: &Workspace) -> bool {
    old.patterns.docs() != new.patterns.docs() || old.events.docs() != new.events.docs()
}

/// The suggestions of `side`'s editor: completions in the pattern (keys, operators and values
/// from the workspace's events), the conditions a value can add in the event.
fn suggester(side: Side, ws: Rc<Workspace>) -> Callback<Ask, Option<Suggestions>> {
    Callback::from(move |(text, caret, trigger): Ask| match (side, trigger) {
        (Side::Pattern, Trigger::Explicit | Trigger::Typed) => {
            let events: Vec<&str> = ws.events.docs().iter().map(|d| &*d.text).collect();
            let c = complete(&text, caret, &events)?;
            Some(Suggestions {
                testid: "completion",
                attr: "data-value",
                title: "Complete".into(),
                from: c.from,
                to: c.to,
                items: c
                    .items
                    .into_iter()
                    .map(|i| Suggestion {
                        label: i.value.clone(),
                        key: i.value,
                        detail: i.detail,
                        insert: Some((i.insert, i.caret)),
                    })
                    .collect(),
            })
        }
        (Side::Event, Trigger::Explicit | Trigger::Actions) => {
            let at = value_at(&text, caret)?;
            let mut items: Vec<Suggestion> = actions(&at)
                .into_iter()
                .map(|a| Suggestion {
                    key: a.operator.into(),
                    label: a.label,
                    detail: a.matcher,
                    insert: None,
                })
                .collect();
            items.push(Suggestion {
                key: "new-pattern".into(),
                label: "New pattern from this event".into(),
                detail: "source and detail-type".into(),
                insert: None,
            });
            Some(Suggestions {
                testid: "value-actions",
                attr: "data-operator",
                title: format!("Add to the pattern at {}", at.path.join(".")),
                from: caret,
                to: caret,
                items,
            })
        }
        _ => None,
    })
}

/// The Export suite dialog: the workspace as a suite file in JSON and in YAML, or why it cannot
/// be one yet.
fn suite_dialog(ws: &Workspace) -> Dialog {
    let title = "Export the workspace as a suite".to_string();
    match suite::export(ws) {
        Ok(suite) => {
            let report = suite.run();
            Dialog {
                title,
                fields: vec![
                    Field {
                        label: "Suite (JSON)".into(),
                        text: suite.to_json(),
                    },
                    Field {
                        label: "Suite (YAML)".into(),
                        text: suite.to_yaml(),
                    },
                ],
                note: Some(format!(
                    "{} expectation(s): {} hold, {} fail. Run it with `eventlens test-suite suite.json`, or `runSuite(text)` from the npm package.",
                    report.outcomes.len(),
                    report.passed(),
                    report.failed()
                )),
                status: None,
            }
        }
        Err(why) => Dialog {
            title,
            fields: Vec::new(),
            note: Some(format!("Not yet: {why}")),
            status: None,
        },
    }
}

/// How many lines an embedded widget's editors show: the longer text's, within 4 to 24 (the
/// widget sizes to its content, and the host's iframe follows its height).
fn embed_lines(ws: &Workspace) -> usize {
    let lines = |t: &str| t.lines().count();
    lines(&ws.pattern().text)
        .max(lines(&ws.event().text))
        .clamp(4, 24)
}
