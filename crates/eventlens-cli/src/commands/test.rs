//! `eventlens test`: one pattern, one event, a verdict and optionally why.

use crate::{input, render};
use clap::Args;
use eventlens::{Event, Limits, Pattern};
use std::process::ExitCode;

/// Arguments of `eventlens test`.
#[derive(Args)]
pub struct TestArgs {
    /// The pattern file (`-` for stdin).
    #[arg(long)]
    pattern: String,
    /// The event file (`-` for stdin).
    #[arg(long)]
    event: String,
    /// Explain the verdict condition by condition.
    #[arg(long)]
    explain: bool,
}

/// Runs the command: exit 0 for a match, 1 for no match, 2 for invalid input.
pub fn run(args: &TestArgs, limits: &Limits) -> Result<ExitCode, String> {
    let pattern_text = input::read_text(&args.pattern)?;
    let event_text = input::read_text(&args.event)?;
    let pattern = match Pattern::compile_with(&pattern_text, limits) {
        Ok(p) => p,
        Err(e) => {
            anstream::eprint!(
                "{}",
                render::error_at(&e.message, &pattern_text, e.span, &args.pattern)
            );
            return Ok(ExitCode::from(2));
        }
    };
    // The event keeps the text it is read from: a large event is held once.
    let event = match Event::parse_owned(event_text, limits) {
        Ok(e) => e,
        Err((e, event_text)) => {
            anstream::eprint!(
                "{}",
                render::error_at(&e.message, &event_text, e.span, &args.event)
            );
            return Ok(ExitCode::from(2));
        }
    };
    let explanation = pattern.explain(&event);
    anstream::print!(
        "{}",
        render::explanation(&explanation, &pattern_text, args.explain)
    );
    Ok(ExitCode::from(if explanation.matched { 0 } else { 1 }))
}
