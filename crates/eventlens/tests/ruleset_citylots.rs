//! The CityLots benchmark sets (`../shared/bench`) on a slice of the synthetic data: the rule
//! set's per-pattern counts equal those of the single-pattern matcher. The slice is made by the
//! shared generator itself with fewer lots (about a second); the full data and the counts of
//! `expected-counts.json` are the benchmark's business (`scripts/bench.sh`).

use eventlens::{Event, Pattern, RuleSet};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const LOTS: usize = 1200;

fn bench_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench")
}

/// Runs the generator with `LOTS` lots, writing plain (not gzipped) files into `out`.
fn generate(out: &Path) {
    let script = bench_dir().join("gen_citylots.py");
    let wrapper = format!(
        "import gzip, sys\n\
         src = open(sys.argv[1]).read()\n\
         assert 'N = 213068' in src\n\
         src = src.replace('N = 213068', 'N = {LOTS}')\n\
         gzip.open = lambda name, mode, compresslevel=6: open(name[:-3], mode)\n\
         sys.argv = [sys.argv[1], sys.argv[2]]\n\
         exec(compile(src, sys.argv[0], 'exec'))\n"
    );
    let status = Command::new("python3")
        .arg("-c")
        .arg(wrapper)
        .arg(&script)
        .arg(out)
        .output()
        .unwrap_or_else(|e| panic!("running python3 (needed to make the CityLots slice): {e}"));
    assert!(
        status.status.success(),
        "the generator failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

#[test]
fn citylots_sets_count_as_single_patterns_do() {
    let out = std::env::temp_dir().join(format!("eventlens-citylots-{}", std::process::id()));
    std::fs::create_dir_all(&out).unwrap();
    generate(&out);
    let read = |name: &str| -> Vec<String> {
        let text = std::fs::read_to_string(out.join(name)).unwrap();
        text.lines().map(str::to_string).collect()
    };
    let files: HashMap<&str, Vec<String>> = [
        ("citylots-synth.jsonl", read("citylots-synth.jsonl")),
        ("citylots2-synth.jsonl", read("citylots2-synth.jsonl")),
    ]
    .into_iter()
    .collect();
    std::fs::remove_dir_all(&out).ok();
    let parsed: HashMap<&str, Vec<Event>> = files
        .iter()
        .map(|(k, lines)| (*k, lines.iter().map(|l| Event::parse(l).unwrap()).collect()))
        .collect();
    assert!(files.values().all(|l| l.len() == LOTS));

    let sets: Value = serde_json::from_str(
        &std::fs::read_to_string(bench_dir().join("citylots-benchmarks.json")).unwrap(),
    )
    .unwrap();
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(bench_dir().join("expected-counts.json")).unwrap(),
    )
    .unwrap();
    // Single-pattern counts, once per distinct pattern and file.
    let mut naive: HashMap<(String, &str), u64> = HashMap::new();
    let mut checked = 0;
    for set in sets["sets"].as_array().unwrap() {
        let name = set["name"].as_str().unwrap();
        let Some(data) = expected[name]["data"].as_str() else {
            continue; // not an event-ruler set (quamina-only syntax)
        };
        let (lines, events) = (&files[data], &parsed[data]);
        let names = set["pattern_names"].as_array().unwrap();
        let texts = set["pattern_texts"].as_array().unwrap();
        let mut rules = RuleSet::new();
        for (n, t) in names.iter().zip(texts) {
            rules.add(n.as_str().unwrap(), t.as_str().unwrap()).unwrap();
        }
        let mut counts: HashMap<&str, u64> = HashMap::new();
        for line in lines {
            for m in rules.matches(line).unwrap() {
                *counts.entry(m).or_default() += 1;
            }
        }
        let mut total = 0;
        for (n, t) in names.iter().zip(texts) {
            let (n, t) = (n.as_str().unwrap(), t.as_str().unwrap());
            let want = *naive.entry((t.to_string(), data)).or_insert_with(|| {
                let p = Pattern::compile(t).unwrap();
                events.iter().filter(|e| p.matches(e)).count() as u64
            });
            let got = counts.get(n).copied().unwrap_or(0);
            assert_eq!(got, want, "set {name} pattern {n}");
            total += got;
        }
        assert!(total > 0, "set {name} matches nothing on the slice");
        checked += 1;
    }
    assert!(checked >= 17, "only {checked} sets checked");
}
