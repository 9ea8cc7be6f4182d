//! Per path, every matcher of every rule, indexed by what it accepts, so that one event value
//! finds the fields it satisfies without testing each matcher: hash maps for exact strings and
//! numbers (strings screened first by the keys' lengths and end bytes), maps by length for
//! prefixes and suffixes, ASCII-folded maps for the ignore-case forms, and wildcards filed by
//! their end bytes (`globs`). Numeric `=` on a plain decimal goes by its text; numeric ranges are
//! tested one by one on the parsed value, except that a path's later values are first read
//! roughly (`near`) and parsed only when near a bound. Other operators with no useful index
//! (`anything-but`, `cidr`, non-ASCII ignore-case) are tested one by one with [`Op::test`],
//! which defines them.

use super::byte_set::ByteSet;
use super::globs::Globs;
use super::key_map::KeyMap;
use super::near::Near;
use crate::pattern::number::{comparable, java_form, java_writes_integer_digits};
use crate::pattern::ops::in_range;
use crate::pattern::{Bound, Exclusion, Op, Scalar};
use crate::short_bytes::last_bytes;
use rustc_hash::FxHashMap;
use std::borrow::Cow;

/// Index of one field (a path and its matcher list) of one rule.
pub(crate) type FieldId = u32;

/// A leaf value of the event.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value<'t> {
    /// A string, decoded.
    String(Cow<'t, str>),
    /// A number's literal text.
    Number(&'t str),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
}

/// Fields by the byte string that they accept, with a screen that turns most other strings
/// away before looking them up: the lengths of the keys, and their first and last bytes.
#[derive(Debug, Default)]
struct Keys {
    map: KeyMap<Vec<FieldId>>,
    /// Bit `n` for a key of `n` bytes (bit 63 for keys of 63 bytes and more).
    lengths: u64,
    first: ByteSet,
    last: ByteSet,
}

impl Keys {
    fn insert(&mut self, key: &[u8], field: FieldId) {
        self.lengths |= 1 << key.len().min(63);
        if let (Some(&first), Some(&last)) = (key.first(), key.last()) {
            self.first.insert(first);
            self.last.insert(last);
        }
        self.map.entry(key).push(field);
    }

    /// Calls `hit` for the fields whose key is `text`, or with `FOLD` (the keys being lower
    /// case), `text` with its ASCII letters lower-cased (in `scratch`).
    #[inline(always)]
    fn find<const FOLD: bool>(
        &self,
        text: &[u8],
        scratch: &mut Vec<u8>,
        hit: &mut impl FnMut(FieldId),
    ) {
        let fold = |b: u8| if FOLD { b.to_ascii_lowercase() } else { b };
        let may_be_key = self.lengths >> text.len().min(63) & 1 == 1
            && match (text.first(), text.last()) {
                (Some(&f), Some(&l)) => self.first.contains(fold(f)) && self.last.contains(fold(l)),
                _ => true,
            };
        if !may_be_key {
            return;
        }
        let key = if FOLD {
            scratch.clear();
            scratch.extend(text.iter().map(u8::to_ascii_lowercase));
            scratch.as_slice()
        } else {
            text
        };
        if let Some(fields) = self.map.get(key) {
            fields.iter().copied().for_each(hit);
        }
    }
}

/// [`Keys`] by key length: each finds the fields whose key is the text's prefix or suffix of
/// its length (and screens it by the keys' end bytes; its lengths are all the same).
#[derive(Debug, Default)]
struct ByLength {
    maps: Vec<(usize, Keys)>,
}

impl ByLength {
    fn insert(&mut self, key: &[u8], field: FieldId) {
        let at = match self.maps.iter().position(|(len, _)| *len == key.len()) {
            Some(at) => at,
            None => {
                self.maps.push((key.len(), Keys::default()));
                self.maps.len() - 1
            }
        };
        self.maps[at].1.insert(key, field);
    }

    /// Fields whose key is a prefix (`from_end` false) or a suffix of `text` (with `FOLD`, as
    /// for [`Keys::find`]).
    #[inline(always)]
    fn find<const FOLD: bool>(
        &self,
        text: &[u8],
        from_end: bool,
        scratch: &mut Vec<u8>,
        hit: &mut impl FnMut(FieldId),
    ) {
        for (len, keys) in &self.maps {
            if *len > text.len() {
                continue;
            }
            let part = if from_end {
                &text[text.len() - len..]
            } else {
                &text[..*len]
            };
            keys.find::<FOLD>(part, scratch, hit);
        }
    }
}

/// The matchers of one path.
#[derive(Debug, Default)]
pub(crate) struct PathMatchers {
    exact: Keys,
    number_text: FxHashMap<Box<str>, Vec<FieldId>>,
    number_value: FxHashMap<u64, Vec<FieldId>>,
    booleans: [Vec<FieldId>; 2],
    nulls: Vec<FieldId>,
    /// `exists: true`: any value.
    any: Vec<FieldId>,
    prefixes: ByLength,
    suffixes: ByLength,
    /// ASCII-only ignore-case operands, lower-cased.
    folded_equals: Keys,
    folded_prefixes: ByLength,
    folded_suffixes: ByLength,
    globs: Globs,
    tested: Vec<(Op, FieldId)>,
    /// `numeric` matchers other than equalities: lower and upper bounds (tested without the
    /// dispatch of [`Op::test`], as a path of numbers often has several).
    ranges: Vec<(Option<Bound>, Option<Bound>, FieldId)>,
    /// `anything-but` `equals-ignore-case` lists that are all ASCII, lower-cased: a string
    /// passes unless it equals one ignoring ASCII case; other values always pass.
    folded_exclusions: Vec<(Vec<Box<[u8]>>, FieldId)>,
    /// Some matcher needs the numeric value of numbers.
    numbers: bool,
    /// `numeric` `=` matchers by the value's shortest form as a plain decimal: a plain number
    /// literal equals the value (and compares) exactly when it reads the same once the zeros
    /// ending its fraction are dropped. No parsing needed.
    equal_numbers: Keys,
    /// The same matchers by the value's key (see [`number_key`]): for literals with an
    /// exponent.
    equal_values: FxHashMap<u64, Vec<FieldId>>,
    /// The least and the greatest of their values: a literal surely outside needs no look-up.
    equal_span: Option<(f64, f64)>,
    /// The string indexes above that hold a matcher, a [`kind`] bit each: a string goes to
    /// those alone (a path's matchers are mostly of one kind, and asking each empty index
    /// cost about as much as the look-up).
    string_kinds: u8,
}

/// The bits of [`PathMatchers::string_kinds`].
mod kind {
    pub const EXACT: u8 = 1;
    pub const PREFIX: u8 = 1 << 1;
    pub const SUFFIX: u8 = 1 << 2;
    pub const FOLDED_EQUALS: u8 = 1 << 3;
    pub const FOLDED_PREFIX: u8 = 1 << 4;
    pub const FOLDED_SUFFIX: u8 = 1 << 5;
    pub const GLOB: u8 = 1 << 6;
    pub const FOLDED_EXCLUSION: u8 = 1 << 7;
}

/// The key of a comparable number (`-0` and `0` are equal).
fn number_key(v: f64) -> u64 {
    if v == 0.0 {
        0
    } else {
        v.to_bits()
    }
}

impl PathMatchers {
    /// Adds one matcher of `field`. `exists: false` is not a value test and is left out.
    pub fn add(&mut self, op: &Op, field: FieldId) {
        match op {
            Op::ExactString(s) | Op::Exactly(s) => {
                self.string_kinds |= kind::EXACT;
                self.exact.insert(s.as_bytes(), field);
            }
            Op::ExactNumber { text, value } => {
                self.number_text
                    .entry(text.as_str().into())
                    .or_default()
                    .push(field);
                if let Some(v) = value {
                    self.numbers = true;
                    self.number_value
                        .entry(number_key(*v))
                        .or_default()
                        .push(field);
                }
            }
            Op::ExactBool(b) => self.booleans[*b as usize].push(field),
            Op::ExactNull => self.nulls.push(field),
            Op::Exists(true) => self.any.push(field),
            Op::Exists(false) => {}
            Op::Prefix(p) => {
                self.string_kinds |= kind::PREFIX;
                self.prefixes.insert(p.as_bytes(), field);
            }
            Op::Suffix(s) => {
                self.string_kinds |= kind::SUFFIX;
                self.suffixes.insert(s.as_bytes(), field);
            }
            Op::EqualsIgnoreCase(c) if c.source.is_ascii() => {
                self.string_kinds |= kind::FOLDED_EQUALS;
                let folded = c.source.to_ascii_lowercase();
                self.folded_equals.insert(folded.as_bytes(), field);
            }
            Op::PrefixIgnoreCase(c) if c.source.is_ascii() => {
                self.string_kinds |= kind::FOLDED_PREFIX;
                let folded = c.source.to_ascii_lowercase();
                self.folded_prefixes.insert(folded.as_bytes(), field);
            }
            Op::SuffixIgnoreCase(c) if c.source.is_ascii() => {
                self.string_kinds |= kind::FOLDED_SUFFIX;
                let folded = c.source.to_ascii_lowercase();
                self.folded_suffixes.insert(folded.as_bytes(), field);
            }
            Op::Wildcard(glob) => {
                self.string_kinds |= kind::GLOB;
                self.globs.insert(glob, field);
            }
            Op::Numeric {
                low: Some(low),
                high: Some(high),
            } if low.value == high.value && !low.open && !high.open => {
                self.numbers = true;
                self.equal_numbers
                    .insert(plain_form(low.value).as_bytes(), field);
                self.equal_values
                    .entry(number_key(low.value))
                    .or_default()
                    .push(field);
                let (least, greatest) = self.equal_span.unwrap_or((low.value, low.value));
                self.equal_span = Some((least.min(low.value), greatest.max(low.value)));
            }
            Op::Numeric { low, high } => {
                self.numbers = true;
                self.ranges.push((*low, *high, field));
            }
            Op::AnythingBut(Exclusion::IgnoreCase(list))
                if list.iter().all(|c| c.source.is_ascii()) =>
            {
                let folded = list
                    .iter()
                    .map(|c| c.source.to_ascii_lowercase().into_bytes().into())
                    .collect();
                self.string_kinds |= kind::FOLDED_EXCLUSION;
                self.folded_exclusions.push((folded, field));
            }
            other => {
                self.numbers |= matches!(other, Op::AnythingBut(Exclusion::Numbers(_)));
                self.tested.push((other.clone(), field));
            }
        }
    }

    /// Records in `hits` every field one of whose matchers accepts `value`. Matchers tested
    /// one by one are skipped for fields the event already satisfied. `again`: the path had a
    /// value before in this event. `folded` is scratch space.
    pub fn find(&self, value: &Value, again: bool, folded: &mut Vec<u8>, hits: &mut Hits) {
        let mut hit = |f: FieldId| hits.hit(f);
        let scalar = match value {
            Value::String(s) => {
                let bytes = s.as_bytes();
                let kinds = self.string_kinds;
                if kinds & kind::EXACT != 0 {
                    self.exact.find::<false>(bytes, folded, &mut hit);
                }
                if kinds & kind::PREFIX != 0 {
                    self.prefixes.find::<false>(bytes, false, folded, &mut hit);
                }
                if kinds & kind::SUFFIX != 0 {
                    self.suffixes.find::<false>(bytes, true, folded, &mut hit);
                }
                if kinds & kind::FOLDED_EQUALS != 0 {
                    self.folded_equals.find::<true>(bytes, folded, &mut hit);
                }
                if kinds & kind::FOLDED_PREFIX != 0 {
                    self.folded_prefixes
                        .find::<true>(bytes, false, folded, &mut hit);
                }
                if kinds & kind::FOLDED_SUFFIX != 0 {
                    self.folded_suffixes
                        .find::<true>(bytes, true, folded, &mut hit);
                }
                if kinds & kind::GLOB != 0 {
                    self.globs.find(s, hits);
                }
                if kinds & kind::FOLDED_EXCLUSION != 0 {
                    for (list, field) in &self.folded_exclusions {
                        if hits.wants(*field) && !list.iter().any(|e| e.eq_ignore_ascii_case(bytes))
                        {
                            hits.hit(*field);
                        }
                    }
                }
                Scalar::String(s)
            }
            Value::Number(text) => {
                if let Some(fields) = self.number_text.get(*text) {
                    fields.iter().copied().for_each(&mut hit);
                }
                if self.numbers {
                    self.find_number(text, again, hits);
                    return;
                }
                Scalar::Number { text, value: None }
            }
            Value::Bool(b) => {
                self.booleans[*b as usize]
                    .iter()
                    .copied()
                    .for_each(&mut hit);
                Scalar::Bool(*b)
            }
            Value::Null => {
                self.nulls.iter().copied().for_each(&mut hit);
                Scalar::Null
            }
        };
        self.any.iter().for_each(|&f| hits.hit(f));
        if !matches!(value, Value::String(_)) {
            self.folded_exclusions
                .iter()
                .for_each(|&(_, field)| hits.hit(field));
        }
        for (op, field) in &self.tested {
            if hits.wants(*field) && op.test(&scalar) {
                hits.hit(*field);
            }
        }
    }

    /// [`find`](Self::find) for a number when some matcher needs its value. Parsing the
    /// literal, and learning whether it compares numerically, cost the most: each is done
    /// only when an answer turns on it, and once.
    fn find_number(&self, text: &str, again: bool, hits: &mut Hits) {
        self.any.iter().for_each(|&f| hits.hit(f));
        self.folded_exclusions
            .iter()
            .for_each(|&(_, field)| hits.hit(field));
        let mut literal = Literal::new(text);
        let plain = !has_exponent(text.as_bytes());
        // Where a plain decimal surely lies, without parsing it, for ranges that do not hold
        // yet (and then for `=` too). Only for a path's later values (as in an array): most
        // of them lie outside the ranges its first values did not satisfy. For a first value
        // it seldom saves the parse (with ranges on both sides, one usually holds), and costs.
        let near = if again && plain && self.ranges.iter().any(|&(_, _, f)| hits.wants(f)) {
            Near::of(text.as_bytes())
        } else {
            None
        };
        if !plain {
            literal.find_in(&self.equal_values, hits);
        } else if let Some((least, greatest)) = self.equal_span {
            if !near.is_some_and(|n| n.outside(Some(least), Some(greatest))) {
                // `=` by the text alone.
                let key = match strip_fraction_zeros(text.as_bytes()) {
                    b"-0" => b"0".as_slice(),
                    k => k,
                };
                // (No folding: the scratch space stays empty.)
                self.equal_numbers
                    .find::<false>(key, &mut Vec::new(), &mut |f| hits.hit(f));
            }
        }
        literal.find_in(&self.number_value, hits);
        for (low, high, field) in &self.ranges {
            let outside = |n: Near| n.outside(low.map(|b| b.value), high.map(|b| b.value));
            if !hits.wants(*field) || near.is_some_and(outside) {
                continue;
            }
            // A range holds only for a value that compares.
            if literal.value().is_some_and(|v| in_range(v, low, high)) && literal.compares() {
                hits.hit(*field);
            }
        }
        for (op, field) in &self.tested {
            if !hits.wants(*field) {
                continue;
            }
            // Where the value changes the answer, it counts only if the literal compares.
            let with = Scalar::Number {
                text,
                value: literal.value(),
            };
            let without = Scalar::Number { text, value: None };
            let (yes, no) = (op.test(&with), op.test(&without));
            let holds = if yes == no || literal.compares() {
                yes
            } else {
                no
            };
            if holds {
                hits.hit(*field);
            }
        }
    }
}

/// A number literal of the event, parsed, and checked for whether it compares, when first
/// asked.
struct Literal<'t> {
    text: &'t str,
    value: Option<Option<f64>>,
    compares: Option<bool>,
}

