//! Human-readable output: verdicts, explanations and errors pointing into the source text.

use anstyle::{AnsiColor, Style};
use eventlens::{Explanation, Span, TextPos};
use std::fmt::Write;

const GOOD: Style = AnsiColor::Green.on_default().bold();
const BAD: Style = AnsiColor::Red.on_default().bold();
const DIM: Style = AnsiColor::BrightBlack.on_default();

/// The verdict line and, with `detail`, every condition of the combination closest to matching.
pub fn explanation(x: &Explanation, pattern: &str, detail: bool) -> String {
    let mut out = String::new();
    if x.matched {
        let _ = writeln!(out, "{GOOD}Match{GOOD:#}");
    } else {
        let _ = writeln!(out, "{BAD}No match{BAD:#}");
    }
    if !detail {
        return out;
    }
    let total = x.combinations.len();
    let best = &x.combinations[x.best];
    if total > 1 {
        let branches: Vec<String> = best
            .branches
            .iter()
            .map(|b| {
                let at = TextPos::of(pattern, b.or_span.start);
                format!("branch {} of the $or at line {}", b.branch + 1, at.line)
            })
            .collect();
        let verb = if best.matched {
            "matched"
        } else {
            "came closest"
        };
        let _ = writeln!(
            out,
            "{DIM}combination {} of {total} {verb}: {}{DIM:#}",
            x.best + 1,
            branches.join(", ")
        );
    }
    let mut conditions: Vec<_> = best.conditions.iter().collect();
    conditions.sort_by_key(|c| c.held);
    for c in conditions {
        let (mark, style) = if c.held { ("✔", GOOD) } else { ("✘", BAD) };
        let at = TextPos::of(pattern, c.pattern_span.start);
        let _ = writeln!(
            out,
            "  {style}{mark}{style:#} {}  {DIM}(pattern line {}){DIM:#}",
            c.reason, at.line
        );
        if let Some(hint) = &c.suggestion {
            let _ = writeln!(out, "      {DIM}hint:{DIM:#} {hint}");
        }
    }
    if let Some(note) = &best.note {
        let _ = writeln!(out, "  {BAD}✘{BAD:#} {note}");
    }
    out
}

/// An error message with the offending line of `text` and a caret under `span`.
pub fn error_at(message: &str, text: &str, span: Span, what: &str) -> String {
    let pos = TextPos::of(text, span.start);
    let mut out = format!(
        "{BAD}error{BAD:#}: {message}\n  {DIM}--> {what}:{}:{}{DIM:#}\n",
        pos.line, pos.column
    );
    if let Some(line) = text.lines().nth(pos.line - 1) {
        let shown: String = line.chars().take(200).collect();
        let lead: usize = line.chars().take(pos.column - 1).count().min(200);
        let width = span
            .slice(text)
            .chars()
            .take_while(|&c| c != '\n')
            .count()
            .clamp(1, 200 - lead.min(199));
        let _ = writeln!(
            out,
            "   | {shown}\n   | {}{BAD}{}{BAD:#}",
            " ".repeat(lead),
            "^".repeat(width)
        );
    }
    out
}

/// The line of a failed expectation of a suite file.
pub fn suite_failure(
    file: &str,
    pattern: &str,
    event: &str,
    expected: &str,
    actual: &str,
    reason: &str,
) -> String {
    format!("{BAD}FAIL{BAD:#} {file}: pattern \"{pattern}\", event \"{event}\": expected {expected}, got {actual}: {reason}")
}

/// A summary line, green when all is well.
pub fn summary(text: &str, good: bool) -> String {
    let style = if good { GOOD } else { BAD };
    format!("{style}{text}{style:#}")
}
