//! Byte classes of a 64-byte block as bit masks (bit `i` stands for byte `i`): the first stage of
//! the rule set's event scanner. SIMD on x86-64 (AVX-512BW or AVX2, chosen at run time) and on
//! WebAssembly built with `simd128`, a plain loop elsewhere; every version gives the same masks.

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

/// A way to classify blocks.
pub(crate) trait Classify {
    fn classify(block: &[u8; 64]) -> Classes;

    /// The classes of the last, partial block (`rest` holds fewer than 64 bytes), padded with
    /// spaces.
    #[inline(always)]
    fn classify_tail(rest: &[u8]) -> Classes {
        let mut tail = [b' '; 64];
        tail[..rest.len()].copy_from_slice(rest);
        Self::classify(&tail)
    }

    /// Bit `i` is the XOR of bits `0..=i` of `x` (inside strings, from the quotes).
    #[inline(always)]
    fn prefix_xor(mut x: u64) -> u64 {
        x ^= x << 1;
        x ^= x << 2;
        x ^= x << 4;
        x ^= x << 8;
        x ^= x << 16;
        x ^= x << 32;
        x
    }
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

/// Byte by byte, on any target.
pub(crate) struct Portable;

impl Classify for Portable {
    #[inline(always)]
    fn classify(block: &[u8; 64]) -> Classes {
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

/// AVX-512BW: one compare per class gives the mask directly.
#[cfg(target_arch = "x86_64")]
pub(crate) struct Avx512;

#[cfg(target_arch = "x86_64")]
impl Classify for Avx512 {
    #[inline(always)]
    fn classify(block: &[u8; 64]) -> Classes {
        use std::arch::x86_64::*;
        // SAFETY: callers run this only inside functions compiled with (and selected after
        // detecting) `avx512f` and `avx512bw`; the load reads exactly the 64 bytes of `block`.
        unsafe { avx512_classes(_mm512_loadu_si512(block.as_ptr().cast())) }
    }

    /// A masked load pads the block with spaces: copying it to a buffer and reading that back
    /// whole would stall on the stores (the CPU forwards no set of small stores to one wide load).
    #[inline(always)]
    fn classify_tail(rest: &[u8]) -> Classes {
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
    fn prefix_xor(x: u64) -> u64 {
        // SAFETY: as for `classify`; the scanner is compiled with `pclmulqdq` too.
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

/// For each byte, the white space character whose low four bits equal its own (zero where
/// there is none; `vpshufb` also gives zero for bytes of 0x80 and up): a byte is white space
/// exactly when it equals its entry.
///
/// # Safety
/// The CPU must have `avx512bw`.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn white_space_table() -> std::arch::x86_64::__m512i {
    use std::arch::x86_64::*;
    const LANE: [u8; 16] = [
        b' ', 0, 0, 0, 0, 0, 0, 0, 0, b'\t', b'\n', 0, 0, b'\r', 0, 0,
    ];
    _mm512_broadcast_i32x4(_mm_loadu_si128(LANE.as_ptr().cast()))
}

/// AVX2: two 32-byte halves, compared and gathered with `movemask`.
#[cfg(target_arch = "x86_64")]
pub(crate) struct Avx2;

#[cfg(target_arch = "x86_64")]
impl Classify for Avx2 {
    #[inline(always)]
    fn classify(block: &[u8; 64]) -> Classes {
        use std::arch::x86_64::*;
        // SAFETY: callers run this only inside functions compiled with (and selected after
        // detecting) `avx2`; the loads read the two halves of `block`.
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
    fn prefix_xor(x: u64) -> u64 {
        // SAFETY: as for `classify`; the scanner is compiled with `pclmulqdq` too.
        unsafe { clmul_prefix_xor(x) }
    }
}

/// WebAssembly SIMD: four 16-byte quarters, compared and gathered with `bitmask`.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub(crate) struct Simd128;

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
impl Classify for Simd128 {
    #[inline(always)]
    fn classify(block: &[u8; 64]) -> Classes {
        use core::arch::wasm32::*;
        // SAFETY: the four loads read exactly the 64 bytes of `block`.
        let (a, b, c, d) = unsafe {
            let p = block.as_ptr();
            (
                v128_load(p.cast()),
                v128_load(p.add(16).cast()),
                v128_load(p.add(32).cast()),
                v128_load(p.add(48).cast()),
            )
        };
        macro_rules! gather {
            (|$x:ident| $e:expr) => {{
                let f = |$x: v128| u8x16_bitmask($e) as u64;
                f(a) | f(b) << 16 | f(c) << 32 | f(d) << 48
            }};
        }
        macro_rules! eq {
            ($ch:expr) => {
                gather!(|x| u8x16_eq(x, u8x16_splat($ch)))
            };
        }
        // Setting bit 5 folds `E` to `e`, `[` to `{` and `]` to `}`.
        macro_rules! folded_eq {
            ($ch:expr) => {
                gather!(|x| u8x16_eq(v128_or(x, u8x16_splat(0x20)), u8x16_splat($ch)))
            };
        }
        // The white space character whose low four bits are those of the byte (see
        // `white_space_table`).
        let white = u8x16(
            b' ', 0, 0, 0, 0, 0, 0, 0, 0, b'\t', b'\n', 0, 0, b'\r', 0, 0,
        );
        Classes {
            quote: eq!(b'"'),
            bslash: eq!(b'\\'),
            ctrl: gather!(|x| u8x16_lt(x, u8x16_splat(0x20))),
            ws: gather!(|x| u8x16_eq(u8x16_swizzle(white, v128_and(x, u8x16_splat(0x0f))), x)),
            opens: folded_eq!(b'{'),
            closes: folded_eq!(b'}'),
            lbrace: eq!(b'{'),
            comma: eq!(b','),
            colon: eq!(b':'),
            digit: gather!(|x| u8x16_lt(u8x16_sub(x, u8x16_splat(b'0')), u8x16_splat(10))),
            zero: eq!(b'0'),
            minus: eq!(b'-'),
            plus: eq!(b'+'),
            dot: eq!(b'.'),
            exp: folded_eq!(b'e'),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    #[cfg(target_arch = "x86_64")]
    fn simd_classes_equal_the_portable_ones() {
        for block in blocks() {
            let want = Portable::classify(&block);
            if std::is_x86_feature_detected!("avx2") {
                // SAFETY: the feature was detected just above.
                let got = unsafe { avx2(&block) };
                assert_eq!(got, want);
            }
            if std::is_x86_feature_detected!("avx512bw") {
                // SAFETY: the feature was detected just above.
                let got = unsafe { avx512(&block) };
                assert_eq!(got, want);
            }
        }
    }

    #[test]
    #[cfg(target_arch = "x86_64")]
    fn masked_tails_equal_padded_ones() {
        if !std::is_x86_feature_detected!("avx512bw") {
            return;
        }
        for block in blocks() {
            for len in 0..64 {
                let rest = &block[..len];
                let mut padded = [b' '; 64];
                padded[..len].copy_from_slice(rest);
                // SAFETY: the feature was detected above.
                let got = unsafe { avx512_tail(rest) };
                assert_eq!(got, Portable::classify(&padded), "{len}");
            }
        }
    }

    #[test]
    #[cfg(target_arch = "x86_64")]
    fn carry_less_prefix_xor_equals_the_shifts() {
        if !std::is_x86_feature_detected!("pclmulqdq") {
            return;
        }
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..1000 {
            x = x.rotate_left(7).wrapping_mul(0x2545_f491_4f6c_dd1d);
            // SAFETY: the feature was detected above.
            assert_eq!(unsafe { clmul(x) }, Portable::prefix_xor(x), "{x:#x}");
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
        let c = Portable::classify(&block);
        assert_eq!(c.lbrace, 1);
        assert_eq!(c.quote, 0b1010);
        assert_eq!(c.minus, 1 << 5);
        assert_eq!(c.digit, 1 << 6);
        assert_eq!(c.ws, !0xff);
    }
}
