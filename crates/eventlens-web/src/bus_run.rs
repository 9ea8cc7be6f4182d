//! Running the Bus view's inputs through the bus crate: the options read, the rules loaded and
//! the request put, or what stopped that and where; and one rule verdict explained, laid out for
//! the editors.

use crate::align::Alignment;
use crate::analysis::Analysis;
use crate::format::pretty;
use crate::locate::locate;
use crate::marks::{marks, Mark, Marks};
use crate::workspace::{BusDocs, Pick};
use eventlens::json::Document;
use eventlens::{Limits, Span};
use eventlens_bus::{
    Arrival, Bus, BusSettings, ConfigError, PutEventsOutcome, PutOptions, RuleVerdict, Timestamp,
};
use std::collections::BTreeMap;
use std::rc::Rc;

/// An option of the call that has to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionField {
    /// The ingestion time.
    Now,
    /// The template parameters.
    Parameters,
}

/// A fault in an editor's text.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Why (AWS's words where the API has them).
    pub message: String,
    /// Where else: the place in the definitions, or the API's error code.
    pub context: Option<String>,
    /// The bytes at fault in the editor's text, when known.
    pub span: Option<Span>,
}

/// What stopped a run.
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    /// An option cannot be read.
    Option(OptionField, String),
    /// The rules file is refused as a whole (it cannot be read or resolved).
    Rules(Problem),
    /// The request is refused as a whole.
    Request(Problem),
}

/// One run of the Bus view's inputs.
#[derive(Debug)]
pub struct BusRun {
    /// The inputs run.
    pub docs: BusDocs,
    /// What the call did, when it could be made.
    pub outcome: Option<PutEventsOutcome>,
    /// What stopped it.
    pub fault: Option<Fault>,
    /// The names of the rules' global endpoints.
    pub endpoints: Vec<String>,
    /// What loading the rules left out or could not model.
    pub notes: Vec<String>,
    /// The rules and endpoints EventBridge would refuse, left out while the others route.
    pub refused: Vec<Problem>,
}

impl BusRun {
    /// Loads the rules and puts the request on them.
    pub fn run(docs: &BusDocs) -> BusRun {
        let mut run = BusRun {
            docs: docs.clone(),
            outcome: None,
            fault: None,
            endpoints: Vec::new(),
            notes: Vec::new(),
            refused: Vec::new(),
        };
        match run.call() {
            Ok(outcome) => run.outcome = Some(outcome),
            Err(fault) => run.fault = Some(fault),
        }
        run
    }

    fn call(&mut self) -> Result<PutEventsOutcome, Fault> {
        let (settings, options) = read_options(&self.docs)?;
        let rules = &self.docs.rules;
        let problem = |e: ConfigError| Problem {
            span: locate(rules, &e),
            context: (!e.location.is_empty()).then(|| e.location.clone()),
            message: e.message,
        };
        let (bus, refused) = Bus::load_each(rules, settings, Limits::default())
            .map_err(|e| Fault::Rules(problem(e)))?;
        self.refused = refused.into_iter().map(problem).collect();
        self.endpoints = bus.endpoints().iter().map(|e| e.name.clone()).collect();
        self.notes = bus.notes().to_vec();
        let request = &self.docs.request;
        let put = if self.docs.service {
            Bus::put_service_events
        } else {
            Bus::put_events
        };
        put(&bus, request, &options).map_err(|e| {
            let syntax = Document::parse(request, Limits::default().max_depth).err();
            Fault::Request(Problem {
                message: e.message,
                context: Some(e.code),
                span: syntax.map(|s| s.span),
            })
        })
    }

    /// Every rule verdict of the outcome, in the order the routing table shows them.
    pub fn verdicts(&self) -> impl Iterator<Item = (Pick, &RuleVerdict)> + Clone {
        self.outcome.iter().flat_map(|o| {
            o.entries.iter().enumerate().flat_map(|(entry, e)| {
                e.arrivals.iter().enumerate().flat_map(move |(arrival, a)| {
                    a.rules.iter().enumerate().map(move |(rule, v)| {
                        (
                            Pick {
                                entry,
                                arrival,
                                rule,
                            },
                            v,
                        )
                    })
                })
            })
        })
    }

    /// The arrival (a Region's bus reached by an entry) that holds verdict `pick`, when the
    /// outcome has it.
    pub fn arrival(&self, pick: Pick) -> Option<&Arrival> {
        self.outcome
            .as_ref()?
            .entries
            .get(pick.entry)?
            .arrivals
            .get(pick.arrival)
    }

    /// The rule verdict `pick`, when the outcome has it.
    pub fn verdict(&self, pick: Pick) -> Option<&RuleVerdict> {
        self.arrival(pick)?.rules.get(pick.rule)
    }

