//! End to end: the sample events of the seed documents (HealthOmics, Tetra, Quilt, Benchling) put
//! through a multi-rule bus with transformers and a global endpoint, healthy and failed over, and
//! the Quilt and Benchling CloudFormation/SAM templates as published.

use eventlens_bus::{Arrival, Bus, BusSettings, PutEventsOutcome, PutOptions, Route, Timestamp};
use serde_json::{json, Value};
use std::path::PathBuf;

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bus")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn options(unhealthy: &[&str]) -> PutOptions {
    PutOptions {
        now: Timestamp::parse("2024-05-01T12:00:00Z").unwrap(),
        seed: 7,
        unhealthy: unhealthy.iter().map(|s| s.to_string()).collect(),
    }
}

fn lab(unhealthy: &[&str]) -> PutEventsOutcome {
    let bus = Bus::load(&fixture("lab-rules.json"), BusSettings::default()).unwrap();
    bus.put_events(&fixture("lab-entries.json"), &options(unhealthy))
        .unwrap()
}

/// The HealthOmics and Benchling events as their services put them on the lab's buses.
fn lab_service_events() -> PutEventsOutcome {
    let bus = Bus::load(&fixture("lab-rules.json"), BusSettings::default()).unwrap();
    bus.put_service_events(&fixture("lab-service-events.json"), &options(&[]))
        .unwrap()
}

/// Rule name → payloads of the rules that delivered on this bus.
fn delivered(a: &Arrival) -> Vec<(String, Vec<String>)> {
    a.rules
        .iter()
        .filter(|r| r.delivered)
        .map(|r| {
            let payloads = r
                .deliveries
                .iter()
                .map(|d| d.payload.clone().unwrap_or_default())
                .collect();
            (r.rule.clone(), payloads)
        })
        .collect()
}

fn names(a: &Arrival) -> Vec<String> {
    delivered(a).into_iter().map(|(n, _)| n).collect()
}

#[test]
fn healthy_endpoint_routes_to_primary_and_replicates() {
    let out = lab(&[]);
    assert_eq!(out.response.failed_entry_count, 5);
    let codes: Vec<Option<&str>> = out
        .response
        .entries
        .iter()
        .map(|e| e.error_code.as_deref())
        .collect();
    assert_eq!(
        codes,
        vec![
            Some("NotAuthorizedForSourceException"),
            Some("NotAuthorizedForSourceException"),
            None,
            None,
            None,
            Some("NotAuthorizedForSourceException"),
            Some("MalformedDetail"),
            Some("InvalidArgument")
        ]
    );
    // Only AWS services and partners may use `aws.` sources (see the service events below).
    assert_eq!(
        out.response.entries[0].error_message.as_deref(),
        Some("Not authorized for the source.")
    );
    let expected = [
        vec!["tdp-images-searchable"],
        vec!["tdp-workflow-metrics"],
        vec!["quilt-new-packages"],
    ];
    for (entry, want) in out.entries[2..5].iter().zip(expected) {
        let [primary, replica] = entry.arrivals.as_slice() else {
            panic!(
                "entry {} reached {} Regions",
                entry.index,
                entry.arrivals.len()
            );
        };
        assert_eq!(
            (primary.region.as_str(), primary.bus.as_str()),
            ("us-east-1", "lab")
        );
        assert_eq!(
            primary.route,
            Route::Primary {
                endpoint: "lab-endpoint".into()
            }
        );
        assert_eq!(names(primary), want, "entry {}", entry.index);
        // The replica: in us-west-2, from us-east-1, naming the endpoint.
        assert_eq!(replica.region, "us-west-2");
        assert_eq!(
            replica.route,
            Route::Replica {
                endpoint: "lab-endpoint".into(),
                from: "us-east-1".into()
            }
        );
        assert!(!replica.deferred);
        let event: Value = serde_json::from_str(&replica.event).unwrap();
        assert_eq!(event["region"], "us-east-1");
        assert_eq!(event["id"], json!(entry.event_id));
        let resources = event["resources"].as_array().unwrap();
        assert_eq!(
            resources.last().unwrap(),
            "arn:aws:events:us-east-1:123456789012:endpoint/lab-endpoint"
        );
        assert!(names(replica).contains(&"dr-audit".to_string()));
    }
}

