//! The `test` and `validate` subcommands: exit statuses and what they print.

mod support;

use support::{file, run};

#[test]
fn test_exit_statuses_and_explanation() {
    let p = file(
        "p.json",
        r#"{"detail": {"status": ["COMPLETED", "CANCELLED"]}}"#,
    );
    let yes = file("yes.json", r#"{"detail": {"status": "COMPLETED"}}"#);
    let no = file("no.json", r#"{"detail": {"status": "FAILED"}}"#);
    let broken = file("broken.json", r#"{"detail": "#);
    assert_eq!(run(&["test", "--pattern", &p, "--event", &yes]).0, 0);
    let (code, out, _) = run(&["test", "--pattern", &p, "--event", &no, "--explain"]);
    assert_eq!(code, 1);
    assert!(out.contains("No match"));
    assert!(
        out.contains(r#"`detail.status` is "FAILED"; expected one of "COMPLETED", "CANCELLED""#),
        "{out}"
    );
    let (code, _, err) = run(&["test", "--pattern", &p, "--event", &broken]);
    assert_eq!(code, 2);
    assert!(err.contains("line 1") || err.contains(":1:"), "{err}");
}

#[test]
fn validate_points_at_the_fault() {
    let bad = file("bad.json", "{\n  \"a\": [{\"prefix\": 3}]\n}");
    let (code, _, err) = run(&["validate", "--pattern", &bad]);
    assert_eq!(code, 2);
    assert!(
        err.contains("Event pattern is not valid. Reason: prefix match pattern must be a string"),
        "{err}"
    );
    assert!(err.contains(":2:20"), "{err}");
    let good = file("good.json", r#"{"a": ["x"]}"#);
    assert_eq!(run(&["validate", "--pattern", &good]).0, 0);
}