    /// The verdict to explain: `pick` when the outcome has it, else the first rule that sent an
    /// event on, else the first rule tested.
    pub fn pick(&self, pick: Option<Pick>) -> Option<Pick> {
        let all = self.verdicts();
        pick.filter(|p| self.verdict(*p).is_some())
            .or_else(|| all.clone().find(|(_, v)| v.delivered).map(|(p, _)| p))
            .or_else(|| all.map(|(p, _)| p).next())
    }
}

/// The settings and options of the call, from the view's fields.
fn read_options(docs: &BusDocs) -> Result<(BusSettings, PutOptions), Fault> {
    let now =
        Timestamp::parse(&docs.now).map_err(|e| Fault::Option(OptionField::Now, e.to_string()))?;
    let mut parameters = BTreeMap::new();
    for (i, line) in docs.parameters.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (name, value) = line.split_once('=').ok_or_else(|| {
            Fault::Option(
                OptionField::Parameters,
                format!("Line {}: expected NAME=VALUE, found \"{line}\"", i + 1),
            )
        })?;
        parameters.insert(name.trim().to_string(), value.trim().to_string());
    }
    let settings = BusSettings {
        account: docs.account.trim().to_string(),
        region: docs.region.trim().to_string(),
        stack_name: docs.stack_name.trim().to_string(),
        parameters,
        ..BusSettings::default()
    };
    let options = PutOptions {
        now,
        seed: docs.seed,
        unhealthy: docs.unhealthy.clone(),
    };
    Ok((settings, options))
}

/// One rule verdict, explained, with its pattern and event laid out for the editors.
#[derive(Debug)]
pub struct Detail {
    /// The verdict's explanation; its spans point into the texts the engine explained.
    pub analysis: Rc<Analysis>,
    /// The pattern, laid out.
    pub pattern: Rc<str>,
    /// The event as it reached the bus, laid out.
    pub event: Rc<str>,
    pattern_map: Option<Alignment>,
    event_map: Option<Alignment>,
}

impl Detail {
    /// The verdict `pick` of `run`, when there is one.
    pub fn of(run: &BusRun, pick: Pick) -> Option<Detail> {
        let (arrival, verdict) = (run.arrival(pick)?, run.verdict(pick)?);
        let (pattern, pattern_map) = laid_out(&verdict.pattern);
        let (event, event_map) = laid_out(&arrival.event);
        Some(Detail {
            analysis: Rc::new(Analysis::explained(
                verdict.pattern.as_str().into(),
                arrival.event.as_str().into(),
                verdict.explanation.clone(),
            )),
            pattern,
            event,
            pattern_map,
            event_map,
        })
    }

    /// The highlights of combination `shown`, in the laid-out texts.
    pub fn marks(&self, shown: usize) -> Marks {
        let m = self
            .analysis
            .explanation
            .as_ref()
            .map(|x| marks(x, shown))
            .unwrap_or_default();
        Marks {
            pattern: carry(&m.pattern, self.pattern_map.as_ref()),
            event: carry(&m.event, self.event_map.as_ref()),
        }
    }
}

/// `text` laid out, and how its spans move; the text as it is when it cannot be laid out.
fn laid_out(text: &str) -> (Rc<str>, Option<Alignment>) {
    pretty(text)
        .ok()
        .and_then(|p| Alignment::new(text, &p).map(|al| (Rc::from(p), Some(al))))
        .unwrap_or_else(|| (text.into(), None))
}