impl<'t> Literal<'t> {
    fn new(text: &'t str) -> Self {
        Literal {
            text,
            value: None,
            compares: None,
        }
    }

    /// The parsed value; `None` if not finite.
    fn value(&mut self) -> Option<f64> {
        let text = self.text;
        *self
            .value
            .get_or_insert_with(|| text.parse::<f64>().ok().filter(|v| v.is_finite()))
    }

    /// Whether the literal compares numerically (one that does not parse to a finite double
    /// never does).
    fn compares(&mut self) -> bool {
        if let Some(compares) = self.compares {
            return compares;
        }
        let compares = self
            .value()
            .is_some_and(|v| number_value(self.text, v).is_some());
        self.compares = Some(compares);
        compares
    }

    /// Records in `hits` the fields `map` files under the literal's value, if it compares.
    fn find_in(&mut self, map: &FxHashMap<u64, Vec<FieldId>>, hits: &mut Hits) {
        if map.is_empty() {
            return;
        }
        if let Some(fields) = self.value().and_then(|v| map.get(&number_key(v))) {
            if self.compares() {
                fields.iter().for_each(|&f| hits.hit(f));
            }
        }
    }
}

/// The fields the current event satisfies, each recorded once.
pub(crate) struct Hits<'a> {
    /// Per field, the stamp of the last event that satisfied it.
    pub seen: &'a mut [u32],
    /// The current event's stamp.
    pub stamp: u32,
    /// The fields satisfied, in the order found.
    pub list: &'a mut Vec<FieldId>,
}

