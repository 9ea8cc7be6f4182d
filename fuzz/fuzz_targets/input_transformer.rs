//! An input transformer (its `InputPathsMap` JSON and `InputTemplate`) and an event `Detail`,
//! NUL-separated, on a rule that matches every event: the target's payload is computed without
//! a panic, and a JSON template gives JSON.
#![no_main]

use eventlens_bus::{Bus, BusSettings, InputKind};
use eventlens::json::Document;
use eventlens_fuzz::bus::{check_outcome, options};
use eventlens_fuzz::split_parts;
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};

fuzz_target!(|data: &[u8]| {
    let Some(parts) = split_parts(data) else {
        return;
    };
    let [paths, template, detail] = parts[..] else {
        return;
    };
    let Ok(paths @ Value::Object(_)) = serde_json::from_str::<Value>(paths) else {
        return;
    };
    let rules = json!([{
        "Name": "all",
        "EventPattern": {"source": [{"prefix": ""}]},
        "Targets": [{
            "Id": "t",
            "Arn": "arn:aws:sqs:us-east-1:123456789012:q",
            "InputTransformer": {"InputPathsMap": paths, "InputTemplate": template}
        }]
    }]);
    let bus = match Bus::load(&rules.to_string(), BusSettings::default()) {
        Ok(bus) => bus,
        Err(e) => {
            assert!(!e.to_string().is_empty(), "a load error says why");
            return;
        }
    };
    let request = json!({"Entries": [{"Source": "fuzz", "DetailType": "t", "Detail": detail}]});
    let Ok(outcome) = bus.put_events(&request.to_string(), &options()) else {
        return;
    };
    check_outcome(&outcome);
    let json_template = template.trim_start().starts_with('{');
    for entry in &outcome.entries {
        for arrival in &entry.arrivals {
            for verdict in &arrival.rules {
                for d in &verdict.deliveries {
                    assert_eq!(d.input, InputKind::InputTransformer);
                    if let (true, Some(payload)) = (json_template, &d.payload) {
                        // The engine's reader, which takes any number text (`1e400`) as AWS does.
                        assert!(
                            Document::parse(payload, usize::MAX).is_ok(),
                            "a JSON template gave {payload:?}"
                        );
                    }
                }
            }
        }
    }
});
