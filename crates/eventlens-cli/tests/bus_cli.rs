//! `eventlens bus`: per entry its event id or error code, the rules that matched and each target's
//! exact payload, in human form and as JSON; exit statuses.

mod support;

use serde_json::{json, Value};
use support::{file, run};

fn fixture(name: &str) -> String {
    support::fixture("../eventlens-bus/tests/fixtures/bus", name)
}

const FIXED: [&str; 4] = ["--seed", "7", "--now", "2024-05-01T12:00:00Z"];

#[test]
fn human_report_of_the_lab_bus() {
    let (rules, entries) = (fixture("lab-rules.json"), fixture("lab-entries.json"));
    let mut args = vec!["bus", "--rules", &rules, "--entries", &entries];
    args.extend(FIXED);
    let (code, out, err) = run(&args);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("entry 5: NotAuthorizedForSourceException Not authorized for the source."),
        "{out}"
    );
    assert!(
        out.contains("entry 6: MalformedDetail Detail is malformed.\n  Detail line 1, column 1: Detail must hold a JSON object; it holds an array\n"),
        "{out}"
    );
    assert!(out.contains("entry 7: InvalidArgument Parameter DetailType is not valid. Reason: DetailType is a required argument."));
    assert!(out.contains("us-east-1 bus lab: through endpoint lab-endpoint, primary Region"));
    assert!(out.contains("us-west-2 bus lab: replicated by endpoint lab-endpoint from us-east-1"));
    assert!(out.contains("✔ rule quilt-new-packages: matched"));
    assert!(out.ends_with("FailedEntryCount: 5\n"));
    // HealthOmics puts its events itself: --events.
    let events = fixture("lab-service-events.json");
    let mut service = vec!["bus", "--rules", &rules, "--events", &events];
    service.extend(FIXED);
    let (code, out, err) = run(&service);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("us-east-1 bus default: put directly"), "{out}");
    assert!(out.contains("✔ rule omics-run-finished: matched"));
    assert!(out.contains(r#""Run run name (1234567) is COMPLETED at 2022-10-20T22:07:35Z""#));
    assert!(out
        .contains("✘ rule omics-everything-paused: the pattern matches, but the rule is DISABLED"));
    // A rule that misses keeps the explanation's hint.
    let rules_file = file(
        "case.json",
        r#"[{"Name": "typo", "EventPattern": {"source": ["aws.omics"], "detail": {"status": ["completed"]}}}]"#,
    );
    let mut hinted = vec!["bus", "--rules", &rules_file, "--events", &events];
    hinted.extend(FIXED);
    let (_, out, _) = run(&hinted);
    assert!(
        out.contains(r#"hint: "COMPLETED" differs from "completed" only in letter case"#),
        "{out}"
    );
    // Failed over: the secondary Region receives, the replica waits.
    args.extend(["--unhealthy", "lab-endpoint"]);
    let (_, out, _) = run(&args);
    assert!(out.contains(
        "us-west-2 bus lab: through endpoint lab-endpoint, failed over to the secondary Region"
    ));
    assert!(out.contains("us-east-1 bus lab: replicated by endpoint lab-endpoint from us-west-2 (held until the Region is available)"));
}

#[test]
fn json_output_is_the_whole_outcome_and_repeatable() {
    let (rules, entries) = (fixture("lab-rules.json"), fixture("lab-entries.json"));
    let mut args = vec!["bus", "--rules", &rules, "--entries", &entries, "--json"];
    args.extend(FIXED);
    let (code, out, _) = run(&args);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["response"]["FailedEntryCount"], 5);
    assert_eq!(v["response"]["Entries"][6]["ErrorCode"], "MalformedDetail");
    // The report says why and where in the Detail; the response stays as AWS sends it.
    let detail = &v["entries"][6]["error"]["detail"];
    assert_eq!((&detail["line"], &detail["column"]), (&json!(1), &json!(1)));
    assert_eq!(
        detail["reason"],
        "Detail must hold a JSON object; it holds an array"
    );
    assert_eq!(v["response"]["Entries"][6].as_object().unwrap().len(), 2);
    assert_eq!(run(&args).1, out);
    let events = fixture("lab-service-events.json");
    let mut args = vec!["bus", "--rules", &rules, "--events", &events, "--json"];
    args.extend(FIXED);
    let (code, out, _) = run(&args);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    let first = &v["entries"][0]["arrivals"][0]["rules"][0];
    assert_eq!(first["rule"], "omics-run-finished");
    assert_eq!(first["explanation"]["matched"], true);
    assert_eq!(
        first["deliveries"][0]["payload"],
        r#""Run run name (1234567) is COMPLETED at 2022-10-20T22:07:35Z""#
    );
    assert_eq!(run(&args).1, out);
}

#[test]
fn templates_take_parameters() {
    let entries = file(
        "quilt.json",
        r#"[{"Source": "com.quiltdata", "DetailType": "package-revision", "Detail": "{\"type\": \"created\", \"bucket\": \"example\", \"handle\": \"some/package\"}"}]"#,
    );
    let rules = fixture("quilt-template.yaml");
    let mut args = vec!["bus", "--rules", &rules, "--entries", &entries];
    args.extend(FIXED);
    let (code, _, err) = run(&args);
    assert_eq!(code, 2);
    assert!(
        err.contains("parameter PackageNamePrefix has no Default"),
        "{err}"
    );
    assert!(err.contains("--param NAME=VALUE"), "{err}");
    assert!(
        err.contains("Resources.EventBridgeRule.Properties.EventPattern"),
        "{err}"
    );
    // The line and column in the template, too.
    assert!(err.contains("quilt-template.yaml:32:15: "), "{err}");
    args.extend([
        "--param",
        "PackageBucket=example",
        "--param",
        "PackageNamePrefix=some/",
        "--param",
        "EmailToSubscribe=a@b.c",
    ]);
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("✔ rule eventlens-EventBridgeRule-"), "{out}");
    assert!(out.contains("→ target OpsTopic (arn:aws:sns:us-east-1:123456789012:SNSTopic)"));
}

#[test]
fn refused_requests_and_rules() {
    let rules = file(
        "rules.json",
        r#"[{"Name": "r", "EventPattern": {"source": []}}]"#,
    );
    let entries = file("entries.json", r#"[]"#);
    let (code, _, err) = run(&["bus", "--rules", &rules, "--entries", &entries]);
    assert_eq!(code, 2);
    assert!(err.contains("Event pattern is not valid."), "{err}");
    assert!(err.contains("[0].EventPattern"), "{err}");
    let rules = file(
        "ok.json",
        r#"[{"Name": "r", "EventPattern": {"source": ["a"]}}]"#,
    );
    let (code, _, err) = run(&["bus", "--rules", &rules, "--entries", &entries]);
    assert_eq!(code, 2);
    assert!(
        err.contains("ValidationException: 1 validation error detected: Value '[]' at 'entries'"),
        "{err}"
    );
    let broken = file("broken.yaml", "- Name: r\n  EventPattern: [\n");
    let (code, _, err) = run(&["bus", "--rules", &broken, "--entries", &entries]);
    assert_eq!(code, 2);
    assert!(err.contains("not valid YAML"), "{err}");
    assert!(err.contains("broken.yaml:"), "{err}");
}
