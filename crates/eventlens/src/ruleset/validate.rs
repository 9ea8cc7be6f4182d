//! Validates an event text 64 bytes at a time with bit masks, and keeps what the walk needs to
//! skip values without reading them again (string ends, number and literal runs, brackets).
//!
//! Written by hand because the rule set must refuse exactly the events [`Event::parse`] refuses
//! (Jackson's grammar: no comments, no `NaN`, literals not run on into letters, nesting limits)
//! while checking every byte faster than a JSON parser does; no crate validates
//! JSON this way. The scanner may refuse more than the parser (nesting of 64 levels or more):
//! the caller then asks the parser, which gives the verdict and the error.
//!
//! First pass, per 64-byte block: byte classes (SIMD where the CPU has it), strings from the
//! unescaped quotes (a prefix XOR) holding no control character, escapes checked one by one
//! (they are rare), and the positions of brackets. The brackets are then matched with a bit
//! stack, which also says whether each comma is in an object or an array. Second pass, per
//! block: outside strings every byte is white space, a structural character, or part of a run
//! of other bytes (an *atom*) that must be a number or `true`/`false`/`null`; numbers are checked
//! with masks (where a sign, point or exponent may stand); and the token order: what may follow
//! each kind of token once white space is skipped (`{` a key or `}`, a key `:`, a value `,` `}`
//! or `]`, an object's `,` a key, …), where a key is a string that follows `{` or an object's `,`.
//!
//! With [`Validation::Structure`] only the first pass runs, without positions: the strings and
//! escapes are checked as above, and the brackets are counted a word at a time (one by one only
//! in a word where the depth could come back to zero or pass the limit), so that they balance,
//! from the first significant byte to the last, within the depth limit; their kinds, the atoms
//! and the order of tokens are left to the walk, for what it visits.
//!
//! Every word also keeps its depth at the start and a floor under the depth inside it, so that
//! the walk passes over a skipped container's words without reading their brackets.
//!
//! [`Event::parse`]: crate::Event::parse

use super::classify::{Baseline, Classes, Classifier, Classify};
use super::Validation;
use std::marker::PhantomData;

/// What the walk needs from a scanned event.
#[derive(Debug, Default)]
pub(crate) struct Structure {
    /// One record per 64-byte word.
    pub words: Vec<Skeleton>,
    /// Offset of the root object's `{`.
    pub root: usize,
    /// The text holds a backslash (so keys and strings may need decoding).
    pub escapes: bool,
    /// The text holds white space outside strings before the end of the root object (so tokens
    /// may be apart).
    pub spaced: bool,
    /// Every byte was checked (numbers and literals included), not only the skeleton.
    pub checked: bool,
    /// Masks for the second pass.
    tokens: Vec<Word>,
    /// Offsets of the brackets.
    positions: Vec<u32>,
}

/// The skeleton of one 64-byte word (bit `i` stands for byte `i`).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Skeleton {
    /// Closing quotes of strings.
    pub string_ends: u64,
    /// Bytes of numbers and literals.
    pub atoms: u64,
    /// `{` and `[` outside strings.
    pub opens: u64,
    /// `}` and `]` outside strings.
    pub closes: u64,
    /// The nesting depth at the start of the word.
    pub depth_start: i32,
    /// A depth the nesting does not go below inside the word.
    pub depth_floor: i32,
}

/// Deepest nesting the bit stack holds; deeper events go to the parser.
const MAX_SCANNED_DEPTH: i64 = 63;

/// Checks `text` and fills `out`. With [`Validation::Full`], as the event parser would (it
/// must be one JSON object, nested at most `max_depth` levels); with
/// [`Validation::Structure`], only its skeleton (see there). `false` when the text is invalid
/// or beyond the scanner. (Kept out of line: the compiler may otherwise inline it, portable
/// fallback and all, into the matcher, which then runs measurably slower.)
#[inline(never)]
pub(crate) fn scan(
    text: &[u8],
    max_depth: usize,
    validation: Validation,
    out: &mut Structure,
) -> bool {
    match validation {
        Validation::Full => scan_on_cpu::<true>(text, max_depth, out),
        Validation::Structure => scan_on_cpu::<false>(text, max_depth, out),
    }
}

