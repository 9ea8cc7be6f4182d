//! `eventlens bench`: times a rule set over a file of events, single-threaded, against serde_json's
//! validate-only scan of the same lines in the same process, and prints one JSON line per set.

use super::match_cmd::{next_line, open_events, Checks};
use clap::{Args, ValueEnum};
use cpu_time::ThreadTime;
use eventlens::{Limits, RuleSet};
use serde::de::IgnoredAny;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::process::ExitCode;
use std::time::Instant;

/// Arguments of `eventlens bench`.
#[derive(Args)]
pub struct BenchArgs {
    /// The benchmark sets (`citylots-benchmarks.json`).
    #[arg(long, value_name = "SETS.json")]
    sets: String,
    /// The sets to run, by name, comma-separated.
    #[arg(
        long,
        value_name = "NAME[,NAME…]",
        value_delimiter = ',',
        required = true
    )]
    set: Vec<String>,
    /// Events, one per line (`.gz` is decompressed).
    #[arg(long, value_name = "FILE[.gz]")]
    events: String,
    /// Timed passes over the events; the medians are reported.
    #[arg(long, default_value_t = 5)]
    passes: usize,
    /// Expected per-pattern counts (`expected-counts.json`): adds `counts_ok` to each line.
    #[arg(long, value_name = "COUNTS.json")]
    expected: Option<String>,
    /// Adds this many generated rules, exact values of `properties.MAPBLKLOT` taken from
    /// distinct events, to each set: how the rate holds up as rules grow.
    #[arg(long, default_value_t = 0)]
    extra_exact: usize,
    /// How much of each event the rule set checks.
    #[arg(long, value_enum, default_value_t = Checks::Full)]
    validation: Checks,
}

