//! Walks a validated event through the path states, entering only members some rule names and
//! skipping every other value with the masks the validator kept (string ends, atom runs,
//! brackets), so that skipped parts cost a few operations per 64 bytes.

use super::paths::{PathId, Paths, StateId};
use super::validate::Structure;
use super::values::Value;
use crate::json::{Token, TokenReader};
use crate::short_bytes::{first_non_digit, last_bytes};
use std::borrow::Cow;

/// An open container on the walk.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame {
    object: bool,
    state: StateId,
    /// The container lies in an object or array element of an array.
    in_element: bool,
}

/// Calls `leaf(path, in_element, value)` for every value at a wanted path. `text` must have
/// been accepted by the scanner, which filled `st`. The walk checks the order of the tokens it
/// passes and the numbers and literals it hands on, which the scanner leaves to it when it only
/// checks the structure; `false` when one is wrong (the parser then gives the verdict).
pub(crate) fn walk(
    text: &str,
    st: &Structure,
    paths: &Paths,
    frames: &mut Vec<Frame>,
    leaf: impl FnMut(PathId, bool, Value),
) -> bool {
    // Passing over a container counts the brackets of a block or two: one instruction where
    // the CPU has it, against a dozen for the portable count (the test is made once, then
    // cached).
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("popcnt") && std::is_x86_feature_detected!("bmi1") {
        // SAFETY: the CPU has the features `walk_with_bit_instructions` is compiled for.
        return unsafe { walk_with_bit_instructions(text, st, paths, frames, leaf) };
    }
    walk_any(text, st, paths, frames, leaf)
}

/// [`walk`] compiled for CPUs that count bits, and find the lowest set, in one instruction.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "popcnt,bmi1")]
unsafe fn walk_with_bit_instructions(
    text: &str,
    st: &Structure,
    paths: &Paths,
    frames: &mut Vec<Frame>,
    leaf: impl FnMut(PathId, bool, Value),
) -> bool {
    walk_any(text, st, paths, frames, leaf)
}

/// [`walk`] for any CPU: inlined into each caller, and so compiled for its features.
#[inline(always)]
fn walk_any(
    text: &str,
    st: &Structure,
    paths: &Paths,
    frames: &mut Vec<Frame>,
    leaf: impl FnMut(PathId, bool, Value),
) -> bool {
    // Events without white space between tokens (most machine-written ones) are walked without
    // looking for it.
    if st.spaced {
        walk_members::<true>(text, st, paths, frames, leaf).is_some()
    } else {
        walk_members::<false>(text, st, paths, frames, leaf).is_some()
    }
}

#[inline(always)]
fn walk_members<const SPACED: bool>(
    text: &str,
    st: &Structure,
    paths: &Paths,
    frames: &mut Vec<Frame>,
    mut leaf: impl FnMut(PathId, bool, Value),
) -> Option<()> {
    let b = text.as_bytes();
    frames.clear();
    frames.push(Frame {
        object: true,
        state: 0,
        in_element: false,
    });
    let mut p = st.root + 1;
    let mut quotes = Quotes::at(st, p);
    // Just after an opening bracket, where the container may close at once.
    let mut opened = true;
    while let Some(&frame) = frames.last() {
        let next = if frame.object {
            next_member::<SPACED>(text, st, paths, frame.state, p, opened, &mut quotes)?
        } else {
            next_element::<SPACED>(b, frame.state, p, opened)?
        };
        opened = false;
        let state = match next {
            Next::Value(at, state) => {
                p = at;
                state
            }
            Next::Closed(after) => {
                frames.pop();
                p = after;
                continue;
            }
        };
        match *b.get(p)? {
            open @ (b'{' | b'[') => {
                let object = open == b'{';
                if paths.leads_on(state) || (!object && paths.path(state).is_some()) {
                    // An array's elements that are containers tie what is in them together.
                    frames.push(Frame {
                        object,
                        state,
                        in_element: frame.in_element || !frame.object,
                    });
                    opened = true;
                    p += 1;
                } else {
                    p = container_end(st, p)? + 1;
                    quotes = Quotes::at(st, p);
                }
            }
            b'"' => {
                let end = quotes.next(st)?;
                if let Some(path) = paths.path(state) {
                    let raw = &text[p + 1..end];
                    let s = if st.escapes && raw.contains('\\') {
                        Cow::Owned(decode(&text[p..end + 1]))
                    } else {
                        Cow::Borrowed(raw)
                    };
                    leaf(path, frame.in_element, Value::String(s));
                }
                p = end + 1;
            }
            _ => {
                let end = atom_end(st, p)?;
                if let Some(path) = paths.path(state) {
                    let value = match &b[p..end] {
                        b"true" => Value::Bool(true),
                        b"false" => Value::Bool(false),
                        b"null" => Value::Null,
                        n if st.checked || is_number(n) => Value::Number(&text[p..end]),
                        _ => return None,
                    };
                    leaf(path, frame.in_element, value);
                }
                p = end;
            }
        }
    }
    (skip_ws::<true>(b, p) == b.len()).then_some(())
}

