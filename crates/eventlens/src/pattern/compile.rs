//! Compiles pattern text into fields and `$or` combinations, validating as EventBridge does.
//!
//! The compiler reads tokens in one pass and checks each as it arrives, in the order of
//! event-ruler's `JsonRuleCompiler`, so that the first error reported is the one AWS reports
//! (for example a wrong operator value is found before a syntax error later in the text).

use super::error::{PatternError, PatternErrorKind};
use super::ignore_case::Caseless;
use super::ip::{parse_ip, IpRange};
use super::number::{comparable, not_comparable_message};
use super::ops::{Bound, Exclusion, Op};
use super::wildcard::Glob;
use super::{Combination, Field, Matcher, OrChoice};
use crate::json::{SyntaxError, Token, TokenReader};
use crate::Span;

/// Field names a `$or` branch may not use (event-ruler's reserved words).
const RESERVED_IN_OR: &[&str] = &[
    "exactly",
    "equals-ignore-case",
    "prefix",
    "suffix",
    "anything-but",
    "exists",
    "wildcard",
    "numeric",
    "cidr",
    "=",
    "<",
    "<=",
    ">",
    ">=",
    "regex",
    "not-wildcard",
    "not-equals-ignore-case",
    "date-after",
    "date-on-or-after",
    "date-before",
    "date-on-or-before",
    "in-date-range",
    "ip-address-in-range",
    "ip-address-not-in-range",
];

/// EventBridge's limit on `$or` combinations.
pub const MAX_OR_COMBINATIONS: usize = 1000;

/// One combination under construction: field path → field index, last write wins.
#[derive(Clone, Default)]
struct CombinationBuild {
    fields: Vec<(String, usize)>,
    choices: Vec<OrChoice>,
}

impl CombinationBuild {
    fn put(&mut self, path: &str, field: usize) {
        match self.fields.iter_mut().find(|(p, _)| p == path) {
            Some(slot) => slot.1 = field,
            None => self.fields.push((path.to_string(), field)),
        }
    }
}

/// What a compile produces: the fields and the combinations that use them.
pub struct Compiled {
    /// Every field definition, in pattern order.
    pub fields: Vec<Field>,
    /// The `$or` combinations (one when there is no `$or`).
    pub combinations: Vec<Combination>,
}

/// Compiles `src`; `max_depth` bounds nesting.
pub fn compile(src: &str, max_depth: usize) -> Result<Compiled, PatternError> {
    let mut c = Compiler {
        r: TokenReader::new(src, max_depth),
        fields: Vec::new(),
        path: Vec::new(),
    };
    let mut built: Vec<CombinationBuild> = Vec::new();
    if c.next()? != Some(Token::StartObject) {
        let pos = c.r.current_pos();
        return Err(PatternError::new(
            PatternErrorKind::NotAnObject,
            "Filter is not an object".to_string(),
            c.r.span(),
            src,
            Some(pos),
        ));
    }
    c.parse_pattern(&mut built)?;
    let combinations = built
        .into_iter()
        .map(|r| {
            let mut fields: Vec<usize> = r.fields.into_iter().map(|(_, f)| f).collect();
            fields.sort_by(|a, b| c.fields[*a].path.cmp(&c.fields[*b].path));
            Combination {
                fields,
                choices: r.choices,
            }
        })
        .collect();
    Ok(Compiled {
        fields: c.fields,
        combinations,
    })
}

/// An open object or `$or` array while reading nested structure.
enum Frame {
    /// An object: where it opened, whether it has a key yet, whether it is inside a `$or` branch,
    /// and whether it pushed a path segment.
    Object {
        open: Span,
        fields_present: bool,
        in_or: bool,
        pushed: bool,
    },
    /// A `$or` array: the combinations before it, its key, and how many branches so far.
    Or {
        current: Vec<CombinationBuild>,
        key_span: Span,
        count: usize,
    },
}

struct Compiler<'a> {
    r: TokenReader<'a>,
    fields: Vec<Field>,
    path: Vec<String>,
}

