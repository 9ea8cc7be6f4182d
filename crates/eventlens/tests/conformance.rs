//! Runs every case of the shared conformance corpus (`../shared/conformance/*.jsonl`, read in
//! place) through the engine, and checks each explanation against the matcher and the texts.
//!
//! The corpus is read by `eventlens-conformance` (the format: `tests/conformance/README.md` at the
//! workspace root). A case that fails must be listed, with the reason, in
//! `tests/conformance/known-deviations.json`; an unlisted failure, or a listed case that now
//! passes, fails the test.

use eventlens::{Event, Pattern, Span};
use eventlens_conformance::{Case, Corpus, Outcome};
use serde_json::Value;
use std::collections::BTreeMap;

/// Runs one case; `Err` says how the engine disagreed.
fn run(case: &Case) -> Result<(), String> {
    let pattern = match Pattern::compile(&case.pattern) {
        Ok(p) => p,
        Err(e) => {
            if case.expect != Outcome::InvalidPattern {
                return Err(format!("invalid pattern: {}", e.message));
            }
            return match &case.error_message {
                // event-ruler's own cases give its bare reason; AWS's give the whole message.
                Some(m) if case.file == "event-ruler" && *m != e.reason => {
                    Err(format!("reason {:?}, expected {m:?}", e.reason))
                }
                Some(m) if case.file != "event-ruler" && *m != e.message => {
                    Err(format!("message {:?}, expected {m:?}", e.message))
                }
                _ => Ok(()),
            };
        }
    };
    if case.expect == Outcome::InvalidPattern {
        return Err("pattern accepted".to_string());
    }
    let Some(event_text) = &case.event else {
        return Ok(());
    };
    let event = match Event::parse(event_text) {
        Ok(e) => e,
        Err(e) => {
            return if case.expect == Outcome::InvalidEvent {
                Ok(())
            } else {
                Err(format!("invalid event: {e}"))
            }
        }
    };
    // localstack's cases went through the TestEventPattern API, which checks the envelope.
    if case.file == "localstack" && event.check_envelope().is_err() {
        return if case.expect == Outcome::InvalidEvent {
            Ok(())
        } else {
            Err("envelope refused".to_string())
        };
    }
    let matched = pattern.matches(&event);
    check_explanation(&pattern, &event, matched)?;
    let got = if matched {
        Outcome::Match
    } else {
        Outcome::NoMatch
    };
    if got != case.expect {
        return Err(format!(
            "{}, expected {}",
            got.as_str(),
            case.expect.as_str()
        ));
    }
    Ok(())
}

/// The explanation agrees with the matcher and every span names the text it claims to.
fn check_explanation(pattern: &Pattern, event: &Event, matched: bool) -> Result<(), String> {
    let x = pattern.explain(event);
    if x.matched != matched {
        return Err(format!(
            "explanation says {}, matcher says {matched}",
            x.matched
        ));
    }
    let (p, e) = (pattern.source(), event.source());
    let in_text = |s: Span, t: &str| {
        s.start <= s.end
            && s.end <= t.len()
            && t.is_char_boundary(s.start)
            && t.is_char_boundary(s.end)
    };
    for combo in &x.combinations {
        for c in &combo.conditions {
            if !in_text(c.pattern_span, p) || !p[c.pattern_span.start..].starts_with('[') {
                return Err(format!(
                    "condition span of {} is not its matcher list",
                    c.path
                ));
            }
            let key: String = serde_json::from_str(c.key_span.slice(p))
                .map_err(|_| "key span is not a JSON string")?;
            if !c.path.ends_with(&key) {
                return Err(format!("key span {key:?} does not name {}", c.path));
            }
            for m in &c.matchers {
                if !in_text(m.span, p) || serde_json::from_str::<Value>(m.span.slice(p)).is_err() {
                    return Err(format!("matcher span {:?} is not a JSON value", m.span));
                }
            }
            for v in &c.values {
                let at: Value =
                    serde_json::from_str(v.span.slice(e)).map_err(|_| "value span is not JSON")?;
                let said: Value =
                    serde_json::from_str(&v.value).map_err(|_| "value text is not JSON")?;
                if at != said && !v.value.contains('?') {
                    return Err(format!("value span holds {at}, report says {said}"));
                }
            }
        }
    }
    Ok(())
}

#[test]
fn conformance_corpus() {
    let corpus = Corpus::load();
    let deviations = &corpus.deviations;
    let cases: Vec<&Case> = corpus.cases().collect();
    assert!(
        cases.len() >= 1399,
        "corpus incomplete: {} cases",
        cases.len()
    );
    let mut counts: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut unexpected = Vec::new();
    let mut stale = Vec::new();
    for case in cases {
        let entry = counts.entry(case.file.clone()).or_default();
        if case.disputed {
            entry.2 += 1;
            continue;
        }
        let outcome = run(case);
        match (&outcome, deviations.contains_key(&case.id)) {
            (Ok(()), false) => entry.0 += 1,
            (Ok(()), true) => stale.push(case.id.clone()),
            (Err(_), true) => entry.1 += 1,
            (Err(why), false) => {
                entry.1 += 1;
                unexpected.push(format!(
                    "{}: {why}\n    pattern: {}\n    event: {}",
                    case.id,
                    case.pattern,
                    case.event.as_deref().unwrap_or("-")
                ));
            }
        }
    }
    for (file, (pass, fail, skip)) in &counts {
        println!("{file}: {pass} passed, {fail} failed, {skip} skipped (disputed)");
    }
    assert!(
        unexpected.is_empty(),
        "{} unlisted failures:\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
    assert!(
        stale.is_empty(),
        "listed as deviations but passing: {stale:?}"
    );
    for file in ["localstack", "aws-docs"] {
        assert_eq!(counts[file].1, 0, "{file} must pass completely");
    }
    let (pass, fail, _) = counts["event-ruler"];
    assert!(
        pass * 100 >= (pass + fail) * 99,
        "event-ruler below 99 %: {pass}/{}",
        pass + fail
    );
}
