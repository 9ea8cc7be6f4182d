//! Byte classes of a 64-byte block as bit masks (bit `i` stands for byte `i`): the first stage of
//! the rule set's event scanner. SIMD on x86-64 (AVX-512BW or AVX2, chosen at run time), on
//! aarch64 (NEON, always there) and on WebAssembly built with `simd128`, a plain loop elsewhere;
//! every version gives the same masks.

/// One mask per byte class the scanner needs.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Classes {
    pub quote: u64,
    pub bslash: u64,
    /// Bytes below 0x20 (white space included).
    pub ctrl: u64,
    /// JSON white space: space, tab, line feed, carriage return.
    pub ws: u64,
    /// `{` or `[`.
    pub opens: u64,
    /// `}` or `]`.
    pub closes: u64,
    pub lbrace: u64,
    pub comma: u64,
    pub colon: u64,
    pub digit: u64,
    pub zero: u64,
    pub minus: u64,
    pub plus: u64,
    pub dot: u64,
    /// `e` or `E`.
    pub exp: u64,
}

/// A way to classify blocks, with the instructions of some target features.
///
/// Its functions are `unsafe` because an implementation may run instructions the CPU lacks:
/// each implementation says which features it needs, and only code that checked them (or is
/// built for a target that always has them) may call it. [`Portable`] needs none, and
/// [`Portable::classes`] is safe to call.
pub(crate) trait Classify {
    /// The classes of a block.
    ///
    /// # Safety
    /// The CPU must have the target features the implementation names.
    unsafe fn classify(block: &[u8; 64]) -> Classes;

    /// The classes of the last, partial block (`rest` holds fewer than 64 bytes), padded with
    /// spaces.
    ///
    /// # Safety
    /// As for [`Classify::classify`].
    #[inline(always)]
    unsafe fn classify_tail(rest: &[u8]) -> Classes {
        let mut tail = [b' '; 64];
        tail[..rest.len()].copy_from_slice(rest);
        // SAFETY: our caller guarantees the features `classify` needs.
        unsafe { Self::classify(&tail) }
    }

    /// Bit `i` is the XOR of bits `0..=i` of `x` (inside strings, from the quotes).
    ///
    /// # Safety
    /// As for [`Classify::classify`].
    #[inline(always)]
    unsafe fn prefix_xor(x: u64) -> u64 {
        shifted_prefix_xor(x)
    }
}

/// [`Classify::prefix_xor`] by shifts, on any target.
#[inline(always)]
fn shifted_prefix_xor(mut x: u64) -> u64 {
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    x
}

/// A carry-less multiplication by all ones: [`Classify::prefix_xor`] in one instruction.
///
/// # Safety
/// The CPU must have `pclmulqdq` (callers are compiled with it, after detecting it).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn clmul_prefix_xor(x: u64) -> u64 {
    use std::arch::x86_64::*;
    let product = _mm_clmulepi64_si128(_mm_set_epi64x(0, x as i64), _mm_set1_epi8(-1), 0);
    _mm_cvtsi128_si64(product) as u64
}

/// The classifier every CPU of the target runs: NEON on aarch64, SIMD128 on WebAssembly built
/// with it, else [`Portable`].
#[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
pub(crate) type Baseline = Neon;
/// The classifier every CPU of the target runs.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub(crate) type Baseline = Simd128;
/// The classifier every CPU of the target runs.
#[cfg(not(any(
    all(target_arch = "aarch64", target_feature = "neon"),
    all(target_arch = "wasm32", target_feature = "simd128")
)))]
pub(crate) type Baseline = Portable;

/// The classifier the scanner runs, by what the CPU has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Classifier {
    /// [`Avx512`], with `pclmulqdq`, `popcnt`, `bmi1` and `lzcnt`.
    #[cfg(target_arch = "x86_64")]
    Avx512,
    /// [`Avx2`], with the same bit instructions.
    #[cfg(target_arch = "x86_64")]
    Avx2,
    /// [`Baseline`].
    Baseline,
}

