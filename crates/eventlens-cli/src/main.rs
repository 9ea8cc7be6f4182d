//! `eventlens`: test, explain and validate Amazon EventBridge event patterns from the shell.

mod commands;
mod compact;
mod input;
mod junit;
mod render;

use clap::{Args, Parser, Subcommand};
use std::process::ExitCode;

/// EventBridge event patterns, checked offline: validation with AWS's error texts, matching and
/// explanations.
#[derive(Parser)]
#[command(name = "eventlens", version, about)]
struct Cli {
    #[command(flatten)]
    limits: LimitArgs,
    #[command(subcommand)]
    command: Command,
}

/// Size limits (EventBridge's by default).
#[derive(Args, Clone)]
pub struct LimitArgs {
    /// Longest pattern accepted, in characters.
    #[arg(long, global = true, default_value_t = 2048)]
    max_pattern_chars: usize,
    /// Largest event accepted, in bytes.
    #[arg(long, global = true, default_value_t = 256 * 1024)]
    max_event_bytes: usize,
    /// Deepest nesting accepted in patterns and events.
    #[arg(long, global = true, default_value_t = 1100)]
    max_depth: usize,
}

impl LimitArgs {
    /// The engine limits these arguments name.
    pub fn limits(&self) -> eventlens::Limits {
        eventlens::Limits {
            max_pattern_chars: self.max_pattern_chars,
            max_event_bytes: self.max_event_bytes,
            max_depth: self.max_depth,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Test one event against one pattern. Exit status: 0 match, 1 no match, 2 invalid input.
    Test(commands::test::TestArgs),
    /// Read JSON Lines cases on stdin and write one verdict line per case.
    Check(commands::check::CheckArgs),
    /// Validate a pattern and print AWS's error with its line and column. Exit status 0 or 2.
    Validate(commands::validate::ValidateArgs),
    /// Put a PutEvents request on a bus of rules: each entry's event id or error, the rules that
    /// matched and each target's exact payload. Exit status: 0 all accepted, 1 some failed, 2
    /// invalid input.
    Bus(commands::bus::BusArgs),
    /// Match a stream of events (one per line) against a rules file: one line per event with the
    /// names of the matching rules. Exit status: 0, or 1 when some line was not a valid event.
    Match(commands::match_cmd::MatchArgs),
    /// Run suite files of expectations (patterns that must and must not match events). Exit
    /// status: 0 all hold, 1 some fail, 2 a file unreadable or not a valid suite.
    TestSuite(commands::test_suite::TestSuiteArgs),
    /// Time a benchmark rule set over an events file against serde_json's validate-only scan.
    Bench(commands::bench::BenchArgs),
    /// Replay archives of events (files, directories, globs; gzip, zstd or plain) against rules
    /// on every core: per-rule counts, and with --out each rule's matching events. Exit status:
    /// 0, 1 when some event or file was bad and skipped, 2 when the rules cannot be used.
    Replay(commands::replay::ReplayArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let limits = cli.limits.limits();
    let result = match cli.command {
        Command::Test(args) => commands::test::run(&args, &limits),
        Command::Check(args) => commands::check::run(&args, &limits),
        Command::Validate(args) => commands::validate::run(&args, &limits),
        Command::Bus(args) => commands::bus::run(&args, &limits),
        Command::Match(args) => commands::match_cmd::run(&args, &limits),
        Command::TestSuite(args) => commands::test_suite::run(&args, &limits),
        Command::Bench(args) => commands::bench::run(&args, &limits),
        Command::Replay(args) => commands::replay::run(&args, &limits),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("eventlens: {e}");
            ExitCode::from(2)
        }
    }
}