impl Hits<'_> {
    /// Records that `field` holds.
    #[inline]
    pub fn hit(&mut self, field: FieldId) {
        let seen = &mut self.seen[field as usize];
        if *seen != self.stamp {
            *seen = self.stamp;
            self.list.push(field);
        }
    }

    /// Whether `field` does not hold yet.
    #[inline]
    pub fn wants(&self, field: FieldId) -> bool {
        self.seen[field as usize] != self.stamp
    }
}

/// A number literal in canonical form: sign, significant digits (no leading or trailing
/// zeros) as an integer, how many there are, and the decimal exponent of the first one; zero has
/// no digits and no sign. Two literals have the same value exactly when their forms are equal.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
struct Canonical {
    negative: bool,
    digits: u64,
    count: u32,
    exponent: i64,
}

impl Canonical {
    /// Reads a number literal (JSON's grammar, or a formatter's); `None` with more than 19
    /// significant digits or an exponent beyond `i64`.
    fn of(text: &[u8]) -> Option<Canonical> {
        let negative = text.first() == Some(&b'-');
        let mut i = negative as usize;
        let mut digits = 0u64;
        let mut count = 0u32;
        // Zeros after the last non-zero digit so far, which may still turn out significant.
        let mut zeros = 0u32;
        let mut leading = 0i64;
        let mut int_len = 0i64;
        let mut in_fraction = false;
        while let Some(&c) = text.get(i) {
            match c {
                b'0' if count == 0 => leading += 1,
                b'0' => zeros += 1,
                b'1'..=b'9' => {
                    count += zeros + 1;
                    if count > 19 {
                        return None;
                    }
                    for _ in 0..zeros {
                        digits *= 10;
                    }
                    zeros = 0;
                    digits = digits * 10 + (c - b'0') as u64;
                }
                b'.' => {
                    in_fraction = true;
                    i += 1;
                    continue;
                }
                _ => break,
            }
            int_len += !in_fraction as i64;
            i += 1;
        }
        let exp = match text.get(i) {
            Some(b'e' | b'E') => std::str::from_utf8(&text[i + 1..])
                .ok()?
                .parse::<i64>()
                .ok()?,
            _ => 0,
        };
        if count == 0 {
            return Some(Canonical {
                negative: false,
                digits: 0,
                count: 0,
                exponent: 0,
            });
        }
        Some(Canonical {
            negative,
            digits,
            count,
            exponent: exp.checked_add(int_len - leading)?,
        })
    }
}

