//! `eventlens check`: JSON Lines cases in, one verdict line out per case; never stops on a bad line.

use clap::Args;
use eventlens::TEST_EVENT_PATTERN_MESSAGE;
use eventlens::{Event, Limits, Pattern};
use serde_json::{json, Map, Value};
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
        let bytes = line.map_err(|e| format!("reading standard input: {e}"))?;
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(&bytes);
        let verdict = match std::str::from_utf8(bytes) {
            Ok(text) if text.trim().is_empty() => continue,
            Ok(text) => check_line(text, n + 1, args.test_event_pattern, limits),
            Err(e) => bad_line(
                n + 1,
                format!(
                    "the line is not valid UTF-8 (first bad byte at offset {})",
                    e.valid_up_to()
                ),
            ),
        };
        writeln!(out, "{verdict}").map_err(|e| format!("writing: {e}"))?;
    }
    out.flush().map_err(|e| format!("writing: {e}"))?;
    Ok(ExitCode::SUCCESS)
}

/// The verdict object for one input line.
pub fn check_line(line: &str, number: usize, test_event_pattern: bool, limits: &Limits) -> Value {
    let case: Map<String, Value> = match serde_json::from_str(line) {
        Ok(Value::Object(m)) => m,
        Ok(_) => return bad_line(number, "the line is not a JSON object".to_string()),
        Err(e) => return bad_line(number, format!("the line is not JSON: {e}")),
    };
    let id = case.get("id").cloned().unwrap_or(Value::Null);
    let text = |raw: &str, value: &str| -> Option<String> {
        match case.get(raw) {
            Some(Value::String(s)) => Some(s.clone()),
            _ => case.get(value).map(Value::to_string),
        }
    };
    let verdict = |result: &str, error: Option<String>| {
        let mut v = json!({"id": id, "result": result});
        if let Some(e) = error {
            v["error"] = Value::String(e);
        }
        v
    };
    let Some(pattern_text) = text("pattern_raw", "pattern") else {
        return verdict(
            "invalid-pattern",
            Some("the case has no \"pattern\" or \"pattern_raw\"".to_string()),
        );
    };
    let pattern = match Pattern::compile_with(&pattern_text, limits) {
        Ok(p) => p,
        Err(e) => return verdict("invalid-pattern", Some(e.message)),
    };
    let Some(event_text) = text("event_raw", "event") else {
        return verdict(
            "invalid-event",
            Some("the case has no \"event\" or \"event_raw\"".to_string()),
        );
    };
    let event = Event::parse_with(&event_text, limits);
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

fn bad_line(number: usize, error: String) -> Value {
    json!({"id": null, "line": number, "result": "invalid-line", "error": error})
}