impl Classifier {
    /// The best classifier this CPU runs: every feature the scanner for it is compiled with
    /// is there. On x86-64 the features are detected at run time (the standard library caches
    /// the answers); elsewhere the target fixes them.
    #[inline(always)]
    pub(crate) fn best() -> Self {
        #[cfg(target_arch = "x86_64")]
        {
            use std::is_x86_feature_detected as has;
            let bits = has!("pclmulqdq") && has!("popcnt") && has!("bmi1") && has!("lzcnt");
            if bits && has!("avx512f") && has!("avx512bw") {
                return Self::Avx512;
            }
            if bits && has!("avx2") {
                return Self::Avx2;
            }
        }
        Self::Baseline
    }
}

/// Byte by byte, on any target (built where it is the [`Baseline`], and for tests).
#[cfg(any(
    test,
    not(any(
        all(target_arch = "aarch64", target_feature = "neon"),
        all(target_arch = "wasm32", target_feature = "simd128")
    ))
))]
pub(crate) struct Portable;

#[cfg(any(
    test,
    not(any(
        all(target_arch = "aarch64", target_feature = "neon"),
        all(target_arch = "wasm32", target_feature = "simd128")
    ))
))]
impl Portable {
    /// [`Classify::classify`], safe to call: it needs no target feature.
    #[inline(always)]
    pub(crate) fn classes(block: &[u8; 64]) -> Classes {
        let mut c = Classes::default();
        for (i, &b) in block.iter().enumerate() {
            let bit = 1u64 << i;
            let slot = match b {
                b'"' => &mut c.quote,
                b'\\' => &mut c.bslash,
                b' ' => &mut c.ws,
                b'\t' | b'\n' | b'\r' => {
                    c.ctrl |= bit;
                    &mut c.ws
                }
                0..=0x1f => &mut c.ctrl,
                b'{' => {
                    c.lbrace |= bit;
                    &mut c.opens
                }
                b'[' => &mut c.opens,
                b'}' | b']' => &mut c.closes,
                b',' => &mut c.comma,
                b':' => &mut c.colon,
                b'0' => {
                    c.zero |= bit;
                    &mut c.digit
                }
                b'1'..=b'9' => &mut c.digit,
                b'-' => &mut c.minus,
                b'+' => &mut c.plus,
                b'.' => &mut c.dot,
                b'e' | b'E' => &mut c.exp,
                _ => continue,
            };
            *slot |= bit;
        }
        c
    }
}

/// Needs no target feature.
#[cfg(any(
    test,
    not(any(
        all(target_arch = "aarch64", target_feature = "neon"),
        all(target_arch = "wasm32", target_feature = "simd128")
    ))
))]
impl Classify for Portable {
    #[inline(always)]
    unsafe fn classify(block: &[u8; 64]) -> Classes {
        Self::classes(block)
    }
}

/// AVX-512BW: one compare per class gives the mask directly. Needs `avx512f`, `avx512bw` and
/// `pclmulqdq`.
#[cfg(target_arch = "x86_64")]
pub(crate) struct Avx512;

#[cfg(target_arch = "x86_64")]
impl Classify for Avx512 {
    #[inline(always)]
    unsafe fn classify(block: &[u8; 64]) -> Classes {
        use std::arch::x86_64::*;
        // SAFETY: our caller guarantees `avx512f` and `avx512bw`; the load reads exactly the
        // 64 bytes of `block`.
        unsafe { avx512_classes(_mm512_loadu_si512(block.as_ptr().cast())) }
    }

    /// A masked load pads the word with spaces: copying it to a buffer and reading that back
    /// whole would stall on the stores (the CPU forwards no set of small stores to one wide load).
    #[inline(always)]
    unsafe fn classify_tail(rest: &[u8]) -> Classes {
        use std::arch::x86_64::*;
        debug_assert!(rest.len() < 64);
        // SAFETY: as for `classify`; the load reads only the bytes of `rest` (the others are
        // masked off, and come from the spaces of the first operand).
        unsafe {
            avx512_classes(_mm512_mask_loadu_epi8(
                _mm512_set1_epi8(b' ' as i8),
                (1u64 << rest.len()) - 1,
                rest.as_ptr().cast(),
            ))
        }
    }

