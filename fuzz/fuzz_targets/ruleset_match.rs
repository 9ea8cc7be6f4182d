//! Several patterns and one event, NUL-separated (the event last): a rule set answers exactly
//! what matching each rule's pattern on its own answers. Rule names repeat (every fourth pattern
//! replaces a rule) and every fifth pattern removes one, so replacement and removal are covered.
//! With `Validation::Structure` the set gives the same answers on events that parse, and an
//! event it refuses gets the parser's error.
#![no_main]

use eventlens::{Event, Pattern, RuleSet, Validation};
use eventlens_fuzz::{generous, split_parts};
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;

fuzz_target!(|data: &[u8]| {
    let Some(parts) = split_parts(data) else {
        return;
    };
    let Some((event, patterns)) = parts.split_last() else {
        return;
    };
    let mut set = RuleSet::with_limits(generous());
    // What the set should hold: name → pattern, replaced and removed alongside it.
    let mut expected: BTreeMap<String, Pattern> = BTreeMap::new();
    for (i, text) in patterns.iter().enumerate() {
        let name = format!("rule-{}", i % 4);
        if i % 5 == 4 {
            assert_eq!(set.remove(&name), expected.remove(&name).is_some());
            continue;
        }
        let alone = Pattern::compile_with(text, &generous());
        match set.add(&name, text) {
            Ok(()) => {
                expected.insert(name, alone.expect("the set accepted what compile refuses"));
            }
            Err(e) => assert_eq!(Err(e), alone.map(|_| ())),
        }
    }
    assert_eq!(set.len(), expected.len());
    let parsed = Event::parse_with(event, &generous());
    let answer = set.matches(event);
    let mut skim = set.clone();
    skim.set_validation(Validation::Structure);
    let skimmed = skim.matches(event);
    let Ok(e) = parsed else {
        assert_eq!(answer.err(), parsed.as_ref().err().cloned());
        if let Err(refused) = skimmed {
            assert_eq!(Err(refused), parsed.map(|_| ()));
        }
        return;
    };
    let mut got: Vec<&str> = answer.expect("the event parses");
    let mut got_skimmed: Vec<&str> = skimmed.expect("structure validation accepts what parses");
    got_skimmed.sort_unstable();
    let mut got_parsed = set.matches_event(&e);
    got.sort_unstable();
    got_parsed.sort_unstable();
    let want: Vec<&str> = expected
        .iter()
        .filter(|(_, p)| p.matches(&e))
        .map(|(n, _)| n.as_str())
        .collect();
    assert_eq!(got, want, "rule set != per-rule matching");
    assert_eq!(got_skimmed, want, "rule set (structure) != per-rule matching");
    assert_eq!(
        got_parsed, want,
        "rule set (parsed event) != per-rule matching"
    );
});
