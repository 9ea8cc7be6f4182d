//! `eventlens replay`: archives of every encoding and layout, counts independent of the threads
//! and chunks, matching events written byte for byte, bad input reported and skipped.

mod support;

use base64::Engine;
use serde_json::{json, Value};
use std::io::Write;
use std::path::{Path, PathBuf};
use support::run;

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("eventlens-replay-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn event(i: usize) -> String {
    let status = ["COMPLETED", "FAILED", "RUNNING"][i % 3];
    format!(
        r#"{{"source": "aws.omics", "detail-type": "Run Status Change", "detail": {{"status": "{status}", "n": {i}, "note": "é {{}}"}}}}"#
    )
}

const RULES: &str = r#"{"done": {"detail": {"status": ["COMPLETED"]}}, "not done": {"detail": {"status": [{"anything-but": "COMPLETED"}]}}, "big": {"detail": {"n": [{"numeric": [">=", 20]}]}}}"#;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// An archive of 30 events in every layout and encoding, with two bad events; returns its root.
fn archive(dir: &Path) -> PathBuf {
    let root = dir.join("archive");
    let hour = root.join("2024/05/01/13");
    std::fs::create_dir_all(&hour).unwrap();
    let events: Vec<String> = (0..30).map(event).collect();
    // Lines, plain (with a bad line).
    let lines = format!("{}\n{}\nnot json\n", events[0..5].join("\n"), events[5]);
    std::fs::write(hour.join("a.jsonl"), lines).unwrap();
    // Concatenated, gzipped, under a name that does not say so.
    std::fs::write(hour.join("b"), gzip(events[6..12].concat().as_bytes())).unwrap();
    // An array, zstd.
    let array = format!("[{}]", events[12..18].join(",\n"));
    let zst = zstd::encode_all(array.as_bytes(), 1).unwrap();
    std::fs::write(root.join("2024/05/01/c.json.zst"), zst).unwrap();
    // Firehose records, one a line, and an event with a broken string.
    let b64 = base64::engine::general_purpose::STANDARD;
    let mut records: Vec<String> = events[18..24]
        .iter()
        .enumerate()
        .map(|(i, e)| json!({"recordId": i.to_string(), "data": b64.encode(e)}).to_string())
        .collect();
    records.push("{\"detail\": \"broken".to_string());
    std::fs::write(hour.join("d.records"), records.join("\n") + "\n").unwrap();
    // A request of records.
    let request = json!({"requestId": "r", "records": events[24..30].iter()
        .map(|e| json!({"data": b64.encode(e)})).collect::<Vec<_>>()});
    std::fs::write(hour.join("e.json"), request.to_string()).unwrap();
    root
}

fn replay_json(args: &[&str]) -> (i32, Value) {
    let (code, out, err) = run(args);
    let value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
    (code, value)
}