/// Where a walk goes on inside a container.
enum Next {
    /// A value at this offset, in this state.
    Value(usize, StateId),
    /// The container closed; the offset after it.
    Closed(usize),
}

/// From `p` in an object at `state` (just after its `{` when `opened`, else after a value):
/// passes over the members whose keys lead nowhere, to the value of the next one that leads on
/// or past the object's `}`. `None` when a token is out of place.
#[inline(always)]
fn next_member<const SPACED: bool>(
    text: &str,
    st: &Structure,
    paths: &Paths,
    state: StateId,
    mut p: usize,
    mut opened: bool,
    quotes: &mut Quotes,
) -> Option<Next> {
    let b = text.as_bytes();
    loop {
        p = skip_ws::<SPACED>(b, p);
        match *b.get(p)? {
            b'}' => return Some(Next::Closed(p + 1)),
            _ if opened => {}
            b',' => p = skip_ws::<SPACED>(b, p + 1),
            _ => return None,
        }
        opened = false;
        if b.get(p) != Some(&b'"') {
            return None;
        }
        let end = quotes.next(st)?;
        let key = &b[p + 1..end];
        let next = if st.escapes && key.contains(&b'\\') {
            paths.step(state, decode(&text[p..end + 1]).as_bytes())
        } else {
            paths.step(state, key)
        };
        p = skip_ws::<SPACED>(b, end + 1);
        if b.get(p) != Some(&b':') {
            return None;
        }
        p = skip_ws::<SPACED>(b, p + 1);
        match (next, b.get(p)) {
            (Some(s), _) => return Some(Next::Value(p, s)),
            (None, Some(b'"')) => p = quotes.next(st)? + 1,
            (None, Some(b'{' | b'[')) => {
                p = container_end(st, p)? + 1;
                *quotes = Quotes::at(st, p);
            }
            (None, _) => p = atom_end(st, p)?,
        }
    }
}

/// The closing quotes of strings from some offset on, one block's mask at a time: the walk
/// keeps one, so that the strings read one after another (keys, and the string values of
/// members passed over) are found by clearing bits of one mask rather than each looked up from
/// its offset, and a member's cost does not wait on the one before it. Passing over a number,
/// a literal or a bracket leaves it as it is; passing over a container sets it again.
struct Quotes {
    block: usize,
    bits: u64,
}

impl Quotes {
    /// The closing quotes at or after `p`.
    #[inline(always)]
    fn at(st: &Structure, p: usize) -> Quotes {
        let block = p / 64;
        let bits = st
            .blocks
            .get(block)
            .map_or(0, |w| w.string_ends & (!0u64 << (p % 64)));
        Quotes { block, bits }
    }

    /// The next closing quote; `None` past the last.
    #[inline(always)]
    fn next(&mut self, st: &Structure) -> Option<usize> {
        while self.bits == 0 {
            self.block += 1;
            self.bits = st.blocks.get(self.block)?.string_ends;
        }
        let at = self.block * 64 + self.bits.trailing_zeros() as usize;
        self.bits &= self.bits - 1;
        Some(at)
    }
}

/// From `p` in an array at `state` (just after its `[` when `opened`, else after a value): the
/// next element or past the array's `]`. `None` when a token is out of place.
#[inline(always)]
fn next_element<const SPACED: bool>(
    b: &[u8],
    state: StateId,
    p: usize,
    opened: bool,
) -> Option<Next> {
    let p = skip_ws::<SPACED>(b, p);
    match *b.get(p)? {
        b']' => Some(Next::Closed(p + 1)),
        _ if opened => Some(Next::Value(p, state)),
        b',' => Some(Next::Value(skip_ws::<SPACED>(b, p + 1), state)),
        _ => None,
    }
}

