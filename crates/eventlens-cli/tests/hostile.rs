//! Hostile input through the command line: a 100 MB event, invalid UTF-8, 100,000-deep nesting,
//! odd lines in a JSON Lines stream and 100,000 rules. Each run must end with the right answer or
//! a clear error, under a watchdog (generous: it catches hangs, it times nothing) and, on Linux,
//! under a bound on the process's peak memory.

mod support;

use std::io::{Read, Write};

use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use support::file;

/// What a run gave: exit status, standard output and error, and peak memory (MiB) when known.
struct Run {
    code: i32,
    out: String,
    err: String,
    peak_mib: Option<u64>,
}

/// Runs `eventlens args` with `stdin`; fails the test if it runs longer than `seconds`.
fn run(args: &[&str], stdin: &[u8], seconds: u64) -> Run {
    let mut child = support::spawn(args);
    let mut input = child.stdin.take().expect("stdin is piped");
    let stdin = stdin.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let status_file = format!("/proc/{}/status", child.id());
    let readers = [
        read_all(child.stdout.take().expect("stdout is piped")),
        read_all(child.stderr.take().expect("stderr is piped")),
    ];
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut peak_kib: Option<u64> = None;
    let status = loop {
        // The kernel's high-water mark of the child's resident memory, read while it runs.
        if let Some(kib) = std::fs::read_to_string(&status_file).ok().and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        }) {
            peak_kib = Some(peak_kib.unwrap_or(0).max(kib));
        }
        if let Some(status) = child.try_wait().expect("waits for eventlens") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("eventlens {args:?} still running after {seconds} s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    feeder.join().expect("stdin written");
    let [out, err] = readers.map(|r| r.join().expect("pipe read"));
    Run {
        code: status.code().expect("exited"),
        out,
        err,
        peak_mib: peak_kib.map(|k| k / 1024),
    }
}

/// Reads a pipe to its end on its own thread (so a full pipe never blocks the child).
fn read_all(mut pipe: impl Read + Send + 'static) -> JoinHandle<String> {
    std::thread::spawn(move || {
        let mut text = Vec::new();
        pipe.read_to_end(&mut text).expect("reads the pipe");
        String::from_utf8_lossy(&text).into_owned()
    })
}

