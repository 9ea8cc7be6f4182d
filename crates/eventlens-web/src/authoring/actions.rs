//! The conditions that fit a value of the event, as matchers for the pattern.

use super::build::ValueAt;
use super::tree::Scalar;
use eventlens::json::quote;
use eventlens::{comparable_number, equals_ignore_case, ip_address_bytes};
use std::net::{Ipv4Addr, Ipv6Addr};

/// One condition the author can add for a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    /// The operator (`exact`, `prefix`, `suffix`, `equals-ignore-case`, `anything-but`,
    /// `numeric`, `exists`, `cidr` or `wildcard`).
    pub operator: &'static str,
    /// What the condition says, for the menu.
    pub label: String,
    /// The JSON text of the matcher, for the field's list in the pattern.
    pub matcher: String,
}

impl Action {
    fn new(operator: &'static str, label: String, matcher: String) -> Action {
        Action {
            operator,
            label,
            matcher,
        }
    }

    /// An action whose matcher is `{"<operator>": <operand>}`.
    fn object(operator: &'static str, label: String, operand: &str) -> Action {
        Action::new(operator, label, format!("{{\"{operator}\": {operand}}}"))
    }
}

/// The conditions that make sense for the value: every one compiles, and all but
/// `anything-but` (which excludes the value) match the event the value came from.
pub fn actions(at: &ValueAt) -> Vec<Action> {
    let mut out = Vec::new();
    match &at.scalar {
        Some(Scalar::String(s)) => string_actions(s, &mut out),
        Some(Scalar::Number(n)) => number_actions(n, &mut out),
        Some(scalar) => {
            let literal = scalar.literal();
            out.push(Action::new("exact", format!("is {literal}"), literal));
        }
        None => {}
    }
    if at.leaves {
        out.push(Action::new(
            "exists",
            "exists".to_string(),
            "{\"exists\": true}".to_string(),
        ));
    }
    out
}

fn string_actions(s: &str, out: &mut Vec<Action>) {
    let quoted = quote(s);
    out.push(Action::new("exact", format!("is {quoted}"), quoted.clone()));
    if let Some(p) = prefix_of(s) {
        let q = quote(p);
        out.push(Action::object("prefix", format!("starts with {q}"), &q));
    }
    if let Some(x) = suffix_of(s) {
        let q = quote(x);
        out.push(Action::object("suffix", format!("ends with {q}"), &q));
    }
    if let Some(folded) = ignoring_case(s) {
        let q = quote(&folded);
        out.push(Action::object(
            "equals-ignore-case",
            format!("is {q} in any letter case"),
            &q,
        ));
    }
    if let Some(glob) = wildcard_of(s) {
        let q = quote(&glob);
        out.push(Action::object("wildcard", format!("matches {q}"), &q));
    }
    out.push(Action::object(
        "anything-but",
        format!("is not {quoted}"),
        &quoted,
    ));
    if let Some(block) = cidr_of(s) {
        let q = quote(&block);
        out.push(Action::object("cidr", format!("is in {block}"), &q));
    }
}

fn number_actions(n: &str, out: &mut Vec<Action>) {
    out.push(Action::new("exact", format!("is {n}"), n.to_string()));
    // A literal that is not exactly its double does not compare (the engine refuses it).
    let Some(value) = comparable_number(n) else {
        return;
    };
    out.push(Action::object(
        "numeric",
        format!("= {n}"),
        &format!("[\"=\", {n}]"),
    ));
    if let Some((lo, hi)) = round_range(value) {
        out.push(Action::object(
            "numeric",
            format!("≥ {lo} and < {hi}"),
            &format!("[\">=\", {lo}, \"<\", {hi}]"),
        ));
    }
    out.push(Action::object("anything-but", format!("is not {n}"), n));
}

/// Where a prefix or suffix is cut: the places where names, ARNs, paths and identifiers divide.
const SEPARATORS: [char; 5] = [':', '/', '-', '_', '.'];

/// A prefix worth matching: up to and including the last separator (an ARN without its
/// resource id, a key's folder, an identifier's stem), since that is the part values of the
/// same kind share; without a separator, the first half. `None` for strings under two
/// characters, which have no proper prefix to speak of.
fn prefix_of(s: &str) -> Option<&str> {
    let last = s.char_indices().last()?.0;
    if last == 0 {
        return None;
    }
    // The last character is left out so that a trailing separator does not give `s` itself.
    match s[..last].rfind(SEPARATORS) {
        Some(i) if i > 0 => Some(&s[..=i]),
        _ => Some(&s[..half(s)]),
    }
}

/// A suffix worth matching: a file's extension from the first dot of the last path segment
/// (`.fastq.gz`), else from the last `-` or `_` (a name's variant), else the second half.
fn suffix_of(s: &str) -> Option<&str> {
    let last = s.char_indices().last()?.0;
    if last == 0 {
        return None;
    }
    if let Some(dot) = extension_start(s) {
        return Some(&s[dot..]);
    }
    let first = s.chars().next()?.len_utf8();
    match s[first..last].rfind(['-', '_']) {
        Some(i) => Some(&s[first + i..]),
        None => Some(&s[half(s)..]),
    }
}

