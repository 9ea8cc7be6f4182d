//! PutEvents: every error the API gives for a request or an entry, and properties of the
//! response (one result per entry, failures independent of each other, repeatable ids).

use eventlens_bus::{Bus, BusSettings, PutEventsOutcome, PutOptions, Timestamp};
use proptest::prelude::*;
use serde_json::{json, Value};

fn options(seed: u64) -> PutOptions {
    PutOptions {
        now: Timestamp::parse("2024-05-01T12:00:00Z").unwrap(),
        seed,
        unhealthy: vec![],
    }
}

fn bus() -> Bus {
    Bus::load(
        r#"[{"Name": "all", "EventPattern": {"source": [{"prefix": ""}]}, "Targets": [{"Id": "t", "Arn": "arn:aws:sqs:us-east-1:123456789012:q"}]}]"#,
        BusSettings::default(),
    )
    .unwrap()
}

fn put(entries: Value) -> Result<PutEventsOutcome, eventlens_bus::RequestError> {
    bus().put_events(&json!({ "Entries": entries }).to_string(), &options(1))
}

fn entry() -> Value {
    json!({"Source": "com.example", "DetailType": "thing", "Detail": "{\"a\": 1}"})
}

fn result(outcome: &PutEventsOutcome, i: usize) -> Value {
    serde_json::to_value(&outcome.response.entries[i]).unwrap()
}

#[test]
fn missing_fields_are_invalid_arguments_with_aws_messages() {
    for field in ["Source", "DetailType", "Detail"] {
        let mut e = entry();
        e.as_object_mut().unwrap().remove(field);
        let out = put(json!([e])).unwrap();
        assert_eq!(out.response.failed_entry_count, 1);
        assert_eq!(
            result(&out, 0),
            json!({"ErrorCode": "InvalidArgument",
                   "ErrorMessage": format!("Parameter {field} is not valid. Reason: {field} is a required argument.")})
        );
    }
}

#[test]
fn details_that_are_not_objects_are_malformed() {
    // The cases AWS answers with MalformedDetail: a string, an array, broken JSON, and JSON text
    // holding a string.
    for detail in [
        "\"text\"",
        "[1, 2]",
        "{\"a\": ",
        "\"{\\\"a\\\": 1}\"",
        "12",
        "null",
        "{} {}",
    ] {
        let mut e = entry();
        e["Detail"] = json!(detail);
        let out = put(json!([e])).unwrap();
        assert_eq!(
            result(&out, 0),
            json!({"ErrorCode": "MalformedDetail", "ErrorMessage": "Detail is malformed."}),
            "{detail}"
        );
    }
}

#[test]
fn details_nest_at_most_1100_levels() {
    let nested = |levels: usize| {
        let inner = "[".repeat(levels - 1) + &"]".repeat(levels - 1);
        format!("{{\"a\":{inner}}}")
    };
    let mut e = entry();
    e["Detail"] = json!(nested(1100));
    let out = put(json!([e.clone()])).unwrap();
    assert_eq!(out.response.failed_entry_count, 0);
    // The event (one level deeper than its detail) still matches.
    assert!(out.entries[0].arrivals[0].rules[0].delivered);
    e["Detail"] = json!(nested(1101));
    let out = put(json!([e])).unwrap();
    assert_eq!(
        out.response.entries[0].error_code.as_deref(),
        Some("MalformedDetail")
    );
}