/// [`scan_with`] on the best byte classifier the CPU has.
#[inline(always)]
fn scan_on_cpu<const FULL: bool>(text: &[u8], max_depth: usize, out: &mut Structure) -> bool {
    match Classifier::best() {
        // SAFETY: `best` found the features `scan_avx512` is compiled for.
        #[cfg(target_arch = "x86_64")]
        Classifier::Avx512 => unsafe { scan_avx512::<FULL>(text, max_depth, out) },
        // SAFETY: `best` found the features `scan_avx2` is compiled for.
        #[cfg(target_arch = "x86_64")]
        Classifier::Avx2 => unsafe { scan_avx2::<FULL>(text, max_depth, out) },
        // SAFETY: every CPU of the target has the features `Baseline` needs.
        Classifier::Baseline => unsafe { scan_with::<Baseline, FULL>(text, max_depth, out) },
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw,pclmulqdq,popcnt,bmi1,lzcnt")]
unsafe fn scan_avx512<const FULL: bool>(
    text: &[u8],
    max_depth: usize,
    out: &mut Structure,
) -> bool {
    scan_with::<super::classify::Avx512, FULL>(text, max_depth, out)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,pclmulqdq,popcnt,bmi1,lzcnt")]
unsafe fn scan_avx2<const FULL: bool>(text: &[u8], max_depth: usize, out: &mut Structure) -> bool {
    scan_with::<super::classify::Avx2, FULL>(text, max_depth, out)
}

/// An addition across words.
#[derive(Default)]
struct Add(bool);

impl Add {
    #[inline(always)]
    fn add(&mut self, a: u64, b: u64) -> u64 {
        let (s, c1) = a.overflowing_add(b);
        let (s, c2) = s.overflowing_add(self.0 as u64);
        self.0 = c1 | c2;
        s
    }
}

/// For each bit of `p`, the first byte at or after it that is not white space; the identity
/// when the event has no white space between tokens (`SPACED` false).
#[derive(Default)]
struct NextToken<const SPACED: bool>(Add);

impl<const SPACED: bool> NextToken<SPACED> {
    #[inline(always)]
    fn next(&mut self, p: u64, ws: u64) -> u64 {
        if !SPACED {
            return p;
        }
        // Adding a run's first bit to the run carries to the byte just after it.
        let s = self.0.add(ws, p & ws);
        (p & !ws) | (s & !ws)
    }
}

/// The bytes of `run` from each bit of `x` (inside the run) to the end of its run.
#[derive(Default)]
struct Fill(Add);

impl Fill {
    #[inline(always)]
    fn fill(&mut self, x: u64, run: u64) -> u64 {
        (self.0.add(run, x) ^ run) & run
    }
}

/// The masks of one 64-byte word that the second pass checks.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Word {
    in_string: u64,
    opening: u64,
    closing: u64,
    ws: u64,
    atom: u64,
    lbrace: u64,
    lbracket: u64,
    closes: u64,
    comma: u64,
    colon: u64,
    /// Where the innermost container changes kind (a prefix XOR gives "inside an object").
    kind_changes: u64,
    /// Bytes of the text (not the padding of the last word).
    valid: u64,
    digit: u64,
    zero: u64,
    minus: u64,
    plus: u64,
    dot: u64,
    exp: u64,
}

/// The bytes of the word at `base` that the unescaped `backslashes` escape, and whether the
/// last one escapes the first byte of the next word; `None` on an escape JSON does not allow.
/// Out of line: most words hold no backslash, and the call would make the scan of every word
/// keep its registers in memory.
#[cold]
#[inline(never)]
fn escaped_bytes(text: &[u8], base: usize, mut backslashes: u64) -> Option<(u64, bool)> {
    let mut escaped = 0u64;
    while backslashes != 0 {
        let i = backslashes.trailing_zeros();
        if !valid_escape(text, base + i as usize) {
            return None;
        }
        backslashes &= backslashes - 1;
        if i == 63 {
            return Some((escaped, true));
        }
        escaped |= 1 << (i + 1);
        backslashes &= !(1 << (i + 1));
    }
    Some((escaped, false))
}

/// Whether the escape at `at` (a backslash) is one JSON allows.
fn valid_escape(text: &[u8], at: usize) -> bool {
    match text.get(at + 1) {
        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => true,
        Some(b'u') => text
            .get(at + 2..at + 6)
            .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)),
        _ => false,
    }
}

/// Whether the atom at `at` is exactly `true`, `false` or `null`.
fn literal(text: &[u8], at: usize) -> bool {
    let rest = &text[at..];
    let len = if rest.starts_with(b"true") || rest.starts_with(b"null") {
        4
    } else if rest.starts_with(b"false") {
        5
    } else {
        return false;
    };
    matches!(
        text.get(at + len),
        None | Some(b' ' | b'\t' | b'\n' | b'\r' | b',' | b':' | b'[' | b']' | b'{' | b'}' | b'"')
    )
}

/// [`scan`] with the classifier `C`.
///
/// # Safety
/// The CPU must have the target features `C` needs (see [`Classify`]).
#[inline(always)]
unsafe fn scan_with<C: Classify, const FULL: bool>(
    text: &[u8],
    max_depth: usize,
    out: &mut Structure,
) -> bool {
    out.words.clear();
    out.escapes = false;
    out.spaced = false;
    out.checked = FULL;
    if text.len() > u32::MAX as usize - 64 {
        return false;
    }
    // Where the root object must open and close. The white space after it is left out of the
    // words: it is valid, and it is not white space between tokens (see `Structure::spaced`).
    let Some((first, last)) = significant(text) else {
        return false;
    };
    let text = &text[..=last];
    // SAFETY: our caller guarantees the features `C` needs.
    unsafe {
        if FULL {
            scan_full::<C>(text, first, max_depth, out)
        } else {
            scan_skeleton::<C>(text, first, max_depth, out)
        }
    }
}

