//! The operators of the pattern language and how each tests one event value.

use super::ignore_case::Caseless;
use super::ip::{parse_ip, IpBytes, IpRange};
use super::number::comparable;
use super::wildcard::Glob;
pub use crate::json::escape::quote;
use crate::short_bytes::{ends_with, equal, starts_with};

/// One leaf value of an event, as the operators see it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scalar<'e> {
    /// A string (decoded).
    String(&'e str),
    /// A number: its exact text and, when comparable, its value.
    Number {
        /// The literal as written in the event.
        text: &'e str,
        /// The value, when the literal is comparable (see [`comparable`]).
        value: Option<f64>,
    },
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
}

impl<'e> Scalar<'e> {
    /// A number scalar from its literal text.
    pub fn number(text: &'e str) -> Scalar<'e> {
        Scalar::Number {
            text,
            value: comparable(text),
        }
    }

    /// How the value is written in JSON, for messages.
    pub fn describe(&self) -> String {
        match self {
            Scalar::String(s) => format!("the string {}", quote(s)),
            Scalar::Number { text, .. } => format!("the number {text}"),
            Scalar::Bool(b) => format!("{b}"),
            Scalar::Null => "null".to_string(),
        }
    }

    /// The JSON text of the value.
    pub fn json(&self) -> String {
        match self {
            Scalar::String(s) => quote(s),
            Scalar::Number { text, .. } => text.to_string(),
            Scalar::Bool(b) => b.to_string(),
            Scalar::Null => "null".to_string(),
        }
    }
}

/// A numeric bound: the value and whether it is excluded.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    /// The bound's value.
    pub value: f64,
    /// `true` for `<`/`>`, `false` for `<=`/`>=`.
    pub open: bool,
}

/// What `anything-but` excludes.
#[derive(Debug, Clone, PartialEq)]
pub enum Exclusion {
    /// Exact strings.
    Strings(Vec<String>),
    /// Numbers, compared numerically.
    Numbers(Vec<f64>),
    /// String prefixes.
    Prefixes(Vec<String>),
    /// String suffixes.
    Suffixes(Vec<String>),
    /// Strings equal ignoring case.
    IgnoreCase(Vec<Caseless>),
    /// Strings matching a glob.
    Wildcards(Vec<Glob>),
}

/// One matcher of a pattern field.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// An exact string.
    ExactString(String),
    /// An exact string that is an IP address: equal addresses match whatever their spelling.
    ExactIp(String, IpBytes),
    /// An exact number: equal value (when comparable) or identical text.
    ExactNumber {
        /// The literal as written.
        text: String,
        /// Its value, when comparable.
        value: Option<f64>,
    },
    /// `true` or `false`.
    ExactBool(bool),
    /// `null`.
    ExactNull,
    /// `{"exactly": "…"}` (event-ruler only): an exact string, no IP handling.
    Exactly(String),
    /// `{"prefix": "…"}`
    Prefix(String),
    /// `{"prefix": {"equals-ignore-case": "…"}}`
    PrefixIgnoreCase(Caseless),
    /// `{"suffix": "…"}`
    Suffix(String),
    /// `{"suffix": {"equals-ignore-case": "…"}}`
    SuffixIgnoreCase(Caseless),
    /// `{"equals-ignore-case": "…"}`
    EqualsIgnoreCase(Caseless),
    /// Every form of `{"anything-but": …}`.
    AnythingBut(Exclusion),
    /// `{"numeric": […]}`: optional lower and upper bounds.
    Numeric {
        /// Lower bound.
        low: Option<Bound>,
        /// Upper bound.
        high: Option<Bound>,
    },
    /// `{"exists": true|false}`
    Exists(bool),
    /// `{"cidr": "…"}`
    Cidr(IpRange),
    /// `{"wildcard": "…"}`
    Wildcard(Glob),
}

impl Op {
    /// Whether this matcher accepts `value`. `exists: false` accepts nothing here: absence is
    /// judged on the whole field (see the evaluator).
    pub fn test(&self, value: &Scalar) -> bool {
        match (self, value) {
            (Op::ExactString(p) | Op::Exactly(p), Scalar::String(s)) => p == s,
            (Op::ExactIp(_, ip), Scalar::String(s)) => parse_ip(s).as_ref() == Some(ip),
            (Op::ExactNumber { text, value: v }, Scalar::Number { text: t, value: ev }) => {
                text == t || matches!((v, ev), (Some(a), Some(b)) if a == b)
            }
            (Op::ExactBool(b), Scalar::Bool(e)) => b == e,
            (Op::ExactNull, Scalar::Null) => true,
            (Op::Prefix(p), Scalar::String(s)) => starts_with(s.as_bytes(), p.as_bytes()),
            (Op::Suffix(p), Scalar::String(s)) => ends_with(s.as_bytes(), p.as_bytes()),
            (Op::PrefixIgnoreCase(c), Scalar::String(s)) => c.is_prefix_of(s),
            (Op::SuffixIgnoreCase(c), Scalar::String(s)) => c.is_suffix_of(s),
            (Op::EqualsIgnoreCase(c), Scalar::String(s)) => c.equals(s),
            (Op::AnythingBut(x), v) => !excluded(x, v),
            (Op::Numeric { low, high }, Scalar::Number { value: Some(v), .. }) => {
                in_range(*v, low, high)
            }
            (Op::Exists(present), _) => *present,
            (Op::Cidr(range), Scalar::String(s)) => {
                parse_ip(s).is_some_and(|ip| range.contains(&ip))
            }
            (Op::Wildcard(g), Scalar::String(s)) => g.matches(s),
            _ => false,
        }
    }

