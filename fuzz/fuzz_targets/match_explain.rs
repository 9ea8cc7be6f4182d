//! One pattern and one event (separated by a NUL byte): matching never panics, and the
//! explanation's verdict, combinations and spans agree with the matcher.
#![no_main]

use eventlens::{Event, Pattern};
use eventlens_fuzz::{check_explanation, generous, split_parts};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(parts) = split_parts(data) else {
        return;
    };
    let [pattern, event] = parts[..] else {
        return;
    };
    let (Ok(p), Ok(e)) = (
        Pattern::compile_with(pattern, &generous()),
        Event::parse_with(event, &generous()),
    ) else {
        return;
    };
    let x = p.explain(&e);
    check_explanation(&p, &e, &x);
});