#[test]
fn request_level_validation() {
    let err = put(json!([])).unwrap_err();
    assert_eq!(err.code, "ValidationException");
    assert_eq!(err.message, "1 validation error detected: Value '[]' at 'entries' failed to satisfy constraint: Member must have length greater than or equal to 1");
    let err = bus().put_events("{}", &options(1)).unwrap_err();
    assert_eq!(err.message, "1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null");
    let eleven: Vec<Value> = (0..11).map(|_| entry()).collect();
    let err = put(json!(eleven)).unwrap_err();
    assert!(err.message.starts_with("1 validation error detected: Value '[PutEventsRequestEntry(time=null, source=com.example, resources=null, detailType=thing, detail={\"a\": 1}, eventBusName=null, traceHeader=null, kmsKeyIdentifier=null, internalMetadata=null), "), "{}", err.message);
    assert!(err.message.ends_with(")]' at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10"));
    let mut big = entry();
    big["Detail"] = json!(format!("{{\"a\": \"{}\"}}", "x".repeat(256 * 1024)));
    let err = put(json!([big])).unwrap_err();
    assert_eq!(
        (err.code.as_str(), err.message.as_str()),
        (
            "ValidationException",
            "Total size of the entries in the request is over the limit."
        )
    );
    let err = bus()
        .put_events(r#"{"Entries": [{"Detail": {"a": 1}}]}"#, &options(1))
        .unwrap_err();
    assert_eq!(err.code, "SerializationException");
    let err = bus()
        .put_events("{\"Entries\": [", &options(1))
        .unwrap_err();
    assert_eq!(err.code, "SerializationException");
}

#[test]
fn the_size_limit_counts_all_entries_together() {
    // 14 bytes for a Time, plus Source, DetailType, Detail and Resources: two entries of 150,000
    // bytes each pass alone and fail together.
    let mut e = entry();
    e["Detail"] = json!(format!("{{\"a\": \"{}\"}}", "x".repeat(150_000)));
    assert!(put(json!([e.clone()])).is_ok());
    assert!(put(json!([e.clone(), e])).is_err());
}

#[test]
fn unknown_endpoints_are_refused() {
    let err = bus()
        .put_events(
            &json!({"Entries": [entry()], "EndpointId": "abcde.veo"}).to_string(),
            &options(1),
        )
        .unwrap_err();
    assert_eq!(err.code, "ResourceNotFoundException");
}

#[test]
fn the_envelope_is_eventbridges() {
    let mut e = entry();
    e["Resources"] = json!(["arn:aws:s3:::b"]);
    e["Time"] = json!(1_714_056_411);
    let out = put(json!([e])).unwrap();
    let id = out.entries[0].event_id.clone().unwrap();
    assert_eq!(
        out.entries[0].arrivals[0].event,
        format!(
            r#"{{"version":"0","id":"{id}","detail-type":"thing","source":"com.example","account":"123456789012","time":"2024-04-25T14:46:51Z","region":"us-east-1","resources":["arn:aws:s3:::b"],"detail":{{"a":1}}}}"#
        )
    );
}

/// An entry that may lack fields or carry a detail of any shape.
fn any_entry() -> impl Strategy<Value = Value> {
    let detail = prop_oneof![
        Just(None),
        Just(Some("{\"k\": [1, {\"n\": null}]}".to_string())),
        Just(Some("[]".to_string())),
        Just(Some("{".to_string())),
        "[a-z]{0,6}".prop_map(|s| Some(format!("{{\"s\": \"{s}\"}}"))),
    ];
    (
        proptest::option::of("[a-z.]{0,8}"),
        proptest::option::of("[A-Za-z ]{0,8}"),
        detail,
    )
        .prop_map(|(source, detail_type, detail)| {
            let mut e = serde_json::Map::new();
            if let Some(s) = source {
                e.insert("Source".into(), json!(s));
            }
            if let Some(d) = detail_type {
                e.insert("DetailType".into(), json!(d));
            }
            if let Some(d) = detail {
                e.insert("Detail".into(), json!(d));
            }
            Value::Object(e)
        })
}

proptest! {
    #[test]
    fn one_result_per_entry_and_failures_stay_alone(entries in proptest::collection::vec(any_entry(), 1..=10)) {
        let out = put(json!(entries)).unwrap();
        prop_assert_eq!(out.response.entries.len(), entries.len());
        let failed = out.response.entries.iter().filter(|r| r.error_code.is_some()).count();
        prop_assert_eq!(out.response.failed_entry_count, failed);
        for (i, e) in entries.iter().enumerate() {
            let r = &out.response.entries[i];
            prop_assert!(r.event_id.is_some() != r.error_code.is_some());
            // The entry fares the same alone as among the others.
            let alone = put(json!([e])).unwrap();
            prop_assert_eq!(&alone.response.entries[0].error_code, &r.error_code);
            prop_assert_eq!(&alone.response.entries[0].error_message, &r.error_message);
            prop_assert_eq!(r.event_id.is_some(), !out.entries[i].arrivals.is_empty());
        }
    }

    #[test]
    fn more_than_ten_entries_fail_the_request(n in 11usize..30) {
        let entries: Vec<Value> = (0..n).map(|_| entry()).collect();
        let err = put(json!(entries)).unwrap_err();
        prop_assert_eq!(err.code, "ValidationException");
    }

    #[test]
    fn ids_repeat_with_the_seed_and_are_v4_uuids(seed in any::<u64>()) {
        let request = json!({"Entries": [entry(), entry(), entry()]}).to_string();
        let a = bus().put_events(&request, &options(seed)).unwrap();
        let b = bus().put_events(&request, &options(seed)).unwrap();
        prop_assert_eq!(&a.response, &b.response);
        let ids: Vec<&str> = a.response.entries.iter().map(|e| e.event_id.as_deref().unwrap()).collect();
        for id in &ids {
            prop_assert_eq!(id.len(), 36);
            prop_assert_eq!(&id[14..15], "4");
            prop_assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"));
        }
        prop_assert!(ids[0] != ids[1] && ids[1] != ids[2]);
    }

    #[test]
    fn details_arrive_compact_and_equal(detail in arbitrary_object()) {
        let mut e = entry();
        e["Detail"] = json!(serde_json::to_string_pretty(&detail).unwrap());
        let out = put(json!([e])).unwrap();
        let event: Value = serde_json::from_str(&out.entries[0].arrivals[0].event).unwrap();
        prop_assert_eq!(&event["detail"], &detail);
        prop_assert!(!out.entries[0].arrivals[0].event.contains('\n'));
    }
}

fn arbitrary_object() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i32>().prop_map(Value::from),
        "\\PC{0,8}".prop_map(Value::from),
    ];
    let value = leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            proptest::collection::btree_map("[a-z-]{1,5}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    });
    proptest::collection::btree_map("[a-z-]{1,5}", value, 0..5)
        .prop_map(|m| Value::Object(m.into_iter().collect()))
}