/// Runs the command. Exit status: 0, or 1 when a set could not run or its counts differ.
pub fn run(args: &BenchArgs, limits: &Limits) -> Result<ExitCode, String> {
    let sets = load_sets(&args.sets)?;
    let expected: Option<Value> = match &args.expected {
        Some(path) => Some(
            serde_json::from_str(&crate::input::read_text(path)?)
                .map_err(|e| format!("{path} is not JSON: {e}"))?,
        ),
        None => None,
    };
    let events = load_events(&args.events)?;
    let lines: Vec<&str> = events.iter().map(String::as_str).collect();
    let extra = extra_rules(&lines, args.extra_exact);
    let passes = args.passes.max(1);
    let mut ok = true;
    for name in &args.set {
        let Some(set) = sets.iter().find(|s| s["name"] == name.as_str()) else {
            println!("{}", json!({"set": name, "error": "no such set"}));
            ok = false;
            continue;
        };
        let mut line = match bench_set(set, &lines, &extra, passes, limits, args.validation) {
            Ok(l) => l,
            Err(e) => {
                println!("{}", json!({"set": name, "error": e}));
                ok = false;
                continue;
            }
        };
        if let Some(want) = expected.as_ref().and_then(|e| e.get(name)) {
            let counts_ok =
                want["per_pattern"] == line["per_pattern"] && want["events"] == json!(lines.len());
            line["counts_ok"] = json!(counts_ok);
            ok &= counts_ok;
        }
        println!("{line}");
    }
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn load_sets(path: &str) -> Result<Vec<Value>, String> {
    let value: Value = serde_json::from_str(&crate::input::read_text(path)?)
        .map_err(|e| format!("{path} is not JSON: {e}"))?;
    match value.get("sets") {
        Some(Value::Array(sets)) => Ok(sets.clone()),
        _ => Err(format!("{path} has no \"sets\" list")),
    }
}

fn load_events(path: &str) -> Result<Vec<String>, String> {
    let mut input = open_events(path)?;
    let mut buf = Vec::new();
    let mut events = Vec::new();
    let mut number = 0;
    while let Some(line) = next_line(&mut input, &mut buf, path)? {
        number += 1;
        let line = line.map_err(|e| format!("{path} line {number}: {e}"))?;
        if !line.trim().is_empty() {
            events.push(line);
        }
    }
    Ok(events)
}

/// Rules on the `properties.MAPBLKLOT` values of the first `n` distinct events that have one.
fn extra_rules(lines: &[&str], n: usize) -> Vec<(String, String)> {
    let mut seen = std::collections::HashSet::new();
    let mut rules = Vec::new();
    for line in lines {
        if rules.len() == n {
            break;
        }
        let Ok(v) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if let Some(Value::String(lot)) = v.pointer("/properties/MAPBLKLOT") {
            if seen.insert(lot.clone()) {
                let pattern = json!({"properties": {"MAPBLKLOT": [lot]}}).to_string();
                rules.push((format!("extra{}", rules.len()), pattern));
            }
        }
    }
    rules
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn bench_set(
    set: &Value,
    lines: &[&str],
    extra: &[(String, String)],
    passes: usize,
    limits: &Limits,
    checks: Checks,
) -> Result<Value, String> {
    let names = set["pattern_names"].as_array().ok_or("no pattern_names")?;
    let texts = set["pattern_texts"].as_array().ok_or("no pattern_texts")?;
    let mut rules = RuleSet::with_limits(limits.clone());
    rules.set_validation(checks.validation());
    let started = Instant::now();
    for (name, text) in names.iter().zip(texts) {
        let (Some(name), Some(text)) = (name.as_str(), text.as_str()) else {
            return Err("pattern names and texts must be strings".to_string());
        };
        rules
            .add(name, text)
            .map_err(|e| format!("pattern {name}: {}", e.message))?;
    }
    for (name, text) in extra {
        rules
            .add(name, text)
            .map_err(|e| format!("pattern {name}: {}", e.message))?;
    }
    // The index is built on the first match: include that in the compile time.
    let _ = rules.matches("{}");
    let compile_ms = started.elapsed().as_secs_f64() * 1e3;

    // Counts, untimed: every event must be valid.
    let mut counts: BTreeMap<&str, u64> = rules.names().map(|n| (n, 0)).collect();
    for (i, line) in lines.iter().enumerate() {
        let matched = rules
            .matches(line)
            .map_err(|e| format!("event {}: {e}", i + 1))?;
        for name in matched {
            *counts.get_mut(name).expect("names come from the set") += 1;
        }
    }

    // Timed passes, each after a baseline pass over the same lines; wall and thread CPU time.
    // The events go through `matches_each`, as in a caller that matches a stream of them.
    let n = lines.len() as f64;
    let (mut eps, mut baseline) = (Vec::new(), Vec::new());
    let (mut eps_cpu, mut baseline_cpu) = (Vec::new(), Vec::new());
    for _ in 0..passes {
        let (t, cpu) = (Instant::now(), ThreadTime::now());
        let mut valid = 0usize;
        for line in lines {
            valid += serde_json::from_str::<IgnoredAny>(line).is_ok() as usize;
        }
        baseline.push(n / t.elapsed().as_secs_f64());
        baseline_cpu.push(n / cpu.elapsed().as_secs_f64());
        std::hint::black_box(valid);
        let (t, cpu) = (Instant::now(), ThreadTime::now());
        let mut total = 0usize;
        rules.matches_each(lines.iter().copied(), |_, names| {
            total += names.map_or(0, <[_]>::len);
        });
        eps.push(n / t.elapsed().as_secs_f64());
        eps_cpu.push(n / cpu.elapsed().as_secs_f64());
        std::hint::black_box(total);
    }
    let eps_median = median(eps.clone());
    let baseline_eps = median(baseline);
    let eps_cpu_median = median(eps_cpu);
    let cpu_ratio = eps_cpu_median / median(baseline_cpu);
    let mut per_pattern = Map::new();
    for name in names.iter().filter_map(Value::as_str) {
        per_pattern.insert(name.to_string(), json!(counts[name]));
    }
    let extra_matches: u64 = extra.iter().map(|(n, _)| counts[n.as_str()]).sum();
    let mut line = json!({
        "set": set["name"],
        "validation": checks.to_possible_value().map(|v| v.get_name().to_string()),
        "events": lines.len(),
        "rules": rules.len(),
        "passes": passes,
        "eps_median": eps_median.round(),
        "eps": eps.iter().map(|e| e.round()).collect::<Vec<_>>(),
        "eps_cpu_median": eps_cpu_median.round(),
        "baseline_eps": baseline_eps.round(),
        "ratio": (eps_median / baseline_eps * 1000.0).round() / 1000.0,
        "ratio_cpu": (cpu_ratio * 1000.0).round() / 1000.0,
        "compile_ms": (compile_ms * 10.0).round() / 10.0,
        "per_pattern": per_pattern,
    });
    if !extra.is_empty() {
        line["extra_rules"] = json!(extra.len());
        line["extra_matches"] = json!(extra_matches);
    }
    Ok(line)
}
