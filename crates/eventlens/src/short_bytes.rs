//! Short byte strings read a word at a time, without calls: equality (keys, literals of globs)
//! without `memcmp`, whose call and set-up cost more than the comparison itself at these
//! lengths, and runs of ASCII digits (numbers).

/// Whether `a` and `b`, of the same length, are equal: eight bytes at a time (the last eight
/// overlapping the ones before), four at a time under eight, byte by byte under four.
#[inline(always)]
pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
    debug_assert_eq!(a.len(), b.len());
    let n = a.len().min(b.len());
    let word = |s: &[u8], at: usize| u64::from_le_bytes(s[at..at + 8].try_into().expect("8"));
    let half = |s: &[u8], at: usize| u32::from_le_bytes(s[at..at + 4].try_into().expect("4"));
    match n {
        0..=3 => a.iter().zip(b).all(|(x, y)| x == y),
        4..=8 => half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4),
        _ => {
            let mut at = 0;
            while at + 8 < n {
                if word(a, at) != word(b, at) {
                    return false;
                }
                at += 8;
            }
            word(a, n - 8) == word(b, n - 8)
        }
    }
}

/// Whether `a` and `b` are equal.
#[inline(always)]
pub(crate) fn equal(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && same(a, b)
}

/// Whether `text` starts with `prefix`.
#[inline(always)]
pub(crate) fn starts_with(text: &[u8], prefix: &[u8]) -> bool {
    text.len() >= prefix.len() && same(&text[..prefix.len()], prefix)
}

/// Whether `text` ends with `suffix`.
#[inline(always)]
pub(crate) fn ends_with(text: &[u8], suffix: &[u8]) -> bool {
    text.len() >= suffix.len() && same(&text[text.len() - suffix.len()..], suffix)
}

/// The first of the eight bytes of `x` (the first lowest) that is not an ASCII digit; 8 when all
/// are.
#[inline(always)]
pub(crate) fn first_non_digit(x: u64) -> usize {
    // A byte below `0` borrows into its high bit, one above `9` carries into it; the bytes before
    // the first such are digits, which neither borrow nor carry, so the lowest flagged byte is
    // that one (the flags above it may be wrong).
    let flags = (x.wrapping_sub(0x3030_3030_3030_3030) | x.wrapping_add(0x4646_4646_4646_4646))
        & 0x8080_8080_8080_8080;
    (flags.trailing_zeros() / 8) as usize
}

/// The last `n` (1 to 8) bytes of `text`, which holds at least eight, as the lowest bytes of a
/// word (the first lowest), with zero bytes above: one load rather than a loop over a few.
#[inline(always)]
pub(crate) fn last_bytes(text: &[u8], n: usize) -> u64 {
    debug_assert!((1..=8).contains(&n) && text.len() >= 8);
    let last = u64::from_le_bytes(text[text.len() - 8..].try_into().expect("8 bytes"));
    last >> (8 * (8 - n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pairs() -> impl Strategy<Value = (Vec<u8>, Vec<u8>)> {
        use proptest::collection::vec;
        (0..40usize).prop_flat_map(|n| (vec(0u8..2, n), vec(0u8..2, n)))
    }

    proptest! {
        #[test]
        fn digit_runs_and_last_bytes(
            text in proptest::collection::vec(prop::sample::select(b"0189:/a ".to_vec()), 8..12),
            n in 1usize..=8,
        ) {
            let word = u64::from_le_bytes(text[..8].try_into().unwrap());
            let run = text[..8].iter().take_while(|c| c.is_ascii_digit()).count();
            prop_assert_eq!(first_non_digit(word), run);
            let tail = last_bytes(&text, n).to_le_bytes();
            prop_assert_eq!(&tail[..n], &text[text.len() - n..]);
            prop_assert!(tail[n..].iter().all(|&b| b == 0));
        }

        #[test]
        fn agrees_with_slice_equality((a, b) in pairs(), flip in any::<prop::sample::Index>()) {
            prop_assert_eq!(same(&a, &b), a == b, "{:?} {:?}", a, b);
            for cut in [0, a.len() / 2, a.len()] {
                prop_assert_eq!(equal(&a, &b[..cut]), a == b[..cut]);
                prop_assert_eq!(starts_with(&a, &b[..cut]), a.starts_with(&b[..cut]));
                prop_assert_eq!(ends_with(&a, &b[cut..]), a.ends_with(&b[cut..]));
                prop_assert_eq!(starts_with(&a[..cut], &b), a[..cut].starts_with(&b));
            }
            prop_assert!(same(&a, &a.clone()));
            if !a.is_empty() {
                // One byte differs, wherever it is.
                let mut c = a.clone();
                c[flip.index(a.len())] ^= 1;
                prop_assert!(!same(&a, &c), "{:?} {:?}", a, c);
            }
        }
    }
}
