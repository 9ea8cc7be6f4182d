//! `eventlens validate`: AWS's verdict on a pattern, with the line and column of any fault.

use crate::{input, render};
use clap::Args;
use eventlens::{Limits, Pattern};
use std::process::ExitCode;

/// Arguments of `eventlens validate`.
#[derive(Args)]
pub struct ValidateArgs {
    /// The pattern file (`-` for stdin).
    #[arg(long)]
    pattern: String,
}

/// Runs the command: exit 0 for a valid pattern, 2 for an invalid one.
pub fn run(args: &ValidateArgs, limits: &Limits) -> Result<ExitCode, String> {
    let text = input::read_text(&args.pattern)?;
    match Pattern::compile_with(&text, limits) {
        Ok(p) => {
            let n = p.combination_count();
            let combos = if n > 1 {
                format!(" ({n} $or combinations)")
            } else {
                String::new()
            };
            anstream::println!("Valid pattern{combos}");
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            anstream::eprint!(
                "{}",
                render::error_at(&e.message, &text, e.span, &args.pattern)
            );
            Ok(ExitCode::from(2))
        }
    }
}
