//! Validates an event text 64 bytes at a time with bit masks, and keeps what the walk needs to
//! skip values without reading them again (string ends, number and literal runs, brackets).
//!
//! Written by hand because the rule set must refuse exactly the events [`Event::parse`] refuses
//! (Jackson's grammar: no comments, no `NaN`, literals not run on into letters, nesting limits)
//! while checking every byte faster than a JSON parser does; no crate validates
//! JSON this way. The scanner may refuse more than the parser (nesting of 64 levels or more):
//! the caller then asks the parser, which gives the verdict and the error.
//!
//! One pass over the 64-byte blocks. For each: byte classes (SIMD where the CPU has it),
//! strings from the unescaped quotes (a prefix XOR) holding no control character, escapes
//! checked one by one (they are rare), and the brackets counted a block at a time (one by one
//! only in a block where the depth could come back to zero or pass the limit), so that they
//! balance, from the first significant byte to the last, within the depth limit.
//!
//! With [`Validation::Full`], the same block then goes through the rest at once, its masks
//! still in registers: its brackets are matched with a bit stack, which also says whether each
//! comma is in an object or an array; outside strings every byte is white space, a structural
//! character, or part of a run of other bytes (an *atom*) that must be a number or
//! `true`/`false`/`null`; numbers are checked with masks (where a sign, point or exponent may
//! stand); and the token order: what may follow each kind of token once white space is skipped
//! (`{` a key or `}`, a key `:`, a value `,` `}` or `]`, an object's `,` a key, …), where a key
//! is a string that follows `{` or an object's `,`. A mask shifted left by one takes its low bit
//! from the block before, which the pass carries.
//!
//! With [`Validation::Structure`] only the first part runs: the strings, escapes and brackets
//! are checked as above; the kinds of the brackets, the atoms and the order of tokens are left
//! to the walk, for what it visits.
//!
//! Every block also keeps its depth at the start and a floor under the depth inside it, so
//! that the walk passes over a skipped container's blocks without reading their brackets.
//!
//! [`Event::parse`]: crate::Event::parse

use super::classify::{Baseline, Classes, Classifier, Classify};
use super::Validation;
use std::marker::PhantomData;

/// What the walk needs from a scanned event.
#[derive(Debug, Default)]
pub(crate) struct Structure {
    /// One record per 64-byte block.
    pub blocks: Vec<Skeleton>,
    /// Offset of the root object's `{`.
    pub root: usize,
    /// The text holds a backslash (so keys and strings may need decoding).
    pub escapes: bool,
    /// The text holds white space outside strings before the end of the root object (so tokens
    /// may be apart).
    pub spaced: bool,
    /// Every byte was checked (numbers and literals included), not only the skeleton.
    pub checked: bool,
}

/// The skeleton of one 64-byte block (bit `i` stands for byte `i`).
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
    /// The nesting depth at the start of the block.
    pub depth_start: i32,
    /// A depth the nesting does not go below inside the block.
    pub depth_floor: i32,
}

/// Deepest nesting the bit stack holds; deeper events go to the parser.
const MAX_SCANNED_DEPTH: usize = 63;

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

/// An addition across blocks.
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

/// For each bit of `p`, the first byte at or after it that is not white space.
#[derive(Default)]
struct NextToken(Add);