/// The value of a number literal that `str::parse` reads as `value`, when the engine compares
/// it numerically: the same answer as [`comparable`] (the literal must be the shortest form of
/// the double it parses to), faster.
///
/// - At most 15 significant digits in the normal range: always the shortest form (15 digits is
///   the precision every double keeps), so the parsed value.
/// - More than 17: never (no double's shortest form is that long).
/// - Otherwise the shortest form is found as `ryu` finds it (in integers for most plain
///   decimals, see [`shortest_plain`], else by `ryu` itself), when no tie or interval boundary
///   can make two shortest-form algorithms differ: with `value = m·2^e` and the literal's last
///   digit at 10^q (q < 0), neither `value` nor the midpoints to its neighbours is a decimal
///   with its last digit at 10^q or above once `tz(m) + e + 1 - q < 0`. Else the standard
///   library's formatter, as the engine does. The tests compare all this with [`comparable`].
fn number_value(text: &str, value: f64) -> Option<f64> {
    if java_writes_integer_digits(value) {
        // Java's form is not the shortest one there (a few whole numbers; rare in events).
        return comparable(text);
    }
    let b = text.as_bytes();
    if !has_exponent(b) {
        // Plain decimals, the common case, without building canonical forms.
        let point = b.iter().position(|&c| c == b'.');
        let digits = b.len() - (b.first() == Some(&b'-')) as usize - point.is_some() as usize;
        if digits <= 15 {
            return Some(value);
        }
        if let Some(point) = point {
            let stripped = strip_fraction_zeros(b);
            let fraction = stripped.len().saturating_sub(point + 1) as i64;
            if fraction > 0 && value.is_finite() && ryu_agrees(value, -fraction) {
                if let Some(shortest) = shortest_plain(value, stripped, fraction as u32) {
                    return shortest.then_some(value);
                }
                let mut buf = ryu::Buffer::new();
                let shortest = buf.format_finite(value).as_bytes();
                if !shortest.contains(&b'e') {
                    // Plain decimals without leading or trailing zeros are equal as numbers
                    // exactly when they are equal as text.
                    return (strip_fraction_zeros(shortest) == stripped).then_some(value);
                }
            }
        }
    }
    canonical_value(text, value)
}

