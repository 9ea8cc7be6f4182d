//! `eventlens bus`: put a PutEvents request on a bus of rules and show, per entry, its event id or
//! error, the rules that matched (and why others did not) and each target's exact payload.

use crate::input;
use anstyle::{AnsiColor, Style};
use clap::Args;
use eventlens::Limits;
use eventlens_bus::{
    Arrival, Bus, BusSettings, ConfigError, PutEventsOutcome, PutOptions, Route, Timestamp,
};
use serde::Serialize;
use std::fmt::Write;
use std::process::ExitCode;

const GOOD: Style = AnsiColor::Green.on_default().bold();
const BAD: Style = AnsiColor::Red.on_default().bold();
const DIM: Style = AnsiColor::BrightBlack.on_default();

/// Arguments of `eventlens bus`.
#[derive(Args)]
#[command(group(clap::ArgGroup::new("input").required(true).args(["entries", "events"])))]
pub struct BusArgs {
    /// The rules: a JSON list of rules, {"Rules": [...], "Endpoints": [...]}, or a
    /// CloudFormation/SAM template in JSON or YAML (`-` for stdin).
    #[arg(long)]
    rules: String,
    /// The PutEvents request body: {"Entries": [...], "EndpointId": ...} or a bare entry list
    /// (`-` for stdin).
    #[arg(long)]
    entries: Option<String>,
    /// Events that AWS services or SaaS partners put on the bus themselves, whole: a JSON list
    /// or JSON Lines of event envelopes (id, time, account and region filled when missing;
    /// `-` for stdin). Instead of --entries.
    #[arg(long)]
    events: Option<String>,
    /// Print the whole outcome as JSON (response, events, explanations, payloads).
    #[arg(long)]
    json: bool,
    /// The account id written in events and ARNs.
    #[arg(long, default_value = "123456789012")]
    account: String,
    /// The Region PutEvents is called in.
    #[arg(long, default_value = "us-east-1")]
    region: String,
    /// The ingestion time (RFC 3339); the current time by default.
    #[arg(long)]
    now: Option<String>,
    /// Seed for event ids: the same seed gives the same ids. Random by default.
    #[arg(long)]
    seed: Option<u64>,
    /// Mark an endpoint's primary Region unhealthy (health check ARN, endpoint name or id).
    /// Repeatable.
    #[arg(long, value_name = "CHECK")]
    unhealthy: Vec<String>,
    /// A CloudFormation template parameter, NAME=VALUE. Repeatable.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    params: Vec<String>,
    /// The value of another stack's export, for `Fn::ImportValue`, NAME=VALUE. Repeatable.
    #[arg(long = "import", value_name = "NAME=VALUE")]
    imports: Vec<String>,
    /// `AWS::StackName` in templates.
    #[arg(long, default_value = "eventlens")]
    stack_name: String,
}

#[derive(Serialize)]
struct JsonOutput<'a> {
    notes: &'a [String],
    #[serde(flatten)]
    outcome: &'a PutEventsOutcome,
}

/// Runs the command: exit 0 when every entry was accepted, 1 when some failed, 2 when the rules
/// or the request are refused. The rules are loaded strictly ([`Bus::load_with`]): one rule
/// EventBridge would refuse refuses the file, as a deployment would fail.
pub fn run(args: &BusArgs, limits: &Limits) -> Result<ExitCode, String> {
    let mut settings = BusSettings {
        account: args.account.clone(),
        region: args.region.clone(),
        stack_name: args.stack_name.clone(),
        ..BusSettings::default()
    };
    for (option, given, into) in [
        ("--param", &args.params, &mut settings.parameters),
        ("--import", &args.imports, &mut settings.imports),
    ] {
        for p in given {
            let (k, v) = p
                .split_once('=')
                .ok_or_else(|| format!("{option} {p}: expected NAME=VALUE"))?;
            into.insert(k.to_string(), v.to_string());
        }
    }
    let now = match &args.now {
        Some(t) => Timestamp::parse(t).map_err(|e| format!("--now: {e}"))?,
        None => system_now()?,
    };
    let options = PutOptions {
        now,
        seed: args
            .seed
            .unwrap_or_else(|| now.epoch_seconds() as u64 ^ u64::from(std::process::id())),
        unhealthy: args.unhealthy.clone(),
    };
    let rules_text = input::read_text(&args.rules)?;
    let (input_path, service) = match (&args.entries, &args.events) {
        (Some(path), _) => (path, false),
        (None, Some(path)) => (path, true),
        (None, None) => return Err("give --entries or --events".to_string()),
    };
    let input_text = input::read_text(input_path)?;
    let bus = match Bus::load_with(&rules_text, settings, limits.clone()) {
        Ok(b) => b,
        Err(e) => {
            anstream::eprint!("{}", config_error(&e, &args.rules));
            return Ok(ExitCode::from(2));
        }
    };
    let outcome = if service {
        bus.put_service_events(&input_text, &options)
    } else {
        bus.put_events(&input_text, &options)
    };
    let outcome = match outcome {
        Ok(o) => o,
        Err(e) => {
            anstream::eprintln!("{BAD}error{BAD:#}: {}: {}", e.code, e.message);
            return Ok(ExitCode::from(2));
        }
    };
    if args.json {
        let out = JsonOutput {
            notes: bus.notes(),
            outcome: &outcome,
        };
        println!(
            "{}",
            serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?
        );
    } else {
        for note in bus.notes() {
            anstream::eprintln!("{DIM}note: {note}{DIM:#}");
        }
        anstream::print!("{}", human(&outcome));
    }
    Ok(ExitCode::from(
        if outcome.response.failed_entry_count == 0 {
            0
        } else {
            1
        },
    ))
}

