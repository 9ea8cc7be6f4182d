//! Target inputs: whole event, `Input`, `InputPath` and input transformers (variables, string and
//! JSON templates, quoting, missing values, wildcards, predefined variables), with properties over
//! arbitrary values.

use eventlens_bus::{Bus, BusSettings, PutOptions, Timestamp};
use proptest::prelude::*;
use serde_json::{json, Value};

/// Puts one event with `detail` on a bus whose one rule has `target`; the payload it receives.
fn payload(target: Value, detail: &Value) -> Result<Option<String>, String> {
    let mut target = target;
    target["Id"] = json!("t1");
    target["Arn"] = json!("arn:aws:lambda:us-east-1:123456789012:function:f");
    let rules = json!([{"Name": "r1", "EventPattern": {"source": ["test"]}, "Targets": [target]}]);
    let bus = Bus::load(&rules.to_string(), BusSettings::default()).map_err(|e| e.message)?;
    let request = json!([{"Source": "test", "DetailType": "t", "Detail": detail.to_string(),
                          "Resources": ["arn:r0", "arn:r1"]}]);
    let options = PutOptions {
        now: Timestamp::parse("2024-05-01T12:00:00Z").unwrap(),
        seed: 3,
        unhealthy: vec![],
    };
    let out = bus
        .put_events(&request.to_string(), &options)
        .map_err(|e| e.message)?;
    let delivery = &out.entries[0].arrivals[0].rules[0].deliveries[0];
    Ok(delivery.payload.clone())
}

fn transformer(paths: Value, template: &str) -> Value {
    json!({"InputTransformer": {"InputPathsMap": paths, "InputTemplate": template}})
}

