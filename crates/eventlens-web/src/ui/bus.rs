//! The Bus view: rules and a PutEvents request in two editors, the options of the call, the
//! routing table, and beside it the explanation of the rule verdict picked in the table, with the
//! same highlights and explanation panel as the pattern view.

use super::dialog::{Dialog, Field};
use super::editor::Editor;
use super::error_box::ErrorBox;
use super::explanation::{focus_bar, ExplanationPanel};
use super::routing::{input_words, verdict_id, verdict_word, Routing};
use crate::browser;
use crate::bus_run::{BusRun, Detail, Fault, OptionField, Problem};
use crate::debounce::{Debounce, TYPING_MS};
use crate::focus::{Focus, FocusChange};
use crate::format::pretty;
use crate::layers::visible_error;
use crate::marks::{follow_span, Mark};
use crate::workspace::{BusDocs, Pick};
use eventlens::{Span, TextPos, Utf16Map};
use eventlens_bus::load::is_json;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The two editable texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// The rules.
    Rules,
    /// The PutEvents request.
    Request,
}

impl Input {
    fn id(self) -> &'static str {
        match self {
            Input::Rules => "rules",
            Input::Request => "request",
        }
    }

    /// This input's text in `docs`.
    fn text(self, docs: &BusDocs) -> &Rc<str> {
        match self {
            Input::Rules => &docs.rules,
            Input::Request => &docs.request,
        }
    }
}

/// A change to an option of the call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Setting {
    /// The account id.
    Account(String),
    /// The Region.
    Region(String),
    /// `AWS::StackName`.
    StackName(String),
    /// Template parameters, `NAME=VALUE` lines.
    Parameters(String),
    /// The ingestion time.
    Now(String),
    /// The id seed (digits).
    Seed(String),
    /// Mark an endpoint's primary Region unhealthy, or healthy again.
    Unhealthy(String, bool),
    /// Whether the request holds the services' own events instead of a PutEvents request.
    Service(bool),
}

/// Everything that happens in the view.
pub enum BusMsg {
    /// An editor is being changed (its text follows).
    Typing,
    /// An editor's new text.
    Edit(Input, String),
    /// An option changed.
    Set(Setting),
    /// Run the bus now.
    Analyse,
    /// Lay out an editor's JSON.
    Format(Input),
    /// Select the bytes at fault in an editor.
    Goto(Input, Span),
    /// Explain this rule verdict.
    Pick(Pick),
    /// Explain this rule verdict and scroll the routing table to it.
    Show(Pick),
    /// The emphasis on the explanation changed.
    Focus(FocusChange),
    /// Copy a target's payload: the verdict and the delivery.
    CopyPayload((Pick, usize)),
    /// Copy the API's response.
    CopyResponse,
}

/// What the view needs from the page.
#[derive(Properties, PartialEq)]
pub struct BusViewProps {
    /// The inputs: from a sample, a link or the autosave, then as edited here.
    pub docs: Rc<BusDocs>,
    /// Whether the editors and options are locked (read-only embedding).
    pub readonly: bool,
    /// The inputs after every change.
    pub on_change: Callback<BusDocs>,
    /// Texts to copy, in the page's copy dialog.
    pub on_copy: Callback<Dialog>,
    /// A notice for the page to show (text, whether it is an error).
    pub on_notice: Callback<(String, bool)>,
    /// A paste too large to accept, with its size in bytes.
    pub on_refused: Callback<usize>,
}

/// The Bus view.
pub struct BusView {
    docs: BusDocs,
    run: Rc<BusRun>,
    pick: Option<Pick>,
    detail: Option<Rc<Detail>>,
    focus: Focus,
    debounce: Debounce,
    typing: bool,
    reveal: Option<u32>,
    /// The verdict to scroll the routing table to once drawn.
    scroll_to: Option<Pick>,
}

impl Component for BusView {
    type Message = BusMsg;
    type Properties = BusViewProps;

    fn create(ctx: &Context<Self>) -> Self {
        let docs = (*ctx.props().docs).clone();
        let mut view = BusView {
            run: Rc::new(BusRun::run(&docs)),
            docs,
            pick: None,
            detail: None,
            focus: Focus::default(),
            debounce: Debounce::default(),
            typing: false,
            reveal: None,
            scroll_to: None,
        };
        view.explain();
        view
    }

