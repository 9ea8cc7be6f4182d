//! Pattern and event texts read by the engine, with refusals as [`Failure`]s.

use crate::failure::Failure;
use eventlens::{Event, Pattern};

/// Compiles pattern text with EventBridge's limits.
pub fn compile(text: &str) -> Result<Pattern, Failure> {
    Pattern::compile(text).map_err(|e| Failure::pattern(e, text))
}

/// Parses event text with EventBridge's limits; with `envelope`, also applies the
/// TestEventPattern API's check that the envelope fields are present.
pub fn parse_event(text: &str, envelope: bool) -> Result<Event, Failure> {
    let event = Event::parse(text).map_err(|e| Failure::event(e, text))?;
    if envelope {
        event
            .check_envelope()
            .map_err(|e| Failure::event(e, text))?;
    }
    Ok(event)
}

#[cfg(test)]
mod tests {
    use super::*;
    use eventlens::{EventErrorKind, PatternErrorKind, Span};

    #[test]
    fn pattern_failures_carry_aws_text_and_both_spans() {
        let text = "{\"é\": []}";
        let Err(Failure::PatternError {
            kind,
            message,
            span,
            line,
            column,
            ..
        }) = compile(text)
        else {
            panic!("an empty array is not a valid pattern");
        };
        assert_eq!(kind, PatternErrorKind::Invalid);
        assert!(message.starts_with("Event pattern is not valid. Reason: "));
        assert_eq!(span.bytes.slice(text), "[]");
        assert_eq!(
            span.bytes,
            Span::new(span.utf16.start + 1, span.utf16.end + 1)
        );
        assert_eq!((line, column), (1, span.utf16.start + 1));
    }

    #[test]
    fn envelope_is_checked_only_when_asked() {
        let text = r#"{"détail": 1}"#;
        assert!(parse_event(text, false).is_ok());
        let Err(Failure::EventError { kind, span, .. }) = parse_event(text, true) else {
            panic!("the envelope fields are missing");
        };
        assert_eq!(kind, EventErrorKind::MissingEnvelope);
        assert_eq!(span.bytes, Span::new(0, text.len()));
        assert_eq!(span.utf16, Span::new(0, text.len() - 1));
    }
}