    #[inline(always)]
    unsafe fn prefix_xor(x: u64) -> u64 {
        // SAFETY: our caller guarantees `pclmulqdq`.
        unsafe { clmul_prefix_xor(x) }
    }
}

/// The classes of 64 bytes in a vector.
///
/// # Safety
/// The CPU must have `avx512f` and `avx512bw`.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn avx512_classes(v: std::arch::x86_64::__m512i) -> Classes {
    use std::arch::x86_64::*;
    let eq = |c: u8| _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(c as i8));
    let below = |x: __m512i, n: u8| _mm512_cmplt_epu8_mask(x, _mm512_set1_epi8(n as i8));
    let digit = below(_mm512_sub_epi8(v, _mm512_set1_epi8(b'0' as i8)), 10);
    // Setting bit 5 folds `E` to `e`, `[` to `{` and `]` to `}`.
    let folded = _mm512_or_si512(v, _mm512_set1_epi8(0x20));
    let folded_eq = |c: u8| _mm512_cmpeq_epi8_mask(folded, _mm512_set1_epi8(c as i8));
    Classes {
        quote: eq(b'"'),
        bslash: eq(b'\\'),
        ctrl: below(v, 0x20),
        ws: _mm512_cmpeq_epi8_mask(_mm512_shuffle_epi8(white_space_table(), v), v),
        opens: folded_eq(b'{'),
        closes: folded_eq(b'}'),
        lbrace: eq(b'{'),
        comma: eq(b','),
        colon: eq(b':'),
        digit,
        zero: eq(b'0'),
        minus: eq(b'-'),
        plus: eq(b'+'),
        dot: eq(b'.'),
        exp: folded_eq(b'e'),
    }
}

/// For each value of a byte's low four bits, the white space character that has them (zero
/// where there is none): a byte is white space exactly when it equals the entry of its low
/// four bits.
#[cfg(any(
    target_arch = "x86_64",
    all(target_arch = "aarch64", target_feature = "neon"),
    all(target_arch = "wasm32", target_feature = "simd128")
))]
const WHITE_SPACE_BY_LOW_BITS: [u8; 16] = [
    b' ', 0, 0, 0, 0, 0, 0, 0, 0, b'\t', b'\n', 0, 0, b'\r', 0, 0,
];

/// [`WHITE_SPACE_BY_LOW_BITS`] in each lane (`vpshufb` gives zero for bytes of 0x80 and up,
/// which are no white space either).
///
/// # Safety
/// The CPU must have `avx512f`.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn white_space_table() -> std::arch::x86_64::__m512i {
    use std::arch::x86_64::*;
    _mm512_broadcast_i32x4(_mm_loadu_si128(WHITE_SPACE_BY_LOW_BITS.as_ptr().cast()))
}

/// AVX2: two 32-byte halves, compared and gathered with `movemask`. Needs `avx2` and
/// `pclmulqdq`.
#[cfg(target_arch = "x86_64")]
pub(crate) struct Avx2;