    fn changed(&mut self, ctx: &Context<Self>, _old: &Self::Properties) -> bool {
        if *ctx.props().docs != self.docs {
            self.docs = (*ctx.props().docs).clone();
            self.analyse();
        }
        true
    }

    fn update(&mut self, ctx: &Context<Self>, msg: BusMsg) -> bool {
        match msg {
            BusMsg::Typing => return !std::mem::replace(&mut self.typing, true),
            BusMsg::Edit(input, text) => {
                self.typing = false;
                *self.text_mut(input) = text.into();
                self.changed_by_user(ctx, true);
            }
            BusMsg::Set(setting) => {
                let now = matches!(setting, Setting::Unhealthy(..) | Setting::Service(_));
                self.apply(setting);
                self.changed_by_user(ctx, !now);
            }
            BusMsg::Analyse => self.analyse(),
            BusMsg::Format(input) => {
                let text = input.text(&self.docs).clone();
                match pretty(&text) {
                    Ok(laid_out) if *laid_out != *text => {
                        *self.text_mut(input) = laid_out.into();
                        self.changed_by_user(ctx, false);
                    }
                    Ok(_) => return false,
                    Err(why) => ctx.props().on_notice.emit((
                        format!(
                            "The {} is not JSON, so it cannot be laid out: {why}",
                            input.id()
                        ),
                        true,
                    )),
                }
            }
            BusMsg::Goto(input, span) => {
                let text = input.text(&self.docs);
                let utf16 = Utf16Map::new(text).span(span);
                browser::select_in(
                    &format!("{}-input", input.id()),
                    utf16.start as u32,
                    utf16.end as u32,
                );
                return false;
            }
            BusMsg::Pick(pick) => self.pick_verdict(ctx, pick),
            BusMsg::Show(pick) => {
                self.pick_verdict(ctx, pick);
                self.scroll_to = Some(pick);
            }
            BusMsg::Focus(change) => {
                let (render, reveal) = self.focus.apply(change);
                self.reveal = reveal.or(self.reveal);
                return render;
            }
            BusMsg::CopyPayload((pick, target)) => {
                if let Some(dialog) = self.payload_dialog(pick, target) {
                    ctx.props().on_copy.emit(dialog);
                }
                return false;
            }
            BusMsg::CopyResponse => {
                if let Some(o) = &self.run.outcome {
                    ctx.props().on_copy.emit(Dialog {
                        title: "The PutEvents response".into(),
                        fields: vec![Field {
                            label: "Response (JSON)".into(),
                            text: serde_json::to_string_pretty(&o.response).unwrap_or_default(),
                        }],
                        note: None,
                        status: None,
                    });
                }
                return false;
            }
        }
        true
    }

