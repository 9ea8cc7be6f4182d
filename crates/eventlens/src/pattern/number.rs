//! Numbers as EventBridge compares them: IEEE-754 doubles, but only for a literal whose decimal
//! text is exactly the double it parses to (event-ruler 2.x `ComparableNumber`).

/// The double a JSON number literal stands for, if it can be compared numerically: finite, and
/// its decimal value equal to that of the shortest representation of the parsed double.
/// `0.30000000000000001` and `12345678901234567890` are not comparable; `300`, `3e2`, `37.80780` are.
pub fn comparable(text: &str) -> Option<f64> {
    let value: f64 = text.parse().ok()?;
    if !value.is_finite() {
        return None;
    }
    let shortest = format!("{value:e}");
    (Decimal::parse(text)? == Decimal::parse(&shortest)?).then_some(value)
}

/// The message event-ruler gives for a literal that [`comparable`] refuses.
pub fn not_comparable_message(text: &str) -> String {
    format!("Cannot compare number : {text}")
}

/// A decimal number in canonical form: sign, significant digits (no leading or trailing zeros)
/// and the exponent of the first digit. Zero has no digits and compares equal whatever its sign.
#[derive(Debug, PartialEq)]
struct Decimal {
    negative: bool,
    digits: Vec<u8>,
    exponent: i64,
}

impl Decimal {
    fn parse(text: &str) -> Option<Decimal> {
        let (negative, rest) = match text.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (mantissa, exp) = match rest.find(['e', 'E']) {
            Some(i) => (&rest[..i], rest[i + 1..].parse::<i64>().ok()?),
            None => (rest, 0),
        };
        let (int_part, frac_part) = match mantissa.find('.') {
            Some(i) => (&mantissa[..i], &mantissa[i + 1..]),
            None => (mantissa, ""),
        };
        let all: Vec<u8> = int_part.bytes().chain(frac_part.bytes()).collect();
        if all.is_empty() || !all.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let Some(first) = all.iter().position(|&d| d != b'0') else {
            return Some(Decimal {
                negative: false,
                digits: vec![],
                exponent: 0,
            });
        };
        let last = all
            .iter()
            .rposition(|&d| d != b'0')
            .expect("a non-zero digit exists");
        let exponent = exp + int_part.len() as i64 - first as i64;
        Some(Decimal {
            negative,
            digits: all[first..=last].to_vec(),
            exponent,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparable_literals() {
        assert_eq!(comparable("300"), Some(300.0));
        assert_eq!(comparable("3.018e2"), Some(301.8));
        assert_eq!(comparable("37.80780"), Some(37.8078));
        assert_eq!(comparable("-0"), Some(-0.0));
        assert_eq!(comparable("1E-6"), Some(1e-6));
        assert_eq!(comparable("0.30000000000000001"), None);
        assert_eq!(comparable("12345678901234567890"), None);
        assert_eq!(comparable("2.0e422"), None);
        assert_eq!(comparable("1E-325"), None);
    }
}
