//! The native side of `scripts/bench-npm.mjs`: the same CityLots pattern sets, the same events,
//! the same calls, so the npm package's throughput can be quoted relative to native code.
//!
//! `bench_native SETS_JSON RUNS MODE SET… < events.jsonl` reads every event line into memory,
//! then per set compiles the set's pattern texts, makes one untimed pass and times `RUNS` passes
//! over all events. MODE `ruleset` calls `RuleSet::matches` on each event's text (the package's
//! `RuleSet.matches`); MODE `patterns` parses the event and calls `Pattern::matches` once per
//! pattern (the package's `compile(p).matches(text)`, which parses the text on every call).
//! It prints one JSON line per set: `{"set", "mode", "events", "matches", "wall_ms", "cpu_ms"}`
//! with the median wall-clock and process CPU time of a pass.

use cpu_time::ProcessTime;
use eventlens::{Event, Pattern, RuleSet};
use serde_json::{json, Value};
use std::io::Read;
use std::time::Instant;

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [sets_path, runs, mode, names @ ..] = args.as_slice() else {
        return Err(
            "usage: bench_native SETS_JSON RUNS ruleset|patterns SET… < events.jsonl".to_string(),
        );
    };
    let per_pattern = match mode.as_str() {
        "ruleset" => false,
        "patterns" => true,
        _ => return Err(format!("MODE is ruleset or patterns, not {mode}")),
    };
    let runs: usize = runs.parse().map_err(|e| format!("RUNS: {e}"))?;
    let sets: Value = serde_json::from_str(
        &std::fs::read_to_string(sets_path).map_err(|e| format!("{sets_path}: {e}"))?,
    )
    .map_err(|e| format!("{sets_path}: {e}"))?;
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .map_err(|e| format!("reading events: {e}"))?;
    let events: Vec<&str> = input.lines().filter(|l| !l.is_empty()).collect();
    for name in names {
        let set = sets["sets"]
            .as_array()
            .and_then(|all| all.iter().find(|s| s["name"] == name.as_str()))
            .ok_or_else(|| format!("no set {name} in {sets_path}"))?;
        let mut rules = RuleSet::new();
        let mut patterns = Vec::new();
        let texts = set["pattern_texts"].as_array().ok_or("no pattern_texts")?;
        let rule_names = set["pattern_names"].as_array().ok_or("no pattern_names")?;
        for (rule, text) in rule_names.iter().zip(texts) {
            let (rule, text) = (
                rule.as_str().unwrap_or_default(),
                text.as_str().unwrap_or_default(),
            );
            rules
                .add(rule, text)
                .map_err(|e| format!("{name}/{rule}: {e}"))?;
            patterns.push(Pattern::compile(text).map_err(|e| format!("{name}/{rule}: {e}"))?);
        }
        let pass = || -> Result<usize, String> {
            let mut matches = 0;
            for event in &events {
                if per_pattern {
                    for pattern in &patterns {
                        let parsed = Event::parse(event).map_err(|e| e.to_string())?;
                        matches += usize::from(pattern.matches(&parsed));
                    }
                } else {
                    matches += rules.matches(event).map_err(|e| e.to_string())?.len();
                }
            }
            Ok(matches)
        };
        let matches = pass()?;
        let (mut wall, mut cpu) = (Vec::with_capacity(runs), Vec::with_capacity(runs));
        for _ in 0..runs {
            let (start, start_cpu) = (Instant::now(), ProcessTime::now());
            let again = pass()?;
            cpu.push(start_cpu.elapsed().as_secs_f64() * 1000.0);
            wall.push(start.elapsed().as_secs_f64() * 1000.0);
            if again != matches {
                return Err(format!("{name}: {again} matches, then {matches}"));
            }
        }
        let line = json!({"set": name, "mode": mode, "events": events.len(), "matches": matches,
                          "wall_ms": median(wall), "cpu_ms": median(cpu)});
        println!("{line}");
    }
    Ok(())
}

/// The median of some times.
fn median(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}
