//! `eventlens check` over the whole conformance corpus gives the expected verdict for every case
//! (the known deviations of the engine excepted), and survives lines that are not cases.

mod support;

use serde_json::Value;
use std::path::PathBuf;

fn corpus(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../../../shared/conformance/{file}.jsonl"))
}

fn check(input: &str, extra: &[&str]) -> Vec<Value> {
    let args: Vec<&str> = ["check"].iter().chain(extra).copied().collect();
    let (code, out, _) = support::run_with_input(&args, input.as_bytes());
    assert_eq!(code, 0);
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn deviations() -> Vec<String> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../eventlens/tests/known-deviations.json");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn check_gives_the_corpus_verdicts() {
    let known = deviations();
    for (file, flags) in [
        ("localstack", vec!["--test-event-pattern"]),
        ("aws-docs", vec![]),
        ("event-ruler", vec![]),
    ] {
        let text = std::fs::read_to_string(corpus(file)).unwrap();
        let cases: Vec<Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let out = check(&text, &flags);
        assert_eq!(out.len(), cases.len(), "{file}: one line out per case");
        let mut wrong = Vec::new();
        for (case, got) in cases.iter().zip(&out) {
            let id = case["id"].as_str().unwrap();
            assert_eq!(got["id"], case["id"]);
            if case.get("disputed") == Some(&Value::Bool(true)) || known.iter().any(|k| k == id) {
                continue;
            }
            let mut ok = got["result"] == case["expect"];
            // AWS's cases carry AWS's exact message.
            if ok && file == "localstack" && case.get("error_message").is_some() {
                ok = got["error"] == case["error_message"];
            }
            if !ok {
                wrong.push(format!("{id}: {got}"));
            }
        }
        assert!(wrong.is_empty(), "{file}: {}", wrong.join("\n"));
    }
}

#[test]
fn check_reports_bad_lines_and_goes_on() {
    let input = "not json\n[1]\n{\"id\": 7, \"pattern\": {\"a\": [\"x\"]}, \"event\": \"x\"}\n{\"id\": 8, \"pattern_raw\": \"{\\\"a\\\": [\\\"x\\\"]}\", \"event_raw\": \"{\\\"a\\\": \\\"x\\\"}\"}\n";
    let mut bytes = input.as_bytes().to_vec();
    bytes.extend_from_slice(b"{\"id\": 9, \"pattern\": \"\xff\"}\n{\"id\": 10, \"pattern\": {\"a\": [1]}, \"event\": {\"a\": 1}}\n");
    let (code, text, _) = support::run_with_input(&["check"], &bytes);
    assert_eq!(code, 0);
    let out: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(out.len(), 6);
    assert_eq!(out[4]["result"], "invalid-line");
    assert!(out[4]["error"].as_str().unwrap().contains("UTF-8"));
    assert_eq!(out[5]["result"], "match");
    assert_eq!(out[0]["result"], "invalid-line");
    assert_eq!(out[0]["line"], 1);
    assert_eq!(out[1]["result"], "invalid-line");
    assert_eq!(out[2]["result"], "invalid-event");
    assert_eq!(out[3]["result"], "match");
    assert_eq!(out[3]["id"], 8);
}