#[cfg(target_arch = "x86_64")]
impl Classify for Avx2 {
    #[inline(always)]
    unsafe fn classify(block: &[u8; 64]) -> Classes {
        use std::arch::x86_64::*;
        // SAFETY: our caller guarantees `avx2`; the loads read the two halves of `block`.
        unsafe {
            let lo = _mm256_loadu_si256(block.as_ptr().cast());
            let hi = _mm256_loadu_si256(block.as_ptr().add(32).cast());
            let gather = |a: __m256i, b: __m256i| {
                (_mm256_movemask_epi8(a) as u32 as u64)
                    | ((_mm256_movemask_epi8(b) as u32 as u64) << 32)
            };
            let eq_in = |a: __m256i, b: __m256i, c: u8| {
                let s = _mm256_set1_epi8(c as i8);
                gather(_mm256_cmpeq_epi8(a, s), _mm256_cmpeq_epi8(b, s))
            };
            let eq = |c: u8| eq_in(lo, hi, c);
            // Unsigned x < n exactly when min(x, n - 1) == x.
            let below = |a: __m256i, b: __m256i, n: u8| {
                let s = _mm256_set1_epi8((n - 1) as i8);
                gather(
                    _mm256_cmpeq_epi8(_mm256_min_epu8(a, s), a),
                    _mm256_cmpeq_epi8(_mm256_min_epu8(b, s), b),
                )
            };
            let zero = _mm256_set1_epi8(b'0' as i8);
            let x20 = _mm256_set1_epi8(0x20);
            Classes {
                quote: eq(b'"'),
                bslash: eq(b'\\'),
                ctrl: below(lo, hi, 0x20),
                ws: eq(b' ') | eq(b'\n') | eq(b'\t') | eq(b'\r'),
                opens: eq(b'{') | eq(b'['),
                closes: eq(b'}') | eq(b']'),
                lbrace: eq(b'{'),
                comma: eq(b','),
                colon: eq(b':'),
                digit: below(_mm256_sub_epi8(lo, zero), _mm256_sub_epi8(hi, zero), 10),
                zero: eq(b'0'),
                minus: eq(b'-'),
                plus: eq(b'+'),
                dot: eq(b'.'),
                exp: eq_in(_mm256_or_si256(lo, x20), _mm256_or_si256(hi, x20), b'e'),
            }
        }
    }

    #[inline(always)]
    unsafe fn prefix_xor(x: u64) -> u64 {
        // SAFETY: our caller guarantees `pclmulqdq`.
        unsafe { clmul_prefix_xor(x) }
    }
}

/// Byte-wise operations on 16-byte vectors, for the classifiers that compute each class on
/// the four quarters of a block and gather the results into a mask (NEON, SIMD128): they share
/// [`quarter_classes`]. Implemented only where the target has the instructions, so safe.
#[cfg(any(
    all(target_arch = "aarch64", target_feature = "neon"),
    all(target_arch = "wasm32", target_feature = "simd128")
))]
trait Lanes: Copy {
    /// Sixteen bytes.
    fn from_bytes(bytes: &[u8; 16]) -> Self;
    /// Every byte `b`.
    fn splat(b: u8) -> Self;
    /// All ones where the bytes are equal, else zero.
    fn eq(self, other: Self) -> Self;
    /// All ones where the byte is below `other`'s (unsigned), else zero.
    fn lt(self, other: Self) -> Self;
    fn or(self, other: Self) -> Self;
    fn and(self, other: Self) -> Self;
    /// Byte by byte, wrapping.
    fn sub(self, other: Self) -> Self;
    /// The bytes of `self` at the places `index` holds (each below 16).
    fn lookup(self, index: Self) -> Self;
    /// One bit per byte of the block, in its order, from the four quarters' comparison
    /// results.
    fn gather(quarters: [Self; 4]) -> u64;
}

/// The classes of a block from its four quarters.
#[cfg(any(
    all(target_arch = "aarch64", target_feature = "neon"),
    all(target_arch = "wasm32", target_feature = "simd128")
))]
#[inline(always)]
fn quarter_classes<V: Lanes>(quarters: [V; 4]) -> Classes {
    #[inline(always)]
    fn each<V: Lanes>(quarters: [V; 4], f: impl Fn(V) -> V) -> u64 {
        V::gather(quarters.map(f))
    }
    let eq = |c: u8| each(quarters, |x| x.eq(V::splat(c)));
    // Setting bit 5 folds `E` to `e`, `[` to `{` and `]` to `}`.
    let folded_eq = |c: u8| each(quarters, |x| x.or(V::splat(0x20)).eq(V::splat(c)));
    let white = V::from_bytes(&WHITE_SPACE_BY_LOW_BITS);
    Classes {
        quote: eq(b'"'),
        bslash: eq(b'\\'),
        ctrl: each(quarters, |x| x.lt(V::splat(0x20))),
        ws: each(quarters, |x| white.lookup(x.and(V::splat(0x0f))).eq(x)),
        opens: folded_eq(b'{'),
        closes: folded_eq(b'}'),
        lbrace: eq(b'{'),
        comma: eq(b','),
        colon: eq(b':'),
        digit: each(quarters, |x| x.sub(V::splat(b'0')).lt(V::splat(10))),
        zero: eq(b'0'),
        minus: eq(b'-'),
        plus: eq(b'+'),
        dot: eq(b'.'),
        exp: folded_eq(b'e'),
    }
}