impl NextToken {
    /// With `SPACED` false, the identity: only for a block without white space, after a block
    /// whose last byte is not white space (then nothing is carried either).
    #[inline(always)]
    fn next<const SPACED: bool>(&mut self, p: u64, ws: u64) -> u64 {
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

/// `x` shifted left by one, its low bit from the block before (`before`: that block's last bit).
#[inline(always)]
fn shl(x: u64, before: u64) -> u64 {
    (x << 1) | before
}

/// The last bit of a block's mask, carried to the next block.
#[inline(always)]
fn top(x: u64) -> u64 {
    x >> 63
}

/// The masks of one 64-byte block that the token checks read.
#[derive(Debug, Default, Clone, Copy)]
struct Masks {
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
    /// Bytes of the text (not the padding of the last block).
    valid: u64,
    digit: u64,
    zero: u64,
    minus: u64,
    plus: u64,
    dot: u64,
    exp: u64,
}

/// The bytes of the block at `base` that the unescaped `backslashes` escape, and whether the
/// last one escapes the first byte of the next block; `None` on an escape JSON does not allow.
/// Out of line: most blocks hold no backslash, and the call would make the scan of every block
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
    out.blocks.clear();
    out.escapes = false;
    out.spaced = false;
    out.checked = FULL;
    if text.len() > u32::MAX as usize - 64 {
        return false;
    }
    // Where the root object must open and close. The white space after it is left out of the
    // blocks: it is valid, and it is not white space between tokens (see `Structure::spaced`).
    let Some((first, last)) = significant(text) else {
        return false;
    };
    let text = &text[..=last];
    if text[first] != b'{' {
        return false;
    }
    out.root = first;
    out.blocks.reserve(text.len().div_ceil(64));
    // The bit stack of the full pass holds so many levels; deeper events go to the parser.
    let depth_limit = if FULL {
        max_depth.min(MAX_SCANNED_DEPTH)
    } else {
        max_depth
    };
    let mut pass = Pass::<C, FULL> {
        text,
        last,
        max: i32::try_from(depth_limit).unwrap_or(i32::MAX),
        strings: Strings::default(),
        level: 0,
        blocks: &mut out.blocks,
        tokens: Tokens::default(),
        classify: PhantomData,
    };
    // SAFETY: our caller guarantees the features `C` (and so the pass) needs.
    let ok = unsafe { each_block::<C>(text, &mut pass) };
    let Pass {
        strings,
        level,
        tokens,
        ..
    } = pass;
    out.escapes = strings.escapes;
    out.spaced = strings.spaced != 0;
    ok && strings.closed() && level == 0 && (!FULL || tokens.valid())
}

/// The first and last bytes of `text` that are not white space, where the root object must
/// open and close.
fn significant(text: &[u8]) -> Option<(usize, usize)> {
    let white = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let first = text.iter().position(|b| !white(b))?;
    Some((first, text.iter().rposition(|b| !white(b))?))
}

/// A pass's work on each 64-byte block. (A trait rather than a closure: a closure would not
/// inherit the SIMD features of the function that runs the pass.)
trait BlockPass {
    /// The block at offset `base`, by its classes, with `valid` the bytes that are in the text
    /// (not the padding of the last block); `false` ends the pass (the text is refused).
    ///
    /// # Safety
    /// The CPU must have the target features of the pass's classifier.
    unsafe fn block(&mut self, k: &Classes, base: usize, valid: u64) -> bool;
}

/// Runs `pass` over the 64-byte blocks of `text`, the last one padded with spaces; `false`
/// when the pass refused a block.
///
/// # Safety
/// The CPU must have the target features `C` and the pass need.
#[inline(always)]
unsafe fn each_block<C: Classify>(text: &[u8], pass: &mut impl BlockPass) -> bool {
    let mut chunks = text.chunks_exact(64);
    let mut base = 0;
    for block in chunks.by_ref() {
        // SAFETY: our caller guarantees the features.
        if !unsafe { pass.block(&C::classify(block.try_into().expect("64 bytes")), base, !0) } {
            return false;
        }
        base += 64;
    }
    let rest = chunks.remainder();
    // SAFETY: as above.
    rest.is_empty() || unsafe { pass.block(&C::classify_tail(rest), base, (1 << rest.len()) - 1) }
}

/// Strings across blocks: escapes, quotes and control characters (and white space outside).
#[derive(Default)]
struct Strings {
    /// The next block starts with an escaped byte.
    escaped_carry: bool,
    /// All ones when the next block starts inside a string.
    string_carry: u64,
    /// Control characters found inside strings.
    bad: u64,
    /// A backslash was seen.
    escapes: bool,
    /// White space outside strings, anywhere in the text.
    spaced: u64,
}

/// Where the strings of one block are.
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
    /// The strings of the block at `base`, whose bytes in the text are `valid` (white space in
    /// the padding is not counted); `None` on an escape JSON does not allow.
    ///
    /// # Safety
    /// The CPU must have the target features `C` needs.
    #[inline(always)]
    unsafe fn block<C: Classify>(
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

/// The skeleton of a block from its classes, with the bytes outside strings.
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

/// The state of the pass between blocks; `FULL` for [`Validation::Full`].
struct Pass<'a, C, const FULL: bool> {
    text: &'a [u8],
    /// The last significant byte, where the root object must close.
    last: usize,
    /// The depth limit.
    max: i32,
    strings: Strings,
    /// The depth at the start of the next block.
    level: i32,
    blocks: &'a mut Vec<Skeleton>,
    /// The token checks of the full pass.
    tokens: Tokens,
    classify: PhantomData<C>,
}

impl<C: Classify, const FULL: bool> BlockPass for Pass<'_, C, FULL> {
    #[inline(always)]
    unsafe fn block(&mut self, k: &Classes, base: usize, valid: u64) -> bool {
        // SAFETY: our caller guarantees the features `C` needs.
        let Some(m) = (unsafe { self.strings.block::<C>(self.text, base, valid, k) }) else {
            return false;
        };
        let block = skeleton(k, m.closing, m.outside, self.level);
        self.blocks.push(block);
        if !self.depth(&block, base) {
            return false;
        }
        if !FULL {
            return true;
        }
        let kind_changes = self
            .tokens
            .kinds(self.text, base, block.opens | block.closes);
        let lbrace = k.lbrace & m.outside;
        let masks = Masks {
            in_string: m.in_string,
            opening: m.quotes & m.in_string,
            closing: m.closing,
            ws: k.ws & m.outside,
            atom: block.atoms,
            lbrace,
            lbracket: block.opens & !lbrace,
            closes: block.closes,
            comma: k.comma & m.outside,
            colon: k.colon & m.outside,
            kind_changes,
            valid,
            digit: k.digit,
            zero: k.zero,
            minus: k.minus,
            plus: k.plus,
            dot: k.dot,
            exp: k.exp,
        };
        // Most machine-written events have no white space between tokens: their blocks are
        // checked without looking for it.
        // SAFETY: our caller guarantees the features `C` needs.
        unsafe {
            if masks.ws == 0 && self.tokens.ws_before == 0 {
                self.tokens.block::<C, false>(self.text, base, &masks)
            } else {
                self.tokens.block::<C, true>(self.text, base, &masks)
            }
        }
    }
}