#[test]
fn every_layout_and_encoding_counts_the_same_with_any_threads() {
    let dir = scratch("layouts");
    let root = archive(&dir);
    let rules = dir.join("rules.json");
    std::fs::write(&rules, RULES).unwrap();
    let (r, a) = (rules.to_str().unwrap(), root.to_str().unwrap());
    let (code, one) = replay_json(&["replay", "--rules", r, a, "--json", "--threads", "1"]);
    assert_eq!(code, 1, "bad events make the status 1");
    assert_eq!(one["events"], 32);
    assert_eq!(one["invalid"], 2);
    assert_eq!(one["rules"], json!({"done": 10, "not done": 20, "big": 10}));
    assert_eq!(one["files"], 5);
    let bad = &one["bad_events"];
    assert_eq!(bad.as_array().unwrap().len(), 2);
    assert!(bad[0]["file"].as_str().unwrap().ends_with("a.jsonl"));
    // "not json" follows six events and their line breaks.
    let offset = (0..6).map(|i| event(i).len() + 1).sum::<usize>();
    assert_eq!(bad[0]["offset"], offset);
    assert!(bad[1]["file"].as_str().unwrap().ends_with("d.records"));
    let (_, two) = replay_json(&["replay", "--rules", r, a, "--json", "--threads", "2"]);
    for key in ["events", "invalid", "rules", "bad_events"] {
        assert_eq!(one[key], two[key], "{key}");
    }
    // The benchmark's baseline reads (decompresses) every file and matches nothing.
    let (code, read) = replay_json(&["replay", "--rules", r, a, "--json", "--read-only"]);
    assert_eq!(code, 0);
    assert_eq!((&read["files"], &read["events"]), (&json!(5), &json!(0)));
    // A glob names the same files.
    let pattern = format!("{a}/2024/*/*/*");
    let (_, globbed) = replay_json(&["replay", "--rules", r, &pattern, "--json"]);
    assert_eq!(globbed["rules"], one["rules"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn matching_events_are_written_byte_for_byte_in_input_order() {
    let dir = scratch("out");
    let root = archive(&dir);
    let rules = dir.join("rules.json");
    std::fs::write(&rules, RULES).unwrap();
    let out = dir.join("out");
    let (code, _, err) = run(&[
        "replay",
        "--rules",
        rules.to_str().unwrap(),
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{err}");
    // The archive's files in name order: 2024/05/01/13/{a,b,d,e} then 2024/05/01/c.
    let order: Vec<usize> = (0..12).chain(18..30).chain(12..18).collect();
    let want = |keep: &dyn Fn(usize) -> bool| -> String {
        order
            .iter()
            .filter(|&&i| keep(i))
            .map(|&i| event(i) + "\n")
            .collect()
    };
    let read = |name: &str| std::fs::read_to_string(out.join(name)).unwrap();
    assert_eq!(read("done.jsonl"), want(&|i| i % 3 == 0));
    assert_eq!(read("not%20done.jsonl"), want(&|i| i % 3 != 0));
    assert_eq!(read("big.jsonl"), want(&|i| i >= 20));
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["big.jsonl", "done.jsonl", "not%20done.jsonl"],
        "no temporary file is left"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn chunks_of_a_large_plain_file_give_the_same_answer() {
    let dir = scratch("chunks");
    let rules = dir.join("rules.json");
    std::fs::write(&rules, RULES).unwrap();
    // Lines, pretty-printed events and concatenations, in one plain file.
    let mut text = String::new();
    for i in 0..600 {
        let e = event(i);
        match i % 3 {
            0 => text += &format!("{e}\n"),
            1 => {
                let v: Value = serde_json::from_str(&e).unwrap();
                text += &format!("{}\n", serde_json::to_string_pretty(&v).unwrap());
            }
            _ => text += &e,
        }
    }
    let file = dir.join("big.json");
    std::fs::write(&file, &text).unwrap();
    let (r, f) = (rules.to_str().unwrap(), file.to_str().unwrap());
    let (code, whole) = replay_json(&["replay", "--rules", r, f, "--json", "--threads", "1"]);
    assert_eq!(code, 0);
    assert_eq!(whole["events"], 600);
    for chunk in ["97", "1000", "4096"] {
        let out = dir.join(format!("out{chunk}"));
        let args = [
            "replay",
            "--rules",
            r,
            f,
            "--json",
            "--threads",
            "2",
            "--chunk-bytes",
            chunk,
            "--out",
            out.to_str().unwrap(),
        ];
        let (_, chunked) = replay_json(&args);
        assert_eq!(chunked["events"], whole["events"], "chunks of {chunk}");
        assert_eq!(chunked["rules"], whole["rules"], "chunks of {chunk}");
        let done = std::fs::read_to_string(out.join("done.jsonl")).unwrap();
        assert_eq!(
            done.lines().count() as u64,
            whole["rules"]["done"].as_u64().unwrap()
        );
        assert!(done.starts_with(&(event(0) + "\n" + &event(3) + "\n")));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn templates_missing_files_and_bad_rules() {
    let dir = scratch("bus");
    let template = dir.join("template.yaml");
    std::fs::write(
        &template,
        "Resources:\n  Done:\n    Type: AWS::Events::Rule\n    Properties:\n      Name: done\n      EventPattern:\n        detail:\n          status: [COMPLETED]\n  Off:\n    Type: AWS::Events::Rule\n    Properties:\n      Name: off\n      State: DISABLED\n      EventPattern:\n        source: [aws.omics]\n",
    )
    .unwrap();
    let events = dir.join("events.jsonl");
    std::fs::write(&events, (0..9).map(|i| event(i) + "\n").collect::<String>()).unwrap();
    let missing = dir.join("nothing-here");
    let (code, summary) = replay_json(&[
        "replay",
        "--rules",
        template.to_str().unwrap(),
        events.to_str().unwrap(),
        missing.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(code, 1, "a missing path is reported and skipped");
    assert_eq!(summary["rules"], json!({"done": 3}));
    assert_eq!(summary["notes"], json!(["rule off is disabled: left out"]));
    assert_eq!(
        summary["unreadable"][0]["error"],
        "no such file or directory"
    );
    let (code, text, _) = run(&[
        "replay",
        "--rules",
        template.to_str().unwrap(),
        events.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(
        text.starts_with("9 events in 1 files (0 invalid)"),
        "{text}"
    );
    assert!(
        text.contains("note: rule off is disabled: left out"),
        "{text}"
    );

    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"{"x": {"source": "aws.omics"}}"#).unwrap();
    let (code, _, err) = run(&[
        "replay",
        "--rules",
        bad.to_str().unwrap(),
        events.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("rule \"x\""), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}