#[test]
fn healthomics_run_through_transformers() {
    let out = lab_service_events();
    assert_eq!(out.response.failed_entry_count, 0);
    let entry = &out.entries[0];
    let id = entry.event_id.clone().unwrap();
    let primary = &entry.arrivals[0];
    let (_, payloads) = &delivered(primary)[0];
    assert_eq!(
        payloads[0],
        r#""Run run name (1234567) is COMPLETED at 2022-10-20T22:07:35Z""#
    );
    assert_eq!(
        payloads[1],
        format!(
            r#"{{"run":"1234567","status":"COMPLETED","resource":"arn:aws:omics:us-west-2:123456789012:run/2101313","summary":"run 1234567 wrote to s3://amzn-s3-demo-bucket/run-output/2101313","rule":"omics-run-finished","original":{{"id":"{id}","account":"123456789012","detailType":"Run Status Change","time":"2022-10-20T22:07:35Z","source":"aws.omics","region":"us-east-1","resources":["arn:aws:omics:us-west-2:123456789012:run/2101313"],"version":"0"}}}}"#
        )
    );
    // The disabled rule's pattern matches, but it sends nothing.
    let paused = primary
        .rules
        .iter()
        .find(|r| r.rule == "omics-everything-paused")
        .unwrap();
    assert!(paused.matched && !paused.delivered && paused.deliveries.is_empty());
    assert_eq!(
        paused.reason,
        "the pattern matches, but the rule is DISABLED"
    );
    // Rules that miss say why, from the engine's explanation.
    let task = primary
        .rules
        .iter()
        .find(|r| r.rule == "omics-task-status")
        .unwrap();
    assert_eq!(
        task.reason,
        r#"`detail-type` is "Run Status Change"; expected "Task Status Change""#
    );
    assert!(!task.explanation.matched);
    // The same run reported in us-west-2 meets that Region's rule, with its ARN.
    let west = &out.entries[3].arrivals[0];
    assert_eq!(
        (west.region.as_str(), west.bus.as_str()),
        ("us-west-2", "default")
    );
    let dr = delivered(west);
    assert_eq!(
        dr[0].1[0],
        r#""[DR] Run run name is COMPLETED (sent in us-west-2, rule arn:aws:events:us-west-2:123456789012:rule/omics-run-finished)""#
    );
    // The task event meets the task rule.
    assert_eq!(
        names(&out.entries[1].arrivals[0]),
        vec!["omics-task-status"]
    );
}