/// WebAssembly SIMD: four 16-byte quarters, compared and gathered with `bitmask`. Needs
/// `simd128`, which the target is built with.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub(crate) struct Simd128;

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
impl Classify for Simd128 {
    #[inline(always)]
    unsafe fn classify(block: &[u8; 64]) -> Classes {
        use core::arch::wasm32::*;
        let p = block.as_ptr();
        // SAFETY: the four loads read exactly the 64 bytes of `block`.
        let quarters = unsafe {
            [
                v128_load(p.cast()),
                v128_load(p.add(16).cast()),
                v128_load(p.add(32).cast()),
                v128_load(p.add(48).cast()),
            ]
        };
        quarter_classes(quarters)
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
impl Lanes for core::arch::wasm32::v128 {
    #[inline(always)]
    fn from_bytes(bytes: &[u8; 16]) -> Self {
        // SAFETY: the load reads exactly the 16 bytes of `bytes`.
        unsafe { core::arch::wasm32::v128_load(bytes.as_ptr().cast()) }
    }
    #[inline(always)]
    fn splat(b: u8) -> Self {
        core::arch::wasm32::u8x16_splat(b)
    }
    #[inline(always)]
    fn eq(self, other: Self) -> Self {
        core::arch::wasm32::u8x16_eq(self, other)
    }
    #[inline(always)]
    fn lt(self, other: Self) -> Self {
        core::arch::wasm32::u8x16_lt(self, other)
    }
    #[inline(always)]
    fn or(self, other: Self) -> Self {
        core::arch::wasm32::v128_or(self, other)
    }
    #[inline(always)]
    fn and(self, other: Self) -> Self {
        core::arch::wasm32::v128_and(self, other)
    }
    #[inline(always)]
    fn sub(self, other: Self) -> Self {
        core::arch::wasm32::u8x16_sub(self, other)
    }
    #[inline(always)]
    fn lookup(self, index: Self) -> Self {
        core::arch::wasm32::u8x16_swizzle(self, index)
    }
    #[inline(always)]
    fn gather(q: [Self; 4]) -> u64 {
        let bits = |v| core::arch::wasm32::u8x16_bitmask(v) as u64;
        bits(q[0]) | bits(q[1]) << 16 | bits(q[2]) << 32 | bits(q[3]) << 48
    }
}

/// NEON: four 16-byte vectors, compared, then narrowed to bit masks (see [`neon_bits`]). Needs
/// `neon`, which aarch64 targets have; with `aes` in the target's features too, the prefix XOR
/// is one carry-less multiplication.
#[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
pub(crate) struct Neon;

#[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
impl Classify for Neon {
    #[inline(always)]
    unsafe fn classify(block: &[u8; 64]) -> Classes {
        use std::arch::aarch64::*;
        // SAFETY: the load reads exactly the 64 bytes of `block`. It de-interleaves them: lane
        // `i` of vector `q` holds byte `4 * i + q`, the order in which `neon_bits` gathers the
        // masks.
        let uint8x16x4_t(a, b, c, d) = unsafe { vld4q_u8(block.as_ptr()) };
        quarter_classes([a, b, c, d])
    }

    #[cfg(target_feature = "aes")]
    #[inline(always)]
    unsafe fn prefix_xor(x: u64) -> u64 {
        pmull_prefix_xor(x)
    }
}

#[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
impl Lanes for std::arch::aarch64::uint8x16_t {
    #[inline(always)]
    fn from_bytes(bytes: &[u8; 16]) -> Self {
        // SAFETY: the load reads exactly the 16 bytes of `bytes`.
        unsafe { std::arch::aarch64::vld1q_u8(bytes.as_ptr()) }
    }
    #[inline(always)]
    fn splat(b: u8) -> Self {
        // SAFETY: the target has `neon`.
        unsafe { std::arch::aarch64::vdupq_n_u8(b) }
    }
    #[inline(always)]
    fn eq(self, other: Self) -> Self {
        // SAFETY: the target has `neon`.
        unsafe { std::arch::aarch64::vceqq_u8(self, other) }
    }
    #[inline(always)]
    fn lt(self, other: Self) -> Self {
        // SAFETY: the target has `neon`.
        unsafe { std::arch::aarch64::vcltq_u8(self, other) }
    }
    #[inline(always)]
    fn or(self, other: Self) -> Self {
        // SAFETY: the target has `neon`.
        unsafe { std::arch::aarch64::vorrq_u8(self, other) }
    }
    #[inline(always)]
    fn and(self, other: Self) -> Self {
        // SAFETY: the target has `neon`.
        unsafe { std::arch::aarch64::vandq_u8(self, other) }
    }
    #[inline(always)]
    fn sub(self, other: Self) -> Self {
        // SAFETY: the target has `neon`.
        unsafe { std::arch::aarch64::vsubq_u8(self, other) }
    }
    #[inline(always)]
    fn lookup(self, index: Self) -> Self {
        // SAFETY: the target has `neon`.
        unsafe { std::arch::aarch64::vqtbl1q_u8(self, index) }
    }
    /// The quarters come from `vld4q_u8` (see [`Neon::classify`]).
    #[inline(always)]
    fn gather(q: [Self; 4]) -> u64 {
        neon_bits(q[0], q[1], q[2], q[3])
    }
}

/// One bit per byte, in byte order, from four vectors of comparison results (each byte all
/// ones or all zeros) over a block loaded with `vld4q_u8`.
///
/// NEON has no `movemask`. Of the known emulations this takes the shortest: where ANDing each
/// vector with bit weights and adding pairwise (simdjson's way) takes eight instructions for
/// 64 bytes, three shift-right-and-inserts (`sri`) fold the four vectors into the high nibble
/// of each byte, a fourth copies it to the low one, and a narrowing shift (`shrn`) packs the
/// nibbles of two neighbouring bytes into one: five. The nibbles come out in the byte order of
/// the block because it was loaded de-interleaved.
#[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
#[inline(always)]
fn neon_bits(
    a: std::arch::aarch64::uint8x16_t,
    b: std::arch::aarch64::uint8x16_t,
    c: std::arch::aarch64::uint8x16_t,
    d: std::arch::aarch64::uint8x16_t,
) -> u64 {
    use std::arch::aarch64::*;
    // SAFETY: the target has `neon`.
    unsafe {
        // Each byte: bit 7 from `b`, the others from `a`; likewise from `d` and `c`.
        let ab = vsriq_n_u8::<1>(b, a);
        let cd = vsriq_n_u8::<1>(d, c);
        // Bits 7 to 4 from `d`, `c`, `b`, `a`; then the same in the low nibble.
        let abcd = vsriq_n_u8::<2>(cd, ab);
        let nibbles = vsriq_n_u8::<4>(abcd, abcd);
        // Byte `i`: the high nibble of byte `2 * i` and the low nibble of byte `2 * i + 1`.
        let packed = vshrn_n_u16::<4>(vreinterpretq_u16_u8(nibbles));
        vget_lane_u64::<0>(vreinterpret_u64_u8(packed))
    }
}

/// A carry-less multiplication by all ones (`pmull`): [`Classify::prefix_xor`] in one
/// instruction. Safe to call where `aes` (which brings `pmull` on 64-bit lanes) is enabled;
/// elsewhere only after detecting it.
#[cfg(all(target_arch = "aarch64", any(test, target_feature = "aes")))]
#[target_feature(enable = "aes")]
#[inline]
fn pmull_prefix_xor(x: u64) -> u64 {
    std::arch::aarch64::vmull_p64(x, !0) as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn blocks() -> Vec<[u8; 64]> {
        let mut out = vec![[0u8; 64]; 4];
        for (i, b) in out.iter_mut().flat_map(|b| b.iter_mut()).enumerate() {
            *b = i as u8;
        }
        let text = br#"{"a": [1, -2.5e+3, true, null], "b\"": {"c": "\u00e9\t"}}          "#;
        let mut t = [b' '; 64];
        t.copy_from_slice(&text[..64]);
        out.push(t);
        out
    }

    /// The classes of `block` from every SIMD classifier this CPU runs, by name.
    fn simd_classes(block: &[u8; 64]) -> Vec<(&'static str, Classes)> {
        #[allow(unused_mut)] // Empty where no SIMD classifier is built.
        let mut out = Vec::new();
        #[cfg(target_arch = "x86_64")]
        {
            if std::is_x86_feature_detected!("avx2") {
                // SAFETY: the feature was detected just above.
                out.push(("avx2", unsafe { avx2(block) }));
            }
            if std::is_x86_feature_detected!("avx512f") && std::is_x86_feature_detected!("avx512bw")
            {
                // SAFETY: the features were detected just above.
                out.push(("avx512", unsafe { avx512(block) }));
            }
        }
        // SAFETY: the target has `neon`.
        #[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
        out.push(("neon", unsafe { Neon::classify(block) }));
        // SAFETY: the target has `simd128`.
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        out.push(("simd128", unsafe { Simd128::classify(block) }));
        out
    }

    /// The classes of the partial block `rest` from every SIMD classifier with a tail of its
    /// own that this CPU runs.
    fn simd_tail_classes(rest: &[u8]) -> Vec<(&'static str, Classes)> {
        #[allow(unused_mut)] // Empty where no such classifier is built.
        let mut out = Vec::new();
        #[cfg(target_arch = "x86_64")]
        if std::is_x86_feature_detected!("avx512f") && std::is_x86_feature_detected!("avx512bw") {
            // SAFETY: the features were detected just above.
            out.push(("avx512", unsafe { avx512_tail(rest) }));
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = rest;
        out
    }

    /// The prefix XOR of every carry-less multiplication this CPU runs, by name.
    fn carry_less_prefix_xors(x: u64) -> Vec<(&'static str, u64)> {
        #[allow(unused_mut)] // Empty where none is built.
        let mut out = Vec::new();
        #[cfg(target_arch = "x86_64")]
        if std::is_x86_feature_detected!("pclmulqdq") {
            // SAFETY: the feature was detected just above.
            out.push(("pclmulqdq", unsafe { clmul(x) }));
        }
        #[cfg(target_arch = "aarch64")]
        if std::arch::is_aarch64_feature_detected!("aes") {
            // SAFETY: the feature was detected just above.
            out.push(("pmull", unsafe { pmull_prefix_xor(x) }));
        }
        #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
        let _ = x;
        out
    }

    #[test]
    fn simd_classes_equal_the_portable_ones() {
        for block in blocks() {
            let want = Portable::classes(&block);
            for (name, got) in simd_classes(&block) {
                assert_eq!(got, want, "{name}");
            }
        }
    }

    #[test]
    fn masked_tails_equal_padded_ones() {
        for block in blocks() {
            for len in 0..64 {
                let rest = &block[..len];
                let mut padded = [b' '; 64];
                padded[..len].copy_from_slice(rest);
                for (name, got) in simd_tail_classes(rest) {
                    assert_eq!(got, Portable::classes(&padded), "{name} {len}");
                }
            }
        }
    }

    #[test]
    fn carry_less_prefix_xor_equals_the_shifts() {
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..1000 {
            x = x.rotate_left(7).wrapping_mul(0x2545_f491_4f6c_dd1d);
            for (name, got) in carry_less_prefix_xors(x) {
                assert_eq!(got, shifted_prefix_xor(x), "{name} {x:#x}");
            }
        }
    }

    /// 64 bytes of any value, half of them drawn from the bytes JSON gives a meaning to (or
    /// that sit next to them in the table), which would otherwise be rare.
    fn any_block() -> impl Strategy<Value = Vec<u8>> {
        let byte = prop_oneof![
            any::<u8>(),
            prop::sample::select(
                b"\"\\ \t\n\r{}[],:0123456789-+.eE/@`|~\x0b\x0c\x1f\x7f\x80\xa0".to_vec()
            ),
        ];
        prop::collection::vec(byte, 64)
    }

    proptest! {
        #[test]
        fn classes_of_any_bytes_equal_the_portable_ones(block in any_block(), len in 0usize..64) {
            let whole: [u8; 64] = block.try_into().expect("64 bytes");
            let want = Portable::classes(&whole);
            for (name, got) in simd_classes(&whole) {
                prop_assert_eq!(got, want, "{}", name);
            }
            let mut padded = [b' '; 64];
            padded[..len].copy_from_slice(&whole[..len]);
            for (name, got) in simd_tail_classes(&whole[..len]) {
                prop_assert_eq!(got, Portable::classes(&padded), "{} {}", name, len);
            }
        }

        #[test]
        fn carry_less_prefix_xor_of_any_mask_equals_the_shifts(x in any::<u64>()) {
            for (name, got) in carry_less_prefix_xors(x) {
                prop_assert_eq!(got, shifted_prefix_xor(x), "{}", name);
            }
        }
    }

    /// The classifier the scanner runs is the one for the target's SIMD, where it has one.
    #[test]
    fn the_scanner_runs_the_simd_classifier() {
        let best = Classifier::best();
        // Where the target fixes the SIMD, the scanner runs it.
        #[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
        let fixed = Some(std::any::type_name::<Neon>());
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        let fixed = Some(std::any::type_name::<Simd128>());
        #[cfg(not(any(
            all(target_arch = "aarch64", target_feature = "neon"),
            all(target_arch = "wasm32", target_feature = "simd128")
        )))]
        let fixed: Option<&str> = None;
        if let Some(simd) = fixed {
            assert_eq!(best, Classifier::Baseline);
            assert_eq!(std::any::type_name::<Baseline>(), simd);
        }
        // An aarch64 target without NEON would scan with the portable loop: none is supported.
        assert!(cfg!(not(target_arch = "aarch64")) || fixed.is_some());
        #[cfg(target_arch = "x86_64")]
        {
            use std::is_x86_feature_detected as has;
            // Every feature the chosen scanner is compiled for is there.
            let bits = has!("pclmulqdq") && has!("popcnt") && has!("bmi1") && has!("lzcnt");
            match best {
                Classifier::Avx512 => assert!(bits && has!("avx512f") && has!("avx512bw")),
                Classifier::Avx2 => assert!(bits && has!("avx2")),
                Classifier::Baseline => {
                    assert!(!bits || !has!("avx2"));
                    assert_eq!(
                        std::any::type_name::<Baseline>(),
                        std::any::type_name::<Portable>()
                    );
                }
            }
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "pclmulqdq")]
    unsafe fn clmul(x: u64) -> u64 {
        clmul_prefix_xor(x)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn avx2(block: &[u8; 64]) -> Classes {
        Avx2::classify(block)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512bw")]
    unsafe fn avx512(block: &[u8; 64]) -> Classes {
        Avx512::classify(block)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512bw")]
    unsafe fn avx512_tail(rest: &[u8]) -> Classes {
        Avx512::classify_tail(rest)
    }

    #[test]
    fn portable_classes() {
        let mut block = [b' '; 64];
        block[..8].copy_from_slice(b"{\"x\":-1}");
        let c = Portable::classes(&block);
        assert_eq!(c.lbrace, 1);
        assert_eq!(c.quote, 0b1010);
        assert_eq!(c.minus, 1 << 5);
        assert_eq!(c.digit, 1 << 6);
        assert_eq!(c.ws, !0xff);
    }
}