    fn rendered(&mut self, _ctx: &Context<Self>, _first: bool) {
        if let Some(pick) = self.scroll_to.take() {
            browser::scroll_to(&verdict_id(pick));
        }
        let (Some(cond), Some(d)) = (self.reveal.take(), &self.detail) else {
            return;
        };
        let m = d.marks(self.focus.combination(d.analysis.explanation.as_ref()));
        browser::reveal_condition("bus-", &m, [&d.pattern, &d.event], cond);
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let props = ctx.props();
        let readonly = props.readonly;
        let run = &self.run;
        let busy = self.typing || self.debounce.pending();

        // An editable pane: its bar, its editor and the fault in its text.
        let pane = |input: Input, title: &'static str, label: &'static str, switch: Html| {
            let text = input.text(&self.docs).clone();
            // The rules' fault, else the first rule left out.
            let problem = match (&run.fault, input) {
                (Some(Fault::Rules(p)), Input::Rules)
                | (Some(Fault::Request(p)), Input::Request) => Some(p),
                (_, Input::Rules) => run.refused.first(),
                _ => None,
            };
            let analysed = input.text(&run.docs);
            let error = problem
                .and_then(|p| p.span)
                .and_then(|s| follow_span(s, analysed, &text))
                .map(|s| visible_error(&text, s));
            let id = input.id();
            html! {
                <section class="pane" aria-label={title}>
                    <div class="doc-bar">
                        <div class="doc-bar-top">
                            <h2 class="pane-title"><label for={format!("{id}-input")}>{ title }</label></h2>
                            if !readonly {
                                <div class="doc-actions">
                                    <button type="button" class="small ghost" data-testid={format!("format-{id}")}
                                        title="Lay out the JSON (Alt+Shift+F)"
                                        onclick={link.callback(move |_| BusMsg::Format(input))}>{ "Format" }</button>
                                </div>
                            }
                        </div>
                    </div>
                    { switch }
                    { self.editor(ctx, Shown { id, label: label.to_string(), text, marks: Rc::default(), input: Some(input) }, error) }
                    { problem.map(|p| self.problem_box(ctx, input, p, format!("bus-{id}-error"))).unwrap_or_default() }
                </section>
            }
        };

        let status = match (&run.fault, &run.outcome) {
            (Some(Fault::Option(..)), _) => "An option cannot be read".to_string(),
            (Some(Fault::Rules(_)), _) => "The rules are refused".to_string(),
            (Some(Fault::Request(_)), _) => "The request is refused".to_string(),
            (None, Some(o)) => {
                let n = o.entries.len();
                let failed = o.response.failed_entry_count;
                let payloads = run
                    .verdicts()
                    .flat_map(|(_, v)| &v.deliveries)
                    .filter(|d| d.payload.is_some())
                    .count();
                let mut status = format!(
                    "{n} {}: {} accepted, {failed} failed · {payloads} target {}",
                    plural(n, "entry", "entries"),
                    n - failed,
                    plural(payloads, "payload", "payloads")
                );
                let refused = run.refused.len();
                if refused > 0 {
                    status.push_str(&format!(
                        " · {refused} {} left out",
                        plural(refused, "definition", "definitions")
                    ));
                }
                status
            }
            (None, None) => String::new(),
        };
        let status_class = match &run.fault {
            Some(_) => "v-invalid",
            None if !run.refused.is_empty() => "v-invalid",
            None if run
                .outcome
                .as_ref()
                .is_some_and(|o| o.response.failed_entry_count > 0) =>
            {
                "v-miss"
            }
            None => "v-match",
        };

        html! {
            <div class="bus-view">
                { self.options(ctx) }
                <div class="editors">
                    { pane(Input::Rules, "Rules", "Rules: a JSON rule list, or a CloudFormation/SAM template in JSON or YAML", Html::default()) }
                    if self.docs.service {
                        { pane(Input::Request, "Service events", "Service events (JSON list or JSON Lines)", self.input_kind(ctx)) }
                    } else {
                        { pane(Input::Request, "PutEvents request", "PutEvents request body (JSON)", self.input_kind(ctx)) }
                    }
                </div>
                <div class="bus-results">
                    <section class="routing-pane" aria-labelledby="routing-title">
                        <h2 id="routing-title" class="pane-title">{ "Routing" }</h2>
                        <p class={classes!("bus-status", status_class)} data-testid="bus-status" role="status"
                            aria-live="polite" aria-busy={busy.to_string()}>{ status }</p>
                        if !run.notes.is_empty() {
                            <ul class="bus-notes" data-testid="bus-notes">
                                { for run.notes.iter().map(|n| html! { <li>{ n.clone() }</li> }) }
                            </ul>
                        }
                        { self.refused_list(ctx) }
                        <Routing run={run.clone()} pick={self.pick}
                            on_pick={link.callback(BusMsg::Pick)}
                            on_show={link.callback(BusMsg::Show)}
                            on_copy_payload={link.callback(BusMsg::CopyPayload)}
                            on_copy_response={link.callback(|_| BusMsg::CopyResponse)} />
                    </section>
                    { self.detail_pane(ctx) }
                </div>
            </div>
        }
    }
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// What one editor of the view shows.
struct Shown {
    /// The editor's id prefix (and test id prefix).
    id: &'static str,
    /// The textarea's accessible name.
    label: String,
    /// The text.
    text: Rc<str>,
    /// Its highlights.
    marks: Rc<Vec<Mark>>,
    /// The input it edits; none for a read-only view of the explained verdict.
    input: Option<Input>,
}

impl BusView {
    /// One editor, with `error` underlined.
    fn editor(&self, ctx: &Context<Self>, shown: Shown, error: Option<Span>) -> Html {
        let link = ctx.link();
        let props = ctx.props();
        let Shown {
            id,
            label,
            text,
            marks,
            input,
        } = shown;
        let (on_input, on_format) = match input {
            Some(i) => (
                link.callback(move |t| BusMsg::Edit(i, t)),
                link.callback(move |_| BusMsg::Format(i)),
            ),
            None => (Callback::noop(), Callback::noop()),
        };
        // A YAML rules text is drawn without JSON colours.
        let syntax = input != Some(Input::Rules) || is_json(&text);
        html! {
            <Editor {id} testid={format!("{id}-editor")} {label} {text} {marks} {error}
                focus={self.focus.condition()} readonly={props.readonly || input.is_none()} {syntax}
                {on_input} {on_format}
                on_change_started={link.callback(|_| BusMsg::Typing)}
                on_hover={link.callback(|c| BusMsg::Focus(FocusChange::Hover(c)))}
                on_caret={link.callback(|c| BusMsg::Focus(FocusChange::Caret(c)))}
                on_refused={props.on_refused.clone()} />
        }
    }

