//! Running the engine on the editors' texts: the verdict, the explanation, the errors, and the
//! verdict matrix of many patterns against many events.

use eventlens::{Event, EventError, Explanation, Pattern, PatternError};
use serde::Deserialize;
use std::rc::Rc;

/// The outcome shown in big letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Verdict {
    /// The pattern matches the event.
    #[serde(rename = "Match")]
    Match,
    /// The pattern does not match the event.
    #[serde(rename = "No match")]
    NoMatch,
    /// The pattern is not valid.
    #[serde(rename = "Invalid pattern")]
    InvalidPattern,
    /// The event cannot be read.
    #[serde(rename = "Invalid event")]
    InvalidEvent,
}

impl Verdict {
    /// The words shown (and read by tests).
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Match => "Match",
            Verdict::NoMatch => "No match",
            Verdict::InvalidPattern => "Invalid pattern",
            Verdict::InvalidEvent => "Invalid event",
        }
    }

    /// The CSS class that colours it.
    pub fn class(self) -> &'static str {
        match self {
            Verdict::Match => "v-match",
            Verdict::NoMatch => "v-miss",
            Verdict::InvalidPattern | Verdict::InvalidEvent => "v-invalid",
        }
    }

    /// Whether this verdict is the one expected (`Some(true)`: a match): `None` when nothing is
    /// expected. An invalid pattern or event never meets an expectation.
    pub fn meets(self, expected: Option<bool>) -> Option<bool> {
        expected.map(|m| self == if m { Verdict::Match } else { Verdict::NoMatch })
    }

    /// A one-character symbol that says the same to those who skim.
    pub fn symbol(self) -> &'static str {
        match self {
            Verdict::Match => "✓",
            Verdict::NoMatch => "✗",
            Verdict::InvalidPattern | Verdict::InvalidEvent => "!",
        }
    }
}

/// Everything the page shows about one pattern and one event.
#[derive(Debug)]
pub struct Analysis {
    /// The pattern text analysed.
    pub pattern_text: Rc<str>,
    /// The event text analysed.
    pub event_text: Rc<str>,
    /// Why the pattern is invalid, if it is.
    pub pattern_error: Option<PatternError>,
    /// Why the event cannot be read, if it cannot.
    pub event_error: Option<EventError>,
    /// The explanation, when both are valid.
    pub explanation: Option<Explanation>,
    /// Set when AWS's TestEventPattern would refuse the event for lack of an envelope field.
    pub envelope: Option<EventError>,
}

/// Analyses are pure functions of their two texts.
impl PartialEq for Analysis {
    fn eq(&self, other: &Self) -> bool {
        self.pattern_text == other.pattern_text && self.event_text == other.event_text
    }
}

impl Analysis {
    /// Compiles the pattern, parses the event and, when both succeed, explains the match.
    pub fn run(pattern_text: Rc<str>, event_text: Rc<str>) -> Analysis {
        let pattern = Pattern::compile(&pattern_text);
        let event = Event::parse(&event_text);
        let envelope = event.as_ref().ok().and_then(|e| e.check_envelope().err());
        let explanation = match (&pattern, &event) {
            (Ok(p), Ok(e)) => Some(p.explain(e)),
            _ => None,
        };
        Analysis {
            pattern_text,
            event_text,
            pattern_error: pattern.err(),
            event_error: event.err(),
            explanation,
            envelope,
        }
    }

    /// The analysis of a pattern and an event the engine has explained already (a rule verdict
    /// of the bus): the explanation's spans point into the two texts.
    pub fn explained(
        pattern_text: Rc<str>,
        event_text: Rc<str>,
        explanation: Explanation,
    ) -> Analysis {
        Analysis {
            pattern_text,
            event_text,
            pattern_error: None,
            event_error: None,
            explanation: Some(explanation),
            envelope: None,
        }
    }

    /// The verdict: an invalid pattern first, then an invalid event, then match or no match.
    pub fn verdict(&self) -> Verdict {
        match (&self.pattern_error, &self.event_error, &self.explanation) {
            (Some(_), _, _) => Verdict::InvalidPattern,
            (_, Some(_), _) => Verdict::InvalidEvent,
            (_, _, Some(x)) if x.matched => Verdict::Match,
            _ => Verdict::NoMatch,
        }
    }
}

/// Verdicts of every pattern against every event: one row per event, one column per pattern.
/// Each text is compiled or parsed once.
pub fn matrix(patterns: &[&str], events: &[&str]) -> Vec<Vec<Verdict>> {
    let compiled: Vec<Option<Pattern>> =
        patterns.iter().map(|p| Pattern::compile(p).ok()).collect();
    events
        .iter()
        .map(|text| {
            let event = Event::parse(text).ok();
            compiled
                .iter()
                .map(|p| match (p, &event) {
                    (None, _) => Verdict::InvalidPattern,
                    (_, None) => Verdict::InvalidEvent,
                    (Some(p), Some(e)) if p.matches(e) => Verdict::Match,
                    _ => Verdict::NoMatch,
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(p: &str, e: &str) -> Analysis {
        Analysis::run(p.into(), e.into())
    }

    #[test]
    fn verdicts_put_pattern_errors_first() {
        assert_eq!(
            run(r#"{"a":["1"]}"#, r#"{"a":"1"}"#).verdict(),
            Verdict::Match
        );
        assert_eq!(
            run(r#"{"a":["1"]}"#, r#"{"a":"2"}"#).verdict(),
            Verdict::NoMatch
        );
        let both = run(r#"{"a":"1"}"#, "{");
        assert_eq!(both.verdict(), Verdict::InvalidPattern);
        assert!(
            both.event_error.is_some(),
            "both errors are kept for the editors"
        );
        assert_eq!(
            run(r#"{"a":["1"]}"#, "[1]").verdict(),
            Verdict::InvalidEvent
        );
    }

    #[test]
    fn keeps_the_aws_message_and_the_envelope_warning() {
        let a = run(r#"{"source":"aws.s3"}"#, r#"{"source":"aws.s3"}"#);
        let e = a.pattern_error.unwrap();
        assert_eq!(
            e.message,
            Pattern::compile(r#"{"source":"aws.s3"}"#)
                .unwrap_err()
                .message
        );
        assert!(e
            .message
            .starts_with("Event pattern is not valid. Reason: "));
        let a = run(r#"{"source":["aws.s3"]}"#, r#"{"source":"aws.s3"}"#);
        assert!(a.envelope.unwrap().message.contains("\"id\""));
    }

    #[test]
    fn expectations_are_met_by_their_verdict_only() {
        use Verdict::*;
        assert_eq!(Match.meets(None), None);
        assert_eq!(Match.meets(Some(true)), Some(true));
        assert_eq!(Match.meets(Some(false)), Some(false));
        assert_eq!(NoMatch.meets(Some(false)), Some(true));
        assert_eq!(InvalidPattern.meets(Some(false)), Some(false));
        assert_eq!(InvalidEvent.meets(Some(true)), Some(false));
    }

    #[test]
    fn matrix_has_a_row_per_event() {
        let m = matrix(
            &[r#"{"a":["1"]}"#, "{}", r#"{"a":["2"]}"#],
            &[r#"{"a":"1"}"#, "x"],
        );
        use Verdict::*;
        assert_eq!(
            m,
            vec![
                vec![Match, InvalidPattern, NoMatch],
                vec![InvalidEvent, InvalidPattern, InvalidEvent]
            ]
        );
    }
}
