//! Event patterns: compiling, validating and the compiled form the matcher works on.

mod compile;
pub mod complexity;
pub mod error;
pub mod ignore_case;
pub mod ip;
pub mod number;
pub mod ops;
pub mod wildcard;

pub use error::{PatternError, PatternErrorKind};
pub use ops::{Bound, Exclusion, Op, Scalar};

use crate::{Event, Explanation, Limits, Span};
use wildcard::Glob;

/// event-ruler's limit on fields in one combination (`MAXIMUM_RULE_SIZE`).
pub const MAX_FIELDS_PER_COMBINATION: usize = 256;

/// Complexity at which EventBridge refuses wildcard patterns ([`complexity`], event-ruler's
/// measure). AWS accepts a pattern measuring 7 and refuses one measuring 11 (spec §3.10); the
/// threshold itself is not published: we refuse from 10, as `MachineComplexityEvaluator` caps
/// at its threshold and a limit of 10 is the one reported elsewhere.
pub const WILDCARD_COMPLEXITY_LIMIT: usize = 10;

/// A pattern's length as EventBridge counts it against its size limit: UTF-16 code units.
pub fn length(source: &str) -> usize {
    source.chars().map(char::len_utf16).sum()
}

/// One matcher and where it is in the pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct Matcher {
    /// The operator and its operands.
    pub op: Op,
    /// The matcher's text in the pattern (`"x"` or `{"prefix": "x"}`).
    pub span: Span,
}

/// A leaf of the pattern: a dotted field path and its list of matchers (any may match).
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Dotted event path (`detail.status`).
    pub path: String,
    /// The key's text in the pattern (the last segment, quoted).
    pub key_span: Span,
    /// The matcher list's text in the pattern (`[…]`).
    pub span: Span,
    /// The matchers; the field holds when any of them does.
    pub matchers: Vec<Matcher>,
}

impl Field {
    /// Whether the list holds `{"exists": false}`.
    pub fn accepts_absence(&self) -> bool {
        self.matchers.iter().any(|m| m.op == Op::Exists(false))
    }
}

/// Which branch of which `$or` a combination took.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct OrChoice {
    /// The `$or` key in the pattern.
    pub or_span: Span,
    /// 0-based index of the branch.
    pub branch: usize,
    /// The branch object's text.
    pub branch_span: Span,
}

/// One `$or` combination: fields that must all hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Combination {
    /// Indexes into [`Pattern::fields`], sorted by path.
    pub fields: Vec<usize>,
    /// The `$or` branches that make up this combination, outermost first.
    pub choices: Vec<OrChoice>,
}

/// A compiled, valid event pattern.
///
/// ```
/// use eventlens::{Event, Pattern, PatternErrorKind};
/// let p = Pattern::compile(r#"{"source": ["aws.s3"], "detail": {"size": [{"numeric": [">", 0]}]}}"#)
///     .unwrap();
/// assert!(p.matches(&Event::parse(r#"{"source": "aws.s3", "detail": {"size": 5}}"#).unwrap()));
///
/// // An invalid pattern gets AWS's reason and the place of the fault (1-based line and column).
/// let e = Pattern::compile("{\n  \"source\": []\n}").unwrap_err();
/// assert_eq!(e.kind, PatternErrorKind::Invalid);
/// assert_eq!(e.reason, "Empty arrays are not allowed");
/// assert_eq!((e.line, e.column), (2, 13));
/// ```
#[derive(Debug, Clone)]
pub struct Pattern {
    source: String,
    fields: Vec<Field>,
    combinations: Vec<Combination>,
}

impl Pattern {
    /// Compiles pattern text with EventBridge's default limits.
    pub fn compile(source: &str) -> Result<Pattern, PatternError> {
        Self::compile_with(source, &Limits::default())
    }

    /// Compiles pattern text with the given limits.
    pub fn compile_with(source: &str, limits: &Limits) -> Result<Pattern, PatternError> {
        let length = length(source);
        if length > limits.max_pattern_chars {
            return Err(PatternError::new(
                PatternErrorKind::TooLong,
                format!(
                    "Event pattern is {length} characters long; the limit is {}",
                    limits.max_pattern_chars
                ),
                Span::new(0, source.len()),
                source,
                None,
            ));
        }
        let compiled = compile::compile(source, limits.max_depth)?;
        let pattern = Pattern {
            source: source.to_string(),
            fields: compiled.fields,
            combinations: compiled.combinations,
        };
        pattern.check_field_count()?;
        pattern.check_wildcard_complexity()?;
        Ok(pattern)
    }