    /// The switch between a PutEvents request and the events the services send themselves.
    fn input_kind(&self, ctx: &Context<Self>) -> Html {
        let service = self.docs.service;
        let disabled = ctx.props().readonly;
        let kinds = [
            (
                false,
                "put-events",
                "PutEvents request",
                "Entries an application puts with PutEvents",
            ),
            (
                true,
                "service",
                "Service events",
                "Whole events AWS services and SaaS partners send themselves (aws. sources)",
            ),
        ];
        html! {
            <div class="views bus-input-kind" role="group" aria-label="What the request holds" data-testid="bus-input-kind">
                { for kinds.into_iter().map(|(kind, id, name, title)| {
                    let on = service == kind;
                    html! {
                        <button type="button" class={classes!("view-tab", on.then_some("on"))} data-kind={id}
                            aria-pressed={on.to_string()} {title} {disabled}
                            onclick={ctx.link().callback(move |_| BusMsg::Set(Setting::Service(kind)))}>{ name }</button>
                    }
                }) }
            </div>
        }
    }

    fn text_mut(&mut self, input: Input) -> &mut Rc<str> {
        match input {
            Input::Rules => &mut self.docs.rules,
            Input::Request => &mut self.docs.request,
        }
    }

    fn apply(&mut self, setting: Setting) {
        let d = &mut self.docs;
        match setting {
            Setting::Account(v) => d.account = v,
            Setting::Region(v) => d.region = v,
            Setting::StackName(v) => d.stack_name = v,
            Setting::Parameters(v) => d.parameters = v,
            Setting::Now(v) => d.now = v,
            Setting::Seed(v) => d.seed = v.trim().parse().unwrap_or(d.seed),
            Setting::Service(on) => d.service = on,
            Setting::Unhealthy(name, on) => {
                d.unhealthy.retain(|n| *n != name);
                if on {
                    d.unhealthy.push(name);
                }
            }
        }
    }

    /// Tells the page, then runs the bus after a typing pause (`debounce`) or at once.
    fn changed_by_user(&mut self, ctx: &Context<Self>, debounce: bool) {
        ctx.props().on_change.emit(self.docs.clone());
        if debounce {
            let link = ctx.link().clone();
            self.debounce
                .schedule(TYPING_MS, move || link.send_message(BusMsg::Analyse));
        } else {
            self.analyse();
        }
    }

    /// Runs the bus on the inputs, then explains the picked verdict.
    fn analyse(&mut self) {
        self.debounce.cancel();
        if self.run.docs != self.docs {
            self.run = Rc::new(BusRun::run(&self.docs));
        }
        self.explain();
    }

    /// The verdict to explain (the one picked, else the first delivery) and its explanation.
    fn explain(&mut self) {
        let pick = self.run.pick(self.docs.pick);
        let detail = pick.and_then(|p| Detail::of(&self.run, p)).map(Rc::new);
        let same = match (&self.detail, &detail) {
            (Some(a), Some(b)) => a.analysis == b.analysis && self.pick == pick,
            _ => false,
        };
        if !same {
            self.focus = Focus::default();
            self.reveal = detail
                .as_ref()
                .and_then(|d| self.focus.first_failure(d.analysis.explanation.as_ref()));
        } else {
            self.focus.fit(
                detail
                    .as_ref()
                    .and_then(|d| d.analysis.explanation.as_ref()),
            );
        }
        self.pick = pick;
        self.detail = detail;
    }