impl<C, const FULL: bool> Pass<'_, C, FULL> {
    /// Moves the depth past the brackets of `block` (at offset `base`); `false` when it passes
    /// the limit, or comes back to zero before the last significant byte (the root, opened at
    /// the first one, must close there).
    #[inline(always)]
    fn depth(&mut self, block: &Skeleton, base: usize) -> bool {
        let (o, c) = (
            block.opens.count_ones() as i32,
            block.closes.count_ones() as i32,
        );
        if self.level - c >= 1 && self.level + o <= self.max {
            // The depth can neither come back to zero nor pass the limit in this block.
            self.level += o - c;
            return true;
        }
        // Bracket by bracket.
        let mut bits = block.opens | block.closes;
        while bits != 0 {
            let i = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            self.level += if (block.opens >> i) & 1 == 1 { 1 } else { -1 };
            if self.level > self.max || (self.level == 0 && base + i != self.last) {
                return false;
            }
        }
        true
    }
}

/// The token checks between blocks: the kinds of the open containers, and the bits the masks
/// of the block before carry into the next one (each kept as its last bit, shifted down).
#[derive(Default)]
struct Tokens {
    /// Bits set where a check failed.
    bad: u64,
    /// A closing bracket did not match its opening one.
    mismatched: u64,
    /// The kinds of the open containers, the innermost in bit 0 (1 for an object).
    stack: u64,
    /// All ones when the next block starts inside an object.
    object_carry: u64,
    number_fill: Fill,
    after_point_or_exp: Fill,
    after_exp_fill: Fill,
    key_add: Add,
    after_lbrace: NextToken,
    after_lbracket: NextToken,
    after_colon: NextToken,
    after_object_comma: NextToken,
    after_array_comma: NextToken,
    after_value: NextToken,
    after_key: NextToken,
    after_string_value: NextToken,
    ws_before: u64,
    atom_before: u64,
    digit_before: u64,
    point_before: u64,
    number_before: u64,
    exp_before: u64,
    sign_after_exp_before: u64,
    first_digit_zero_before: u64,
    leading_minus_before: u64,
    lbrace_before: u64,
    lbracket_before: u64,
    colon_before: u64,
    object_comma_before: u64,
    array_comma_before: u64,
    closes_before: u64,
    key_end_before: u64,
    string_value_end_before: u64,
}

