//! Numbers as EventBridge compares them: IEEE-754 doubles, but only for a literal whose decimal
//! text is exactly the double it parses to as Java writes it (event-ruler 2.x `ComparableNumber`
//! compares the literal with `BigDecimal.valueOf(double)`, that is with `Double.toString`).

/// The double a JSON number literal stands for, if it can be compared numerically: finite, and
/// its decimal value equal to that of the parsed double's form as Java writes it (`Double.toString`).
/// `0.30000000000000001` and `12345678901234567890` are not comparable; `300`, `3e2`, `37.80780` are.
pub fn comparable(text: &str) -> Option<f64> {
    let value: f64 = text.parse().ok()?;
    if !value.is_finite() {
        return None;
    }
    (Decimal::parse(text)? == Decimal::parse(&java_form(value))?).then_some(value)
}

/// Whether `value` is a whole number that Java (up to 18, as EventBridge's engine runs) writes by
/// its integer digits rather than by the shortest form: from 2^53 (below it the two agree) up to
/// 2^63.
pub fn java_writes_integer_digits(value: f64) -> bool {
    let magnitude = value.abs();
    value.fract() == 0.0 && (9007199254740992.0..9223372036854775808.0).contains(&magnitude)
}

/// The decimal form of a finite double that Java's `Double.toString` gives, as far as its value
/// goes. A whole number below 2^63 is written by its integer digits, the lowest ones rounded
/// half up (one digit at 2^58 to 2^61, two at 2^61 to 2^63: JDK 17 `FloatingDecimal`'s
/// `insignificantDigitsForPow2`), so 2^62 is `4.6116860184273879E18`, not the shortest
/// `4.611686018427388E18`, and near ±2^63 the literals EventBridge compares are not the
/// shortest ones. Other doubles take the shortest form, which is what Java writes nearly always
/// (see the known deviations for the rest).
pub fn java_form(value: f64) -> String {
    if !java_writes_integer_digits(value) {
        return format!("{value:e}");
    }
    let n = value.abs() as u64;
    let dropped = match 63 - n.leading_zeros() {
        58..=60 => 1,
        61.. => 2,
        _ => 0,
    };
    let unit = 10u64.pow(dropped);
    let kept = n / unit + u64::from(n % unit >= unit / 2 && dropped > 0);
    let sign = if value < 0.0 { "-" } else { "" };
    format!("{sign}{kept}e{dropped}")
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

    /// Answers of event-ruler (on Java 17) for bounds near ±2^63 and other whole numbers past
    /// 2^53: "Cannot compare number" exactly where the literal is not Java's form.
    #[test]
    fn whole_numbers_past_2_pow_53_as_java_writes_them() {
        for (text, ok) in [
            ("9223372036854775807", false),
            ("9223372036854775806", false),
            ("-9223372036854775808", false),
            ("9223372036854775000", false),
            ("9.223372036854776E18", true),
            ("9223372036854775808", false),
            ("-9.223372036854775808E18", false),
            ("9.2233720368547748E18", true),
            ("9223372036854774800", true),
            ("9.223372036854775E18", false),
            ("4.6116860184273879E18", true),
            ("4.611686018427388E18", false),
            ("4611686018427387904", false),
            ("18014398509481984", true),
            ("18014398509481985", false),
            ("9007199254740993", false),
            ("1.8446744073709552E19", true),
        ] {
            assert_eq!(comparable(text).is_some(), ok, "{text}");
        }
        assert_eq!(java_form(-(2f64.powi(62))), "-46116860184273879e2");
        assert_eq!(java_form(2f64.powi(60)), "115292150460684698e1");
    }
}
