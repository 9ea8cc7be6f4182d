//! `eventlens test-suite`: suites that hold, suites that fail (with each failure's reason),
//! refused files with their place, exit statuses and the JUnit report.

mod support;

use support::{file, run};

fn fixture(name: &str) -> String {
    support::fixture("tests/fixtures/suites", name)
}

#[test]
fn suites_that_hold_exit_zero_with_a_summary() {
    let (yaml, json) = (fixture("omics.yaml"), fixture("orders.json"));
    let (code, out, err) = run(&["test-suite", &yaml, &json]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out, "6 expectations in 2 files: 6 passed, 0 failed\n");
}

#[test]
fn failures_name_the_pattern_the_event_and_the_reason() {
    let path = fixture("failing.yaml");
    let (code, out, _) = run(&["test-suite", &path]);
    assert_eq!(code, 1, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(
        lines[0].starts_with(&format!(
            "FAIL {path}: pattern \"shipped\", event \"pending\": expected match, got no match: "
        )),
        "{out}"
    );
    // The reason of the failed condition, with its hint.
    assert!(
        lines[0].contains("`detail.status`") && lines[0].contains("hint:"),
        "{out}"
    );
    assert!(
        lines[1].contains(
            "event \"shipped\": expected no match, got match: `detail.status` is \"SHIPPED\""
        ),
        "{out}"
    );
    assert_eq!(lines[2], "2 expectations in 1 file: 0 passed, 2 failed");
}

#[test]
fn each_refused_file_exits_two_with_its_place() {
    let cases = [
        (
            "bad-pattern.yaml",
            "Event pattern is not valid. Reason: Empty arrays are not allowed",
            ":3:3",
        ),
        (
            "bad-event.json",
            "event \"broken\": Unexpected character",
            ":3:35",
        ),
        ("unknown-name.yaml", "names the event \"missing\"", ":9:7"),
        (
            "both-lists.json",
            "listed in both `match` and `no-match`",
            ":2:48",
        ),
        ("not-a-suite.yaml", "A suite must be a mapping", ":1:1"),
        ("unknown-key.json", "Unknown key `tests`", ":1:18"),
    ];
    for (name, message, place) in cases {
        let path = fixture(name);
        let (code, out, err) = run(&["test-suite", &path]);
        assert_eq!(code, 2, "{name}: {out}{err}");
        assert!(err.contains(message), "{name}: {err}");
        assert!(
            err.contains(&format!("--> {path}{place}\n")),
            "{name}: {err}"
        );
        assert!(
            out.ends_with("0 expectations in 1 file: 0 passed, 0 failed, 1 file not run\n"),
            "{name}: {out}"
        );
    }
    // Unreadable: missing, and not UTF-8.
    let (code, _, err) = run(&["test-suite", "no/such/suite.yaml"]);
    assert_eq!(code, 2);
    assert!(err.contains("reading no/such/suite.yaml"), "{err}");
    let binary = file("binary.yaml", b"patterns: \xff\n");
    let (code, _, err) = run(&["test-suite", &binary]);
    assert_eq!(code, 2);
    assert!(err.contains("not valid UTF-8"), "{err}");
    let broken = file("broken.json", "{\"patterns\": {\"p\": }}");
    let (code, _, err) = run(&["test-suite", &broken]);
    assert_eq!(code, 2);
    assert!(
        err.contains("not valid JSON") && err.contains(&format!("{broken}:1:20")),
        "{err}"
    );
}

#[test]
fn a_refused_file_does_not_stop_the_others() {
    let (good, bad) = (fixture("failing.yaml"), fixture("bad-pattern.yaml"));
    let (code, out, _) = run(&["test-suite", &good, &bad]);
    assert_eq!(code, 2);
    assert!(
        out.ends_with("2 expectations in 2 files: 0 passed, 2 failed, 1 file not run\n"),
        "{out}"
    );
}

#[test]
fn the_junit_report_has_a_testsuite_per_file_and_escapes_names() {
    let out_path = file("report.xml", "");
    let (failing, holding, bad) = (
        fixture("failing.json"),
        fixture("orders.json"),
        fixture("both-lists.json"),
    );
    let (code, _, _) = run(&["test-suite", &failing, &holding, &bad, "--junit", &out_path]);
    assert_eq!(code, 2);
    let xml = std::fs::read_to_string(&out_path).unwrap();
    assert!(
        xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"),
        "{xml}"
    );
    assert_eq!(xml.matches("<testsuite ").count(), 3, "{xml}");
    assert!(
        xml.contains(&format!(
            "<testsuite name=\"{failing}\" tests=\"2\" failures=\"1\" errors=\"0\">"
        )),
        "{xml}"
    );
    // Names with <, &, " are escaped in the test case's name and in the failure message.
    let case = "shipped &lt;&amp;&quot;fast&quot;&gt; match a &lt;b&gt; &amp; &quot;c&quot;";
    assert!(
        xml.contains(&format!(
            "<testcase classname=\"{failing}\" name=\"{case}\">"
        )),
        "{xml}"
    );
    assert!(xml.contains("<failure message=\"expected match, got no match: `detail.status` is &quot;PENDING&quot;; expected &quot;SHIPPED&quot;\"/>"), "{xml}");
    assert!(
        xml.contains(&format!(
            "<testsuite name=\"{holding}\" tests=\"2\" failures=\"0\" errors=\"0\">"
        )),
        "{xml}"
    );
    assert!(
        xml.contains("<error message=\"") && xml.contains("listed in both"),
        "{xml}"
    );
    assert!(!xml.contains("<b>") && xml.ends_with("</testsuites>\n"));
    // Every element closes: a rough well-formedness check by counting tags.
    assert_eq!(
        xml.matches("<testsuite ").count(),
        xml.matches("</testsuite>").count()
    );
    assert_eq!(
        xml.matches("<testcase ").count(),
        xml.matches("</testcase>").count() + xml.matches("\"/>\n").count()
            - xml.matches("<failure").count()
            - xml.matches("<error").count()
    );
}