impl Tokens {
    /// Every check passed.
    fn valid(&self) -> bool {
        self.bad == 0 && self.mismatched == 0
    }

    /// Matches the `brackets` of the block at `base` with the bit stack, in order; the bits
    /// where the innermost container changes kind.
    #[inline(always)]
    fn kinds(&mut self, text: &[u8], base: usize, mut brackets: u64) -> u64 {
        let mut changes = 0u64;
        let mut stack = self.stack;
        while brackets != 0 {
            let i = brackets.trailing_zeros();
            brackets &= brackets - 1;
            // `{` `[` have bit 1 set, `}` `]` not; `{` `}` have bit 5 set, `[` `]` not.
            let c = text[base + i as usize] as u64;
            let open = (c >> 1) & 1;
            let object = (c >> 5) & 1;
            let before = stack & 1;
            self.mismatched |= (open ^ 1) & (before ^ object);
            let pushed = (stack << 1) | object;
            let popped = stack >> 1;
            stack = popped ^ ((pushed ^ popped) & open.wrapping_neg());
            changes |= ((stack & 1) ^ before) << i;
        }
        self.stack = stack;
        changes
    }

    /// The numbers and literals of a block: `None` on a wrong literal; else where atoms start
    /// and the bytes just after them (the other faults go to `bad`).
    #[inline(always)]
    fn atoms(&mut self, text: &[u8], base: usize, m: &Masks) -> Option<(u64, u64)> {
        let mut bad = 0u64;
        // Atoms: literals one by one, numbers with masks.
        let atom = m.atom;
        let atom_before = shl(atom, self.atom_before);
        let atom_start = atom & !atom_before;
        let after_atom = !atom & atom_before;
        let number_start = atom_start & (m.digit | m.minus);
        let mut literals = atom_start & !number_start;
        while literals != 0 {
            if !literal(text, base + literals.trailing_zeros() as usize) {
                return None;
            }
            literals &= literals - 1;
        }
        let number = self.number_fill.fill(number_start, atom);
        let digit_before = shl(m.digit, self.digit_before);
        let exp = m.exp & number;
        let after_exp = shl(exp, self.exp_before);
        let point = m.dot & number;
        let after_point = shl(point, self.point_before);
        bad |= number & !(m.digit | m.minus | m.plus | m.dot | m.exp);
        bad |= m.minus & number & !(atom_start | after_exp);
        bad |= m.plus & number & !after_exp;
        bad |= (point | exp) & !digit_before;
        bad |= after_point & !m.digit;
        bad |= after_exp & !(m.digit | m.minus | m.plus);
        let sign_after_exp = after_exp & (m.minus | m.plus);
        bad |= shl(sign_after_exp, self.sign_after_exp_before) & !m.digit;
        let point_or_exp_before = after_point | after_exp;
        bad |= point
            & self
                .after_point_or_exp
                .fill(point_or_exp_before & atom, atom);
        bad |= exp & self.after_exp_fill.fill(after_exp & atom, atom);
        let leading_minus = number_start & m.minus;
        let after_minus = shl(leading_minus, self.leading_minus_before);
        bad |= after_minus & !m.digit;
        let first_digit_zero = ((number_start & m.digit) | after_minus) & m.zero;
        bad |= shl(first_digit_zero, self.first_digit_zero_before) & m.digit;
        bad |= after_atom & shl(number, self.number_before) & !digit_before;

        self.bad |= bad;
        self.atom_before = top(atom);
        self.point_before = top(point);
        self.number_before = top(number);
        self.exp_before = top(exp);
        self.sign_after_exp_before = top(sign_after_exp);
        self.first_digit_zero_before = top(first_digit_zero);
        self.leading_minus_before = top(leading_minus);
        Some((atom_start, after_atom))
    }

