//! `eventlens test-suite`: run suite files of expectations, one line per failure and a summary,
//! optionally a JUnit XML report.

use crate::junit::{self, FileResult};
use crate::{input, render};
use clap::Args;
use eventlens::{Limits, Span};
use eventlens_suite::{Report, Suite};
use std::process::ExitCode;

/// Arguments of `eventlens test-suite`.
#[derive(Args)]
pub struct TestSuiteArgs {
    /// Suite files (JSON or YAML).
    #[arg(required = true)]
    files: Vec<String>,
    /// Also write a JUnit XML report here (a testsuite per file, a testcase per expectation).
    #[arg(long, value_name = "OUT.xml")]
    junit: Option<String>,
}

/// A suite file read and run, or why not.
enum Ran {
    Report(Report),
    Refused(String),
}

/// Reads and runs one file; a refusal is printed to stderr at once.
fn run_file(path: &str, limits: &Limits) -> Ran {
    let text = match input::read_text(path) {
        Ok(text) => text,
        Err(e) => {
            anstream::eprintln!("eventlens: {e}");
            return Ran::Refused(e);
        }
    };
    match Suite::parse_with(&text, limits) {
        Ok(suite) => Ran::Report(suite.run()),
        Err(e) => {
            let (span, place) = match e.at {
                Some(at) => (at.span, format!("{path}:{}:{}", at.line, at.column)),
                None => (Span::new(0, 0), path.to_string()),
            };
            match e.at {
                Some(_) => anstream::eprint!("{}", render::error_at(&e.message, &text, span, path)),
                None => anstream::eprintln!("error: {} ({path})", e.message),
            }
            Ran::Refused(format!("{place}: {}", e.message))
        }
    }
}

/// Runs the command: exit 0 when every expectation holds, 1 when one fails, 2 when a file
/// cannot be read or is not a valid suite.
pub fn run(args: &TestSuiteArgs, limits: &Limits) -> Result<ExitCode, String> {
    let results: Vec<(String, Ran)> = args
        .files
        .iter()
        .map(|path| (path.clone(), run_file(path, limits)))
        .collect();
    let (mut passed, mut failed, mut refused) = (0, 0, 0);
    for (path, ran) in &results {
        match ran {
            Ran::Report(report) => {
                for o in report.failures() {
                    anstream::println!(
                        "{}",
                        render::suite_failure(
                            path,
                            &o.pattern,
                            &o.event,
                            o.expected.words(),
                            o.actual.words(),
                            o.reason.as_deref().unwrap_or_default()
                        )
                    );
                }
                passed += report.passed();
                failed += report.failed();
            }
            Ran::Refused(_) => refused += 1,
        }
    }
    let files = results.len();
    let mut summary = format!(
        "{} expectations in {files} file{}: {passed} passed, {failed} failed",
        passed + failed,
        if files == 1 { "" } else { "s" }
    );
    if refused > 0 {
        summary.push_str(&format!(
            ", {refused} file{} not run",
            if refused == 1 { "" } else { "s" }
        ));
    }
    anstream::println!("{}", render::summary(&summary, failed + refused == 0));
    if let Some(out) = &args.junit {
        let parts: Vec<(String, FileResult)> = results
            .iter()
            .map(|(path, ran)| {
                let part = match ran {
                    Ran::Report(report) => FileResult::Ran(report),
                    Ran::Refused(message) => FileResult::Refused(message),
                };
                (path.clone(), part)
            })
            .collect();
        std::fs::write(out, junit::report(&parts)).map_err(|e| format!("writing {out}: {e}"))?;
    }
    Ok(ExitCode::from(if refused > 0 {
        2
    } else if failed > 0 {
        1
    } else {
        0
    }))
}
