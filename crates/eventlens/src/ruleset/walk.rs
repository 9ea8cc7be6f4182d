//! Walks a validated event through the path states, entering only members some rule names and
//! skipping every other value with the masks the validator kept (string ends, atom runs,
//! brackets), so that skipped parts cost a few operations per 64 bytes.

use super::paths::{PathId, Paths, StateId};
use super::validate::Structure;
use super::values::Value;
use crate::json::{Token, TokenReader};
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
/// been accepted by the validator, which filled `st`.
pub(crate) fn walk(
    text: &str,
    st: &Structure,
    paths: &Paths,
    frames: &mut Vec<Frame>,
    mut leaf: impl FnMut(PathId, bool, Value),
) {
    let b = text.as_bytes();
    frames.clear();
    frames.push(Frame {
        object: true,
        state: 0,
        in_element: false,
    });
    let mut p = st.root + 1;
    while let Some(&frame) = frames.last() {
        p = skip_ws(b, p);
        match b[p] {
            b'}' | b']' => {
                frames.pop();
                p += 1;
                continue;
            }
            b',' => p = skip_ws(b, p + 1),
            _ => {}
        }
        let state = if frame.object {
            let end = string_end(st, p);
            let key = &b[p + 1..end];
            let next = if st.escapes && key.contains(&b'\\') {
                paths.step(frame.state, decode(&text[p..end + 1]).as_bytes())
            } else {
                paths.step(frame.state, key)
            };
            p = skip_ws(b, skip_ws(b, end + 1) + 1);
            match next {
                Some(s) => s,
                None => {
                    p = value_end(b, st, p);
                    continue;
                }
            }
        } else {
            frame.state
        };
        match b[p] {
            open @ (b'{' | b'[') => {
                let object = open == b'{';
                if paths.leads_on(state) || (!object && paths.path(state).is_some()) {
                    // An array's elements that are containers tie what is in them together.
                    frames.push(Frame {
                        object,
                        state,
                        in_element: frame.in_element || !frame.object,
                    });
                    p += 1;
                } else {
                    p = container_end(st, p) + 1;
                }
            }
            b'"' => {
                let end = string_end(st, p);
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
            first => {
                let end = atom_end(st, p);
                if let Some(path) = paths.path(state) {
                    let value = match first {
                        b't' => Value::Bool(true),
                        b'f' => Value::Bool(false),
                        b'n' => Value::Null,
                        _ => Value::Number(&text[p..end]),
                    };
                    leaf(path, frame.in_element, value);
                }
                p = end;
            }
        }
    }
}

#[inline]
fn skip_ws(b: &[u8], mut p: usize) -> usize {
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

/// The closing quote of the string whose opening quote is at `p`.
#[inline]
fn string_end(st: &Structure, p: usize) -> usize {
    let mut w = p / 64;
    let mut mask = st.string_ends[w] & ((!0u64 << (p % 64)) << 1);
    while mask == 0 {
        w += 1;
        mask = st.string_ends[w];
    }
    w * 64 + mask.trailing_zeros() as usize
}

/// The first byte after the atom that starts at `p`.
#[inline]
fn atom_end(st: &Structure, p: usize) -> usize {
    let mut w = p / 64;
    let mut mask = !st.atoms[w] & (!0u64 << (p % 64));
    while mask == 0 {
        w += 1;
        mask = !st.atoms[w];
    }
    w * 64 + mask.trailing_zeros() as usize
}

/// The bracket that closes the one at `p`.
fn container_end(st: &Structure, p: usize) -> usize {
    let mut w = p / 64;
    let from = !0u64 << (p % 64);
    let mut opens = st.opens[w] & from;
    let mut closes = st.closes[w] & from;
    let mut depth = 0u32;
    loop {
        // Closing cannot happen in this word unless it holds enough closing brackets.
        if closes.count_ones() < depth {
            depth = depth + opens.count_ones() - closes.count_ones();
        } else {
            let mut bits = opens | closes;
            while bits != 0 {
                let i = bits.trailing_zeros();
                bits &= bits - 1;
                if (opens >> i) & 1 == 1 {
                    depth += 1;
                } else {
                    depth -= 1;
                    if depth == 0 {
                        return w * 64 + i as usize;
                    }
                }
            }
        }
        w += 1;
        opens = st.opens[w];
        closes = st.closes[w];
    }
}

/// The first byte after the value at `p`.
#[inline]
fn value_end(b: &[u8], st: &Structure, p: usize) -> usize {
    match b[p] {
        b'"' => string_end(st, p) + 1,
        b'{' | b'[' => container_end(st, p) + 1,
        _ => atom_end(st, p),
    }
}
