//! Where the bytes that matter to [`Splitter`](super::Splitter) are in a block of 64: one bit
//! per byte, found 16 bytes at a time with SSE2 on x86-64 (part of its baseline) and byte by
//! byte elsewhere.

/// The bytes looked at together.
pub const BLOCK: usize = 64;

/// One bit per byte of a block: bit `k` for byte `k`.
#[derive(Default)]
pub struct Masks {
    /// `"`.
    pub quote: u64,
    /// `\`.
    pub backslash: u64,
    /// A line break.
    pub newline: u64,
    /// `{` or `[`.
    pub open: u64,
    /// `}` or `]`.
    pub close: u64,
}

impl Masks {
    /// The masks of `block`.
    #[cfg(target_arch = "x86_64")]
    pub fn of(block: &[u8; BLOCK]) -> Masks {
        use std::arch::x86_64::{
            __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128,
            _mm_set1_epi8,
        };
        // `{` and `[` (0x7B, 0x5B) are the bytes that are `{` once bit 5 is set; likewise `}` and
        // `]`.
        let needles = [b'"', b'\\', b'\n', b'{', b'}'].map(|c| c as i8);
        let mut found = [0u64; 5];
        for (k, chunk) in block.chunks_exact(16).enumerate() {
            // SAFETY: SSE2 is enabled on every x86-64 target; the load reads the 16 bytes of
            // `chunk` (unaligned loads are allowed).
            let bits = unsafe {
                let v = _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>());
                let folded = _mm_or_si128(v, _mm_set1_epi8(0x20));
                let eq = |v: __m128i, c: i8| _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(c)));
                [
                    eq(v, needles[0]),
                    eq(v, needles[1]),
                    eq(v, needles[2]),
                    eq(folded, needles[3]),
                    eq(folded, needles[4]),
                ]
            };
            for (f, b) in found.iter_mut().zip(bits) {
                *f |= u64::from(b as u16) << (16 * k);
            }
        }
        let [quote, backslash, newline, open, close] = found;
        Masks {
            quote,
            backslash,
            newline,
            open,
            close,
        }
    }

    /// The masks of `block`.
    #[cfg(not(target_arch = "x86_64"))]
    pub fn of(block: &[u8; BLOCK]) -> Masks {
        let mut m = Masks::default();
        for (k, &b) in block.iter().enumerate() {
            let bit = 1u64 << k;
            match b {
                b'"' => m.quote |= bit,
                b'\\' => m.backslash |= bit,
                b'\n' => m.newline |= bit,
                b'{' | b'[' => m.open |= bit,
                b'}' | b']' => m.close |= bit,
                _ => {}
            }
        }
        m
    }
}

/// Bit `k` of the answer: the parity of bits `0..=k` of `bits` (set between an opening quote,
/// included, and its closing one, excluded, when no quote is escaped).
pub fn prefix_xor(mut bits: u64) -> u64 {
    for shift in [1, 2, 4, 8, 16, 32] {
        bits ^= bits << shift;
    }
    bits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_mark_their_bytes() {
        let mut block = [b'a'; BLOCK];
        block[..11].copy_from_slice(br#"{"k":[1]}\ "#);
        block[40] = b'\n';
        block[63] = b'"';
        let m = Masks::of(&block);
        assert_eq!(m.quote, 1 << 1 | 1 << 3 | 1 << 63);
        assert_eq!(m.open, 1 << 0 | 1 << 5);
        assert_eq!(m.close, 1 << 7 | 1 << 8);
        assert_eq!(m.backslash, 1 << 9);
        assert_eq!(m.newline, 1 << 40);
        assert_eq!(prefix_xor(0b1001_0010), u64::MAX << 7 | 0b1110);
    }
}
