//! A number literal's value to within a known margin, read without parsing it exactly: enough
//! for a range to rule itself out when the literal lies clearly outside it, as most values do
//! for most ranges. (An exact parse, and the check that the literal compares, cost several
//! times more; they are left to the values that come near a bound.)

use crate::short_bytes::{first_non_digit, last_bytes};

/// A value within `margin` of a literal's parsed value.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Near {
    value: f64,
    margin: f64,
}

impl Near {
    /// The value of a plain decimal literal (a JSON number without an exponent, as the walk
    /// hands on) from its integer part and its first eight fraction digits; `None` for an
    /// integer part of more than 18 digits, or a byte that is not a digit where one should be.
    pub fn of(text: &[u8]) -> Option<Near> {
        let negative = text.first() == Some(&b'-');
        let digits = &text[negative as usize..];
        let (int, eighths) = match digits.get(..8) {
            Some(head) => read_long(digits, u64::from_le_bytes(head.try_into().expect("8")))?,
            None => read_short(digits)?,
        };
        // (Both are below 10^18 < 2^63: converted as signed integers, in one instruction.)
        let magnitude = int as i64 as f64 + eighths as i64 as f64 * 1e-8;
        // The digits after the eighth weigh less than 1e-8 together; each conversion, the
        // product and the sum round by at most half a unit in the last place (about 1.1e-16
        // of the value), and so does the exact parse. Twice both, to be safe.
        Some(Near {
            value: if negative { -magnitude } else { magnitude },
            margin: 2e-8 + magnitude * 1e-15,
        })
    }

    /// Whether the literal's value surely lies below `low` or above `high` (`false` when it
    /// is near either or between them).
    #[inline]
    pub fn outside(&self, low: Option<f64>, high: Option<f64>) -> bool {
        low.is_some_and(|b| self.value + self.margin < b)
            || high.is_some_and(|b| self.value - self.margin > b)
    }
}

/// The integer part and the first eight fraction digits (as a number of 1e-8) of `digits`, a
/// literal without its sign of at least eight bytes that start with `head`: with a few
/// loads, when the integer part has fewer than eight digits (else as [`read_short`] does).
fn read_long(digits: &[u8], head: u64) -> Option<(u64, u64)> {
    // The first `.` among the eight bytes (a zero byte once XORed): its flag is exact, the
    // ones above it may not be.
    let dots = head ^ 0x2E2E_2E2E_2E2E_2E2E;
    let flags = dots.wrapping_sub(0x0101_0101_0101_0101) & !dots & 0x8080_8080_8080_8080;
    let point = (flags.trailing_zeros() / 8) as usize;
    if point == 0 || point == 8 {
        return read_short(digits);
    }
    // The integer's digits last, after zeros.
    let int = eight_digits((head << (8 * (8 - point))) | (ZEROS >> (8 * point)))?;
    let fraction = &digits[point + 1..];
    let eighths = match fraction.get(..8) {
        Some(first) => eight_digits(u64::from_le_bytes(first.try_into().expect("8")))?,
        // The fraction's digits first, then zeros: they end the last eight bytes.
        None if !fraction.is_empty() => {
            let n = fraction.len();
            eight_digits(last_bytes(digits, n) | (ZEROS << (8 * n)))?
        }
        None => return None,
    };
    Some((int, eighths))
}

/// [`read_long`] byte by byte, for any length.
fn read_short(digits: &[u8]) -> Option<(u64, u64)> {
    let number = |run: &[u8]| {
        run.iter().try_fold(0u64, |n, &c| {
            let d = c.wrapping_sub(b'0');
            (d < 10).then(|| n * 10 + u64::from(d))
        })
    };
    let point = digits
        .iter()
        .position(|&c| c == b'.')
        .unwrap_or(digits.len());
    if point > 18 {
        return None;
    }
    let fraction = digits.get(point + 1..).unwrap_or(&[]);
    let first = &fraction[..fraction.len().min(8)];
    Some((
        number(&digits[..point])?,
        number(first)? * 10u64.pow(8 - first.len() as u32),
    ))
}

/// Eight ASCII zeros.
const ZEROS: u64 = 0x3030_3030_3030_3030;

/// The number eight ASCII digits write (the first in the lowest byte), in a few multiplications
/// rather than eight dependent steps; `None` if one is not a digit.
fn eight_digits(chunk: u64) -> Option<u64> {
    if first_non_digit(chunk) < 8 {
        return None;
    }
    // Pairs of digits, then fours, then the eight.
    let v = chunk - ZEROS;
    let v = v.wrapping_mul(10).wrapping_add(v >> 8);
    let low = (v & 0x0000_00FF_0000_00FF).wrapping_mul(100 + (1_000_000 << 32));
    let high = ((v >> 16) & 0x0000_00FF_0000_00FF).wrapping_mul(1 + (10_000 << 32));
    Some(low.wrapping_add(high) >> 32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn eight_digits_read_as_a_number(
            digits in "[0-9]{8}",
            bad in any::<u8>().prop_filter("not a digit", |b| !b.is_ascii_digit()),
            at in 0usize..8,
        ) {
            let chunk = |s: &[u8]| u64::from_le_bytes(s.try_into().unwrap());
            prop_assert_eq!(eight_digits(chunk(digits.as_bytes())), digits.parse::<u64>().ok());
            let mut broken = digits.into_bytes();
            broken[at] = bad;
            prop_assert_eq!(eight_digits(chunk(&broken)), None);
        }

        #[test]
        fn the_parsed_value_lies_within_the_margin(
            literal in "-?(0|[1-9][0-9]{0,17})(\\.[0-9]{1,20})?",
        ) {
            let near = Near::of(literal.as_bytes()).unwrap();
            let parsed: f64 = literal.parse().unwrap();
            prop_assert!((near.value - parsed).abs() <= near.margin, "{} {:?}", literal, near);
            // A bound past the margin on either side rules the literal out; one at the
            // parsed value does not.
            let past = near.margin * 2.0;
            prop_assert!(near.outside(Some(near.value + past), None));
            prop_assert!(near.outside(None, Some(near.value - past)));
            prop_assert!(!near.outside(Some(parsed), Some(parsed)));
        }
    }

    #[test]
    fn long_integer_parts_are_left_to_the_parser() {
        assert!(Near::of(b"9999999999999999999").is_none());
        assert!(Near::of(b"999999999999999999").is_some());
        assert!(Near::of(b"1x").is_none());
    }
}