/// The byte where the last segment's extension starts: its first `.` that is neither the
/// segment's first nor last character.
fn extension_start(s: &str) -> Option<usize> {
    let segment = s.rfind(['/', ':']).map_or(0, |i| i + 1);
    let name = &s[segment..];
    let dot = name.char_indices().skip(1).find(|&(_, c)| c == '.')?.0;
    (dot + 1 < name.len()).then_some(segment + dot)
}

/// The byte offset of the middle character of `s`.
fn half(s: &str) -> usize {
    let n = s.chars().count();
    s.char_indices().nth(n / 2).map_or(s.len(), |(i, _)| i)
}

/// A glob for values of the same shape: the last segment's name replaced by `*`, its folder and
/// extension kept (`arn:aws:s3:::bucket/*.csv`); without folder or extension, the prefix and `*`.
fn wildcard_of(s: &str) -> Option<String> {
    let folder_end = s.rfind(['/', ':']).map_or(0, |i| i + 1);
    let name_end = extension_start(s).unwrap_or(s.len());
    let (head, tail) = if folder_end > 0 && folder_end < name_end || name_end < s.len() {
        (&s[..folder_end], &s[name_end..])
    } else {
        (prefix_of(s)?, "")
    };
    // `*` and `\` of the value are literal in the glob: escaped (the added `*` is not).
    let literal = |part: &str| part.replace('\\', "\\\\").replace('*', "\\*");
    Some(format!("{}*{}", literal(head), literal(tail)))
}

/// The operand of `equals-ignore-case` for the value: lower-cased when the engine's comparison
/// then still finds the value, else the value as written when that does; `None` when neither
/// does (characters outside the BMP, which event-ruler turns into `?`).
fn ignoring_case(s: &str) -> Option<String> {
    let lower = s.to_lowercase();
    [lower, s.to_string()]
        .into_iter()
        .find(|candidate| !s.is_empty() && equals_ignore_case(candidate, s))
}

/// The block around an IP address: its /24 for IPv4, its /64 for IPv6 (the usual subnet sizes).
fn cidr_of(s: &str) -> Option<String> {
    let mut bytes = ip_address_bytes(s)?;
    let (bits, keep) = if bytes.len() == 4 { (24, 3) } else { (64, 8) };
    bytes[keep..].fill(0);
    let base = match <[u8; 4]>::try_from(bytes.as_slice()) {
        Ok(v4) => Ipv4Addr::from(v4).to_string(),
        Err(_) => Ipv6Addr::from(<[u8; 16]>::try_from(bytes.as_slice()).ok()?).to_string(),
    };
    Some(format!("{base}/{bits}"))
}

/// Round bounds `lo <= value < hi` one step of the value's leading digit apart (12 gives 10 and
/// 20, 0.37 gives 0.3 and 0.4, -12 gives -20 and -10), written as short decimals.
fn round_range(value: f64) -> Option<(String, String)> {
    let exponent = if value == 0.0 {
        0
    } else {
        value.abs().log10().floor() as i32
    };
    let decimals = usize::try_from(-exponent).unwrap_or(0);
    let step = 10f64.powi(exponent);
    let mut k = (value / step).floor();
    let text = |k: f64| {
        let t = format!("{:.*}", decimals, k * step);
        if t == "-0" {
            "0".to_string()
        } else {
            t
        }
    };
    // The division can land one step off; the bounds are checked on the decimals written.
    for _ in 0..3 {
        let (lo, hi) = (text(k), text(k + 1.0));
        let (l, h) = (comparable_number(&lo)?, comparable_number(&hi)?);
        if value < l {
            k -= 1.0;
        } else if value >= h {
            k += 1.0;
        } else {
            return Some((lo, hi));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_escape_the_values_stars() {
        assert_eq!(wildcard_of("a*b/c\\d.txt").unwrap(), "a\\*b/*.txt");
        assert_eq!(wildcard_of("x*yz").unwrap(), "x\\**");
        assert_eq!(wildcard_of("x"), None);
        assert_eq!(wildcard_of(".bashrc").unwrap(), ".ba*");
    }

    #[test]
    fn ranges_are_round_and_hold_the_value() {
        assert_eq!(round_range(-0.37), Some(("-0.4".into(), "-0.3".into())));
        assert_eq!(round_range(0.3), Some(("0.3".into(), "0.4".into())));
        assert_eq!(round_range(12.0), Some(("10".into(), "20".into())));
        assert_eq!(round_range(-12.0), Some(("-20".into(), "-10".into())));
        assert_eq!(round_range(0.0), Some(("0".into(), "1".into())));
        assert_eq!(round_range(-5.0), Some(("-5".into(), "-4".into())));
        assert_eq!(round_range(1e300), None);
    }
}