/// Whether `n` is a JSON number: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
fn is_number(n: &[u8]) -> bool {
    /// The end of the run of digits from `at`, eight bytes at a time.
    fn digits(n: &[u8], mut at: usize) -> usize {
        while let Some(chunk) = n.get(at..at + 8) {
            let i = first_non_digit(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
            if i < 8 {
                return at + i;
            }
            at += 8;
        }
        let left = n.len() - at;
        if left > 0 && n.len() >= 8 {
            // The last few, followed by zero bytes (not digits).
            return at + first_non_digit(last_bytes(n, left));
        }
        at + n[at..].iter().take_while(|c| c.is_ascii_digit()).count()
    }
    let mut at = usize::from(n.first() == Some(&b'-'));
    let int_end = digits(n, at);
    if int_end == at || (n[at] == b'0' && int_end > at + 1) {
        return false;
    }
    at = int_end;
    if n.get(at) == Some(&b'.') {
        let end = digits(n, at + 1);
        if end == at + 1 {
            return false;
        }
        at = end;
    }
    if matches!(n.get(at), Some(b'e' | b'E')) {
        at += 1;
        if matches!(n.get(at), Some(b'+' | b'-')) {
            at += 1;
        }
        let end = digits(n, at);
        if end == at {
            return false;
        }
        at = end;
    }
    at == n.len()
}

/// The first byte from `p` that is not white space; `p` when the event has none between its
/// tokens (`SPACED` false).
#[inline(always)]
fn skip_ws<const SPACED: bool>(b: &[u8], mut p: usize) -> usize {
    if !SPACED {
        return p;
    }
    while matches!(b.get(p), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        p += 1;
    }
    p
}

/// Decodes a quoted string with escapes exactly as the event parser does.
fn decode(quoted: &str) -> String {
    let mut reader = TokenReader::new(quoted, 1);
    match reader.next_token() {
        Ok(Some(Token::String)) => reader.string_value().unwrap_or_default(),
        _ => String::new(),
    }
}

/// The first byte after the atom that starts at `p`; `None` when none starts there.
#[inline]
fn atom_end(st: &Structure, p: usize) -> Option<usize> {
    let mut w = p / 64;
    let mut mask = !st.blocks.get(w)?.atoms & (!0u64 << (p % 64));
    while mask == 0 {
        w += 1;
        mask = !st.blocks.get(w)?.atoms;
    }
    let end = w * 64 + mask.trailing_zeros() as usize;
    (end > p).then_some(end)
}

/// The bracket that closes the one at `p`: the first place after it where the depth comes
/// back to the depth before it. Blocks whose depth floor lies above that are passed over whole.
#[inline(always)]
fn container_end(st: &Structure, p: usize) -> Option<usize> {
    let first = p / 64;
    let upto = !0u64 >> (63 - p % 64);
    let at = st.blocks.get(first)?;
    let target = at.depth_start + (at.opens & upto).count_ones() as i32
        - (at.closes & upto).count_ones() as i32
        - 1;
    // The rest of the first block, then whole blocks.
    let (mut opens, mut closes) = (at.opens & !upto, at.closes & !upto);
    let mut depth = target + 1;
    let mut w = first;
    loop {
        if depth - closes.count_ones() as i32 <= target {
            // The depth comes back to `target` in this block: at the first close that takes it
            // there (it falls one at a time, so no open can).
            let mut bits = opens | closes;
            while bits != 0 {
                let i = bits.trailing_zeros();
                bits &= bits - 1;
                depth += 2 * ((opens >> i) & 1) as i32 - 1;
                if depth == target {
                    return Some(w * 64 + i as usize);
                }
            }
        }
        let block = loop {
            w += 1;
            let block = st.blocks.get(w)?;
            if block.depth_floor <= target {
                break block;
            }
        };
        (opens, closes, depth) = (block.opens, block.closes, block.depth_start);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn literal() -> impl Strategy<Value = String> {
        prop_oneof![
            "[-+0-9.eE:/x]{1,24}",
            // Runs of digits that fill the eight-byte steps, then any byte near the digits.
            "-?[1-9][0-9]{5,12}[-+0-9.eE:/x]{0,12}",
            "-?0?[0-9]{0,20}(\\.[0-9]{0,20})?([eE][-+]?[0-9]{0,4})?[x.]?",
        ]
    }

    proptest! {
        #[test]
        fn numbers_are_what_the_parser_reads(n in literal()) {
            let parsed = crate::Event::parse(&format!("{{\"a\": {n}}}")).is_ok();
            prop_assert_eq!(is_number(n.as_bytes()), parsed, "{}", n);
        }
    }
}