/// Whether a number literal has an exponent (`e` or `E`): eight bytes at a time, as most
/// literals read here are long decimals (coordinates).
fn has_exponent(b: &[u8]) -> bool {
    // Each `e` or `E` becomes a zero byte, and a zero byte borrows into its high bit (flags above
    // a true one may be wrong, but there is a flag exactly when there is a zero byte).
    let has_e = |x: u64| {
        let y = (x | 0x2020_2020_2020_2020) ^ 0x6565_6565_6565_6565;
        y.wrapping_sub(0x0101_0101_0101_0101) & !y & 0x8080_8080_8080_8080 != 0
    };
    let mut chunks = b.chunks_exact(8);
    if chunks
        .by_ref()
        .any(|c| has_e(u64::from_le_bytes(c.try_into().expect("8 bytes"))))
    {
        return true;
    }
    match chunks.remainder().len() {
        0 => false,
        // The last few, followed by zero bytes (which do not become zero bytes above).
        left if b.len() >= 8 => has_e(last_bytes(b, left)),
        _ => b.iter().any(|&c| c | 0x20 == b'e'),
    }
}

/// A plain decimal without the zeros that end its fraction (and without a bare point).
fn strip_fraction_zeros(b: &[u8]) -> &[u8] {
    // A byte loop: numbers are short, and a call to `memchr` costs more.
    if b.iter().position(|&c| c == b'.').is_none() {
        return b;
    }
    let end = b.iter().rposition(|&c| c != b'0').map_or(0, |i| i + 1);
    let b = &b[..end];
    b.strip_suffix(b".").unwrap_or(b)
}