impl Compiler<'_> {
    fn next(&mut self) -> Result<Option<Token>, PatternError> {
        self.r.next_token().map_err(|e| self.syntax(e))
    }

    /// The next token inside a container, where the reader never reports the end of input.
    fn next_in(&mut self) -> Result<Token, PatternError> {
        Ok(self
            .next()?
            .expect("the reader reports end of input inside a container"))
    }

    fn text(&mut self) -> Result<String, PatternError> {
        self.r.token_text().map_err(|e| self.syntax(e))
    }

    fn syntax(&self, e: SyntaxError) -> PatternError {
        PatternError::new(
            PatternErrorKind::Syntax,
            e.message,
            e.span,
            self.r.source(),
            Some(e.jackson_pos),
        )
    }

    /// An error about the current token (event-ruler's `barf`).
    fn barf<T>(&self, reason: impl Into<String>) -> Result<T, PatternError> {
        Err(PatternError::new(
            PatternErrorKind::Invalid,
            reason.into(),
            self.r.span(),
            self.r.source(),
            None,
        ))
    }

    fn barf_at<T>(&self, reason: impl Into<String>, span: Span) -> Result<T, PatternError> {
        Err(PatternError::new(
            PatternErrorKind::Invalid,
            reason.into(),
            span,
            self.r.source(),
            None,
        ))
    }

    /// Reads the top-level object after its `{` into `combinations`. Nesting (objects and `$or`) is
    /// walked with an explicit stack, so depth is bounded by the reader's limit, not the call stack.
    fn parse_pattern(
        &mut self,
        combinations: &mut Vec<CombinationBuild>,
    ) -> Result<(), PatternError> {
        let mut frames = vec![Frame::Object {
            open: self.r.span(),
            fields_present: false,
            in_or: false,
            pushed: false,
        }];
        // The combination lists being written: the pattern's, then one per open `$or` branch.
        let mut targets: Vec<Vec<CombinationBuild>> = vec![std::mem::take(combinations)];
        while let Some(frame) = frames.last_mut() {
            match frame {
                Frame::Object {
                    open,
                    fields_present,
                    in_or,
                    pushed,
                } => {
                    let (open, in_or, pushed) = (*open, *in_or, *pushed);
                    let name = match self.next_in()? {
                        Token::EndObject => {
                            if !*fields_present {
                                let close = self.r.span();
                                return self
                                    .barf_at("Empty objects are not allowed", open.cover(close));
                            }
                            if pushed {
                                self.path.pop();
                            }
                            frames.pop();
                            if let Some(Frame::Or {
                                key_span, count, ..
                            }) = frames.last()
                            {
                                let choice = OrChoice {
                                    or_span: *key_span,
                                    branch: *count - 1,
                                    branch_span: open.cover(self.r.span()),
                                };
                                let mut branch = targets.pop().expect("a branch is open");
                                for b in &mut branch {
                                    b.choices.push(choice);
                                }
                                let into = targets.last_mut().expect("the pattern's list stays");
                                into.extend(branch);
                                if into.len() > MAX_OR_COMBINATIONS {
                                    return Err(PatternError::new(
                                        PatternErrorKind::TooManyCombinations,
                                        format!("The $or relationships expand to more than {MAX_OR_COMBINATIONS} combinations"),
                                        *key_span,
                                        self.r.source(),
                                        None,
                                    ));
                                }
                            }
                            continue;
                        }
                        Token::FieldName(name) => name,
                        _ => unreachable!("objects hold field names"),
                    };
                    *fields_present = true;
                    let key_span = self.r.span();
                    if name == "$or" {
                        let target = targets.last_mut().expect("the pattern's list stays");
                        let current = std::mem::take(target);
                        if self.next_in()? != Token::StartArray {
                            return self.barf("It must be an Array followed with $or.");
                        }
                        frames.push(Frame::Or {
                            current,
                            key_span,
                            count: 0,
                        });
                        continue;
                    }
                    if in_or && RESERVED_IN_OR.contains(&name.as_str()) {
                        return self.barf(format!(
                            "{name} is Ruler reserved fieldName which cannot be used inside $or."
                        ));
                    }
                    match self.next_in()? {
                        Token::StartObject => {
                            self.path.push(name);
                            frames.push(Frame::Object {
                                open: self.r.span(),
                                fields_present: false,
                                in_or,
                                pushed: true,
                            });
                        }
                        Token::StartArray => {
                            let mut full = self.path.join(".");
                            if !full.is_empty() {
                                full.push('.');
                            }
                            full.push_str(&name);
                            self.write_field(
                                targets.last_mut().expect("the pattern's list stays"),
                                full,
                                key_span,
                            )?;
                        }
                        _ => return self.barf(format!("\"{name}\" must be an object or an array")),
                    }
                }
                Frame::Or { current, count, .. } => match self.next_in()? {
                    Token::EndArray => {
                        if *count < 2 {
                            return self
                                .barf("There must have at least 2 Objects in $or relationship.");
                        }
                        frames.pop();
                    }
                    Token::StartObject => {
                        *count += 1;
                        let mut branch = current.clone();
                        if branch.is_empty() {
                            branch.push(CombinationBuild::default());
                        }
                        targets.push(branch);
                        frames.push(Frame::Object {
                            open: self.r.span(),
                            fields_present: false,
                            in_or: true,
                            pushed: false,
                        });
                    }
                    _ => {
                        return self
                            .barf("Only JSON object is allowed in array of $or relationship.")
                    }
                },
            }
        }
        *combinations = targets.pop().expect("the pattern's list stays");
        Ok(())
    }

    /// Reads the matcher list of the field at `path` and adds the field to every combination.
    fn write_field(
        &mut self,
        combinations: &mut Vec<CombinationBuild>,
        path: String,
        key_span: Span,
    ) -> Result<(), PatternError> {
        let open = self.r.span();
        let mut matchers = Vec::new();
        loop {
            let tok = self.next_in()?;
            let span = self.r.span();
            let op = match tok {
                Token::EndArray => break,
                Token::StartObject => {
                    let m = self.match_expression()?;
                    matchers.push(m);
                    continue;
                }
                Token::String => {
                    let s = self.text()?;
                    match parse_ip(&s) {
                        Some(ip) => Op::ExactIp(s, ip),
                        None => Op::ExactString(s),
                    }
                }
                Token::Number => {
                    let text = self.text()?;
                    Op::ExactNumber {
                        value: comparable(&text),
                        text,
                    }
                }
                Token::True => Op::ExactBool(true),
                Token::False => Op::ExactBool(false),
                Token::Null => Op::ExactNull,
                _ => return self.barf("Match value must be String, number, true, false, or null"),
            };
            matchers.push(Matcher {
                op,
                span: self.r.span().cover(span),
            });
        }
        let span = open.cover(self.r.span());
        if matchers.is_empty() {
            return self.barf_at("Empty arrays are not allowed", span);
        }
        let id = self.fields.len();
        self.fields.push(Field {
            path: path.clone(),
            key_span,
            span,
            matchers,
        });
        if combinations.is_empty() {
            combinations.push(CombinationBuild::default());
        }
        for combination in combinations.iter_mut() {
            combination.put(&path, id);
        }
        Ok(())
    }

    /// Reads `{ "<operator>": … }` after its `{`.
    fn match_expression(&mut self) -> Result<Matcher, PatternError> {
        let start = self.r.span().start;
        let name = match self.next_in()? {
            Token::FieldName(n) => n,
            _ => return self.barf("Match expression name not found"),
        };
        let op = match name.as_str() {
            "exactly" => {
                let s = self.string_value("exact match pattern must be a string")?;
                self.end_object("Only one key allowed in match expression")?;
                Op::Exactly(s)
            }
            "prefix" | "suffix" => {
                let prefix = name == "prefix";
                if self.next_in()? == Token::StartObject {
                    let c = self.ignore_case_object(prefix)?;
                    if prefix {
                        Op::PrefixIgnoreCase(c)
                    } else {
                        Op::SuffixIgnoreCase(c)
                    }
                } else {
                    let s =
                        self.current_string(&format!("{name} match pattern must be a string"))?;
                    self.end_object("Only one key allowed in match expression")?;
                    if prefix {
                        Op::Prefix(s)
                    } else {
                        Op::Suffix(s)
                    }
                }
            }
            "numeric" => {
                if self.next_in()? != Token::StartArray {
                    return self.barf("Value of numeric must be an array.");
                }
                let op = self.numeric()?;
                self.end_object("Too many elements in numeric expression")?;
                op
            }
            "anything-but" => self.anything_but()?,
            "exists" => {
                let op = match self.next_in()? {
                    Token::True => Op::Exists(true),
                    Token::False => Op::Exists(false),
                    _ => return self.barf("exists match pattern must be either true or false."),
                };
                self.end_object("Only one key allowed in match expression")?;
                op
            }
            "cidr" => {
                // event-ruler's (misleading) message for a non-string CIDR.
                let s = self.string_value("prefix match pattern must be a string")?;
                let value_span = self.r.span();
                let range = match IpRange::parse(&s) {
                    Ok(r) => r,
                    Err(reason) => {
                        return Err(PatternError::new(
                            PatternErrorKind::Invalid,
                            reason,
                            value_span,
                            self.r.source(),
                            None,
                        ))
                    }
                };
                self.end_object("Only one key allowed in match expression")?;
                Op::Cidr(range)
            }
            "equals-ignore-case" => {
                let s = self.string_value("equals-ignore-case match pattern must be a string")?;
                self.end_object("Only one key allowed in match expression")?;
                Op::EqualsIgnoreCase(Caseless::new(&s))
            }
            "wildcard" => {
                let s = self.string_value("wildcard match pattern must be a string")?;
                let g = Glob::parse(&s).or_else(|e| self.barf(e))?;
                self.end_object("Only one key allowed in match expression")?;
                Op::Wildcard(g)
            }
            _ => return self.barf(format!("Unrecognized match type {name}")),
        };
        Ok(Matcher {
            op,
            span: Span::new(start, self.r.span().end),
        })
    }

    /// Reads the next token, which must be a string, and decodes it.
    fn string_value(&mut self, message: &str) -> Result<String, PatternError> {
        self.next_in()?;
        self.current_string(message)
    }

    fn current_string(&mut self, message: &str) -> Result<String, PatternError> {
        if self.r.current() != Some(&Token::String) {
            return self.barf(message);
        }
        self.text()
    }

    fn end_object(&mut self, message: &str) -> Result<(), PatternError> {
        if self.next_in()? != Token::EndObject {
            return self.barf(message);
        }
        Ok(())
    }

    /// `{"equals-ignore-case": "…"}` inside prefix or suffix, after its `{`.
    fn ignore_case_object(&mut self, prefix: bool) -> Result<Caseless, PatternError> {
        let (what, kind) = if prefix {
            ("Prefix", "prefix")
        } else {
            ("Suffix", "suffix")
        };
        let name = match self.next_in()? {
            Token::FieldName(n) => n,
            _ => return self.barf(format!("{what} expression name not found")),
        };
        if name != "equals-ignore-case" {
            return self.barf(format!("Unsupported {kind} pattern: {name}"));
        }
        let s = self.string_value("equals-ignore-case match pattern must be a string")?;
        self.end_object("Only one key allowed in match expression")?;
        self.end_object("Only one key allowed in match expression")?;
        Ok(Caseless::new(&s))
    }

    fn anything_but(&mut self) -> Result<Op, PatternError> {
        #[derive(PartialEq, Clone, Copy)]
        enum Form {
            Plain,
            IgnoreCase,
            Prefix,
            Suffix,
            Wildcard,
        }
        let mut form = Form::Plain;
        let mut tok = self.next_in()?;
        if tok == Token::StartObject {
            let name = match self.next_in()? {
                Token::FieldName(n) => n,
                _ => return self.barf("Anything-But expression name not found"),
            };
            form = match name.as_str() {
                "equals-ignore-case" => Form::IgnoreCase,
                "prefix" => Form::Prefix,
                "suffix" => Form::Suffix,
                "wildcard" => Form::Wildcard,
                _ => return self.barf(format!("Unsupported anything-but pattern: {name}")),
            };
            tok = self.next_in()?;
        }
        if !matches!(tok, Token::StartArray | Token::String | Token::Number) {
            return self
                .barf("Value of anything-but must be an array or single string/number value.");
        }
        let wrong_type = match form {
            Form::IgnoreCase => "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.",
            Form::Wildcard => "wildcard match pattern must be a string",
            _ => "prefix/suffix match pattern must be a string",
        };
        let exclusion = if form == Form::Plain {
            let mut strings = Vec::new();
            let mut numbers = Vec::new();
            let mut one = |c: &mut Self, t: &Token, in_list: bool| -> Result<(), PatternError> {
                match t {
                    Token::String => strings.push(c.text()?),
                    Token::Number => {
                        let text = c.text()?;
                        match comparable(&text) {
                            Some(v) => numbers.push(v),
                            None => return c.barf(not_comparable_message(&text)),
                        }
                    }
                    _ if in_list => {
                        return c
                            .barf("Inside anything but list, start|null|boolean is not supported.")
                    }
                    _ => {
                        return c
                            .barf("Inside anything-but list, start|null|boolean is not supported.")
                    }
                }
                Ok(())
            };
            if tok == Token::StartArray {
                let open = self.r.span();
                loop {
                    let t = self.next_in()?;
                    if t == Token::EndArray {
                        break;
                    }
                    one(self, &t, true)?;
                }
                if strings.is_empty() == numbers.is_empty() {
                    return self.barf_at(
                        "Inside anything but list, either all values are number or string, mixed type is not supported",
                        open.cover(self.r.span()),
                    );
                }
            } else {
                one(self, &tok, false)?;
            }
            if numbers.is_empty() {
                Exclusion::Strings(strings)
            } else {
                Exclusion::Numbers(numbers)
            }
        } else {
            let mut values = Vec::new();
            let mut one = |c: &mut Self, t: &Token| -> Result<(), PatternError> {
                if *t != Token::String {
                    return c.barf(wrong_type);
                }
                let s = c.text()?;
                if s.is_empty() && matches!(form, Form::Prefix | Form::Suffix) {
                    return c.barf("Null prefix/suffix not allowed");
                }
                if form == Form::Wildcard {
                    Glob::parse(&s).or_else(|e| c.barf(e))?;
                }
                values.push(s);
                Ok(())
            };
            if tok == Token::StartArray {
                loop {
                    let t = self.next_in()?;
                    if t == Token::EndArray {
                        break;
                    }
                    one(self, &t)?;
                }
            } else {
                one(self, &tok)?;
            }
            match form {
                Form::IgnoreCase => {
                    Exclusion::IgnoreCase(values.iter().map(|s| Caseless::new(s)).collect())
                }
                Form::Prefix => Exclusion::Prefixes(values),
                Form::Suffix => Exclusion::Suffixes(values),
                _ => Exclusion::Wildcards(
                    values
                        .iter()
                        .map(|s| Glob::parse(s).expect("checked above"))
                        .collect(),
                ),
            }
        };
        self.end_object("Too many elements in numeric expression")?;
        if form != Form::Plain {
            self.end_object("Too many elements in numeric expression")?;
        }
        Ok(Op::AnythingBut(exclusion))
    }

    /// The numeric expression after its `[`, up to and including `]`.
    fn numeric(&mut self) -> Result<Op, PatternError> {
        let tok = self.next_in()?;
        if tok != Token::String {
            let t = self.text()?;
            return self.barf(format!("Invalid member in numeric match: {t}"));
        }
        let operator = self.text()?;
        let tok = self.next_in()?;
        let value_name = if operator == "=" {
            "equals"
        } else {
            operator.as_str()
        };
        if !["=", "<", "<=", ">", ">="].contains(&operator.as_str()) {
            return self.barf(format!("Unrecognized numeric range operator: {operator}"));
        }
        if !tok.is_number() {
            return self.barf(format!("Value of {value_name} must be numeric"));
        }
        let text = self.text()?;
        let value_span = self.r.span();
        match operator.as_str() {
            "=" | "<" | "<=" => {
                if self.next_in()? != Token::EndArray {
                    return self.barf("Too many elements in numeric expression");
                }
                let v = self.comparable_at(&text, value_span)?;
                let bound = Bound {
                    value: v,
                    open: operator == "<",
                };
                Ok(match operator.as_str() {
                    "=" => Op::Numeric {
                        low: Some(Bound {
                            value: v,
                            open: false,
                        }),
                        high: Some(Bound {
                            value: v,
                            open: false,
                        }),
                    },
                    _ => Op::Numeric {
                        low: None,
                        high: Some(bound),
                    },
                })
            }
            _ => {
                let low_open = operator == ">";
                let tok = self.next_in()?;
                if tok == Token::EndArray {
                    let v = self.comparable_at(&text, value_span)?;
                    return Ok(Op::Numeric {
                        low: Some(Bound {
                            value: v,
                            open: low_open,
                        }),
                        high: None,
                    });
                }
                if tok != Token::String {
                    let t = self.text()?;
                    return self.barf(format!("Bad value in numeric range: {t}"));
                }
                let op2 = self.text()?;
                if op2 != "<" && op2 != "<=" {
                    return self.barf(format!("Bad numeric range operator: {op2}"));
                }
                if !self.next_in()?.is_number() {
                    return self.barf(format!("Value of {op2} must be numeric"));
                }
                let top_text = self.text()?;
                let top_span = self.r.span();
                if self.next_in()? != Token::EndArray {
                    return self.barf("Too many terms in numeric range expression");
                }
                let low = self.comparable_at(&text, value_span)?;
                let high = self.comparable_at(&top_text, top_span)?;
                if low >= high {
                    return self
                        .barf_at("Bottom must be less than top", value_span.cover(top_span));
                }
                Ok(Op::Numeric {
                    low: Some(Bound {
                        value: low,
                        open: low_open,
                    }),
                    high: Some(Bound {
                        value: high,
                        open: op2 == "<",
                    }),
                })
            }
        }
    }

    fn comparable_at(&self, text: &str, span: Span) -> Result<f64, PatternError> {
        match comparable(text) {
            Some(v) => Ok(v),
            None => self.barf_at(not_comparable_message(text), span),
        }
    }
}
