//! `eventlens check` over the whole conformance corpus gives the expected verdict for every case
//! (the known deviations of the engine excepted), and survives lines that are not cases.

mod support;

use eventlens_conformance::Corpus;
use serde_json::Value;

fn check(input: &str, extra: &[&str]) -> Vec<Value> {
    let args: Vec<&str> = ["check"].iter().chain(extra).copied().collect();
    let (code, out, _) = support::run_with_input(&args, input.as_bytes());
    assert_eq!(code, 0);
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn check_gives_the_corpus_verdicts() {
    let corpus = Corpus::load();
    for file in &corpus.files {
        // LocalStack's cases went through the TestEventPattern API, which checks the envelope.
        let flags: &[&str] = match file.name.as_str() {
            "localstack" => &["--test-event-pattern"],
            _ => &[],
        };
        let out = check(&file.text, flags);
        assert_eq!(
            out.len(),
            file.cases.len(),
            "{}: one line out per case",
            file.name
        );
        let mut wrong = Vec::new();
        for (case, got) in file.cases.iter().zip(&out) {
            assert_eq!(got["id"], case.id.as_str());
            if case.disputed || corpus.deviations.contains_key(&case.id) {
                continue;
            }
            let mut ok = got["result"] == case.expect.as_str();
            // AWS's cases carry AWS's exact message.
            if let (true, "localstack", Some(message)) =
                (ok, file.name.as_str(), &case.error_message)
            {
                ok = got["error"] == message.as_str();
            }
            if !ok {
                wrong.push(format!("{}: {got}", case.id));
            }
        }
        println!("{}: {} cases checked", file.name, file.cases.len());
        assert!(wrong.is_empty(), "{}: {}", file.name, wrong.join("\n"));
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