/// The form of a comparable value (as the engine writes it, [`java_form`]) as a plain decimal:
/// no exponent, no leading zeros but one before a point, no zeros ending the fraction, no sign
/// for zero.
fn plain_form(value: f64) -> String {
    let shortest = java_form(value);
    let Some(c) = Canonical::of(shortest.as_bytes()) else {
        return shortest;
    };
    if c.count == 0 {
        return "0".to_string();
    }
    let digits = c.digits.to_string();
    let n = digits.len() as i64;
    let mut out = String::new();
    if c.negative {
        out.push('-');
    }
    if c.exponent >= n {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', (c.exponent - n) as usize));
    } else if c.exponent > 0 {
        out.push_str(&digits[..c.exponent as usize]);
        out.push('.');
        out.push_str(&digits[c.exponent as usize..]);
    } else {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-c.exponent) as usize));
        out.push_str(&digits);
    }
    out
}

/// Whether `ryu`'s shortest form of `value` must be the standard library's, for a literal whose
/// last digit is at 10^`last_digit`: no tie and no interval boundary at that digit or above.
fn ryu_agrees(value: f64, last_digit: i64) -> bool {
    let bits = value.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i64;
    if biased == 0 || last_digit >= 0 {
        return false;
    }
    let mantissa = (bits & ((1 << 52) - 1)) | (1 << 52);
    let e = biased - 1075;
    mantissa.trailing_zeros() as i64 + e + 1 - last_digit < 0
}

/// Whether a plain decimal literal that parses to `value` is its shortest form, once
/// [`ryu_agrees`] holds for the literal's last digit (`stripped`: the literal without the zeros
/// ending its fraction, which has `fraction` > 0 digits). It is exactly when no decimal with its
/// last digit higher lies among the reals that parse to `value` (one would be shorter), and the
/// literal is the decimal with its last digit where it is that lies nearest `value` (there is no
/// tie: see [`ryu_agrees`]). Decided in integers, as `ryu` would find the shortest form but
/// without writing it: `None` when they do not fit in 128 bits, or `value` is a power of two
/// (the reals that parse to it then lie lopsided about it).
fn shortest_plain(value: f64, stripped: &[u8], fraction: u32) -> Option<bool> {
    /// 10^i for the fractions whose products fit.
    const TENS: [u128; 22] = {
        let mut tens = [1u128; 22];
        let mut i = 1;
        while i < tens.len() {
            tens[i] = tens[i - 1] * 10;
            i += 1;
        }
        tens
    };
    let mut digits = 0u64;
    for &c in stripped.iter().filter(|c| c.is_ascii_digit()) {
        digits = digits * 10 + u64::from(c - b'0');
        if digits >= 1 << 57 {
            return None;
        }
    }
    // |value| = m·2^-k.
    let bits = value.abs().to_bits();
    let m = (bits & ((1 << 52) - 1)) | (1 << 52);
    let k = 1075 - (bits >> 52) as i64;
    if m == 1 << 52 || !(1..=69).contains(&k) {
        return None;
    }
    let ten = *TENS.get(fraction as usize)?;
    // Scaled by 2^(k+1)·10^fraction: the value, the literal, and half the gap to each neighbour
    // (`ten`); a step of the literal's last digit is 2^(k+1).
    let scale = k as u32 + 1;
    let at = 2 * u128::from(m) * ten;
    let literal = u128::from(digits) << scale;
    let nearest = at.abs_diff(literal) < 1 << k;
    // The highest multiple of ten steps that is not above the interval: inside it or below.
    let tens = u64::try_from((at + ten) >> scale).ok()? / 10;
    let shorter = u128::from(tens * 10) << scale >= at - ten;
    Some(nearest && !shorter)
}

