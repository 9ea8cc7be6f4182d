//! The strip under an editor: one line of fixed height that says what is wrong with the text
//! (where, in plain words, with quick fixes) or what could be done with it, so that the page
//! never moves while one types. AWS's full message opens over the page below it on demand.

use eventlens::Span;
use yew::prelude::*;

/// A fault in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct StripError {
    /// AWS's (or the parser's) full message.
    pub message: AttrValue,
    /// 1-based line of the fault.
    pub line: usize,
    /// 1-based column of the fault.
    pub column: usize,
    /// The bytes at fault.
    pub span: Span,
    /// The fault in plain words, when it is a known slip.
    pub summary: Option<AttrValue>,
}

/// A button the strip offers: a quick fix or a conversion.
#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    /// Its `data-testid`.
    pub testid: AttrValue,
    /// Its `data-fix` (what it does, for tests and styles).
    pub id: AttrValue,
    /// Its words.
    pub label: AttrValue,
}

/// What the strip shows.
#[derive(Properties, PartialEq)]
pub struct ErrorStripProps {
    /// `pattern` or `event`: test ids.
    pub kind: AttrValue,
    /// The fault, if any.
    pub error: Option<StripError>,
    /// A remark on a valid text (a conversion offered, a warning), when there is no fault.
    #[prop_or_default]
    pub remark: Option<AttrValue>,
    /// Quick fixes or conversions offered.
    #[prop_or_default]
    pub offers: Vec<Offer>,
    /// Select the bytes at fault.
    pub on_show: Callback<Span>,
    /// An offer taken (its index).
    #[prop_or_default]
    pub on_offer: Callback<usize>,
}

/// The strip.
#[function_component]
pub fn ErrorStrip(props: &ErrorStripProps) -> Html {
    let open = use_state_eq(|| false);
    let kind = &props.kind;
    let offers = html! {
        { for props.offers.iter().enumerate().map(|(i, o)| {
            let on_offer = props.on_offer.clone();
            html! {
                <button type="button" class="small offer" data-testid={o.testid.clone()} data-fix={o.id.clone()}
                    onclick={Callback::from(move |_| on_offer.emit(i))}>{ o.label.clone() }</button>
            }
        }) }
    };
    let Some(e) = &props.error else {
        return html! {
            <div class={classes!("strip", props.remark.is_some().then_some("remark"))} data-testid={format!("{kind}-strip")}>
                if let Some(remark) = &props.remark {
                    <span class="strip-text" title={remark.clone()}>{ remark.clone() }</span>
                    { offers }
                } else {
                    <span class="strip-text ok">{ "Valid JSON" }</span>
                }
            </div>
        };
    };
    let span = e.span;
    let on_show = props.on_show.clone();
    let toggle = {
        let open = open.clone();
        Callback::from(move |_| open.set(!*open))
    };
    let words = e.summary.clone().unwrap_or_else(|| e.message.clone());
    html! {
        <div class="strip bad" data-testid={format!("{kind}-error")} role="alert">
            <span class="error-where">{ format!("Line {}, column {}", e.line, e.column) }</span>
            <span class="strip-text" title={words.clone()}>{ words }</span>
            <button type="button" class="small ghost" onclick={Callback::from(move |_| on_show.emit(span))}>{ "Show" }</button>
            { offers }
            <button type="button" class="small ghost" aria-expanded={open.to_string()}
                aria-controls={format!("{kind}-message")} data-testid={format!("{kind}-message-toggle")}
                onclick={toggle}>{ if *open { "Hide message" } else { "AWS message" } }</button>
            <pre class="error-message" id={format!("{kind}-message")} hidden={!*open}>{ e.message.clone() }</pre>
        </div>
    }
}
