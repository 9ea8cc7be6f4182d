//! Event parsing: never a panic; an error points inside the event; a parsed event's nodes and keys
//! point at their own text; the envelope check gives a sound error or none.
#![no_main]

use eventlens::Event;
use eventlens_fuzz::{check_event, check_event_error, generous};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    match Event::parse_with(src, &generous()) {
        Ok(e) => {
            check_event(&e);
            if let Err(err) = e.check_envelope() {
                check_event_error(src, &err);
            }
        }
        Err(e) => check_event_error(src, &e),
    }
});