/// [`number_value`] through canonical forms, for any literal; `value` is what `str::parse`
/// reads from it.
fn canonical_value(text: &str, value: f64) -> Option<f64> {
    let Some(canonical) = Canonical::of(text.as_bytes()) else {
        // More than 19 significant digits, or a huge exponent: the engine decides (it refuses).
        return comparable(text);
    };
    if !value.is_finite() {
        return None;
    }
    if canonical.count <= 15 && (-300..=300).contains(&canonical.exponent) {
        return Some(value);
    }
    if canonical.count > 17 {
        return None;
    }
    if ryu_agrees(value, canonical.exponent - canonical.count as i64) {
        let mut buf = ryu::Buffer::new();
        let shortest = Canonical::of(buf.format_finite(value).as_bytes())?;
        return (shortest == canonical).then_some(value);
    }
    let mut buf = Buffer::default();
    std::fmt::Write::write_fmt(&mut buf, format_args!("{value:e}")).ok()?;
    let shortest = Canonical::of(&buf.bytes[..buf.len])?;
    (shortest == canonical).then_some(value)
}

/// A stack buffer for one formatted double.
struct Buffer {
    bytes: [u8; 40],
    len: usize,
}

impl Default for Buffer {
    fn default() -> Self {
        Buffer {
            bytes: [0; 40],
            len: 0,
        }
    }
}

impl std::fmt::Write for Buffer {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        self.bytes
            .get_mut(self.len..end)
            .ok_or(std::fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Pattern;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn exponents_are_found(
            text in prop_oneof!["[-0-9.eEx]{0,20}", "[0-9.]{0,16}[eE]?[0-9]{0,4}"],
        ) {
            let bytes = text.as_bytes();
            prop_assert_eq!(has_exponent(bytes), bytes.iter().any(|&c| c | 0x20 == b'e'));
        }
    }

    #[test]
    fn keys_of_every_length_pass_the_screen() {
        for n in [0, 1, 2, 61, 62, 63, 64, 100] {
            let key = "k".repeat(n);
            let mut keys = Keys::default();
            keys.insert(key.as_bytes(), 7);
            for m in [0, 1, n.saturating_sub(1), n, n + 1] {
                let mut found = Vec::new();
                keys.find::<false>("k".repeat(m).as_bytes(), &mut Vec::new(), &mut |f| {
                    found.push(f)
                });
                assert_eq!(found, if m == n { vec![7] } else { vec![] }, "{n} {m}");
            }
        }
    }

    /// [`number_value`] of a literal as the parser reads it.
    fn number_value(text: &str) -> Option<f64> {
        super::number_value(text, text.parse().ok()?)
    }

    #[test]
    fn number_values_agree_with_the_engine() {
        for t in [
            "0",
            "-0",
            "0.0",
            "0e999",
            "300",
            "3e2",
            "3.018e2",
            "37.80780",
            "-122.40461779388627",
            "37.785058267785224",
            "0.30000000000000001",
            "0.30000000000000004",
            "12345678901234567890",
            "2.0e422",
            "1E-325",
            "1e-310",
            "9007199254740993",
            "123456789012345678",
            "1e99999999999999999999",
            "0.000000000000000000000000000001",
            "9007199254740992",
            "9007199254740993",
            "295147905179352825856",
            "1152921504606846976",
            "5e-324",
            "2.2250738585072014e-308",
            "1.7976931348623157e308",
            "0.1",
            "123456789012345.6",
            "1234567890123456.7",
        ] {
            assert_eq!(number_value(t), comparable(t), "{t}");
        }
    }

    #[test]
    fn shortest_plain_decimals_agree_with_the_engine() {
        // Parsed from 16 and 17 digits, on either side of the shortest form and at it.
        for t in [
            "-122.40461779388627",
            "-122.40461779388628",
            "-122.4046177938863",
            "37.785058267785224",
            "37.785058267785225",
            "37.78505826778522",
            "0.30000000000000004",
            "0.30000000000000003",
            "0.1000000000000001",
            "9.999999999999999",
            "9.9999999999999999",
            "1.0000000000000002",
            "1.0000000000000001",
        ] {
            assert_eq!(number_value(t), comparable(t), "{t}");
        }
    }

    #[test]
    fn plain_forms() {
        for (v, want) in [
            (0.0, "0"),
            (-0.0, "0"),
            (300.0, "300"),
            (-122.42916360922355, "-122.42916360922355"),
            (0.00125, "0.00125"),
            (1e21, "1000000000000000000000"),
            (37.5, "37.5"),
            (2f64.powi(62), "4611686018427387900"),
        ] {
            assert_eq!(plain_form(v), want);
        }
    }