/// The first and last bytes of `text` that are not white space, where the root object must
/// open and close.
fn significant(text: &[u8]) -> Option<(usize, usize)> {
    let white = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let first = text.iter().position(|b| !white(b))?;
    Some((first, text.iter().rposition(|b| !white(b))?))
}

/// One pass's work on each 64-byte word. (A trait rather than a closure: a closure would not
/// inherit the SIMD features of the function that runs the pass.)
trait WordPass {
    /// The word at offset `base`, by its classes, with `valid` the bytes that are in the text
    /// (not the padding of the last word); `false` ends the pass (the text is refused).
    ///
    /// # Safety
    /// The CPU must have the target features of the pass's classifier.
    unsafe fn word(&mut self, k: &Classes, base: usize, valid: u64) -> bool;
}

/// Runs `pass` over the 64-byte words of `text`, the last one padded with spaces; `false` when
/// the pass refused a word.
///
/// # Safety
/// The CPU must have the target features `C` and the pass need.
#[inline(always)]
unsafe fn each_word<C: Classify>(text: &[u8], pass: &mut impl WordPass) -> bool {
    let mut chunks = text.chunks_exact(64);
    let mut base = 0;
    for block in chunks.by_ref() {
        // SAFETY: our caller guarantees the features.
        if !unsafe { pass.word(&C::classify(block.try_into().expect("64 bytes")), base, !0) } {
            return false;
        }
        base += 64;
    }
    let rest = chunks.remainder();
    // SAFETY: as above.
    rest.is_empty() || unsafe { pass.word(&C::classify_tail(rest), base, (1 << rest.len()) - 1) }
}

/// Strings across words: escapes, quotes and control characters (and white space outside).
#[derive(Default)]
struct Strings {
    /// The next word starts with an escaped byte.
    escaped_carry: bool,
    /// All ones when the next word starts inside a string.
    string_carry: u64,
    /// Control characters found inside strings.
    bad: u64,
    /// A backslash was seen.
    escapes: bool,
    /// White space outside strings, anywhere in the text.
    spaced: u64,
}

/// Where the strings of one word are.
struct StringMasks {
    /// Unescaped quotes.
    quotes: u64,
    /// From each opening quote up to (not including) the closing one.
    in_string: u64,
    /// Closing quotes.
    closing: u64,
    /// Neither in a string nor a closing quote.
    outside: u64,
}

impl Strings {
    /// The strings of the word at `base`, whose bytes in the text are `valid` (white space in
    /// the padding is not counted); `None` on an escape JSON does not allow.
    ///
    /// # Safety
    /// The CPU must have the target features `C` needs.
    #[inline(always)]
    unsafe fn word<C: Classify>(
        &mut self,
        text: &[u8],
        base: usize,
        valid: u64,
        k: &Classes,
    ) -> Option<StringMasks> {
        // Escapes: the byte after an unescaped backslash.
        let carried = self.escaped_carry as u64;
        self.escaped_carry = false;
        let backslashes = k.bslash & !carried;
        let escaped = if backslashes == 0 {
            carried
        } else {
            self.escapes = true;
            let (escaped, carry) = escaped_bytes(text, base, backslashes)?;
            self.escaped_carry = carry;
            escaped | carried
        };
        let quotes = k.quote & !escaped;
        // SAFETY: our caller guarantees the features `C` needs.
        let in_string = unsafe { C::prefix_xor(quotes) } ^ self.string_carry;
        self.string_carry = ((in_string as i64) >> 63) as u64;
        self.bad |= k.ctrl & in_string;
        let closing = quotes & !in_string;
        let outside = !in_string & !closing;
        self.spaced |= k.ws & outside & valid;
        Some(StringMasks {
            quotes,
            in_string,
            closing,
            outside,
        })
    }

    /// Every string closed, with no control character inside.
    fn closed(&self) -> bool {
        self.bad == 0 && self.string_carry == 0 && !self.escaped_carry
    }
}

/// The skeleton of a word from its classes, with the bytes outside strings.
#[inline(always)]
fn skeleton(k: &Classes, closing: u64, outside: u64, depth_start: i32) -> Skeleton {
    let closes = k.closes & outside;
    Skeleton {
        string_ends: closing,
        atoms: outside & !(k.ws | k.opens | k.closes | k.comma | k.colon),
        opens: k.opens & outside,
        closes,
        depth_start,
        depth_floor: depth_start - closes.count_ones() as i32,
    }
}