#[test]
fn one_bad_rule_is_reported_on_that_rule_while_the_others_route() {
    let rules = r#"[
  {"Name": "good", "EventPattern": {"source": ["com.example"]},
   "Targets": [{"Id": "t", "Arn": "arn:aws:sqs:us-east-1:123456789012:q"}]},
  {"Name": "bad", "EventPattern": {"detail": {"n": [{"numeric": [">", "x"]}]}}},
  {"Name": "worse", "EventPattern": {"source": ["com.example"]}, "Targets": [{"Id": "a", "Arn": "arn:aws:sqs:us-east-1:123456789012:q", "InputPath": "detail"}]},
  {"Name": "good", "EventPattern": {"source": ["x"]}}
]"#;
    let (bus, faults) = Bus::load_each(rules, BusSettings::default(), Default::default()).unwrap();
    let kept: Vec<&str> = bus.rules().iter().map(|r| r.name.as_str()).collect();
    assert_eq!(kept, vec!["good"]);
    let places: Vec<&str> = faults.iter().map(|f| f.location.as_str()).collect();
    assert_eq!(
        places,
        vec!["[1].EventPattern", "[2].Targets[0].InputPath", "[3]"]
    );
    assert!(faults[0].message.starts_with("Event pattern is not valid."));
    assert!(faults[2].message.contains("defined twice"));
    // Strict loading refuses the file at its first fault.
    assert_eq!(
        Bus::load(rules, BusSettings::default()).unwrap_err(),
        faults[0]
    );
    // The rules that passed still route.
    let out = bus
        .put_events(&json!([entry()]).to_string(), &options(1))
        .unwrap();
    let verdicts = &out.entries[0].arrivals[0].rules;
    assert_eq!(verdicts.len(), 1);
    assert!(verdicts[0].delivered);
    // A file that cannot be read is still refused as a whole.
    assert!(Bus::load_each("[1,", BusSettings::default(), Default::default()).is_err());
}

#[test]
fn a_malformed_detail_carries_the_parsers_reason_and_place_in_the_report_only() {
    let mut e = entry();
    e["Detail"] = json!("{\"a\": 1,\n \"b\": }");
    let out = put(json!([entry(), e])).unwrap();
    assert_eq!(
        result(&out, 1),
        json!({"ErrorCode": "MalformedDetail", "ErrorMessage": "Detail is malformed."})
    );
    let error = serde_json::to_value(out.entries[1].error.as_ref().unwrap()).unwrap();
    assert_eq!(
        (
            error["detail"]["line"].as_u64(),
            error["detail"]["column"].as_u64()
        ),
        (Some(2), Some(7))
    );
    assert!(
        error["detail"]["reason"]
            .as_str()
            .unwrap()
            .starts_with("Unexpected character ('}'"),
        "{error}"
    );
    assert_eq!(out.entries[0].error, None);
}
