//! A rules file and a PutEvents request body (NUL-separated): loading refuses or accepts, the
//! call answers or refuses, and every rule's verdict agrees with matching its pattern alone.
#![no_main]

use eventlens_bus::{Bus, BusSettings};
use eventlens_fuzz::bus::{check_outcome, options};
use eventlens_fuzz::split_parts;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(parts) = split_parts(data) else {
        return;
    };
    let [rules, request] = parts[..] else {
        return;
    };
    let bus = match Bus::load(rules, BusSettings::default()) {
        Ok(bus) => bus,
        Err(e) => {
            assert!(!e.to_string().is_empty(), "a load error says why");
            return;
        }
    };
    match bus.put_events(request, &options()) {
        Ok(outcome) => {
            check_outcome(&outcome);
        }
        Err(e) => assert!(!e.to_string().is_empty(), "a refused request says why"),
    }
});