/// [`Validation::Structure`]: the first pass alone, keeping only the skeleton of each word.
/// `text` ends at its last significant byte; the first is at `first`.
///
/// # Safety
/// The CPU must have the target features `C` needs.
#[inline(always)]
unsafe fn scan_skeleton<C: Classify>(
    text: &[u8],
    first: usize,
    max_depth: usize,
    out: &mut Structure,
) -> bool {
    let last = text.len() - 1;
    if text[first] != b'{' {
        return false;
    }
    out.root = first;
    out.words.reserve(text.len().div_ceil(64));
    let mut pass = SkeletonPass::<C> {
        text,
        last,
        max: i32::try_from(max_depth).unwrap_or(i32::MAX),
        strings: Strings::default(),
        level: 0,
        words: &mut out.words,
        classify: PhantomData,
    };
    // SAFETY: our caller guarantees the features `C` (and so the pass) needs.
    let ok = unsafe { each_word::<C>(text, &mut pass) };
    let (closed, level) = (pass.strings.closed(), pass.level);
    out.escapes = pass.strings.escapes;
    out.spaced = pass.strings.spaced != 0;
    ok && closed && level == 0
}

/// The state of [`scan_skeleton`] between words.
struct SkeletonPass<'a, C> {
    text: &'a [u8],
    /// The last significant byte, where the root object must close.
    last: usize,
    /// The depth limit.
    max: i32,
    strings: Strings,
    /// The depth at the start of the next word.
    level: i32,
    words: &'a mut Vec<Skeleton>,
    classify: PhantomData<C>,
}

impl<C: Classify> WordPass for SkeletonPass<'_, C> {
    #[inline(always)]
    unsafe fn word(&mut self, k: &Classes, base: usize, valid: u64) -> bool {
        // SAFETY: our caller guarantees the features `C` needs.
        let Some(m) = (unsafe { self.strings.word::<C>(self.text, base, valid, k) }) else {
            return false;
        };
        let word = skeleton(k, m.closing, m.outside, self.level);
        self.words.push(word);
        let (o, c) = (
            word.opens.count_ones() as i32,
            word.closes.count_ones() as i32,
        );
        if self.level - c >= 1 && self.level + o <= self.max {
            // The depth can neither come back to zero nor pass the limit in this word.
            self.level += o - c;
            return true;
        }
        // Bracket by bracket: the root (opened at the first significant byte) closes at the
        // last one or the text is refused, and no depth passes the limit.
        let mut bits = word.opens | word.closes;
        while bits != 0 {
            let i = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            self.level += if (word.opens >> i) & 1 == 1 { 1 } else { -1 };
            if self.level > self.max || (self.level == 0 && base + i != self.last) {
                return false;
            }
        }
        true
    }
}

/// [`Validation::Full`]: both passes (`text` and `first` as for [`scan_skeleton`]).
///
/// # Safety
/// The CPU must have the target features `C` needs.
#[inline(always)]
unsafe fn scan_full<C: Classify>(
    text: &[u8],
    first_significant: usize,
    max_depth: usize,
    out: &mut Structure,
) -> bool {
    let last_significant = text.len() - 1;
    out.root = first_significant;
    let mut pass = FullPass::<C> {
        text,
        strings: Strings::default(),
        level: 0,
        skeleton: &mut out.words,
        words: std::mem::take(&mut out.tokens),
        positions: std::mem::take(&mut out.positions),
        classify: PhantomData,
    };
    pass.words.clear();
    pass.positions.clear();
    // First pass: classes, strings, brackets.
    // SAFETY: our caller guarantees the features `C` (and so the pass) needs.
    let first_pass = unsafe { each_word::<C>(text, &mut pass) };
    let FullPass {
        strings,
        mut words,
        positions,
        ..
    } = pass;
    out.escapes = strings.escapes;
    out.spaced = strings.spaced != 0;
    if !first_pass {
        out.tokens = words;
        out.positions = positions;
        return false;
    }
    // All brackets in order: match them with a bit stack (1 for an object) and mark where the
    // innermost container changes kind. Past what the stack holds, the parser decides.
    let mut depth = Depth::default();
    let mut stack = 0u64;
    let mut mismatched = 0u64;
    for &pos in &positions {
        let pos = pos as usize;
        // `{` `[` have bit 1 set, `}` `]` not; `{` `}` have bit 5 set, `[` `]` not.
        let c = text[pos] as u64;
        let open = (c >> 1) & 1;
        let object = (c >> 5) & 1;
        let before = stack & 1;
        mismatched |= (open ^ 1) & (before ^ object);
        let pushed = (stack << 1) | object;
        let popped = stack >> 1;
        stack = popped ^ ((pushed ^ popped) & open.wrapping_neg());
        depth.step(pos, open == 1);
        words[pos / 64].kind_changes |= ((stack & 1) ^ before) << (pos % 64);
    }
    out.positions = positions;
    let shape_ok = strings.closed()
        && mismatched == 0
        && depth.deepest <= MAX_SCANNED_DEPTH
        && depth.deepest as usize <= max_depth
        && depth.balanced(first_significant, last_significant)
        && text.get(first_significant) == Some(&b'{');
    // Second pass: atoms and the order of tokens.
    // SAFETY: our caller guarantees the features `C` needs.
    let ok = shape_ok
        && unsafe {
            if out.spaced {
                tokens::<C, true>(text, &words)
            } else {
                tokens::<C, false>(text, &words)
            }
        };
    out.tokens = words;
    ok
}