    fn check_field_count(&self) -> Result<(), PatternError> {
        if let Some(combination) = self
            .combinations
            .iter()
            .find(|r| r.fields.len() > MAX_FIELDS_PER_COMBINATION)
        {
            return Err(PatternError::new(
                PatternErrorKind::TooManyFields,
                format!(
                    "Size of rule exceeds max value of {MAX_FIELDS_PER_COMBINATION} (a combination has {} fields)",
                    combination.fields.len()
                ),
                Span::new(0, self.source.len()),
                &self.source,
                None,
            ));
        }
        Ok(())
    }

    fn check_wildcard_complexity(&self) -> Result<(), PatternError> {
        let mut paths: Vec<&str> = self.fields.iter().map(|f| f.path.as_str()).collect();
        paths.sort_unstable();
        paths.dedup();
        for path in paths {
            // Each `wildcard` matcher is a pattern, and so is each `anything-but` wildcard list.
            let (patterns, spans): (Vec<Vec<&Glob>>, Vec<Span>) = self
                .fields
                .iter()
                .filter(|f| f.path == path)
                .flat_map(|f| f.matchers.iter())
                .filter_map(|m| match &m.op {
                    Op::Wildcard(g) => Some((vec![g], m.span)),
                    Op::AnythingBut(Exclusion::Wildcards(list)) => {
                        Some((list.iter().collect(), m.span))
                    }
                    _ => None,
                })
                .unzip();
            if patterns.is_empty() {
                continue;
            }
            if complexity::complexity(&patterns, WILDCARD_COMPLEXITY_LIMIT)
                >= WILDCARD_COMPLEXITY_LIMIT
            {
                return Err(PatternError::new(
                    PatternErrorKind::TooComplex,
                    "Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character".to_string(),
                    spans[0],
                    &self.source,
                    None,
                ));
            }
        }
        Ok(())
    }

    /// The pattern text it was compiled from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Every field definition in pattern order (a field replaced by a later duplicate key stays
    /// here but is used by no combination).
    pub(crate) fn fields(&self) -> &[Field] {
        &self.fields
    }

    /// The `$or` combinations; the pattern matches when any of them does.
    pub(crate) fn combinations(&self) -> &[Combination] {
        &self.combinations
    }

    /// How many `$or` combinations the pattern has (1 without `$or`); EventBridge caps them at
    /// 1,000.
    ///
    /// ```
    /// let p = eventlens::Pattern::compile(r#"{"$or": [{"a": [1]}, {"b": [2]}], "c": [3]}"#).unwrap();
    /// assert_eq!(p.combination_count(), 2);
    /// ```
    pub fn combination_count(&self) -> usize {
        self.combinations.len()
    }

    /// The fields of one combination, in its order (by path).
    pub(crate) fn combination_fields(&self, combination: &Combination) -> Vec<&Field> {
        combination
            .fields
            .iter()
            .map(|&f| &self.fields[f])
            .collect()
    }

    /// Whether `event` matches the pattern: some `$or` combination holds, each of its fields
    /// satisfied by values from the same element of every array they share.
    ///
    /// ```
    /// use eventlens::{Event, Pattern};
    /// let p = Pattern::compile(r#"{"detail": {"size": [{"numeric": [">", 10]}]}}"#).unwrap();
    /// assert!(p.matches(&Event::parse(r#"{"detail": {"size": [3, 12]}}"#).unwrap()));
    /// assert!(!p.matches(&Event::parse(r#"{"detail": {"size": "12"}}"#).unwrap()));
    /// ```
    pub fn matches(&self, event: &Event) -> bool {
        crate::eval::matches(self, event)
    }

    /// Matches and explains: every condition of every `$or` combination, what it was tested
    /// against, whether it held and why (see [`Explanation`]).
    pub fn explain(&self, event: &Event) -> Explanation {
        crate::explain::explain(self, event)
    }

    /// Every distinct field path a combination uses.
    pub(crate) fn paths(&self) -> Vec<&str> {
        let mut paths: Vec<&str> = self
            .combinations
            .iter()
            .flat_map(|r| r.fields.iter().map(|&f| self.fields[f].path.as_str()))
            .collect();
        paths.sort_unstable();
        paths.dedup();
        paths
    }
}

/// Validates pattern text: `Ok(())` or AWS's error.
pub fn validate(source: &str) -> Result<(), PatternError> {
    Pattern::compile(source).map(|_| ())
}