    fn payload_dialog(&self, pick: Pick, target: usize) -> Option<Dialog> {
        let verdict = self.run.verdict(pick)?;
        let d = verdict.deliveries.get(target)?;
        let payload = d.payload.clone()?;
        let mut fields = vec![Field {
            label: "Exact payload, as the target receives it".into(),
            text: payload.clone(),
        }];
        if let Ok(laid_out) = pretty(&payload).map(|p| p.to_string()) {
            if laid_out != payload {
                fields.push(Field {
                    label: "Laid out".into(),
                    text: laid_out,
                });
            }
        }
        Some(Dialog {
            title: format!("Payload of target {}", d.target_id),
            fields,
            note: Some(format!(
                "Rule {} sends it to {} ({}).",
                verdict.rule,
                d.arn,
                input_words(d.input)
            )),
            status: None,
        })
    }

    /// Explains verdict `pick`, and tells the page (the pick is shared in links).
    fn pick_verdict(&mut self, ctx: &Context<Self>, pick: Pick) {
        self.docs.pick = Some(pick);
        ctx.props().on_change.emit(self.docs.clone());
        self.explain();
    }

    /// The rules and endpoints left out, each with AWS's message and its place in the rules.
    fn refused_list(&self, ctx: &Context<Self>) -> Html {
        let refused = &self.run.refused;
        if refused.is_empty() {
            return html! {};
        }
        html! {
            <section class="bus-refused" data-testid="bus-refused" aria-labelledby="bus-refused-title">
                <h3 id="bus-refused-title" class="refused-title">
                    { format!("Left out: {} {} EventBridge would refuse; the others route", refused.len(),
                        plural(refused.len(), "definition", "definitions")) }
                </h3>
                { for refused.iter().map(|p| self.problem_box(ctx, Input::Rules, p, "bus-refused-rule".to_string())) }
            </section>
        }
    }

    /// The error box of a refused text (or of a rule left out of it), with test id `testid`.
    fn problem_box(&self, ctx: &Context<Self>, input: Input, p: &Problem, testid: String) -> Html {
        let text = input.text(&self.run.docs);
        let at = p.span.map(|s| {
            let pos = TextPos::of(text, s.start);
            (pos.line, pos.column)
        });
        let on_show = p
            .span
            .map(|s| ctx.link().callback(move |_| BusMsg::Goto(input, s)));
        html! {
            <ErrorBox {testid} {at}
                context={p.context.clone().map(AttrValue::from)} message={p.message.clone()} {on_show} />
        }
    }

