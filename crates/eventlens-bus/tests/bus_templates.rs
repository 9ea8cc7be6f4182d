//! Templates as real stacks write them: Conditions and `Fn::If`, imports, rules without names,
//! resources that name themselves, SAM's `Enabled`, and SAM's own refusals (issue 24).

use eventlens_bus::{Bus, BusSettings, ConfigError, RuleState};
use std::path::PathBuf;

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bus")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn settings(params: &[(&str, &str)], imports: &[(&str, &str)]) -> BusSettings {
    let mut s = BusSettings::default();
    for (k, v) in params {
        s.parameters.insert(k.to_string(), v.to_string());
    }
    for (k, v) in imports {
        s.imports.insert(k.to_string(), v.to_string());
    }
    s
}

const OPS_TOPIC: &str = "arn:aws:sns:us-east-1:123456789012:shared-ops";

fn load(text: &str, params: &[(&str, &str)]) -> Result<Bus, ConfigError> {
    Bus::load(
        text,
        settings(params, &[("shared-ops-topic-arn", OPS_TOPIC)]),
    )
}

/// The YAML fixture and its JSON twin give the same rules.
fn both_forms() -> [String; 2] {
    [
        fixture("conditions-template.yaml"),
        fixture("conditions-template.json"),
    ]
}

#[test]
fn conditions_decide_which_resources_exist() {
    for text in both_forms() {
        // dev (the Default): the dev rule exists, the prod rule of the same name does not.
        let bus = load(&text, &[]).unwrap();
        let names: Vec<&str> = bus.rules().iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names.len(), 2, "{names:?}");
        let runs = &bus.rules()[0];
        assert_eq!(runs.name, "lab-run-status");
        assert!(
            runs.pattern.source().contains("CANCELLED"),
            "{}",
            runs.pattern.source()
        );
        assert_eq!(runs.targets[0].arn, OPS_TOPIC);
        assert!(bus
            .notes()
            .iter()
            .any(|n| n.contains("ProdRunsRule: condition IsProd is false")));

        // prod with alerts: the prod rule, whose target is the template's own topic.
        let bus = load(
            &text,
            &[("Environment", "prod"), ("AlertEmailEnabled", "true")],
        )
        .unwrap();
        let runs = &bus.rules()[0];
        assert_eq!(runs.name, "lab-run-status");
        assert!(!runs.pattern.source().contains("CANCELLED"));
        assert_eq!(
            runs.targets[0].arn,
            "arn:aws:sns:us-east-1:123456789012:lab-alerts-prod"
        );
        // prod without alerts: the other branch of Fn::If, an import.
        let bus = load(&text, &[("Environment", "prod")]).unwrap();
        assert_eq!(bus.rules()[0].targets[0].arn, OPS_TOPIC);
    }
}

#[test]
fn an_undecidable_condition_names_its_parameter() {
    let text = fixture("conditions-template.yaml").replace("    Default: dev\n", "");
    let e = load(&text, &[]).unwrap_err();
    assert!(
        e.message.starts_with("Condition IsProd cannot be decided")
            && e.message.contains("parameter Environment"),
        "{e}"
    );
}

#[test]
fn imports_come_from_the_given_exports() {
    // Each error also says where in the file: line and column (YAML: the key; JSON: the export
    // name itself).
    for (text, place) in both_forms().into_iter().zip([(53, 11), (146, 34)]) {
        let e = Bus::load(&text, BusSettings::default())
            .map(|_| ())
            .unwrap_err();
        assert!(
            e.message.contains("Fn::ImportValue shared-ops-topic-arn")
                && e.message.contains("--import shared-ops-topic-arn=VALUE"),
            "{e}"
        );
        assert!(
            e.location
                .starts_with("Resources.DevRunsRule.Properties.Targets[0].Arn"),
            "{e}"
        );
        assert_eq!((e.line, e.column), (Some(place.0), Some(place.1)), "{e}");
    }
}

