//! `eventlens check`: JSON Lines cases in, one verdict line out per case; never stops on a bad line.

use crate::compact::serde_compact;
use clap::Args;
use eventlens::TEST_EVENT_PATTERN_MESSAGE;
use eventlens::{Event, Limits, Pattern};
use serde_json::value::RawValue;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::io::{BufRead, BufWriter, Write};
use std::process::ExitCode;

/// Arguments of `eventlens check`.
#[derive(Args)]
pub struct CheckArgs {
    /// Also apply the TestEventPattern API's event check (the envelope fields it requires).
    #[arg(long)]
    test_event_pattern: bool,
}

/// Runs the command over standard input.
pub fn run(args: &CheckArgs, limits: &Limits) -> Result<ExitCode, String> {
    let stdin = std::io::stdin();
    let mut out = BufWriter::new(std::io::stdout().lock());
    // Lines are read as bytes so that one line of invalid UTF-8 is reported, not fatal.
    for (n, line) in stdin.lock().split(b'\n').enumerate() {
        let mut bytes = line.map_err(|e| format!("reading standard input: {e}"))?;
        if bytes.last() == Some(&b'\r') {
            bytes.pop();
        }
        let verdict = match String::from_utf8(bytes) {
            Ok(text) if text.trim().is_empty() => continue,
            Ok(text) => check_line(text, n + 1, args.test_event_pattern, limits),
            Err(e) => bad_line(
                n + 1,
                format!(
                    "the line is not valid UTF-8 (first bad byte at offset {})",
                    e.utf8_error().valid_up_to()
                ),
            ),
        };
        writeln!(out, "{verdict}").map_err(|e| format!("writing: {e}"))?;
    }
    out.flush().map_err(|e| format!("writing: {e}"))?;
    Ok(ExitCode::SUCCESS)
}

/// The verdict object for one input line. The line is let go of once read: a large event is
/// held once (as its text) while it is matched.
pub fn check_line(line: String, number: usize, test_event_pattern: bool, limits: &Limits) -> Value {
    let case = Case::read(&line);
    drop(line);
    let Case { id, pattern, event } = match case {
        Ok(case) => case,
        Err(error) => return bad_line(number, error),
    };
    let verdict = |result: &str, error: Option<String>| {
        let mut v = json!({"id": id, "result": result});
        if let Some(e) = error {
            v["error"] = Value::String(e);
        }
        v
    };
    let Some(pattern_text) = pattern else {
        return verdict(
            "invalid-pattern",
            Some("the case has no \"pattern\" or \"pattern_raw\"".to_string()),
        );
    };
    let pattern = match Pattern::compile_with(&pattern_text, limits) {
        Ok(p) => p,
        Err(e) => return verdict("invalid-pattern", Some(e.message)),
    };
    let Some(event_text) = event else {
        return verdict(
            "invalid-event",
            Some("the case has no \"event\" or \"event_raw\"".to_string()),
        );
    };
    let event = Event::parse_owned(event_text, limits).map_err(|(e, _)| e);
    let event = match event.and_then(|e| {
        if test_event_pattern {
            e.check_envelope().map(|_| e)
        } else {
            Ok(e)
        }
    }) {
        Ok(e) => e,
        // TestEventPattern answers every refused event with one message; ours goes in `detail`.
        Err(e) if test_event_pattern => {
            let mut v = verdict(
                "invalid-event",
                Some(TEST_EVENT_PATTERN_MESSAGE.to_string()),
            );
            v["detail"] = Value::String(e.to_string());
            return v;
        }
        Err(e) => return verdict("invalid-event", Some(e.to_string())),
    };
    verdict(
        if pattern.matches(&event) {
            "match"
        } else {
            "no-match"
        },
        None,
    )
}

/// What `check` takes from a case line: the texts of the pattern and the event (`*_raw` as
/// given, or the JSON value written compactly) and the id.
struct Case {
    id: Value,
    pattern: Option<String>,
    event: Option<String>,
}

impl Case {
    /// Reads a case line; the error says why the line is no case.
    fn read(line: &str) -> Result<Case, String> {
        if let Some(case) = Self::read_lean(line) {
            return Ok(case);
        }
        let case: Map<String, Value> = match serde_json::from_str(line) {
            Ok(Value::Object(m)) => m,
            Ok(_) => return Err("the line is not a JSON object".to_string()),
            Err(e) => return Err(format!("the line is not JSON: {e}")),
        };
        let text = |raw: &str, value: &str| -> Option<String> {
            match case.get(raw) {
                Some(Value::String(s)) => Some(s.clone()),
                _ => case.get(value).map(Value::to_string),
            }
        };
        Ok(Case {
            id: case.get("id").cloned().unwrap_or(Value::Null),
            pattern: text("pattern_raw", "pattern"),
            event: text("event_raw", "event"),
        })
    }

    /// [`Case::read`] without a `serde_json::Value` of the event, which costs many times the
    /// event's size; `None` (and the way through `Value`) wherever the two could differ.
    fn read_lean(line: &str) -> Option<Case> {
        let case: HashMap<String, &RawValue> = serde_json::from_str(line).ok()?;
        let id = match case.get("id") {
            Some(raw) => serde_json::from_str(raw.get()).ok()?,
            None => Value::Null,
        };
        let text = |raw: &str, value: &str| -> Option<Option<String>> {
            if let Some(r) = case.get(raw).filter(|r| r.get().starts_with('"')) {
                return serde_json::from_str(r.get()).ok().map(Some);
            }
            match case.get(value) {
                Some(r) => serde_compact(r.get()).map(Some),
                None => Some(None),
            }
        };
        Some(Case {
            id,
            pattern: text("pattern_raw", "pattern")?,
            event: text("event_raw", "event")?,
        })
    }
}

fn bad_line(number: usize, error: String) -> Value {
    json!({"id": null, "line": number, "result": "invalid-line", "error": error})
}