    /// The operator's name as written in patterns (`exact` for literals).
    pub fn name(&self) -> &'static str {
        match self {
            Op::ExactString(_)
            | Op::ExactIp(..)
            | Op::ExactNumber { .. }
            | Op::ExactBool(_)
            | Op::ExactNull => "exact",
            Op::Exactly(_) => "exactly",
            Op::Prefix(_) => "prefix",
            Op::PrefixIgnoreCase(_) => "prefix/equals-ignore-case",
            Op::Suffix(_) => "suffix",
            Op::SuffixIgnoreCase(_) => "suffix/equals-ignore-case",
            Op::EqualsIgnoreCase(_) => "equals-ignore-case",
            Op::AnythingBut(_) => "anything-but",
            Op::Numeric { .. } => "numeric",
            Op::Exists(_) => "exists",
            Op::Cidr(_) => "cidr",
            Op::Wildcard(_) => "wildcard",
        }
    }

    /// Whether the operator only ever accepts strings (so a number, boolean or null is a type miss).
    pub fn wants_string(&self) -> bool {
        matches!(
            self,
            Op::ExactString(_)
                | Op::ExactIp(..)
                | Op::Exactly(_)
                | Op::Prefix(_)
                | Op::Suffix(_)
                | Op::PrefixIgnoreCase(_)
                | Op::SuffixIgnoreCase(_)
                | Op::EqualsIgnoreCase(_)
                | Op::Cidr(_)
                | Op::Wildcard(_)
        )
    }
}

/// Whether `v` lies within the bounds of a `numeric` matcher (an absent bound holds).
#[inline]
pub(crate) fn in_range(v: f64, low: &Option<Bound>, high: &Option<Bound>) -> bool {
    let above = match low {
        Some(b) if b.open => v > b.value,
        Some(b) => v >= b.value,
        None => true,
    };
    let below = match high {
        Some(b) if b.open => v < b.value,
        Some(b) => v <= b.value,
        None => true,
    };
    above && below
}

fn excluded(x: &Exclusion, v: &Scalar) -> bool {
    match (x, v) {
        // (Without `memcmp`: see `short_bytes`.)
        (Exclusion::Strings(list), Scalar::String(s)) => {
            list.iter().any(|e| equal(e.as_bytes(), s.as_bytes()))
        }
        (Exclusion::Numbers(list), Scalar::Number { value: Some(n), .. }) => list.contains(n),
        (Exclusion::Prefixes(list), Scalar::String(s)) => {
            list.iter().any(|p| starts_with(s.as_bytes(), p.as_bytes()))
        }
        (Exclusion::Suffixes(list), Scalar::String(s)) => {
            list.iter().any(|p| ends_with(s.as_bytes(), p.as_bytes()))
        }
        (Exclusion::IgnoreCase(list), Scalar::String(s)) => list.iter().any(|c| c.equals(s)),
        (Exclusion::Wildcards(list), Scalar::String(s)) => list.iter().any(|g| g.matches(s)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_never_match_strings() {
        let op = Op::ExactNumber {
            text: "300".into(),
            value: Some(300.0),
        };
        assert!(op.test(&Scalar::number("300.0")));
        assert!(op.test(&Scalar::number("3e2")));
        assert!(!op.test(&Scalar::String("300")));
        assert!(!Op::ExactString("300".into()).test(&Scalar::number("300")));
    }

    #[test]
    fn anything_but_matches_other_types() {
        let op = Op::AnythingBut(Exclusion::Prefixes(vec!["init".into()]));
        assert!(op.test(&Scalar::number("12")));
        assert!(op.test(&Scalar::Null));
        assert!(!op.test(&Scalar::String("initial")));
        let op = Op::AnythingBut(Exclusion::Numbers(vec![100.0]));
        assert!(!op.test(&Scalar::number("100.0")));
        assert!(op.test(&Scalar::String("100")));
    }
}