    /// Checks the numbers, literals and the order of tokens of the block at `base`;
    /// `SPACED` false only as [`NextToken::next`] allows. `false` on a wrong literal (the other
    /// faults are kept in `bad`).
    ///
    /// # Safety
    /// The CPU must have the target features `C` needs.
    #[inline(always)]
    unsafe fn block<C: Classify, const SPACED: bool>(
        &mut self,
        text: &[u8],
        base: usize,
        m: &Masks,
    ) -> bool {
        // SAFETY: our caller guarantees the features `C` needs.
        let in_object = unsafe { C::prefix_xor(m.kind_changes) } ^ self.object_carry;
        self.object_carry = ((in_object as i64) >> 63) as u64;
        // A block without atoms, after one that did not end in one, has no number to check
        // (and carries none on): most blocks of strings.
        let (atom_start, after_atom) = if m.atom == 0 && self.atom_before == 0 {
            (0, 0)
        } else {
            match self.atoms(text, base, m) {
                Some(ends) => ends,
                None => return false,
            }
        };
        self.digit_before = top(m.digit);

        // Token order.
        let ws = m.ws;
        let opening = m.opening;
        let closes = m.closes;
        let value_start = opening | atom_start | m.lbrace | m.lbracket;
        let object_comma = m.comma & in_object;
        let array_comma = m.comma & !in_object;
        let next_lbrace = self
            .after_lbrace
            .next::<SPACED>(shl(m.lbrace, self.lbrace_before), ws);
        // (A `}` after `[` or a `]` after `{` is a bracket mismatch, found by `kinds`.)
        let mut order = next_lbrace & !(opening | closes);
        order |= self
            .after_lbracket
            .next::<SPACED>(shl(m.lbracket, self.lbracket_before), ws)
            & !(value_start | closes);
        order |= self
            .after_colon
            .next::<SPACED>(shl(m.colon, self.colon_before), ws)
            & !value_start;
        order |= self
            .after_array_comma
            .next::<SPACED>(shl(array_comma, self.array_comma_before), ws)
            & !value_start;
        let next_object_comma = self
            .after_object_comma
            .next::<SPACED>(shl(object_comma, self.object_comma_before), ws);
        order |= next_object_comma & !opening;
        let value_end = after_atom | shl(closes, self.closes_before);
        order |= self.after_value.next::<SPACED>(value_end, ws) & !(m.comma | closes);
        // A key's string runs from its opening quote; adding that bit carries to its end.
        let keys = (next_lbrace | next_object_comma) & opening;
        let key_end = self.key_add.add(m.in_string, keys) & m.closing;
        order |= self
            .after_key
            .next::<SPACED>(shl(key_end, self.key_end_before), ws)
            & !m.colon;
        let string_value_end = m.closing & !key_end;
        order |= self
            .after_string_value
            .next::<SPACED>(shl(string_value_end, self.string_value_end_before), ws)
            & !(m.comma | closes);
        // Past the end of the text (the padding of the last block) nothing follows.
        self.bad |= order & m.valid;

        self.ws_before = top(ws);
        self.lbrace_before = top(m.lbrace);
        self.lbracket_before = top(m.lbracket);
        self.colon_before = top(m.colon);
        self.object_comma_before = top(object_comma);
        self.array_comma_before = top(array_comma);
        self.closes_before = top(closes);
        self.key_end_before = top(key_end);
        self.string_value_end_before = top(string_value_end);
        true
    }
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
    fn escapes_across_blocks_agree_with_the_parser() {
        // Every escape at every place around a block's end, so that a backslash ends a block and
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
            // White space after the root, across blocks: still compact.
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
            // After the root closes: brackets, a string, a depth below zero, blocks later.
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

    /// A compact text with one run of white space put before one of its bytes, and one byte
    /// mutated: blocks with white space between tokens and blocks without it, in one text, a
    /// run often ending at a block's end (the full pass checks the compact ones without
    /// looking for white space).
    fn spaced_once() -> impl Strategy<Value = String> {
        (
            json(),
            any::<prop::sample::Index>(),
            0usize..140,
            any::<prop::sample::Index>(),
            any::<u8>(),
        )
            .prop_map(|(text, at, run, mutate_at, byte)| {
                let mut t = text;
                let i = at.index(t.len());
                if t.is_char_boundary(i) {
                    let white: String = (0..run).map(|k| [' ', '\n', '\t', '\r'][k % 4]).collect();
                    t.insert_str(i, &white);
                }
                let j = mutate_at.index(t.len());
                let pick = b"{}[],:\"\\ 0-.e1tx"[byte as usize % 16];
                if byte % 3 == 0 && t.is_char_boundary(j) && t.is_char_boundary(j + 1) {
                    t.replace_range(j..j + 1, std::str::from_utf8(&[pick]).unwrap());
                }
                t
            })
    }

    #[test]
    fn white_space_ending_at_a_block_end_is_carried() {
        // A run of white space up to the end of a block, then each kind of token first in the
        // next one, compact from there on (a whole block: the last one is padded with white
        // space), valid and not.
        for (head, tail) in [
            ("{\"a\":[1,", "2]}"),
            ("{\"a\":", "1}"),
            ("{\"a\"", ":1}"),
            ("{\"a\":1", ",\"b\":2}"),
            ("{\"a\":1", "}"),
            ("{\"a\":[", "]}"),
            ("{", "\"a\":true}"),
            ("{\"a\":1", "\"b\":2}"),
            ("{\"a\":1,", "}"),
            ("{\"a\":[1", "2]}"),
            ("{\"a\":1.", "5}"),
            ("{\"a\":\"x\"", ":1}"),
        ] {
            for pad in 50..80 {
                let tail = tail.strip_suffix('}').unwrap();
                let text = format!(
                    "{head}{}{tail},\"z\":\"{}\"}}",
                    " ".repeat(pad),
                    "x".repeat(80)
                );
                let parsed = Event::parse(&text).is_ok();
                assert_eq!(accepts(&text), parsed, "{text:?}");
                assert_eq!(portable(&text, 1100), parsed, "{text:?}");
            }
        }
    }

    #[test]
    fn atoms_ending_at_a_block_end_are_checked_in_the_next() {
        // An atom, valid or not, ending around a block's end, then a block of strings only
        // (which the full pass checks without the number masks, but for what it carries).
        for atom in [
            "1", "1.", "1.5", "1e", "1e+", "-", "-0", "01", "0.0e-1", "tru", "true", "nul", "1x",
        ] {
            for pad in 40..70 {
                let text = format!(
                    "{{\"p\":\"{}\",\"a\":{atom},\"s\":\"{}\",\"t\":[\"{}\"]}}",
                    "x".repeat(pad),
                    "y".repeat(70),
                    "z".repeat(70)
                );
                let parsed = Event::parse(&text).is_ok();
                assert_eq!(accepts(&text), parsed, "{text:?}");
                assert_eq!(portable(&text, 1100), parsed, "{text:?}");
            }
        }
    }

    #[test]
    fn many_brackets_in_one_block_are_matched() {
        // More brackets in a block than the scanner takes at once, of both kinds, matched and
        // not.
        for inner in [
            "[[[[[[]]]]]]",
            "[{\"a\":[{}]}]",
            "[[[[[[]]]]]}",
            "[{\"a\":[{]}]}",
        ] {
            for pad in 0..70 {
                let text = format!("{{\"p\":\"{}\",\"a\":{inner},\"b\":1}}", "x".repeat(pad));
                let parsed = Event::parse(&text).is_ok();
                assert_eq!(accepts(&text), parsed, "{text:?}");
                assert_eq!(portable(&text, 1100), parsed, "{text:?}");
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn white_space_in_some_blocks_agrees_with_the_parser(text in spaced_once()) {
            let parsed = Event::parse(&text).is_ok();
            prop_assert_eq!(accepts(&text), parsed, "{:?}", text);
            prop_assert_eq!(portable(&text, 1100), parsed, "{:?}", text);
        }

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