#[test]
fn string_templates_insert_values_as_text() {
    let d =
        json!({"state": "RUNNING", "n": 5, "obj": {"a": [1, 2]}, "flag": false, "nothing": null});
    let p = payload(
        transformer(
            json!({"s": "$.detail.state", "n": "$.detail.n", "o": "$.detail.obj", "f": "$.detail.flag", "z": "$.detail.nothing", "gone": "$.detail.gone"}),
            "\"<s> <n> <o> <f> <z> [<gone>]\"",
        ),
        &d,
    )
    .unwrap();
    assert_eq!(
        p.as_deref(),
        Some(r#""RUNNING 5 {"a":[1,2]} false null []""#)
    );
}

#[test]
fn json_templates_quote_strings_and_minify() {
    let d = json!({"state": "RUNNING", "n": 5, "obj": {"a": [1, 2]}});
    let p = payload(
        transformer(
            json!({"s": "$.detail.state", "n": "$.detail.n", "o": "$.detail.obj", "gone": "$.detail.gone"}),
            "{\n  \"s\": <s>,\n  \"n\": <n>,\n  \"o\": <o>,\n  \"list\": [<s>, <n>],\n  \"text\": \"<s>/<n>/<o>\",\n  \"gone\": <gone>\n}",
        ),
        &d,
    )
    .unwrap();
    assert_eq!(
        p.as_deref(),
        Some(
            r#"{"s":"RUNNING","n":5,"o":{"a":[1,2]},"list":["RUNNING",5],"text":"RUNNING/5/{\"a\":[1,2]}","gone":""}"#
        )
    );
}

#[test]
fn wildcards_and_indices() {
    let d = json!({"items": [{"id": "a"}, {"id": "b"}, {"x": 1}]});
    let p = payload(
        transformer(
            json!({"ids": "$.detail.items[*].id", "first": "$.detail.items[0].id", "res": "$.resources[1]"}),
            "{\"ids\": <ids>, \"first\": <first>, \"res\": <res>}",
        ),
        &d,
    )
    .unwrap();
    assert_eq!(
        p.as_deref(),
        Some(r#"{"ids":["a","b"],"first":"a","res":"arn:r1"}"#)
    );
}

#[test]
fn predefined_variables() {
    let p = payload(
        transformer(
            json!({}),
            "{\"arn\": <aws.events.rule-arn>, \"name\": <aws.events.rule-name>, \"at\": <aws.events.event.ingestion-time>, \"json\": <aws.events.event.json>}",
        ),
        &json!({"k": 1}),
    )
    .unwrap()
    .unwrap();
    let v: Value = serde_json::from_str(&p).unwrap();
    assert_eq!(v["arn"], "arn:aws:events:us-east-1:123456789012:rule/r1");
    assert_eq!(v["name"], "r1");
    assert_eq!(v["at"], "2024-05-01T12:00:00Z");
    assert_eq!(v["json"]["detail"], json!({"k": 1}));
    assert_eq!(v["json"]["version"], "0");
}

#[test]
fn input_and_input_path() {
    let d = json!({"payload": {"acc_id": "0a787ecb-4015", "sf_id": "baz"}});
    // The recorded AWS results: an object as JSON, a string as a JSON string.
    assert_eq!(
        payload(json!({"InputPath": "$.detail.payload"}), &d)
            .unwrap()
            .as_deref(),
        Some(r#"{"acc_id":"0a787ecb-4015","sf_id":"baz"}"#)
    );
    assert_eq!(
        payload(json!({"InputPath": "$.detail.payload.sf_id"}), &d)
            .unwrap()
            .as_deref(),
        Some("\"baz\"")
    );
    assert_eq!(
        payload(json!({"InputPath": "$.detail.none"}), &d).unwrap(),
        None
    );
    assert_eq!(
        payload(json!({"Input": "[1, \"two\"]"}), &d)
            .unwrap()
            .as_deref(),
        Some("[1, \"two\"]")
    );
}

#[test]
fn refused_configurations() {
    let d = json!({});
    let err = |t: Value| payload(t, &d).unwrap_err();
    assert_eq!(
        err(transformer(json!({"a": "$.detail"}), "\"<b>\"")),
        "InputTemplate for target t1 contains invalid placeholder b."
    );
    assert!(err(transformer(json!({"a": "$.detail"}), "{<a>: 1}")).contains("object key"));
    assert!(err(transformer(json!({"a": "$['detail']"}), "<a>")).contains("dot notation"));
    assert!(err(transformer(json!({"a": "$.detail"}), "")).contains("greater than or equal to 1"));
    assert!(
        err(transformer(json!({"a": "$.detail"}), &"x".repeat(8193)))
            .contains("less than or equal to 8192")
    );
    let many: serde_json::Map<String, Value> = (0..101)
        .map(|i| (format!("v{i}"), json!("$.detail")))
        .collect();
    assert!(err(transformer(Value::Object(many), "<v0>")).contains("less than or equal to 100"));
    assert_eq!(
        err(json!({"Input": "{}", "InputTransformer": {"InputTemplate": "x"}})),
        "Only one of Input, InputPath, or InputTransformer must be provided for target t1."
    );
}

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        "\\PC{0,10}".prop_map(Value::from),
        "[\"\\\\<>{}\\n\\t\\x{01}-\\x{1f}]{0,6}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 16, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..3).prop_map(Value::from),
            proptest::collection::btree_map("[a-z]{1,4}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Checks `text` is how `v` is inserted inside strings and string templates: a string as is,
/// anything else as its JSON.
fn inserted_as(text: &str, v: &Value) -> Result<(), TestCaseError> {
    match v {
        Value::String(s) => prop_assert_eq!(text, s.as_str()),
        other => prop_assert_eq!(&serde_json::from_str::<Value>(text).unwrap(), other),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn json_templates_stay_json_whatever_the_values(v in any_json()) {
        let p = payload(
            transformer(json!({"v": "$.detail.v"}), r#"{"raw": <v>, "inside": "[<v>]"}"#),
            &json!({"v": v}),
        ).unwrap().unwrap();
        let out: Value = serde_json::from_str(&p).unwrap();
        prop_assert_eq!(&out["raw"], &v);
        let inside = out["inside"].as_str().unwrap();
        inserted_as(&inside[1..inside.len() - 1], &v)?;
    }

    #[test]
    fn string_templates_insert_text_unescaped(v in any_json()) {
        let p = payload(transformer(json!({"v": "$.detail.v"}), "pre <v> post"), &json!({"v": v})).unwrap().unwrap();
        prop_assert!(p.starts_with("pre ") && p.ends_with(" post"));
        inserted_as(&p[4..p.len() - 5], &v)?;
    }

    #[test]
    fn input_path_gives_the_value_as_json(v in any_json()) {
        let p = payload(json!({"InputPath": "$.detail.v"}), &json!({"v": v})).unwrap().unwrap();
        let out: Value = serde_json::from_str(&p).unwrap();
        prop_assert_eq!(out, v);
    }

    #[test]
    fn undefined_placeholders_are_refused(name in "[A-Za-z0-9_-]{1,12}") {
        prop_assume!(name != "defined");
        let e = payload(transformer(json!({"defined": "$.detail"}), &format!("\"<{name}>\"")), &json!({})).unwrap_err();
        prop_assert_eq!(e, format!("InputTemplate for target t1 contains invalid placeholder {name}."));
    }

    #[test]
    fn paths_select_what_they_name(keys in proptest::collection::vec("[a-z][a-z0-9_-]{0,5}", 1..5), leaf in any::<i64>()) {
        let mut detail = json!(leaf);
        for k in keys.iter().rev() {
            detail = json!({ k.clone(): detail });
        }
        let path = format!("$.detail.{}", keys.join("."));
        let p = payload(json!({"InputPath": path}), &detail).unwrap();
        prop_assert_eq!(p, Some(leaf.to_string()));
    }
}
