//! Pattern parsing and validation: never a panic; an error points inside the pattern; a valid
//! pattern's spans point inside it and it compiles the same way again.
#![no_main]

use eventlens::Pattern;
use eventlens_fuzz::{check_pattern, check_pattern_error, generous};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    match Pattern::compile_with(src, &generous()) {
        Ok(p) => check_pattern(&p),
        Err(e) => check_pattern_error(src, &e),
    }
    // The default limits only add refusals, each with a sound error.
    if let Err(e) = Pattern::compile(src) {
        check_pattern_error(src, &e);
    }
});
