//! `eventlens match`: a rules file and a stream of events (one per line) in, one line out per
//! event with the names of the rules it matches; a bad line is reported and skipped.

use clap::{Args, ValueEnum};
use eventlens::{Limits, RuleSet, Validation};
use flate2::read::MultiGzDecoder;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::process::ExitCode;

/// Arguments of `eventlens match`.
#[derive(Args)]
pub struct MatchArgs {
    /// Rules: a JSON object of name → pattern, or a list of {"name", "pattern"} objects. A
    /// pattern is a JSON object, or a string holding the pattern text exactly.
    #[arg(long, value_name = "RULES.json")]
    rules: String,
    /// Events, one JSON object per line (`-` or nothing: standard input; `.gz` is decompressed).
    #[arg(value_name = "EVENTS.jsonl")]
    events: Option<String>,
    /// How much of each event is checked.
    #[arg(long, value_enum, default_value_t = Checks::Full)]
    validation: Checks,
}

/// How much of each event the rule set checks (`eventlens::Validation`).
#[derive(Clone, Copy, ValueEnum)]
pub enum Checks {
    /// Every byte, as the event parser: a bad line always gets the parser's error.
    Full,
    /// The event's structure and what the rules read; faster, but a malformed value that no
    /// rule reads goes unnoticed.
    Structure,
}

impl Checks {
    /// The engine's setting.
    pub fn validation(self) -> Validation {
        match self {
            Checks::Full => Validation::Full,
            Checks::Structure => Validation::Structure,
        }
    }
}

/// Runs the command. Exit status: 0, or 1 when some line was not a valid event.
pub fn run(args: &MatchArgs, limits: &Limits) -> Result<ExitCode, String> {
    let mut rules = load_rules(&args.rules, limits)?;
    rules.set_validation(args.validation.validation());
    let path = args.events.as_deref().unwrap_or("-");
    let mut input = open_events(path)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut bad_lines = 0usize;
    let mut buf = Vec::new();
    for number in 1.. {
        let Some(line) = next_line(&mut input, &mut buf, path)? else {
            break;
        };
        let verdict = match line {
            Err(e) => {
                bad_lines += 1;
                json!({"line": number, "error": e})
            }
            Ok(text) if text.trim().is_empty() => continue,
            Ok(text) => match rules.matches(&text) {
                Ok(names) => json!({"line": number, "matches": names}),
                Err(e) => {
                    bad_lines += 1;
                    json!({"line": number, "error": e.to_string(), "kind": e.kind})
                }
            },
        };
        writeln!(out, "{verdict}").map_err(|e| format!("writing: {e}"))?;
    }
    out.flush().map_err(|e| format!("writing: {e}"))?;
    Ok(if bad_lines == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Reads and compiles a rules file; every bad rule is named in the error.
pub fn load_rules(path: &str, limits: &Limits) -> Result<RuleSet, String> {
    let text = crate::input::read_text(path)?;
    let value: Value =
        serde_json::from_str(&text).map_err(|e| format!("{path} is not JSON: {e}"))?;
    eventlens_bus::rules_file::named_patterns(&value, limits).map_err(|e| format!("{path}: {e}"))
}

/// Opens an events file (`-`: standard input), decompressing it when its name ends in `.gz`.
pub fn open_events(path: &str) -> Result<Box<dyn BufRead>, String> {
    if path == "-" {
        return Ok(Box::new(BufReader::new(std::io::stdin())));
    }
    let file = std::fs::File::open(path).map_err(|e| format!("reading {path}: {e}"))?;
    Ok(if path.ends_with(".gz") {
        Box::new(BufReader::new(MultiGzDecoder::new(file)))
    } else {
        Box::new(BufReader::new(file))
    })
}

/// The next line without its line break: `None` at the end, `Some(Err)` for a line that is not
/// UTF-8 (the stream goes on), `Err` when the input cannot be read.
pub fn next_line(
    input: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    path: &str,
) -> Result<Option<Result<String, String>>, String> {
    buf.clear();
    let n = input
        .read_until(b'\n', buf)
        .map_err(|e| format!("reading {path}: {e}"))?;
    if n == 0 {
        return Ok(None);
    }
    while matches!(buf.last(), Some(b'\n' | b'\r')) {
        buf.pop();
    }
    Ok(Some(String::from_utf8(std::mem::take(buf)).map_err(|e| {
        format!(
            "the line is not valid UTF-8 (first bad byte at column {})",
            e.utf8_error().valid_up_to() + 1
        )
    })))
}