    /// The options of the call: account, Region, clock, seed, stack, parameters, endpoint health.
    fn options(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let d = &self.docs;
        let disabled = ctx.props().readonly;
        let option_error = |field: OptionField| match &self.run.fault {
            Some(Fault::Option(f, message)) if *f == field => Some(html! {
                <span class="option-error" role="alert" data-testid="bus-option-error">{ message.clone() }</span>
            }),
            _ => None,
        };
        let text = |testid: &'static str,
                    label: &'static str,
                    value: String,
                    make: fn(String) -> Setting| {
            html! {
                <label class="option">
                    <span>{ label }</span>
                    <input type="text" data-testid={testid} {value} {disabled} spellcheck="false"
                        oninput={link.callback(move |e: InputEvent| {
                            let el: HtmlInputElement = e.target_unchecked_into();
                            BusMsg::Set(make(el.value()))
                        })} />
                </label>
            }
        };
        let endpoints: Vec<&String> = self.run.endpoints.iter().collect();
        let section = html! {
            <section class="bus-options" aria-label="Options of the call">
                { text("bus-account", "Account", d.account.clone(), Setting::Account) }
                { text("bus-region", "Region", d.region.clone(), Setting::Region) }
                <div class="option-group">
                    { text("bus-now", "Ingestion time", d.now.clone(), Setting::Now) }
                    { option_error(OptionField::Now).unwrap_or_default() }
                </div>
                { text("bus-seed", "Id seed", d.seed.to_string(), Setting::Seed) }
                { text("bus-stack", "Stack name", d.stack_name.clone(), Setting::StackName) }
                <div class="option-group wide-option">
                    <label class="option">
                        <span>{ "Template parameters (NAME=VALUE a line)" }</span>
                        <textarea class="params" data-testid="bus-params" rows="2" spellcheck="false"
                            value={d.parameters.clone()} {disabled}
                            oninput={link.callback(|e: InputEvent| {
                                let el: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
                                BusMsg::Set(Setting::Parameters(el.value()))
                            })} />
                    </label>
                    { option_error(OptionField::Parameters).unwrap_or_default() }
                </div>
                if !endpoints.is_empty() && d.service {
                    <p class="option-note" data-testid="bus-health-note">
                        { "Endpoint health does not apply: services put their events on their own bus in their Region, not through an endpoint." }
                    </p>
                } else if !endpoints.is_empty() {
                    <fieldset class="option-group health">
                        <legend>{ "Endpoint health" }</legend>
                        { for endpoints.into_iter().map(|name| {
                            let unhealthy = d.unhealthy.contains(name);
                            let endpoint = name.clone();
                            html! {
                                <label class="check">
                                    <input type="checkbox" data-testid="bus-unhealthy" data-endpoint={name.clone()}
                                        checked={unhealthy} {disabled}
                                        onchange={link.callback(move |e: Event| {
                                            let el: HtmlInputElement = e.target_unchecked_into();
                                            BusMsg::Set(Setting::Unhealthy(endpoint.clone(), el.checked()))
                                        })} />
                                    { format!(" Primary Region of {name} unhealthy") }
                                </label>
                            }
                        }) }
                    </fieldset>
                }
            </section>
        };
        if !disabled {
            return section;
        }
        // Read-only (embedded): folded, so that the embed's height goes to the routing.
        html! {
            <details class="bus-options-fold" data-testid="bus-options-fold">
                <summary>{ format!("Options of the call: account {}, {}, at {}", d.account, d.region, d.now) }</summary>
                { section }
            </details>
        }
    }

    /// The explanation of the picked verdict: its pattern and event, highlighted, and why.
    fn detail_pane(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let picked = self
            .pick
            .and_then(|p| Some((p, self.run.verdict(p)?, self.run.arrival(p)?)));
        let (Some(d), Some((pick, v, arrival))) = (&self.detail, picked) else {
            let why_nothing = if self.run.fault.is_some() {
                "Nothing to explain until the rules, the request and the options are accepted."
            } else {
                "No rule verdict to explain: the entries reached no bus with rules."
            };
            return html! {
                <section class="explain bus-detail" aria-labelledby="explain-title">
                    <h2 id="explain-title">{ "Why" }</h2>
                    <p class="muted">{ why_nothing }</p>
                </section>
            };
        };
        let shown = self.focus.combination(d.analysis.explanation.as_ref());
        let m = d.marks(shown);
        let (word, hook) = verdict_word(v);
        let region = &arrival.region;
        html! {
            <section class="explain bus-detail" aria-labelledby="explain-title" data-testid="bus-detail"
                data-rule={v.rule.clone()} data-verdict={hook}>
                <h2 id="explain-title">{ "Why" }</h2>
                <p class="detail-title">
                    <code>{ v.rule.clone() }</code>
                    { format!(" · entry {} · {region} · {word}", pick.entry + 1) }
                </p>
                <div class="detail-editors">
                    <div class="pane pattern-pane" style={format!("--lines: {}", d.pattern.lines().count().clamp(3, 14))}>
                        <div class="doc-bar"><h3 class="pane-title"><label for="bus-pattern-input">{ "Pattern" }</label></h3></div>
                        { self.editor(ctx, Shown { id: "bus-pattern", label: format!("Pattern of rule {}", v.rule), text: d.pattern.clone(), marks: Rc::new(m.pattern), input: None }, None) }
                    </div>
                    <div class="pane">
                        <div class="doc-bar"><h3 class="pane-title"><label for="bus-event-input">{ "Event on the bus" }</label></h3></div>
                        { self.editor(ctx, Shown { id: "bus-event", label: format!("Event in {region}"), text: d.event.clone(), marks: Rc::new(m.event), input: None }, None) }
                    </div>
                </div>
                { focus_bar(&d.analysis, shown, self.focus.condition()) }
                <ExplanationPanel analysis={d.analysis.clone()} {shown} focus={self.focus.condition()}
                    pinned={self.focus.pinned}
                    on_focus={link.callback(BusMsg::Focus)} />
            </section>
        }
    }
}