/// The state of [`scan_full`]'s first pass between words.
struct FullPass<'a, C> {
    text: &'a [u8],
    strings: Strings,
    /// The depth at the start of the next word.
    level: i32,
    skeleton: &'a mut Vec<Skeleton>,
    /// The masks for the second pass.
    words: Vec<Word>,
    /// The offsets of the brackets.
    positions: Vec<u32>,
    classify: PhantomData<C>,
}

impl<C: Classify> WordPass for FullPass<'_, C> {
    #[inline(always)]
    unsafe fn word(&mut self, k: &Classes, base: usize, valid: u64) -> bool {
        // SAFETY: our caller guarantees the features `C` needs.
        let Some(StringMasks {
            quotes,
            in_string,
            closing,
            outside,
        }) = (unsafe { self.strings.word::<C>(self.text, base, valid, k) })
        else {
            return false;
        };
        let word = skeleton(k, closing, outside, self.level);
        self.skeleton.push(word);
        self.level += word.opens.count_ones() as i32 - word.closes.count_ones() as i32;
        // Brackets: their positions, for one pass over all of them below.
        push_positions(&mut self.positions, base, word.opens | word.closes);
        let lbrace = k.lbrace & outside;
        self.words.push(Word {
            in_string,
            opening: quotes & in_string,
            closing,
            ws: k.ws & outside,
            atom: word.atoms,
            lbrace,
            lbracket: word.opens & !lbrace,
            closes: word.closes,
            comma: k.comma & outside,
            colon: k.colon & outside,
            kind_changes: 0,
            valid,
            digit: k.digit,
            zero: k.zero,
            minus: k.minus,
            plus: k.plus,
            dot: k.dot,
            exp: k.exp,
        });
        true
    }
}

/// Appends the offsets of the bits of `brackets` in the word at `base`, four at a time,
/// written whether there or not (simdjson's flattening), so that the common word with few
/// brackets costs no mispredicted branch.
#[inline(always)]
fn push_positions(positions: &mut Vec<u32>, base: usize, mut brackets: u64) {
    if brackets == 0 {
        return;
    }
    let count = brackets.count_ones() as usize;
    let at = positions.len();
    loop {
        let len = positions.len();
        positions.extend_from_slice(&[0; 4]);
        for slot in &mut positions[len..len + 4] {
            *slot = (base as u32).wrapping_add(brackets.trailing_zeros());
            brackets &= brackets.wrapping_sub(1);
        }
        if brackets == 0 {
            break;
        }
    }
    positions.truncate(at + count);
}

/// The nesting depth through the brackets, in order.
#[derive(Debug, Default)]
struct Depth {
    depth: i64,
    deepest: i64,
    /// How many times the depth came back to zero.
    returns_to_root: u32,
    first_bracket: Option<usize>,
    last_bracket: usize,
}

impl Depth {
    /// One bracket at `pos`.
    #[inline(always)]
    fn step(&mut self, pos: usize, open: bool) {
        self.first_bracket.get_or_insert(pos);
        self.last_bracket = pos;
        self.depth += 2 * open as i64 - 1;
        self.deepest = self.deepest.max(self.depth);
        self.returns_to_root += (self.depth == 0) as u32;
    }

    /// Whether the brackets make one container from the first significant byte to the last.
    fn balanced(&self, first_significant: usize, last_significant: usize) -> bool {
        self.depth == 0
            && self.returns_to_root == 1
            && self.first_bracket == Some(first_significant)
            && self.last_bracket == last_significant
    }
}