    proptest! {
        #[test]
        fn number_values_agree_on_random_literals(
            t in "-?(0|[1-9][0-9]{0,19})(\\.[0-9]{1,20})?([eE][+-]?[0-9]{1,3})?",
            f in any::<f64>(),
        ) {
            prop_assert_eq!(number_value(&t), comparable(&t));
            let shortest = format!("{f:e}");
            prop_assert_eq!(number_value(&shortest), comparable(&shortest));
            let plain = format!("{f}");
            prop_assert_eq!(number_value(&plain), comparable(&plain));
            for digits in [15, 16, 17] {
                let fixed = format!("{f:.*e}", digits - 1);
                prop_assert_eq!(number_value(&fixed), comparable(&fixed), "{}", fixed);
            }
        }

        #[test]
        fn plain_decimals_near_the_shortest_agree(
            f in -1e7..1e7f64,
            digits in 15usize..=18,
            nudge in -2i64..=2,
        ) {
            // The double's shortest form, its forms with 15 to 18 digits, and those with the
            // last digit moved a little: plain decimals of 16 and 17 digits, mostly.
            let shortest = format!("{f}");
            prop_assert_eq!(number_value(&shortest), comparable(&shortest), "{}", shortest);
            let whole = format!("{:.0}", f.abs()).trim_start_matches('0').len();
            let fixed = format!("{f:.*}", digits.saturating_sub(whole).max(1));
            let nudged = nudge_last_digit(&fixed, nudge);
            for t in [fixed, nudged] {
                prop_assert_eq!(number_value(&t), comparable(&t), "{}", t);
            }
        }
    }

    /// `plain` (digits with a point) with `by` added to its last digit, in place; unchanged
    /// where a carry or borrow would be needed.
    fn nudge_last_digit(plain: &str, by: i64) -> String {
        let mut bytes = plain.as_bytes().to_vec();
        let last = bytes.len() - 1;
        let digit = i64::from(bytes[last] - b'0') + by;
        if (0..=9).contains(&digit) {
            bytes[last] = b'0' + digit as u8;
        }
        String::from_utf8(bytes).expect("ASCII")
    }

    fn fields(pattern: &str, value: Value) -> Vec<FieldId> {
        let p = Pattern::compile(pattern).unwrap();
        let mut m = PathMatchers::default();
        for (i, f) in p.fields().iter().enumerate() {
            for matcher in &f.matchers {
                m.add(&matcher.op, i as FieldId);
            }
        }
        // The same whether or not the path had a value before.
        let [first, again] = [false, true].map(|again| {
            let mut seen = vec![0; p.fields().len()];
            let mut out = Vec::new();
            let mut hits = Hits {
                seen: &mut seen,
                stamp: 1,
                list: &mut out,
            };
            m.find(&value, again, &mut Vec::new(), &mut hits);
            out.sort_unstable();
            out
        });
        assert_eq!(first, again, "{pattern} {value:?}");
        first
    }

    #[test]
    fn indexed_operators() {
        let s = |t: &str| Value::String(Cow::Owned(t.to_string()));
        let p = r#"{"a": ["x", {"prefix": "ab"}], "b": [{"suffix": "yz"}],
                   "c": [{"equals-ignore-case": "HeLLo"}], "d": [{"prefix": {"equals-ignore-case": "AB"}}],
                   "e": [{"suffix": {"equals-ignore-case": "Yz"}}], "f": [300], "g": [{"exists": true}]}"#;
        assert_eq!(fields(p, s("abyz")), vec![0, 1, 3, 4, 6]);
        assert_eq!(fields(p, s("x")), vec![0, 6]);
        assert_eq!(fields(p, s("hello")), vec![2, 6]);
        assert_eq!(fields(p, s("ABYZ")), vec![3, 4, 6]);
        assert_eq!(fields(p, Value::Number("3e2")), vec![5, 6]);
        assert_eq!(fields(p, Value::Number("300")), vec![5, 6]);
        assert_eq!(fields(p, s("300")), vec![6]);
        assert_eq!(fields(p, Value::Null), vec![6]);
        let p = r#"{"a": [{"equals-ignore-case": "straße"}, {"numeric": [">", 1]}, {"anything-but": "q"}]}"#;
        assert_eq!(fields(p, s("STRASSE")), vec![0]);
        assert_eq!(fields(p, s("q")), Vec::<FieldId>::new());
        assert_eq!(fields(p, Value::Number("2")), vec![0]);
        assert_eq!(fields(p, Value::Bool(true)), vec![0]);
        let p = r#"{"a": [{"numeric": ["=", 300]}], "b": [{"numeric": ["=", -0.5]}]}"#;
        for (v, want) in [
            ("300", vec![0]),
            ("300.00", vec![0]),
            ("3e2", vec![0]),
            ("3.000E+2", vec![0]),
            ("301", vec![]),
            ("-0.50", vec![1]),
            ("-5e-1", vec![1]),
            ("0.5", vec![]),
        ] {
            assert_eq!(fields(p, Value::Number(v)), want, "{v}");
        }
    }
}
