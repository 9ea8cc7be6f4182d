//! JUnit XML reports of suite runs, for CI systems that show test results.
//!
//! Written by hand: the report is a handful of elements with attributes, and what it needs of
//! XML is escaping (the five special characters, and the characters XML 1.0 cannot hold at all,
//! which become U+FFFD); a writer crate would add more than it saves.

use eventlens_suite::Report;
use std::fmt::Write;

/// `text` as an XML attribute value (without the quotes).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Kept in attribute values only as character references.
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// One suite file's part of the report: its outcomes, or why it could not be run.
pub enum FileResult<'r> {
    /// The suite ran.
    Ran(&'r Report),
    /// The suite was refused (unreadable, invalid): the message.
    Refused(&'r str),
}

/// The whole report: a `testsuite` per file, a `testcase` per expectation.
pub fn report(files: &[(String, FileResult)]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"eventlens test-suite\">\n",
    );
    for (file, result) in files {
        let name = escape(file);
        match result {
            FileResult::Ran(report) => {
                let _ = writeln!(
                    out,
                    "  <testsuite name=\"{name}\" tests=\"{}\" failures=\"{}\" errors=\"0\">",
                    report.outcomes.len(),
                    report.failed()
                );
                for o in &report.outcomes {
                    let case = escape(&format!("{} {} {}", o.pattern, o.expected.words(), o.event));
                    match &o.reason {
                        None => {
                            let _ = writeln!(
                                out,
                                "    <testcase classname=\"{name}\" name=\"{case}\"/>"
                            );
                        }
                        Some(reason) => {
                            let _ = writeln!(
                                out,
                                "    <testcase classname=\"{name}\" name=\"{case}\">\n      <failure message=\"{}\"/>\n    </testcase>",
                                escape(&format!("expected {}, got {}: {reason}", o.expected.words(), o.actual.words()))
                            );
                        }
                    }
                }
            }
            FileResult::Refused(message) => {
                let _ = writeln!(
                    out,
                    "  <testsuite name=\"{name}\" tests=\"1\" failures=\"0\" errors=\"1\">\n    <testcase classname=\"{name}\" name=\"suite file\">\n      <error message=\"{}\"/>\n    </testcase>",
                    escape(message)
                );
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}