fn system_now() -> Result<Timestamp, String> {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|e| format!("the system clock is before 1970: {e}"))?;
    Timestamp::from_epoch_millis(since.as_millis() as i64).map_err(|e| e.to_string())
}

fn config_error(e: &ConfigError, file: &str) -> String {
    let mut out = format!("{BAD}error{BAD:#}: {}\n", e.message);
    match (e.line, e.column) {
        // The place in the file, and the dotted path when the fault is in a definition.
        (Some(line), Some(column)) if !e.location.is_empty() => {
            let _ = writeln!(
                out,
                "  {DIM}--> {file}:{line}:{column}: {}{DIM:#}",
                e.location
            );
        }
        (Some(line), Some(column)) => {
            let _ = writeln!(out, "  {DIM}--> {file}:{line}:{column}{DIM:#}");
        }
        _ if !e.location.is_empty() => {
            let _ = writeln!(out, "  {DIM}--> {file}: {}{DIM:#}", e.location);
        }
        _ => {}
    }
    if e.message.starts_with("Template parameter") {
        let _ = writeln!(
            out,
            "  {DIM}= give template parameters with --param NAME=VALUE{DIM:#}"
        );
    }
    out
}

/// The human report: per entry its id or error, then per bus reached every rule and payload.
fn human(outcome: &PutEventsOutcome) -> String {
    let mut out = String::new();
    for entry in &outcome.entries {
        match (&entry.event_id, &entry.error) {
            (_, Some(err)) => {
                let _ = writeln!(
                    out,
                    "entry {}: {BAD}{}{BAD:#} {}",
                    entry.index, err.code, err.message
                );
                if let Some(d) = &err.detail {
                    let _ = writeln!(
                        out,
                        "  {DIM}Detail line {}, column {}:{DIM:#} {}",
                        d.line, d.column, d.reason
                    );
                }
            }
            (Some(id), None) => {
                let _ = writeln!(out, "entry {}: event {GOOD}{id}{GOOD:#}", entry.index);
                for arrival in &entry.arrivals {
                    arrival_lines(arrival, &mut out);
                }
            }
            (None, None) => {}
        }
    }
    let _ = writeln!(
        out,
        "FailedEntryCount: {}",
        outcome.response.failed_entry_count
    );
    out
}

fn arrival_lines(a: &Arrival, out: &mut String) {
    let route = match &a.route {
        Route::Direct => "put directly".to_string(),
        Route::Primary { endpoint } => format!("through endpoint {endpoint}, primary Region"),
        Route::Failover { endpoint } => {
            format!("through endpoint {endpoint}, failed over to the secondary Region")
        }
        Route::Replica { endpoint, from } => {
            format!("replicated by endpoint {endpoint} from {from}")
        }
    };
    let deferred = if a.deferred {
        " (held until the Region is available)"
    } else {
        ""
    };
    let _ = writeln!(out, "  {} bus {}: {route}{deferred}", a.region, a.bus);
    if a.rules.is_empty() {
        let _ = writeln!(out, "    {DIM}no rules on this bus{DIM:#}");
    }
    for r in &a.rules {
        let (mark, style) = if r.delivered {
            ("✔", GOOD)
        } else {
            ("✘", BAD)
        };
        let _ = writeln!(
            out,
            "    {style}{mark}{style:#} rule {}: {}",
            r.rule, r.reason
        );
        // The explanation's hints for what missed, as `eventlens test --explain` shows them.
        if !r.matched {
            let best = r.explanation.combinations.get(r.explanation.best);
            for hint in best
                .into_iter()
                .flat_map(|c| &c.conditions)
                .filter(|c| !c.held)
                .filter_map(|c| c.suggestion.as_deref())
            {
                let _ = writeln!(out, "        {DIM}hint: {hint}{DIM:#}");
            }
        }
        for d in &r.deliveries {
            let _ = writeln!(
                out,
                "        → target {} {DIM}({}){DIM:#}",
                d.target_id, d.arn
            );
            match (&d.payload, &d.note) {
                (Some(p), _) => {
                    let _ = writeln!(out, "          {p}");
                }
                (None, Some(n)) => {
                    let _ = writeln!(out, "          {BAD}nothing sent{BAD:#}: {n}");
                }
                (None, None) => {}
            }
        }
    }
}