#[test]
fn rules_without_names_and_resources_with_names() {
    for text in both_forms() {
        let bus = load(&text, &[]).unwrap();
        let uploads = &bus.rules()[1];
        // CloudFormation's kind of name: stack, logical id, a 13-character suffix.
        let (head, suffix) = uploads.name.rsplit_once('-').unwrap();
        assert_eq!(head, "eventlens-UploadsRule");
        assert_eq!(suffix.len(), 13);
        assert!(suffix
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()));
        // Ref to the bucket is its BucketName, not its logical id.
        assert!(
            uploads.pattern.source().contains("lab-runs-123456789012"),
            "{}",
            uploads.pattern.source()
        );
    }
    // A long stack name and logical id are cut to 64 characters, the suffix kept.
    let mut s = settings(&[], &[("shared-ops-topic-arn", OPS_TOPIC)]);
    s.stack_name = "a-very-long-stack-name-for-the-sequencing-lab-runs".to_string();
    let text = fixture("conditions-template.yaml").replace(
        "UploadsRule:",
        "UploadsFromTheSequencersToTheRunsBucketRule:",
    );
    let bus = Bus::load(&text, s).unwrap();
    let name = &bus.rules()[1].name;
    assert_eq!(name.chars().count(), 64, "{name}");
}

#[test]
fn an_empty_parameter_that_empties_a_target_is_named() {
    let text = r#"
Parameters:
  ArchiveQueueArn:
    Type: String
    Default: ""
Resources:
  ArchiveRule:
    Type: AWS::Events::Rule
    Properties:
      EventPattern: {source: [aws.omics]}
      Targets:
        - Id: archive
          Arn: !Ref ArchiveQueueArn
"#;
    let e = Bus::load(text, BusSettings::default())
        .map(|_| ())
        .unwrap_err();
    assert_eq!(
        e.location,
        "Resources.ArchiveRule.Properties.Targets[0].Arn"
    );
    assert!(
        e.message
            .contains("template parameter ArchiveQueueArn, which is empty"),
        "{e}"
    );
}

#[test]
fn sam_enabled_gives_the_rule_state() {
    let bus = Bus::load(
        &fixture("sam-enabled-template.json"),
        BusSettings::default(),
    )
    .unwrap();
    let state = |name_part: &str| {
        bus.rules()
            .iter()
            .find(|r| r.name.contains(name_part))
            .unwrap_or_else(|| panic!("no rule {name_part}"))
            .state
    };
    assert_eq!(state("PausedReplays"), RuleState::Disabled);
    assert_eq!(state("InstanceStateFunctionStopped"), RuleState::Enabled);
    let partner = bus
        .rules()
        .iter()
        .find(|r| r.name.contains("PartnerOrderCreated"))
        .unwrap();
    assert_eq!(partner.bus, "aws.partner/example.com/1234567890/orders");
    // The scheduled rule's condition is false: it does not exist (and is not noted as a schedule).
    assert!(bus
        .notes()
        .iter()
        .any(|n| n.contains("NightlyRule: condition Nightly is false")));

    let bus = Bus::load(
        &fixture("sam-enabled-template.yaml"),
        BusSettings::default(),
    )
    .unwrap();
    let retry = bus
        .rules()
        .iter()
        .find(|r| r.name == "run-failed-retry")
        .unwrap();
    assert_eq!(retry.state, RuleState::Disabled);
    assert_eq!(
        retry.targets[0].id,
        "RunPipelineRunFailedRetryStepFunctionsTarget"
    );
    let completed = bus
        .rules()
        .iter()
        .find(|r| r.name.starts_with("eventlens-RunPipelineRunCompleted-"))
        .unwrap();
    assert_eq!(completed.state, RuleState::Enabled);
    assert_eq!(
        completed.targets[0].arn,
        "arn:aws:states:us-east-1:123456789012:stateMachine:run-pipeline"
    );
}