#[test]
fn a_100_mb_event_is_answered_within_time_and_memory() {
    // About a million array elements: objects with strings, numbers, booleans and null.
    let mut event = String::with_capacity(105 << 20);
    event.push_str(r#"{"source": "app", "detail": {"items": ["#);
    let mut i = 0;
    while event.len() < 100 << 20 {
        if i > 0 {
            event.push_str(", ");
        }
        event.push_str(&format!(
            r#"{{"id": {i}, "name": "item-{i}", "tags": ["a", "b"], "size": {i}.5, "ok": true, "note": null}}"#
        ));
        i += 1;
    }
    event.push_str(r#"], "last": "done"}}"#);
    let event_file = file("big-event.json", event.as_bytes());
    drop(event);
    // The last element is the only one whose name and size both hold.
    let pattern = format!(
        r#"{{"detail": {{"items": {{"name": ["item-{}"], "size": [{{"numeric": [">", {}]}}]}}, "last": [{{"prefix": "do"}}]}}}}"#,
        i - 1,
        i - 2
    );
    let pattern_file = file("big-pattern.json", pattern.as_bytes());
    let args = ["test", "--pattern", &pattern_file, "--event", &event_file];

    let r = run(
        &[&["--max-event-bytes", "200000000"], &args[..]].concat(),
        b"",
        600,
    );
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(r.out.starts_with("Match"), "{}", r.out);
    if let Some(mib) = r.peak_mib {
        // Measured about 1.7 GiB (the parsed tree of ten million values): the bound catches
        // a blow-up, not a few percent.
        assert!(mib < 3 * 1024, "peak memory {mib} MiB for a 100 MB event");
    }

    // At EventBridge's own limit the same file is refused at once, saying why.
    let r = run(&args, b"", 120);
    assert_eq!(r.code, 2);
    assert!(r.err.contains("the limit is 262144 bytes"), "{}", r.err);
}

#[test]
fn invalid_utf8_is_a_clear_error_that_says_where() {
    let bad = file("bad-utf8.json", b"{\"a\": [\"caf\xc3\"]}");
    let good = file("good.json", br#"{"a": "x"}"#);
    for args in [
        vec!["test", "--pattern", &bad, "--event", &good],
        vec!["test", "--pattern", &good, "--event", &bad],
        vec!["validate", "--pattern", &bad],
    ] {
        let r = run(&args, b"", 60);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(
            r.err
                .contains("is not valid UTF-8 (first bad byte at offset 11)"),
            "{args:?}: {}",
            r.err
        );
    }
    // Standard input too.
    let r = run(&["validate", "--pattern", "-"], b"{\"a\": [\"\xff\"]}", 60);
    assert_eq!(r.code, 2);
    assert!(
        r.err
            .contains("not valid UTF-8 (first bad byte at offset 8)"),
        "{}",
        r.err
    );
    // In a JSON Lines stream the bad line gets its own verdict and the stream goes on.
    let lines = b"{\"id\": 1, \"pattern\": {\"a\": [\"x\"]}, \"event\": {\"a\": \"x\"}}\n\xfe\n{\"id\": 3, \"pattern\": {\"a\": [\"x\"]}, \"event\": {\"a\": \"y\"}}\n";
    let r = run(&["check"], lines, 60);
    assert_eq!(r.code, 0);
    let out: Vec<&str> = r.out.lines().collect();
    assert_eq!(out[0], r#"{"id":1,"result":"match"}"#);
    assert!(
        out[1].contains(r#""line":2,"result":"invalid-line""#) && out[1].contains("valid UTF-8"),
        "{}",
        out[1]
    );
    assert_eq!(out[2], r#"{"id":3,"result":"no-match"}"#);
}

#[test]
fn nesting_100000_deep_is_refused_with_its_place() {
    let deep_event = format!(
        r#"{{"a": {}1{}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let event = file("deep-event.json", deep_event.as_bytes());
    let pattern = file("pattern.json", br#"{"a": [1]}"#);
    let r = run(
        &[
            "--max-event-bytes",
            "1000000",
            "test",
            "--pattern",
            &pattern,
            "--event",
            &event,
        ],
        b"",
        60,
    );
    assert_eq!(r.code, 2);
    assert!(
        r.err
            .contains("Nesting depth exceeds the maximum of 1100 levels"),
        "{}",
        r.err
    );
    // The fault is the 1,100th bracket, column 1,106 of line 1.
    assert!(r.err.contains(":1:1106"), "{}", r.err);

    let deep_pattern = format!("{}[1]{}", r#"{"a":"#.repeat(100_000), "}".repeat(100_000));
    let pattern = file("deep-pattern.json", deep_pattern.as_bytes());
    let r = run(
        &[
            "--max-pattern-chars",
            "1000000",
            "validate",
            "--pattern",
            &pattern,
        ],
        b"",
        60,
    );
    assert_eq!(r.code, 2);
    assert!(r.err.contains("Nesting depth"), "{}", r.err);
}

#[test]
fn every_odd_line_of_a_check_stream_gets_its_own_verdict() {
    let or_1000: Vec<String> = (0..1000).map(|i| format!(r#"{{"f{i}": ["v"]}}"#)).collect();
    let or_1000 = format!(r#"{{"$or": [{}]}}"#, or_1000.join(","));
    let lines = [
        // Lone surrogates become '?', in the pattern and in the event.
        r#"{"id": "surrogate", "pattern_raw": "{\"k\": [\"\\ud800\"]}", "event_raw": "{\"k\": \"\\udfff\"}"}"#.to_string(),
        // Repeated keys: the last wins in a pattern; every value counts in an event.
        r#"{"id": "dup", "pattern_raw": "{\"a\": [\"x\"], \"a\": [\"y\"]}", "event_raw": "{\"a\": \"x\", \"a\": \"y\"}"}"#.to_string(),
        // Number texts stay exact through the JSON Lines layer.
        r#"{"id": "1e400", "pattern": {"n": [1e400]}, "event": {"n": 1e400}}"#.to_string(),
        r#"{"id": "-0", "pattern": {"n": [0]}, "event": {"n": -0}}"#.to_string(),
        r#"{"id": "not comparable", "pattern": {"n": [{"numeric": ["=", 0.30000000000000001]}]}, "event": {"n": 0.3}}"#.to_string(),
        // Dots and empty keys.
        r#"{"id": "dots", "pattern": {"a.b": ["x"]}, "event": {"a": {"b": "x"}}}"#.to_string(),
        r#"{"id": "empty key", "pattern": {"c": [1]}, "event": {"": {"c": 1}}}"#.to_string(),
        format!(
            r#"{{"id": "or 1000", "pattern_raw": {}, "event": {{"f999": "v"}}}}"#,
            serde_json::to_string(&or_1000).unwrap()
        ),
        "not json".to_string(),
        "[1, 2]".to_string(),
        String::new(),
        r#"{"id": "no event", "pattern": {"a": ["x"]}}"#.to_string(),
    ];
    let r = run(
        &["--max-pattern-chars", "100000", "check"],
        (lines.join("\n") + "\n").as_bytes(),
        60,
    );
    assert_eq!(r.code, 0, "{}", r.err);
    let verdicts: Vec<serde_json::Value> = r
        .out
        .lines()
        .map(|l| serde_json::from_str(l).expect("each verdict is JSON"))
        .collect();
    let result = |i: usize| verdicts[i]["result"].as_str().unwrap().to_string();
    // The empty line is skipped; every other line has a verdict.
    assert_eq!(verdicts.len(), lines.len() - 1);
    assert_eq!(result(0), "match");
    assert_eq!(result(1), "match");
    assert_eq!(result(2), "match");
    assert_eq!(result(3), "match");
    assert_eq!(result(4), "invalid-pattern");
    assert!(verdicts[4]["error"]
        .as_str()
        .unwrap()
        .contains("Cannot compare number : 0.30000000000000001"));
    assert_eq!(result(5), "match");
    assert_eq!(result(6), "no-match");
    assert_eq!(result(7), "match");
    assert_eq!(
        (result(8), verdicts[8]["line"].as_u64()),
        ("invalid-line".into(), Some(9))
    );
    assert_eq!(
        (result(9), verdicts[9]["line"].as_u64()),
        ("invalid-line".into(), Some(10))
    );
    assert_eq!(result(10), "invalid-event");
}

#[test]
fn a_rules_file_of_100000_rules_matches_a_stream() {
    let rules: Vec<String> = (0..100_000)
        .map(|i| {
            format!(
                r#""rule-{i}": {{"detail": {{"id": [{i}], "kind": ["k{}"]}}}}"#,
                i % 7
            )
        })
        .collect();
    let rules = file("rules.json", format!("{{{}}}", rules.join(",")).as_bytes());
    let events = [
        r#"{"detail": {"id": 99999, "kind": "k5"}}"#,
        r#"{"detail": {"id": 99999, "kind": "k6"}}"#,
        r#"{"detail": {"id": [3, 10, 17], "kind": "k3"}}"#,
        r#"{"detail": "#,
    ];
    let r = run(
        &["match", "--rules", &rules],
        (events.join("\n") + "\n").as_bytes(),
        300,
    );
    assert_eq!(r.code, 1, "one line is not an event: {}", r.err);
    let lines: Vec<serde_json::Value> = r
        .out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let names = |i: usize| -> Vec<String> {
        let mut n: Vec<String> = lines[i]["matches"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        n.sort();
        n
    };
    // 99999 = 7 × 14285 + 4: rule-99999 wants k4.
    assert!(names(0).is_empty());
    assert!(names(1).is_empty());
    assert_eq!(names(2), vec!["rule-10", "rule-17", "rule-3"]);
    assert!(lines[3]["error"].is_string());
    if let Some(mib) = r.peak_mib {
        assert!(mib < 2048, "peak memory {mib} MiB for 100,000 rules");
    }
}