/// Checks numbers, literals and the order of tokens, word by word; a mask shifted left by one
/// takes its low bit from the word before.
///
/// # Safety
/// The CPU must have the target features `C` needs.
#[inline(always)]
unsafe fn tokens<C: Classify, const SPACED: bool>(text: &[u8], words: &[Word]) -> bool {
    let mut bad = 0u64;
    let mut prev = Word::default();
    let mut number_prev = 0u64;
    let mut key_end_prev = 0u64;
    let mut number_fill = Fill::default();
    let mut after_point_or_exp = Fill::default();
    let mut after_exp_fill = Fill::default();
    let mut key_add = Add::default();
    let mut after_lbrace = NextToken::<SPACED>::default();
    let mut after_lbracket = NextToken::<SPACED>::default();
    let mut after_colon = NextToken::<SPACED>::default();
    let mut after_object_comma = NextToken::<SPACED>::default();
    let mut after_array_comma = NextToken::<SPACED>::default();
    let mut after_value = NextToken::<SPACED>::default();
    let mut after_key = NextToken::<SPACED>::default();
    let mut after_string_value = NextToken::<SPACED>::default();
    let mut prev_exp = 0u64;
    let mut prev_sign_after_exp = 0u64;
    let mut prev_first_digit_zero = 0u64;
    let mut prev_leading_minus = 0u64;
    let mut object_carry = 0u64;
    let mut prev_in_object = 0u64;
    for (w, word) in words.iter().enumerate() {
        // SAFETY: our caller guarantees the features `C` needs.
        let in_object = unsafe { C::prefix_xor(word.kind_changes) } ^ object_carry;
        object_carry = ((in_object as i64) >> 63) as u64;
        let shl = |x: u64, before: u64| (x << 1) | (before >> 63);
        let base = w * 64;
        // Atoms: literals one by one, numbers with masks.
        let atom = word.atom;
        let atom_before = shl(atom, prev.atom);
        let atom_start = atom & !atom_before;
        let after_atom = !atom & atom_before;
        let number_start = atom_start & (word.digit | word.minus);
        let mut literals = atom_start & !number_start;
        while literals != 0 {
            if !literal(text, base + literals.trailing_zeros() as usize) {
                return false;
            }
            literals &= literals - 1;
        }
        let number = number_fill.fill(number_start, atom);
        let digit_before = shl(word.digit, prev.digit);
        let exp = word.exp & number;
        let after_exp = shl(exp, prev_exp);
        let point = word.dot & number;
        bad |= number & !(word.digit | word.minus | word.plus | word.dot | word.exp);
        bad |= word.minus & number & !(atom_start | after_exp);
        bad |= word.plus & number & !after_exp;
        bad |= (point | exp) & !digit_before;
        bad |= shl(point, prev.dot & number_prev) & !word.digit;
        bad |= after_exp & !(word.digit | word.minus | word.plus);
        let sign_after_exp = after_exp & (word.minus | word.plus);
        bad |= shl(sign_after_exp, prev_sign_after_exp) & !word.digit;
        let point_or_exp_before = shl(point | exp, (prev.dot & number_prev) | prev_exp);
        bad |= point & after_point_or_exp.fill(point_or_exp_before & atom, atom);
        bad |= exp & after_exp_fill.fill(after_exp & atom, atom);
        let leading_minus = number_start & word.minus;
        let after_minus = shl(leading_minus, prev_leading_minus);
        bad |= after_minus & !word.digit;
        let first_digit_zero = ((number_start & word.digit) | after_minus) & word.zero;
        bad |= shl(first_digit_zero, prev_first_digit_zero) & word.digit;
        bad |= after_atom & shl(number, number_prev) & !digit_before;

        // Token order.
        let ws = word.ws;
        let opening = word.opening;
        let closes = word.closes;
        let value_start = opening | atom_start | word.lbrace | word.lbracket;
        let object_comma = word.comma & in_object;
        let array_comma = word.comma & !in_object;
        let prev_object_comma = prev.comma & prev_in_object;
        let prev_array_comma = prev.comma & !prev_in_object;
        let next_lbrace = after_lbrace.next(shl(word.lbrace, prev.lbrace), ws);
        // (A `}` after `[` or a `]` after `{` is a bracket mismatch, refused already.)
        let mut order = next_lbrace & !(opening | closes);
        order |=
            after_lbracket.next(shl(word.lbracket, prev.lbracket), ws) & !(value_start | closes);
        order |= after_colon.next(shl(word.colon, prev.colon), ws) & !value_start;
        order |= after_array_comma.next(shl(array_comma, prev_array_comma), ws) & !value_start;
        let next_object_comma = after_object_comma.next(shl(object_comma, prev_object_comma), ws);
        order |= next_object_comma & !opening;
        let value_end = after_atom | shl(closes, prev.closes);
        order |= after_value.next(value_end, ws) & !(word.comma | closes);
        // A key's string runs from its opening quote; adding that bit carries to its end.
        let keys = (next_lbrace | next_object_comma) & opening;
        let key_end = key_add.add(word.in_string, keys) & word.closing;
        order |= after_key.next(shl(key_end, key_end_prev), ws) & !word.colon;
        order |= after_string_value.next(
            shl(word.closing & !key_end, prev.closing & !key_end_prev),
            ws,
        ) & !(word.comma | closes);
        // Past the end of the text (the padding of the last word) nothing follows.
        bad |= order & word.valid;

        prev = *word;
        number_prev = number;
        key_end_prev = key_end;
        prev_exp = exp;
        prev_sign_after_exp = sign_after_exp;
        prev_first_digit_zero = first_digit_zero;
        prev_leading_minus = leading_minus;
        prev_in_object = in_object;
    }
    bad == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ruleset::classify::Portable;
    use crate::{Event, Limits};
    use proptest::prelude::*;

    fn accepts(text: &str) -> bool {
        scan(
            text.as_bytes(),
            1100,
            Validation::Full,
            &mut Structure::default(),
        )
    }

    fn portable(text: &str, max_depth: usize) -> bool {
        // SAFETY: `Portable` needs no target feature.
        unsafe {
            scan_with::<Portable, true>(text.as_bytes(), max_depth, &mut Structure::default())
        }
    }

    fn skeleton(text: &str, max_depth: usize) -> bool {
        let ok = scan(
            text.as_bytes(),
            max_depth,
            Validation::Structure,
            &mut Structure::default(),
        );
        // SAFETY: `Portable` needs no target feature.
        let portable = unsafe {
            scan_with::<Portable, false>(text.as_bytes(), max_depth, &mut Structure::default())
        };
        assert_eq!(ok, portable, "{text:?}");
        ok
    }

    #[test]
    fn accepts_valid_events() {
        for t in [
            "{}",
            " {\"a\" : [1, -2.5e+3, 0, -0, 0.1E-2, true, false, null, \"x\\\"y\\u00e9\"], \"b\":{}}\n",
            "{\"\":{\"\":[[],[{}]]}}",
            "\t{\"k\":\"\\\\\"}\r\n",
        ] {
            assert!(accepts(t), "{t}");
            assert!(portable(t, 1100), "{t}");
        }
    }

    #[test]
    fn escapes_across_words_agree_with_the_parser() {
        // Every escape at every place around a word's end, so that a backslash ends a word and
        // escapes the first byte of the next one.
        for escape in ["\\\\", "\\\"", "\\n", "\\u00e9", "\\x", "\\u12", "\\"] {
            for pad in 50..80 {
                let text = format!("{{\"a\":\"{}{escape}\",\"b\":1}}", "x".repeat(pad));
                let parsed = Event::parse(&text).is_ok();
                assert_eq!(accepts(&text), parsed, "{text:?}");
                assert_eq!(portable(&text, 1100), parsed, "{text:?}");
                assert_eq!(skeleton(&text, 1100), parsed, "{text:?}");
            }
        }
    }

    #[test]
    fn white_space_between_tokens_is_told_apart() {
        for (text, spaced) in [
            ("{\"a\":[1,\"b c\"]}", false),
            ("{\"a\":[1,\"b c\"]}\r\n  ", false),
            // White space after the root, across words: still compact.
            (&format!("{{\"a\":[1,\"b c\"]}}{}", "\n".repeat(150)), false),
            (
                &format!("{{\"a\":{}[1]}}{}", " ".repeat(70), " ".repeat(70)),
                true,
            ),
            ("{\"a\": [1]}", true),
            ("{\"a\":[1,\n2]}\n", true),
        ] {
            for validation in [Validation::Full, Validation::Structure] {
                let mut st = Structure::default();
                assert!(scan(text.as_bytes(), 100, validation, &mut st), "{text:?}");
                assert_eq!(st.spaced, spaced, "{text:?} {validation:?}");
            }
        }
    }

    #[test]
    fn refuses_what_the_parser_refuses() {
        for t in [
            "",
            " ",
            "[]",
            "1",
            "\"x\"",
            "{",
            "}",
            "{}}",
            "{}{}",
            "{},",
            "{} x",
            "{\"a\"}",
            "{\"a\":}",
            "{\"a\":1,}",
            "{,}",
            "{\"a\":1 \"b\":2}",
            "{\"a\":[1,]}",
            "{\"a\":[,1]}",
            "{\"a\":01}",
            "{\"a\":1.}",
            "{\"a\":.5}",
            "{\"a\":+1}",
            "{\"a\":1e}",
            "{\"a\":1e+}",
            "{\"a\":--1}",
            "{\"a\":1-2}",
            "{\"a\":1.2.3}",
            "{\"a\":1e2e3}",
            "{\"a\":1e2.3}",
            "{\"a\":tru}",
            "{\"a\":truex}",
            "{\"a\":nul}",
            "{\"a\":NaN}",
            "{\"a\":\"\\x\"}",
            "{\"a\":\"\\u12g4\"}",
            "{\"a\":\"\u{1}\"}",
            "{\"a\":[1}",
            "{\"a\":{]}",
            "{1:2}",
            "{\"a\":1,2:3}",
            "{\"a\":1,\"b\"}",
            "[{\"a\":1}]",
            "{\"a\":\"b\":\"c\"}",
            "{\"a\"::1}",
            "{\"a\":[\"b\":1]}",
            "{\u{1}}",
            "\u{feff}{}",
            "{\"a\":1}\u{0}",
            "{\"a\":-}",
            "{\"a\":1x}",
            "{\"a\":\"x}",
            "{\"a\\\":1}",
            "{\"a\":[1 2]}",
            "{\"a\":{}{}}",
            "{\"a\":[]]}",
            "{\"a\":true1}",
            "{\"a\":-Infinity}",
        ] {
            assert!(!accepts(t), "{t:?}");
            assert!(!portable(t, 1100), "{t:?}");
            assert!(Event::parse(t).is_err(), "{t:?}");
        }
    }

    #[test]
    fn the_skeleton_is_checked() {
        for t in [
            "{}",
            "{\"a\": [01, tru, {\"b\" 1]}, \"c\": -}",
            " {\"\":{\"\":[[],[{}]]}}\n",
        ] {
            assert!(skeleton(t, 1100), "{t:?}");
        }
        for t in [
            "",
            "[]",
            "1",
            "{",
            "}",
            "{}}",
            "{}{}",
            "{} x",
            "x {}",
            // After the root closes: brackets, a string, a depth below zero, words later.
            "{} ]",
            "{}\n{}\n",
            "{} \"a\"",
            "{}]{",
            "{\"a\":1}   }",
            &format!("{{\"a\":1}}{}x", " ".repeat(130)),
            &format!("{{\"a\":1}}{}{{}}", " ".repeat(70)),
            "{\"a\":[1}",
            "{\"a\":[1]]}",
            "{\"a\":\"x}",
            "{\"a\":\"\\x\"}",
            "{\"a\":\"\u{1}\"}",
            "{\"a\\\":1}",
        ] {
            assert!(!skeleton(t, 1100), "{t:?}");
        }
        let nested = |d: usize| format!("{}1{}", "{\"a\":".repeat(d), "}".repeat(d));
        assert!(skeleton(&nested(200), 200));
        assert!(!skeleton(&nested(201), 200));
    }

    #[test]
    fn depth_is_limited() {
        let nested = |d: usize| format!("{}1{}", "{\"a\":".repeat(d), "}".repeat(d));
        assert!(portable(&nested(10), 10));
        assert!(!portable(&nested(11), 10));
        assert!(portable(&nested(63), 1100));
        // Deeper than the bit stack: the parser decides.
        assert!(!portable(&nested(64), 1100));
        assert!(Event::parse_with(&nested(64), &Limits::default()).is_ok());
    }

    /// Valid JSON objects, with strings that exercise escapes and block boundaries.
    fn json() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            Just("null".to_string()),
            Just("true".to_string()),
            Just("false".to_string()),
            any::<i64>().prop_map(|n| n.to_string()),
            any::<f64>().prop_map(|f| format!("{f:e}")),
            "(-?(0|[1-9][0-9]{0,20}))(\\.[0-9]{1,20})?([eE][+-]?[0-9]{1,3})?",
            "\"([a-z ]|\\\\[\"\\\\/bfnrt]|\\\\u[0-9a-fA-F]{4}|é){0,70}\"",
        ];
        leaf.prop_recursive(6, 64, 8, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..8)
                    .prop_map(|v| format!("[{}]", v.join(","))),
                prop::collection::vec(("[a-z\\\\\"]{0,3}", inner), 0..8).prop_map(|m| {
                    let members: Vec<String> = m
                        .into_iter()
                        .map(|(k, v)| format!("{}:{v}", serde_json::to_string(&k).unwrap()))
                        .collect();
                    format!("{{{}}}", members.join(","))
                }),
            ]
        })
        .prop_map(|v| format!("{{\"root\":{v}}}"))
    }

    /// Spaces a text out, and mutates one byte of it.
    fn mutated() -> impl Strategy<Value = String> {
        (
            json(),
            any::<prop::sample::Index>(),
            any::<u8>(),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(text, at, byte, spaced, mutate)| {
                let mut t = if spaced {
                    text.replace(',', " ,\n").replace(':', "\t: ")
                } else {
                    text
                };
                if mutate {
                    let i = at.index(t.len());
                    let pick = b"{}[],:\"\\ 0-+.eE1tfn\x01x"[byte as usize % 21];
                    if t.is_char_boundary(i) && t.is_char_boundary(i + 1) {
                        t.replace_range(i..i + 1, std::str::from_utf8(&[pick]).unwrap());
                    }
                }
                t
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn agrees_with_the_parser(text in mutated()) {
            let parsed = Event::parse(&text).is_ok();
            prop_assert_eq!(accepts(&text), parsed, "{:?}", text);
            prop_assert_eq!(portable(&text, 1100), parsed, "{:?}", text);
            if parsed {
                prop_assert!(skeleton(&text, 1100), "{:?}", text);
            }
        }
    }
}