fn carry(marks: &[Mark], map: Option<&Alignment>) -> Vec<Mark> {
    marks
        .iter()
        .map(|m| Mark {
            span: map.map_or(m.span, |al| al.span(m.span)),
            ..*m
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::marks::Status;

    const RULES: &str = r#"[
  {"Name": "done", "EventPattern": {"source": ["com.example.runs"], "detail": {"status": ["COMPLETED", "FAILED"]}},
   "Targets": [{"Id": "t", "Arn": "arn:aws:sqs:us-east-1:123456789012:q", "InputPath": "$.detail.status"}]},
  {"Name": "off", "State": "DISABLED", "EventPattern": {"source": ["com.example.runs"]}}
]"#;

    fn docs(request: &str) -> BusDocs {
        BusDocs {
            rules: RULES.into(),
            request: request.into(),
            ..BusDocs::default()
        }
    }

    fn entry(status: &str) -> String {
        format!(
            r#"{{"Source": "com.example.runs", "DetailType": "Run Status Change", "Detail": "{{\"status\": \"{status}\"}}"}}"#
        )
    }

    #[test]
    fn a_run_routes_and_picks_the_first_delivery() {
        let request = format!("[{}, {}]", entry("RUNNING"), entry("FAILED"));
        let run = BusRun::run(&docs(&request));
        assert_eq!(run.fault, None);
        let outcome = run.outcome.as_ref().unwrap();
        assert_eq!(outcome.response.failed_entry_count, 0);
        let first = Pick {
            entry: 1,
            arrival: 0,
            rule: 0,
        };
        assert_eq!(run.pick(None), Some(first));
        let off = Pick { rule: 1, ..first };
        assert_eq!(run.pick(Some(off)), Some(off));
        assert_eq!(run.pick(Some(Pick { rule: 7, ..first })), Some(first));
        assert_eq!(run.verdicts().count(), 4);
        // One verdict by its pick: the one the routing table lists there, none past the end.
        assert!(run
            .verdicts()
            .all(|(p, v)| run.verdict(p).is_some_and(|w| std::ptr::eq(v, w))));
        assert_eq!(run.verdict(off).map(|v| v.rule.as_str()), Some("off"));
        assert!(run.verdict(Pick { rule: 7, ..first }).is_none());
        assert!(run.verdict(Pick { entry: 2, ..first }).is_none());
        assert_eq!(
            run.arrival(first).map(|a| a.region.as_str()),
            Some("us-east-1")
        );
    }

    #[test]
    fn a_verdict_is_shown_laid_out_with_its_highlights() {
        let run = BusRun::run(&docs(&format!("[{}]", entry("FAILED"))));
        let pick = run.pick(None).unwrap();
        let detail = Detail::of(&run, pick).unwrap();
        assert!(detail.event.lines().count() > 5, "{}", detail.event);
        assert!(detail
            .event
            .contains("\n  \"detail-type\": \"Run Status Change\""));
        let m = detail.marks(0);
        let held: Vec<&str> = m
            .event
            .iter()
            .filter(|k| k.status == Status::Held)
            .map(|k| k.span.slice(&detail.event))
            .collect();
        assert_eq!(held, vec!["\"com.example.runs\"", "\"FAILED\""]);
        let pattern: Vec<&str> = m
            .pattern
            .iter()
            .map(|k| k.span.slice(&detail.pattern))
            .collect();
        assert!(pattern.contains(&"\"COMPLETED\"") && pattern.contains(&"\"source\""));
    }

    #[test]
    fn hostile_inputs_are_refused_with_a_place() {
        let laughs = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n";
        for rules in [
            "[".repeat(100_000),
            "Resources: ".to_string() + &"{a: [".repeat(50_000),
            laughs.to_string(),
            "\u{feff}{\"Rules\": 5}".to_string(),
            "- a\n\t- b".to_string(),
        ] {
            let run = BusRun::run(&BusDocs {
                rules: rules.as_str().into(),
                ..BusDocs::default()
            });
            let Some(Fault::Rules(p)) = &run.fault else {
                panic!("{:?}", run.fault)
            };
            assert!(!p.message.is_empty());
            if let Some(span) = p.span {
                assert!(span.end <= rules.len());
            }
        }
        let deep = format!("{{\"Entries\": {}", "[".repeat(100_000));
        let run = BusRun::run(&docs(&deep));
        assert!(matches!(&run.fault, Some(Fault::Request(p)) if p.span.is_some()));
    }

    #[test]
    fn faults_say_what_and_where() {
        let option = |field: OptionField, text: &str| {
            let mut d = docs("[]");
            match field {
                OptionField::Now => d.now = text.into(),
                OptionField::Parameters => d.parameters = text.into(),
            }
            match BusRun::run(&d).fault {
                Some(Fault::Option(f, message)) if f == field => message,
                other => panic!("{other:?}"),
            }
        };
        assert!(option(OptionField::Now, "yesterday").contains("RFC 3339"));
        assert!(option(OptionField::Parameters, "A=1\n\nB").starts_with("Line 3:"));
        let bad_rules = BusDocs {
            rules: RULES.replace("\"FAILED\"", "{\"prefix\": 1}").into(),
            ..docs(&format!("[{}]", entry("FAILED")))
        };
        let run = BusRun::run(&bad_rules);
        // The bad rule is left out with its fault; the other one still routes.
        assert_eq!(run.fault, None);
        assert_eq!(run.refused.len(), 1);
        let kept: Vec<&str> = run.verdicts().map(|(_, v)| v.rule.as_str()).collect();
        assert_eq!(kept, vec!["off"]);
        let p = &run.refused[0];
        assert_eq!(p.context.as_deref(), Some("[0].EventPattern"));
        assert!(
            p.message.starts_with("Event pattern is not valid."),
            "{}",
            p.message
        );
        assert_eq!(p.span.unwrap().slice(&run.docs.rules), "1");
        let run = BusRun::run(&docs("{\"Entries\": [}"));
        let Some(Fault::Request(p)) = &run.fault else {
            panic!("{:?}", run.fault)
        };
        assert_eq!(p.context.as_deref(), Some("SerializationException"));
        assert_eq!(p.span.unwrap().slice(&run.docs.request), "}");
        // A failed entry is not a fault: the others go on.
        let run = BusRun::run(&docs(&format!(
            "[{}, {{\"Source\": \"x\"}}]",
            entry("FAILED")
        )));
        let outcome = run.outcome.unwrap();
        assert_eq!(outcome.response.failed_entry_count, 1);
        assert_eq!(
            outcome.response.entries[1].error_code.as_deref(),
            Some("InvalidArgument")
        );
    }
}