/// SAM's translator refuses these before CloudFormation sees them, with these words
/// (`samtranslator` `CloudWatchEvent.to_cloudformation`, `EventBridgeRuleUtils`).
#[test]
fn sam_refusals_in_sams_words() {
    let template = |props: &str| {
        format!(
            "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Events:\n        OnRun:\n          Type: EventBridgeRule\n          Properties:\n            Pattern: {{source: [aws.omics]}}\n{props}"
        )
    };
    let message = |props: &str| {
        Bus::load(&template(props), BusSettings::default())
            .map(|_| ())
            .unwrap_err()
            .message
    };
    assert_eq!(
        message("            State: ENABLED\n            Enabled: false\n"),
        "Resource with id [Fn] is invalid. Event with id [OnRun] is invalid. State and Enabled Properties cannot both be specified."
    );
    assert_eq!(
        message("            Enabled: \"no\"\n"),
        "Resource with id [FnOnRun] is invalid. Property 'Enabled' should be a boolean."
    );
    assert_eq!(
        message("            DeadLetterConfig: {Type: SNS}\n"),
        "Resource with id [Fn] is invalid. Event with id [FnOnRun] is invalid. The only valid value for 'Type' property of DeadLetterConfig is 'SQS'."
    );
    assert_eq!(
        message("            DeadLetterConfig: {}\n"),
        "Resource with id [Fn] is invalid. Event with id [FnOnRun] is invalid. No 'Arn' or 'Type' property provided for DeadLetterConfig."
    );
}

/// Events AWS services and partners put themselves (JSON Lines), completed as they send them,
/// each on its bus; the same sources through PutEvents are refused, as AWS refuses them.
#[test]
fn service_events_arrive_whole_and_reserved_sources_are_refused() {
    use eventlens_bus::{PutOptions, Timestamp};
    let bus = Bus::load(&fixture("service-rules.yaml"), BusSettings::default()).unwrap();
    let options = PutOptions {
        now: Timestamp::parse("2024-05-01T12:00:00Z").unwrap(),
        seed: 3,
        unhealthy: Vec::new(),
    };
    let out = bus
        .put_service_events(&fixture("service-events.jsonl"), &options)
        .unwrap();
    assert_eq!(out.response.failed_entry_count, 0);
    let arrival = |i: usize| &out.entries[i].arrivals[0];
    let delivered = |i: usize| -> Vec<String> {
        arrival(i)
            .rules
            .iter()
            .filter(|r| r.delivered)
            .map(|r| r.rule.clone())
            .collect()
    };
    // S3: id, account, time and region filled; on the default bus of the call's Region.
    let s3: serde_json::Value = serde_json::from_str(&arrival(0).event).unwrap();
    assert_eq!(s3["id"].as_str(), out.entries[0].event_id.as_deref());
    assert_eq!(
        (
            s3["account"].as_str(),
            s3["time"].as_str(),
            s3["region"].as_str()
        ),
        (
            Some("123456789012"),
            Some("2024-05-01T12:00:00Z"),
            Some("us-east-1")
        )
    );
    assert_eq!(delivered(0), vec!["run-outputs"]);
    assert_eq!(
        arrival(0).rules[0].deliveries[0].payload.as_deref(),
        Some(r#"{"key":"run-output/2101313/out.bam","size":1048576}"#)
    );
    // EC2: its own id, time and Region kept; it meets the us-west-2 rule.
    assert_eq!(
        out.entries[1].event_id.as_deref(),
        Some("7bf73129-1428-4cd3-a780-95db273d1602")
    );
    assert_eq!(arrival(1).region, "us-west-2");
    assert_eq!(delivered(1), vec!["stopped-instances"]);
    // The partner's event arrives on its partner event bus.
    assert_eq!(arrival(2).bus, "aws.partner/example.com/1234567890/orders");
    assert_eq!(
        arrival(2).rules[0].deliveries[0].payload.as_deref(),
        Some("\"order o-1\"")
    );

    // The same sources through PutEvents: NotAuthorizedForSourceException, with AWS's message.
    let request = r#"[{"Source": "aws.s3", "DetailType": "Object Created", "Detail": "{}"},
        {"Source": "aws.partner/example.com/1234567890/orders", "DetailType": "Order Created", "Detail": "{}"},
        {"Source": "com.example.aws", "DetailType": "Order Created", "Detail": "{}"}]"#;
    let out = bus.put_events(request, &options).unwrap();
    assert_eq!(out.response.failed_entry_count, 2);
    for entry in &out.response.entries[..2] {
        assert_eq!(
            (entry.error_code.as_deref(), entry.error_message.as_deref()),
            (
                Some("NotAuthorizedForSourceException"),
                Some("Not authorized for the source.")
            )
        );
    }
}
