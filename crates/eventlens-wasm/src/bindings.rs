//! The exports `wasm-bindgen` turns into JavaScript. Refusals are thrown as [`Failure`] objects.
//!
//! Events arrive as UTF-8 bytes, which the TypeScript layer writes with `TextEncoder.encodeInto`:
//! `wasm-bindgen` passes a `&str` by copying an ASCII string one character at a time in
//! JavaScript, which costs more than matching a CityLots event does.

use crate::failure::Failure;
use crate::inputs::{compile, parse_event};
use crate::report::ExplanationView;
use eventlens::{Pattern, RuleSet, Validation};
use serde::Serialize;
use std::cell::OnceCell;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;

/// `value` as a JavaScript value (`None` as `null`, structs as plain objects).
pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true);
    Ok(value.serialize(&serializer)?)
}

/// The value to throw for a failure.
pub(crate) fn throw(failure: Failure) -> JsValue {
    to_js(&failure).unwrap_or_else(|e| e)
}

/// Event (or request) bytes as text. The TypeScript layer only sends what `TextEncoder` wrote,
/// which is UTF-8; checking it is still a tenth of matching an event, so the check is simdutf8's
/// (SIMD128 in the package's build), falling back to the standard library's for the message.
pub(crate) fn utf8(event: &[u8]) -> Result<&str, JsValue> {
    simdutf8::basic::from_utf8(event).or_else(|_| {
        std::str::from_utf8(event)
            .map_err(|e| JsValue::from_str(&format!("eventlens: the bytes are not UTF-8: {e}")))
    })
}

/// Validates pattern text: `undefined` when valid, else the failure (returned, not thrown).
#[wasm_bindgen(js_name = validatePattern)]
pub fn validate_pattern(pattern: &str) -> Result<JsValue, JsValue> {
    match compile(pattern) {
        Ok(_) => Ok(JsValue::UNDEFINED),
        Err(failure) => to_js(&failure),
    }
}

/// Compiles `pattern` and tests `event` once.
#[wasm_bindgen(js_name = matchOnce)]
pub fn match_once(pattern: &str, event: &[u8], envelope: bool) -> Result<bool, JsValue> {
    CompiledPattern::new(pattern)?.matches(event, envelope)
}

/// Compiles `pattern` and explains `event` once.
#[wasm_bindgen(js_name = explainOnce)]
pub fn explain_once(pattern: &str, event: &[u8], envelope: bool) -> Result<JsValue, JsValue> {
    CompiledPattern::new(pattern)?.explain(event, envelope)
}

/// A compiled pattern.
#[wasm_bindgen]
pub struct CompiledPattern {
    pattern: Pattern,
}

#[wasm_bindgen]
impl CompiledPattern {
    /// Compiles pattern text.
    #[wasm_bindgen(constructor)]
    pub fn new(pattern: &str) -> Result<CompiledPattern, JsValue> {
        Ok(CompiledPattern {
            pattern: compile(pattern).map_err(throw)?,
        })
    }

    /// Whether `event` matches; `envelope` applies TestEventPattern's envelope check.
    pub fn matches(&self, event: &[u8], envelope: bool) -> Result<bool, JsValue> {
        let event = parse_event(utf8(event)?, envelope).map_err(throw)?;
        Ok(self.pattern.matches(&event))
    }

    /// The explanation of `event`; `envelope` applies TestEventPattern's envelope check.
    pub fn explain(&self, event: &[u8], envelope: bool) -> Result<JsValue, JsValue> {
        let event = parse_event(utf8(event)?, envelope).map_err(throw)?;
        to_js(&ExplanationView::of(&self.pattern, &event))
    }
}

/// Named compiled patterns.
#[wasm_bindgen]
#[derive(Default)]
pub struct Rules {
    set: RuleSet,
    /// Each rule's position in [`names`](Self::names), built on the first match after a change.
    positions: OnceCell<HashMap<String, u32>>,
    /// The positions of the rules the last event matched (see [`match_count`](Self::match_count)).
    matched: Vec<u32>,
}

#[wasm_bindgen]
impl Rules {
    /// An empty set.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Rules {
        Rules::default()
    }

    /// Compiles and adds a pattern under `name`, replacing any rule of that name.
    pub fn add(&mut self, name: &str, pattern: &str) -> Result<(), JsValue> {
        self.set.insert(name, compile(pattern).map_err(throw)?);
        self.positions = OnceCell::new();
        self.matched.clear();
        Ok(())
    }

    /// Sets how much of each event [`match_count`](Self::match_count) checks without
    /// `envelope`: with `structure`, only the skeleton and what the rules read (the engine's
    /// [`Validation::Structure`]); else every byte ([`Validation::Full`], the default).
    #[wasm_bindgen(js_name = setStructureOnly)]
    pub fn set_structure_only(&mut self, structure: bool) {
        self.set.set_validation(if structure {
            Validation::Structure
        } else {
            Validation::Full
        });
    }

    /// Removes the rule `name`; `false` if there was none.
    pub fn remove(&mut self, name: &str) -> bool {
        let removed = self.set.remove(name);
        if removed {
            self.positions = OnceCell::new();
            self.matched.clear();
        }
        removed
    }

    /// The rule names, in the order they were first added.
    pub fn names(&self) -> Vec<String> {
        self.set.names().map(str::to_string).collect()
    }

    /// How many rules `event` matches; their positions in [`names`](Self::names), in that
    /// order, are then given by [`matched_positions`](Self::matched_positions). `envelope`
    /// applies TestEventPattern's envelope check. (Positions, not names: turning every matched
    /// name into a JavaScript string costs more than matching does. And a count, the common
    /// answer being none: an array for every event costs a tenth of matching it.)
    #[wasm_bindgen(js_name = matchCount)]
    pub fn match_count(&mut self, event: &[u8], envelope: bool) -> Result<u32, JsValue> {
        self.matched.clear();
        let event = utf8(event)?;
        let names = if envelope {
            let parsed = parse_event(event, true).map_err(throw)?;
            self.set.matches_event(&parsed)
        } else {
            // The set's own entry reads the event without building a tree.
            self.set
                .matches(event)
                .map_err(|e| throw(Failure::event(e, event)))?
        };
        if names.is_empty() {
            return Ok(0);
        }
        let positions = self.positions.get_or_init(|| {
            let names = self.set.names().map(str::to_string);
            names.zip(0..).collect()
        });
        for name in names {
            let at = positions.get(name).copied().ok_or_else(|| {
                JsValue::from_str("eventlens: a matched rule is missing from the names")
            })?;
            self.matched.push(at);
        }
        Ok(self.matched.len() as u32)
    }

    /// The positions found by the last [`match_count`](Self::match_count).
    #[wasm_bindgen(js_name = matchedPositions)]
    pub fn matched_positions(&self) -> Vec<u32> {
        self.matched.clone()
    }
}