#[test]
fn tetra_quilt_and_benchling_payloads() {
    let out = lab(&[]);
    let payload = |entry: usize| delivered(&out.entries[entry].arrivals[0])[0].1[0].clone();
    assert_eq!(
        payload(2),
        r#"{"file":"your-org/6f49fk393kdk/RAW/plate_scan.TIFF","labels":["project_id","software"],"instrument":{"type":"empower"},"note":"your-org/6f49fk393kdk/RAW/plate_scan.TIFF from {\"type\":\"empower\"}"}"#
    );
    assert_eq!(payload(3), r#"{"metric": "workflow", "count": 1}"#);
    assert_eq!(payload(4), out.entries[4].arrivals[0].event);
    let quilt: Value = serde_json::from_str(&payload(4)).unwrap();
    assert_eq!(quilt["detail"]["handle"], "some/package");
    assert_eq!(quilt["time"], "2024-04-25T14:46:51Z");
    // Benchling's partner event arrives on its partner event bus.
    let partner = lab_service_events();
    let benchling = &partner.entries[2].arrivals[0];
    assert_eq!(
        benchling.bus,
        "aws.partner/benchling.com/tenant/sequence-integrations"
    );
    assert_eq!(delivered(benchling)[0].1[0], "\"seq_Cuf0bmCm\"");
    // The event gave no time: the ingestion time is used.
    let benchling: Value = serde_json::from_str(&benchling.event).unwrap();
    assert_eq!(benchling["time"], "2024-05-01T12:00:00Z");
}

#[test]
fn failover_lands_in_the_secondary_and_holds_the_replica() {
    for unhealthy in [
        "arn:aws:route53:::healthcheck/lab-primary",
        "lab-endpoint",
        "abcde.veo",
    ] {
        let out = lab(&[unhealthy]);
        assert_eq!(out.response.failed_entry_count, 5);
        let entry = &out.entries[2];
        let [secondary, replica] = entry.arrivals.as_slice() else {
            panic!()
        };
        assert_eq!(secondary.region, "us-west-2");
        assert_eq!(
            secondary.route,
            Route::Failover {
                endpoint: "lab-endpoint".into()
            }
        );
        let event: Value = serde_json::from_str(&secondary.event).unwrap();
        assert_eq!(event["region"], "us-west-2");
        assert_eq!(names(secondary), vec!["dr-audit"]);
        assert_eq!(replica.region, "us-east-1");
        assert!(replica.deferred);
        assert_eq!(
            replica.route,
            Route::Replica {
                endpoint: "lab-endpoint".into(),
                from: "us-west-2".into()
            }
        );
        assert_eq!(names(replica), vec!["tdp-images-searchable"]);
    }
}

#[test]
fn same_seed_same_outcome() {
    let a = serde_json::to_string(&lab(&[])).unwrap();
    let b = serde_json::to_string(&lab(&[])).unwrap();
    assert_eq!(a, b);
}

#[test]
fn endpoint_entries_must_name_the_endpoints_bus() {
    let bus = Bus::load(&fixture("lab-rules.json"), BusSettings::default()).unwrap();
    let detail = "{\"status\": \"COMPLETED\"}";
    let request = json!({"EndpointId": "abcde.veo", "Entries": [
        {"Source": "com.example.lab", "DetailType": "Run Status Change", "Detail": detail, "EventBusName": "other"},
        {"Source": "com.example.lab", "DetailType": "Run Status Change", "Detail": detail,
         "EventBusName": "arn:aws:events:us-east-1:123456789012:event-bus/lab"},
        {"Source": "com.example.lab", "DetailType": "Run Status Change", "Detail": detail, "EventBusName": "lab"},
        {"Source": "com.example.lab", "DetailType": "Run Status Change", "Detail": detail,
         "EventBusName": "arn:aws:events:us-east-1:123456789012:event-bus/other"}]});
    let out = bus.put_events(&request.to_string(), &options(&[])).unwrap();
    assert_eq!(out.response.failed_entry_count, 2);
    assert!(out.entries[0]
        .error
        .as_ref()
        .unwrap()
        .message
        .contains("routes to event bus lab"));
    // A bus given by ARN is accepted with an endpoint (the API's "name or ARN") and routed
    // like its name.
    assert!(out.entries[1].error.is_none());
    assert!(!out.entries[1].arrivals.is_empty());
    assert_eq!(out.entries[1].arrivals.len(), out.entries[2].arrivals.len());
    assert!(out.entries[2].error.is_none());
    assert!(out.entries[3]
        .error
        .as_ref()
        .unwrap()
        .message
        .contains("not other (by its ARN)"));
}

fn quilt_bus(prefix: &str) -> Bus {
    let mut settings = BusSettings::default();
    settings
        .parameters
        .insert("PackageBucket".into(), "example".into());
    settings
        .parameters
        .insert("PackageNamePrefix".into(), prefix.into());
    settings
        .parameters
        .insert("EmailToSubscribe".into(), "ops@example.com".into());
    Bus::load(&fixture("quilt-template.yaml"), settings).unwrap()
}

/// The Quilt page's sample `package-revision` event, as a PutEvents entry.
fn quilt_entry() -> String {
    let detail = json!({"version": "0.1", "type": "created", "bucket": "example", "handle": "some/package",
        "topHash": "a0fddace2eb2fd91faa697d237a5dbdcfa77f0fd38ca8b4c850dbd93d142ee69"});
    json!([{"Source": "com.quiltdata", "DetailType": "package-revision", "Detail": detail.to_string()}]).to_string()
}

#[test]
fn quilt_template_routes_package_revisions_to_sns() {
    let bus = quilt_bus("some/");
    let rule = &bus.rules()[0];
    // The rule has no Name: CloudFormation's kind of name, stack-logical id-suffix.
    assert!(
        rule.name.starts_with("eventlens-EventBridgeRule-") && rule.name.len() == 39,
        "{}",
        rule.name
    );
    assert_eq!(rule.bus, "default");
    assert_eq!(
        rule.targets[0].arn,
        "arn:aws:sns:us-east-1:123456789012:SNSTopic"
    );
    let out = bus.put_events(&quilt_entry(), &options(&[])).unwrap();
    let verdict = &out.entries[0].arrivals[0].rules[0];
    assert!(verdict.delivered);
    assert_eq!(verdict.deliveries[0].target_id, "OpsTopic");
    assert_eq!(
        verdict.deliveries[0].payload.as_deref(),
        Some(out.entries[0].arrivals[0].event.as_str())
    );
    // An empty prefix matches every package, as the template's parameter says.
    assert!(
        quilt_bus("")
            .put_events(&quilt_entry(), &options(&[]))
            .unwrap()
            .entries[0]
            .arrivals[0]
            .rules[0]
            .delivered
    );
    let miss = quilt_bus("other/")
        .put_events(&quilt_entry(), &options(&[]))
        .unwrap();
    let verdict = &miss.entries[0].arrivals[0].rules[0];
    assert!(!verdict.matched);
    assert_eq!(
        verdict.reason,
        r#"`detail.handle` is "some/package"; expected { "prefix": "other/" }"#
    );
}

#[test]
fn quilt_template_needs_its_parameters() {
    let e = Bus::load(&fixture("quilt-template.yaml"), BusSettings::default()).unwrap_err();
    assert!(
        e.message
            .contains("parameter PackageNamePrefix has no Default"),
        "{e}"
    );
    assert!(
        e.location
            .starts_with("Resources.EventBridgeRule.Properties.EventPattern"),
        "{e}"
    );
}

#[test]
fn benchling_templates_route_to_sqs_and_lambda() {
    let mut settings = BusSettings::default();
    settings.parameters.insert(
        "BenchlingEventBusName".into(),
        "aws.partner/benchling.com/t/app".into(),
    );
    let sqs = Bus::load(&fixture("benchling-sqs-template.yaml"), settings.clone()).unwrap();
    let rule = &sqs.rules()[0];
    assert_eq!(rule.name, "TemplatePlasmidToSQS-eventlens");
    assert_eq!(rule.bus, "aws.partner/benchling.com/t/app");
    assert_eq!(
        rule.arn,
        "arn:aws:events:us-east-1:123456789012:rule/aws.partner/benchling.com/t/app/TemplatePlasmidToSQS-eventlens"
    );
    assert_eq!(
        rule.targets[0].id,
        "BenchlingEntityRegisteredQueue-eventlens"
    );
    assert_eq!(
        rule.targets[0].arn,
        "arn:aws:sqs:us-east-1:123456789012:BenchlingEntityRegisteredQueue"
    );
    let lambda = Bus::load(&fixture("benchling-lambda-template.yaml"), settings).unwrap();
    let rule = &lambda.rules()[0];
    assert_eq!(
        rule.targets[0].arn,
        "arn:aws:lambda:us-east-1:123456789012:function:HandleEventLambda"
    );
    // Benchling puts its events on the partner event bus named like their source.
    let event = |source: &str, detail: Value| {
        json!([{"source": source, "detail-type": "v2.request.created", "detail": detail}])
            .to_string()
    };
    let entry = |detail: Value| event("aws.partner/benchling.com/t/app", detail);
    let hit = lambda
        .put_service_events(
            &entry(json!({"schema": {"name": "Validated Request"}})),
            &options(&[]),
        )
        .unwrap();
    assert!(hit.entries[0].arrivals[0].rules[0].delivered);
    let miss = lambda
        .put_service_events(&entry(json!({"schema": {"name": "Draft"}})), &options(&[]))
        .unwrap();
    assert_eq!(
        miss.entries[0].arrivals[0].rules[0].reason,
        r#"`detail.schema.name` is "Draft"; expected "Validated Request""#
    );
    // An event on another bus meets none of these rules.
    let other = lambda
        .put_service_events(
            &event("aws.partner/benchling.com/other/app", json!({})),
            &options(&[]),
        )
        .unwrap();
    assert!(other.entries[0].arrivals[0].rules.is_empty());
}

#[test]
fn the_routing_table_lists_rules_and_target_inputs() {
    let bus = Bus::load(&fixture("lab-rules.json"), BusSettings::default()).unwrap();
    let table = serde_json::to_value(bus.summary()).unwrap();
    assert_eq!(table.as_array().unwrap().len(), 9);
    assert_eq!(table[0]["name"], "omics-run-finished");
    assert_eq!(table[0]["targets"][0]["input"], "input-transformer");
    assert_eq!(
        table[0]["targets"][0]["variables"][0],
        json!(["name", "$.detail.runName"])
    );
    assert_eq!(table[1]["targets"][0]["text"], "$.detail");
    assert_eq!(table[2]["state"], "DISABLED");
    assert_eq!(table[7]["region"], "us-west-2");
    assert_eq!(
        serde_json::to_value(&bus.endpoints()[0]).unwrap()["secondary_region"],
        "us-west-2"
    );
}
