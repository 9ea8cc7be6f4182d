//! `eventlens replay`: which events of an archive would these rules have matched? Files,
//! directories and globs of events (gzip, zstd or plain; one per line, concatenated or in an array;
//! envelopes or Firehose records of them) are matched on every core, file by file and chunk by
//! chunk; the counts do not depend on the number of threads, and with `--out` each rule's
//! matching events are written, byte for byte, in input order.

mod firehose;
mod out;
mod scan;
mod sources;

use super::match_cmd::Checks;
use clap::Args;
use eventlens::Limits;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use scan::{Fault, Matcher, Tally};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Instant;

/// Arguments of `eventlens replay`.
#[derive(Args)]
pub struct ReplayArgs {
    /// Rules: an object of name → pattern or a list of {"name", "pattern"} (as `match` reads),
    /// or a bus rules file (rule list, {"Rules": [...]}, CloudFormation/SAM template in JSON or
    /// YAML), whose disabled rules are left out.
    #[arg(long, value_name = "RULES")]
    rules: String,
    /// Event files, directories (read recursively) and glob patterns.
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<String>,
    /// Write each rule's matching events to DIR/<rule>.jsonl (names made file-safe with %XX).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Threads (all cores by default).
    #[arg(long)]
    threads: Option<usize>,
    /// How much of each event is checked.
    #[arg(long, value_enum, default_value_t = Checks::Full)]
    validation: Checks,
    /// Print the summary as one JSON object.
    #[arg(long)]
    json: bool,
    /// Only read (decompress) the inputs, matching nothing: the benchmark's baseline.
    #[arg(long, hide = true)]
    read_only: bool,
    /// Plain files larger than this are matched in chunks of about this size.
    #[arg(long, hide = true, default_value_t = sources::CHUNK_BYTES)]
    chunk_bytes: u64,
}

/// Runs the command. Exit status: 0, 1 when some event or file was bad (and skipped), 2 when
/// the rules or the output cannot be used.
pub fn run(args: &ReplayArgs, limits: &Limits) -> Result<ExitCode, String> {
    let text = crate::input::read_text(&args.rules)?;
    let loaded = eventlens_bus::rules_file::load(&text, limits)
        .map_err(|e| format!("{}: {e}", args.rules))?;
    let mut rules = loaded.rules;
    rules.set_validation(args.validation.validation());
    let mut missing = Vec::new();
    let sources = sources::expand(&args.paths, &mut missing);
    let units = sources::plan(&sources, args.chunk_bytes.max(1));
    let bytes: u64 = sources.iter().map(|s| s.size).sum();

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .map_err(|e| format!("starting threads: {e}"))?;
    let progress = progress_bar(bytes);
    let matcher = Matcher::new(&rules, args.out.is_some(), args.read_only, progress.clone());
    let mut files = match &args.out {
        Some(dir) => Some(out::MatchFiles::create(dir, rules.names())?),
        None => None,
    };
    let started = Instant::now();
    let mut total = Tally {
        counts: vec![0; rules.len()],
        unreadable: missing
            .into_iter()
            .map(|(file, message)| Fault {
                file,
                offset: 0,
                message,
            })
            .collect(),
        ..Tally::default()
    };
    // Units are matched in parallel and merged in their order, so that the output files list
    // events as the inputs do.
    let written = std::thread::scope(|scope| {
        let (send, receive) = mpsc::channel::<(usize, Tally)>();
        let total = &mut total;
        let files = &mut files;
        let merger = scope.spawn(move || -> Result<(), String> {
            let mut waiting = BTreeMap::new();
            let mut next = 0;
            for (i, tally) in receive {
                waiting.insert(i, tally);
                while let Some(tally) = waiting.remove(&next) {
                    total.absorb(&tally);
                    if let Some(files) = files.as_mut() {
                        files.write(&tally.matched)?;
                    }
                    next += 1;
                }
            }
            Ok(())
        });
        pool.install(|| {
            units
                .par_iter()
                .enumerate()
                .for_each_with(send, |send, (i, unit)| {
                    let tally = matcher.scan(unit, &sources[unit.source]);
                    // The merger only stops early on a write error, reported below.
                    let _ = send.send((i, tally));
                });
        });
        merger.join().expect("the merger does not panic")
    });
    let seconds = started.elapsed().as_secs_f64();
    progress.finish_and_clear();
    match (written, files) {
        (Err(e), Some(files)) => {
            files.discard();
            return Err(e);
        }
        (Err(e), None) => return Err(e),
        (Ok(()), Some(files)) => files.finish()?,
        (Ok(()), None) => {}
    }

    let summary = Summary {
        names: rules.names().collect(),
        tally: &total,
        files: sources.len(),
        bytes,
        seconds,
        notes: &loaded.notes,
    };
    if args.json {
        println!("{}", summary.json());
    } else {
        print!("{}", summary.text());
    }
    Ok(if total.invalid == 0 && total.unreadable.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Bytes and events, rate and ETA on a terminal; hidden otherwise.
fn progress_bar(bytes: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(bytes);
    let style = ProgressStyle::with_template(
        "{bar:30} {bytes}/{total_bytes} {msg} ({bytes_per_sec}, ETA {eta})",
    )
    .expect("the template is valid");
    bar.set_style(style);
    bar
}

/// What a replay found, for printing.
struct Summary<'a> {
    names: Vec<&'a str>,
    tally: &'a Tally,
    files: usize,
    bytes: u64,
    seconds: f64,
    notes: &'a [String],
}

impl Summary<'_> {
    fn rate(&self) -> f64 {
        self.tally.events as f64 / self.seconds.max(1e-9)
    }

    fn json(&self) -> Value {
        let rules: Map<String, Value> = self
            .names
            .iter()
            .zip(&self.tally.counts)
            .map(|(n, c)| (n.to_string(), json!(c)))
            .collect();
        let faults = |list: &[Fault]| -> Vec<Value> {
            list.iter()
                .map(|f| json!({"file": f.file, "offset": f.offset, "error": f.message}))
                .collect()
        };
        json!({
            "events": self.tally.events,
            "invalid": self.tally.invalid,
            "rules": rules,
            "files": self.files,
            "bytes": self.bytes,
            "seconds": self.seconds,
            "events_per_second": self.rate().round(),
            "bad_events": faults(&self.tally.bad),
            "unreadable": faults(&self.tally.unreadable),
            "notes": self.notes,
        })
    }

    fn text(&self) -> String {
        use std::fmt::Write;
        let t = self.tally;
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{} events in {} files ({} invalid), {:.2} s: {:.0} events/s, {:.1} MB/s",
            t.events,
            self.files,
            t.invalid,
            self.seconds,
            self.rate(),
            self.bytes as f64 / 1e6 / self.seconds.max(1e-9)
        );
        let width = self.names.iter().map(|n| n.len()).max().unwrap_or(0);
        for (name, count) in self.names.iter().zip(&t.counts) {
            let _ = writeln!(s, "  {name:width$}  {count}");
        }
        if !t.bad.is_empty() {
            let _ = writeln!(s, "first invalid events:");
            for f in &t.bad {
                let _ = writeln!(s, "  {}, byte {}: {}", f.file, f.offset, f.message);
            }
        }
        for f in &t.unreadable {
            let _ = writeln!(
                s,
                "skipped {} (at byte {}): {}",
                f.file, f.offset, f.message
            );
        }
        for note in self.notes {
            let _ = writeln!(s, "note: {note}");
        }
        s
    }
}
