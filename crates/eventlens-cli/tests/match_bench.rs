//! The `match` and `bench` subcommands: what they print, bad lines, gzip input, exit statuses.

mod support;

use flate2::write::GzEncoder;
use serde_json::Value;
use std::io::Write;
use support::file;

fn lines(out: &str) -> Vec<Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

const EVENTS: &str = concat!(
    r#"{"source": "a", "detail": {"n": 5}}"#,
    "\n",
    r#"{"source": "b", "detail": {"n": 50}}"#,
    "\n",
    "\n",
    r#"{"source": "a", "detail": "#,
    "\n",
    "[1]\n",
    r#"{"source": "c"}"#,
    "\n",
);

#[test]
fn match_prints_one_line_per_event_and_skips_bad_lines() {
    let rules = file(
        "rules.json",
        br#"{"from-a": {"source": ["a"]}, "big": "{\"detail\": {\"n\": [{\"numeric\": [\">\", 10]}]}}",
             "not-c": {"source": [{"anything-but": "c"}]}}"#,
    );
    let events = file("events.jsonl", EVENTS.as_bytes());
    let (code, out, _) = run(&["match", "--rules", &rules, &events], "");
    assert_eq!(code, 1, "bad lines give status 1");
    let got = lines(&out);
    assert_eq!(got.len(), 5, "{out}");
    assert_eq!(got[0]["line"], 1);
    assert_eq!(got[0]["matches"], serde_json::json!(["from-a", "not-c"]));
    assert_eq!(got[1]["matches"], serde_json::json!(["big", "not-c"]));
    assert_eq!(got[2]["line"], 4);
    assert_eq!(got[2]["kind"], "syntax");
    assert!(got[2]["error"].as_str().unwrap().contains("line 1"));
    assert_eq!(got[3]["line"], 5);
    assert_eq!(got[3]["kind"], "not-an-object");
    assert_eq!(got[4]["matches"], serde_json::json!([]));

    // The list form, standard input, and gzip.
    let list = file(
        "rules-list.json",
        br#"[{"name": "from-a", "pattern": {"source": ["a"]}}]"#,
    );
    let (code, out, _) = run(&["match", "--rules", &list, "-"], EVENTS);
    assert_eq!(code, 1);
    assert_eq!(lines(&out)[0]["matches"], serde_json::json!(["from-a"]));
    let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(b"{\"source\": \"a\"}\n\xff\xfe\n").unwrap();
    let gz = file("events.jsonl.gz", gz.finish().unwrap());
    let (code, out, _) = run(&["match", "--rules", &list, &gz], "");
    assert_eq!(code, 1);
    let got = lines(&out);
    assert_eq!(got[0]["matches"], serde_json::json!(["from-a"]));
    assert!(got[1]["error"].as_str().unwrap().contains("UTF-8"));
}

#[test]
fn match_validation_chooses_what_is_checked() {
    let rules = file("skim-rules.json", br#"{"from-a": {"source": ["a"]}}"#);
    let events = file(
        "skim.jsonl",
        concat!(
            r#"{"source": "a", "detail": [01, tru]}"#,
            "\n",
            r#"{"source": tru}"#,
            "\n"
        )
        .as_bytes(),
    );
    let (code, out, _) = run(&["match", "--rules", &rules, &events], "");
    assert_eq!(code, 1);
    let full = lines(&out);
    assert_eq!(full[0]["kind"], "syntax", "{out}");
    assert_eq!(full[1]["kind"], "syntax", "{out}");
    let args = [
        "match",
        "--validation",
        "structure",
        "--rules",
        &rules,
        &events,
    ];
    let (code, out, _) = run(&args, "");
    assert_eq!(code, 1);
    let skimmed = lines(&out);
    // A flaw in a value no rule reads goes unnoticed; one in a value read does not.
    assert_eq!(
        skimmed[0]["matches"],
        serde_json::json!(["from-a"]),
        "{out}"
    );
    assert_eq!(skimmed[1], full[1]);
}

#[test]
fn match_refuses_bad_rules_files() {
    let events = file("ok.jsonl", b"{}\n");
    let bad = file("bad-rules.json", br#"{"x": {"a": "b"}, "y": {"a": ["1"]}}"#);
    let (code, _, err) = run(&["match", "--rules", &bad, &events], "");
    assert_eq!(code, 2);
    assert!(err.contains("rule \"x\""), "{err}");
    let shape = file("shape.json", b"[1]");
    let (code, _, err) = run(&["match", "--rules", &shape, &events], "");
    assert_eq!(code, 2);
    assert!(err.contains("entry 1"), "{err}");
}

#[test]
fn bench_prints_rates_and_checks_counts() {
    let sets = file(
        "sets.json",
        br#"{"sets": [{"name": "S", "pattern_names": ["a", "big"],
                      "pattern_texts": ["{\"source\": [\"a\"]}", "{\"detail\": {\"n\": [{\"numeric\": [\">\", 10]}]}}"]}]}"#,
    );
    let good: String = EVENTS
        .lines()
        .filter(|l| l.ends_with('}') && l.starts_with('{'))
        .map(|l| format!("{l}\n"))
        .collect();
    let events = file("bench.jsonl", good.as_bytes());
    let bench = |set: &str, expected: &str, more: &[&str]| {
        let mut args = vec!["bench", "--sets", &sets, "--set", set, "--events", &events];
        args.extend(["--passes", "2", "--expected", expected]);
        args.extend(more);
        run(&args, "")
    };
    let expected = file(
        "expected.json",
        br#"{"S": {"events": 3, "per_pattern": {"a": 1, "big": 1}}}"#,
    );
    for (more, validation) in [
        (&[][..], "full"),
        (&["--validation", "structure"][..], "structure"),
    ] {
        let (code, out, err) = bench("S", &expected, more);
        assert_eq!(code, 0, "{err}");
        let line = &lines(&out)[0];
        assert_eq!(line["set"], "S");
        assert_eq!(line["validation"], validation);
        assert_eq!(line["per_pattern"], serde_json::json!({"a": 1, "big": 1}));
        assert_eq!(line["counts_ok"], true);
        assert!(line["eps_median"].as_f64().unwrap() > 0.0);
        assert!(line["eps_cpu_median"].as_f64().unwrap() > 0.0);
        assert!(line["baseline_eps"].as_f64().unwrap() > 0.0);
        let ratio = line["eps_median"].as_f64().unwrap() / line["baseline_eps"].as_f64().unwrap();
        assert!((line["ratio"].as_f64().unwrap() - ratio).abs() < 0.01);
    }

    let wrong = file(
        "wrong.json",
        br#"{"S": {"events": 3, "per_pattern": {"a": 2, "big": 1}}}"#,
    );
    let (code, out, _) = bench("S,T", &wrong, &[]);
    assert_eq!(code, 1);
    let got = lines(&out);
    assert_eq!(got[0]["counts_ok"], false);
    assert_eq!(got[1]["error"], "no such set");
}

fn run(args: &[&str], stdin: &str) -> (i32, String, String) {
    support::run_with_input(args, stdin.as_bytes())
}
