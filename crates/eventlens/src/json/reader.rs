//! A pull reader of JSON tokens that behaves like the Jackson streaming parser EventBridge uses.
//!
//! Written by hand because AWS's validation messages are Jackson's: the same token order (a value's
//! first token is read together with its field name, strings are decoded lazily), the same error
//! texts and the same `line`/`column` rules. No Rust JSON crate reproduces those, keeps duplicate
//! keys, or reports byte spans of every token, all of which the engine needs.

use super::text::{source_description, TextPos};
use crate::Span;

/// One JSON token.
#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    /// `{`
    StartObject,
    /// `}`
    EndObject,
    /// `[`
    StartArray,
    /// `]`
    EndArray,
    /// An object key, decoded.
    FieldName(String),
    /// A string value; its text is decoded by [`TokenReader::string_value`].
    String,
    /// A number; its exact text is `span` of the source.
    Number,
    /// `true`
    True,
    /// `false`
    False,
    /// `null`
    Null,
}

impl Token {
    /// Whether this token is a number (Jackson's `isNumeric`).
    pub fn is_number(&self) -> bool {
        matches!(self, Token::Number)
    }
}

/// A JSON syntax error with Jackson's message text.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    /// Jackson's message, without the trailing location line.
    pub message: String,
    /// Where Jackson reports the error (its line and column rules).
    pub jackson_pos: TextPos,
    /// The bytes of the source the error is about.
    pub span: Span,
    /// The error is the nesting-depth limit, not a syntax fault.
    pub depth_exceeded: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Context {
    Root,
    Array { start: usize, has_entries: bool },
    Object { start: usize, has_entries: bool },
}

impl Context {
    fn type_desc(&self) -> &'static str {
        match self {
            Context::Root => "root",
            Context::Array { .. } => "Array",
            Context::Object { .. } => "Object",
        }
    }
}

/// Reads tokens one at a time, as Jackson's `JsonParser.nextToken()` does.
pub struct TokenReader<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    row: usize,
    row_start: usize,
    stack: Vec<Context>,
    /// Value token read together with a field name (Jackson's `_nextToken`).
    pending: Option<(Token, Span)>,
    /// The current string token still has to be decoded or skipped.
    string_incomplete: bool,
    current: Option<(Token, Span)>,
    max_depth: usize,
}

const VALUE_LIST: &str = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

impl<'a> TokenReader<'a> {
    /// A reader over `src` that refuses nesting deeper than `max_depth`.
    pub fn new(src: &'a str, max_depth: usize) -> Self {
        TokenReader {
            src,
            bytes: src.as_bytes(),
            pos: 0,
            row: 1,
            row_start: 0,
            stack: vec![Context::Root],
            pending: None,
            string_incomplete: false,
            current: None,
            max_depth,
        }
    }

    /// The source text.
    pub fn source(&self) -> &'a str {
        self.src
    }

    /// The span of the current token.
    pub fn span(&self) -> Span {
        self.current
            .as_ref()
            .map(|c| c.1)
            .unwrap_or(Span::new(0, 0))
    }

    /// The current token.
    pub fn current(&self) -> Option<&Token> {
        self.current.as_ref().map(|c| &c.0)
    }

    /// How deep the reader is in nested arrays and objects.
    pub fn depth(&self) -> usize {
        self.stack.len() - 1
    }

    /// The byte offset just after the last consumed character.
    pub fn offset(&self) -> usize {
        self.pos
    }

    /// Jackson's "current location": just after the current token.
    pub fn current_pos(&self) -> TextPos {
        self.pos_at(self.pos)
    }

    /// The text Jackson's `getText()` gives for the current token (numbers: their exact text).
    pub fn token_text(&mut self) -> Result<String, SyntaxError> {
        match self.current.clone() {
            Some((Token::String, _)) => self.string_value(),
            Some((Token::FieldName(n), _)) => Ok(n),
            Some((_, span)) => Ok(self.src[span.start..span.end].to_string()),
            None => Ok(String::new()),
        }
    }

    /// Decodes the current string token (Jackson's `getText()` on `VALUE_STRING`).
    pub fn string_value(&mut self) -> Result<String, SyntaxError> {
        let span = self.span();
        let (text, end) = self.scan_string(span.start + 1, "string value")?;
        self.string_incomplete = false;
        self.pos = end;
        if let Some(cur) = self.current.as_mut() {
            cur.1 = Span::new(span.start, end);
        }
        Ok(text)
    }

    /// Reads the next token; `None` at the end of the input at root level.
    pub fn next_token(&mut self) -> Result<Option<Token>, SyntaxError> {
        if self.string_incomplete {
            self.string_value()?;
        }
        if let Some((tok, span)) = self.pending.take() {
            self.open_scope(&tok, span.start)?;
            self.current = Some((tok.clone(), span));
            self.string_incomplete = tok == Token::String;
            return Ok(Some(tok));
        }
        let Some(mut c) = self.skip_ws()? else {
            return match *self.stack.last().expect("root context") {
                Context::Root => {
                    self.current = None;
                    Ok(None)
                }
                ctx => {
                    let start = match ctx {
                        Context::Array { start, .. } | Context::Object { start, .. } => start,
                        Context::Root => 0,
                    };
                    let msg = format!(
                        "Unexpected end-of-input: expected close marker for {} (start marker at {})",
                        ctx.type_desc(),
                        self.location_desc(self.pos_at(start))
                    );
                    Err(self.error_at_end(msg))
                }
            };
        };
        let here = self.pos;
        if c == b']' || c == b'}' {
            return self.close_scope(c).map(Some);
        }
        let ctx = *self.stack.last().expect("root context");
        let expect_comma = matches!(
            ctx,
            Context::Array {
                has_entries: true,
                ..
            } | Context::Object {
                has_entries: true,
                ..
            }
        );
        if expect_comma {
            if c != b',' {
                return Err(self.unexpected_char(
                    here,
                    &format!(
                        "was expecting comma to separate {} entries",
                        ctx.type_desc()
                    ),
                ));
            }
            self.pos += 1;
            match self.skip_ws()? {
                Some(n) => c = n,
                None => {
                    return Err(self.error_at_end(format!(
                        "Unexpected end-of-input within/between {} entries",
                        ctx.type_desc()
                    )))
                }
            }
        }
        let start = self.pos;
        match self.stack.last_mut().expect("root context") {
            Context::Array { has_entries, .. } | Context::Object { has_entries, .. } => {
                *has_entries = true
            }
            Context::Root => {}
        }
        if matches!(ctx, Context::Object { .. }) {
            if c != b'"' {
                return Err(
                    self.unexpected_char(start, "was expecting double-quote to start field name")
                );
            }
            let (name, end) = self.scan_string(start + 1, "name")?;
            self.pos = end;
            let name_span = Span::new(start, end);
            match self.skip_ws()? {
                Some(b':') => self.pos += 1,
                Some(_) => {
                    let p = self.pos;
                    return Err(self.unexpected_char(
                        p,
                        "was expecting a colon to separate field name and value",
                    ));
                }
                None => {
                    return Err(self.error_at_end(
                        "Unexpected end-of-input within/between Object entries".to_string(),
                    ))
                }
            }
            let value = match self.skip_ws()? {
                Some(v) => v,
                None => return Err(self.error_at_end(self.eof_in_context_message())),
            };
            let value_start = self.pos;
            let tok = self.value_token(value, true)?;
            self.pending = Some((tok, Span::new(value_start, self.pos)));
            self.current = Some((Token::FieldName(name.clone()), name_span));
            return Ok(Some(Token::FieldName(name)));
        }
        let tok = self.value_token(c, false)?;
        self.open_scope(&tok, start)?;
        self.current = Some((tok.clone(), Span::new(start, self.pos)));
        self.string_incomplete = tok == Token::String;
        Ok(Some(tok))
    }

    fn open_scope(&mut self, tok: &Token, start: usize) -> Result<(), SyntaxError> {
        let ctx = match tok {
            Token::StartArray => Context::Array {
                start,
                has_entries: false,
            },
            Token::StartObject => Context::Object {
                start,
                has_entries: false,
            },
            _ => return Ok(()),
        };
        if self.depth() >= self.max_depth {
            return Err(SyntaxError {
                message: format!(
                    "Nesting depth exceeds the maximum of {} levels",
                    self.max_depth
                ),
                jackson_pos: self.pos_at(start + 1),
                span: Span::new(start, start + 1),
                depth_exceeded: true,
            });
        }
        self.stack.push(ctx);
        Ok(())
    }

    fn close_scope(&mut self, c: u8) -> Result<Token, SyntaxError> {
        let start = self.pos;
        let ctx = *self.stack.last().expect("root context");
        let (ok, expected) = match ctx {
            Context::Array { .. } => (c == b']', ']'),
            Context::Object { .. } => (c == b'}', '}'),
            Context::Root => (false, if c == b']' { '}' } else { ']' }),
        };
        self.pos += 1;
        if !ok {
            let open = match ctx {
                Context::Array { start, .. } | Context::Object { start, .. } => start,
                Context::Root => 0,
            };
            let message = format!(
                "Unexpected close marker '{}': expected '{}' (for {} starting at {})",
                c as char,
                expected,
                ctx.type_desc(),
                self.location_desc(self.pos_at(open))
            );
            return Err(SyntaxError {
                message,
                jackson_pos: self.pos_at(self.pos),
                span: Span::new(start, self.pos),
                depth_exceeded: false,
            });
        }
        self.stack.pop();
        let tok = if c == b']' {
            Token::EndArray
        } else {
            Token::EndObject
        };
        self.current = Some((tok.clone(), Span::new(start, self.pos)));
        Ok(tok)
    }

    fn eof_in_context_message(&self) -> String {
        format!(
            "Unexpected end-of-input within/between {} entries",
            self.stack.last().expect("root context").type_desc()
        )
    }

    /// Reads the token that starts with `c` at `self.pos`: numbers and literals completely,
    /// strings only up to their opening quote (decoded later, as Jackson does).
    fn value_token(&mut self, c: u8, in_object: bool) -> Result<Token, SyntaxError> {
        let start = self.pos;
        match c {
            b'"' => {
                // Find the end now so that the span is right; decoding (and its errors) waits.
                self.pos += 1;
                Ok(Token::String)
            }
            b'[' => {
                self.pos += 1;
                Ok(Token::StartArray)
            }
            b'{' => {
                self.pos += 1;
                Ok(Token::StartObject)
            }
            b'}' if in_object => Err(self.unexpected_char(start, "expected a value")),
            b't' => self.literal("true", Token::True),
            b'f' => self.literal("false", Token::False),
            b'n' => self.literal("null", Token::Null),
            b'-' | b'0'..=b'9' => self.number(),
            _ => self.odd_value(c),
        }
    }

    fn odd_value(&mut self, c: u8) -> Result<Token, SyntaxError> {
        let start = self.pos;
        match c {
            b'N' => {
                self.literal("NaN", Token::Null)?;
                return Err(self.error_here(
                    "Non-standard token 'NaN': enable JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS to allow"
                        .to_string(),
                    start,
                ));
            }
            b'I' => {
                self.literal("Infinity", Token::Null)?;
                return Err(self.error_here(
                    "Non-standard token 'Infinity': enable JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS to allow"
                        .to_string(),
                    start,
                ));
            }
            b'/' => {
                return Err(self.unexpected_char(
                    start,
                    "maybe a (non-standard) comment? (not recognized as one since Feature 'ALLOW_COMMENTS' not enabled for parser)",
                ))
            }
            _ => {}
        }
        let ch = self.char_at(start);
        if ch.is_alphabetic() || ch == '_' || ch == '$' {
            self.pos = start;
            return Err(self.invalid_token(start));
        }
        Err(self.unexpected_char(start, &format!("expected a valid value {VALUE_LIST}")))
    }

    fn literal(&mut self, word: &str, tok: Token) -> Result<Token, SyntaxError> {
        let start = self.pos;
        let w = word.as_bytes();
        for (i, &b) in w.iter().enumerate() {
            match self.bytes.get(start + i) {
                Some(&x) if x == b => {}
                Some(_) => {
                    self.pos = start + i;
                    return Err(self.invalid_token(start));
                }
                None => {
                    self.pos = start + i;
                    return Err(self.invalid_token(start));
                }
            }
        }
        self.pos = start + w.len();
        // A literal must not run on into identifier characters ("truex").
        if let Some(ch) = self.src[self.pos..].chars().next() {
            if is_identifier_part(ch) {
                return Err(self.invalid_token(start));
            }
        }
        Ok(tok)
    }

    /// "Unrecognized token": collects identifier characters from `start` as Jackson does.
    fn invalid_token(&mut self, start: usize) -> SyntaxError {
        let mut end = start;
        for (i, ch) in self.src[start..].char_indices() {
            if i == 0 || is_identifier_part(ch) {
                end = start + i + ch.len_utf8();
            } else {
                break;
            }
        }
        self.pos = end;
        SyntaxError {
            message: format!(
                "Unrecognized token '{}': was expecting {VALUE_LIST}",
                &self.src[start..end]
            ),
            jackson_pos: self.pos_at(end),
            span: Span::new(start, end),
            depth_exceeded: false,
        }
    }

    fn number(&mut self) -> Result<Token, SyntaxError> {
        let start = self.pos;
        let b = self.bytes;
        let mut i = start;
        if b[i] == b'-' {
            i += 1;
            match b.get(i) {
                Some(b'0'..=b'9') => {}
                Some(b'I') => {
                    self.pos = i;
                    self.literal("Infinity", Token::Null)?;
                    return Err(self.error_here(
                        "Non-standard token '-Infinity': enable JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS to allow".to_string(),
                        start,
                    ));
                }
                _ => {
                    return Err(self.number_char_error(
                        i,
                        "expected digit (0-9) to follow minus sign, for valid numeric value",
                    ))
                }
            }
        }
        if b[i] == b'0' && matches!(b.get(i + 1), Some(b'0'..=b'9')) {
            self.pos = i + 1;
            return Err(self.error_here(
                "Invalid numeric value: Leading zeroes not allowed".to_string(),
                start,
            ));
        }
        while matches!(b.get(i), Some(b'0'..=b'9')) {
            i += 1;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            if !matches!(b.get(i), Some(b'0'..=b'9')) {
                return Err(self.number_char_error(i, "Decimal point not followed by a digit"));
            }
            while matches!(b.get(i), Some(b'0'..=b'9')) {
                i += 1;
            }
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(b.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if !matches!(b.get(i), Some(b'0'..=b'9')) {
                return Err(self.number_char_error(i, "Exponent indicator not followed by a digit"));
            }
            while matches!(b.get(i), Some(b'0'..=b'9')) {
                i += 1;
            }
        }
        self.pos = i;
        Ok(Token::Number)
    }

    fn number_char_error(&mut self, at: usize, comment: &str) -> SyntaxError {
        self.pos = at;
        if at >= self.bytes.len() {
            return self.error_at_end(format!(
                "Unexpected end-of-input in a Number value: {comment}"
            ));
        }
        let ch = self.char_at(at);
        let end = at + ch.len_utf8();
        SyntaxError {
            message: format!(
                "Unexpected character ({}) in numeric value: {comment}",
                char_desc(ch)
            ),
            jackson_pos: self.pos_at(at),
            span: Span::new(at, end),
            depth_exceeded: false,
        }
    }

    /// Decodes a string whose content starts at `from`; returns it and the offset after the quote.
    fn scan_string(&mut self, from: usize, what: &str) -> Result<(String, usize), SyntaxError> {
        let b = self.bytes;
        let mut i = from;
        // Fast path: no escapes.
        while i < b.len() && b[i] != b'"' && b[i] != b'\\' && b[i] >= 0x20 {
            i += 1;
        }
        let mut out = String::with_capacity(i - from);
        out.push_str(&self.src[from..i]);
        loop {
            match b.get(i) {
                None => {
                    self.pos = i;
                    let msg = if what == "name" {
                        "Unexpected end-of-input: was expecting closing '\"' for name".to_string()
                    } else {
                        "Unexpected end-of-input: was expecting closing quote for a string value"
                            .to_string()
                    };
                    return Err(self.error_at_end(msg));
                }
                Some(b'"') => return Ok((out, i + 1)),
                Some(b'\\') => {
                    let esc_start = i;
                    i += 1;
                    let Some(&e) = b.get(i) else {
                        self.pos = i;
                        return Err(self.error_at_end(
                            "Unexpected end-of-input in character escape sequence".to_string(),
                        ));
                    };
                    i += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let unit = self.hex4(i)?;
                            i += 4;
                            if (0xD800..0xDC00).contains(&unit)
                                && b.get(i) == Some(&b'\\')
                                && b.get(i + 1) == Some(&b'u')
                            {
                                let low = self.hex4(i + 2)?;
                                if (0xDC00..0xE000).contains(&low) {
                                    let cp = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                                    out.push(char::from_u32(cp).unwrap_or('?'));
                                    i += 6;
                                    continue;
                                }
                            }
                            // A lone surrogate: Java encodes it to UTF-8 as '?', so the engine sees '?'.
                            out.push(char::from_u32(unit).unwrap_or('?'));
                        }
                        _ => {
                            let ch = self.char_at(esc_start + 1);
                            self.pos = esc_start + 1 + ch.len_utf8();
                            return Err(SyntaxError {
                                message: format!("Unrecognized character escape {}", char_desc(ch)),
                                jackson_pos: self.pos_at(self.pos),
                                span: Span::new(esc_start, self.pos),
                                depth_exceeded: false,
                            });
                        }
                    }
                }
                Some(&c) if c < 0x20 => {
                    self.pos = i + 1;
                    return Err(SyntaxError {
                        message: format!(
                            "Illegal unquoted character ({}): has to be escaped using backslash to be included in {what}",
                            char_desc(c as char)
                        ),
                        jackson_pos: self.pos_at(i),
                        span: Span::new(i, i + 1),
                        depth_exceeded: false,
                    });
                }
                Some(_) => {
                    let run_start = i;
                    while i < b.len() && b[i] != b'"' && b[i] != b'\\' && b[i] >= 0x20 {
                        i += 1;
                    }
                    out.push_str(&self.src[run_start..i]);
                }
            }
        }
    }

    fn hex4(&mut self, at: usize) -> Result<u32, SyntaxError> {
        let mut v = 0u32;
        for k in 0..4 {
            let Some(&h) = self.bytes.get(at + k) else {
                self.pos = at + k;
                return Err(self.error_at_end(
                    "Unexpected end-of-input in character escape sequence".to_string(),
                ));
            };
            let d = match h {
                b'0'..=b'9' => h - b'0',
                b'a'..=b'f' => h - b'a' + 10,
                b'A'..=b'F' => h - b'A' + 10,
                _ => {
                    self.pos = at + k;
                    return Err(self.unexpected_char(
                        at + k,
                        "expected a hex-digit for character escape sequence",
                    ));
                }
            };
            v = v * 16 + d as u32;
        }
        Ok(v)
    }

    /// Skips white space; returns the next byte without consuming it, or `None` at the end.
    fn skip_ws(&mut self) -> Result<Option<u8>, SyntaxError> {
        let b = self.bytes;
        while let Some(&c) = b.get(self.pos) {
            match c {
                b' ' | b'\t' => self.pos += 1,
                b'\n' => {
                    self.pos += 1;
                    self.row += 1;
                    self.row_start = self.pos;
                }
                b'\r' => {
                    self.pos += 1;
                    if b.get(self.pos) == Some(&b'\n') {
                        self.pos += 1;
                    }
                    self.row += 1;
                    self.row_start = self.pos;
                }
                c if c < 0x20 => {
                    let at = self.pos;
                    self.pos += 1;
                    return Err(SyntaxError {
                        message: format!(
                            "Illegal character ({}): only regular white space (\\r, \\n, \\t) is allowed between tokens",
                            char_desc(c as char)
                        ),
                        jackson_pos: self.pos_at(at + 1),
                        span: Span::new(at, at + 1),
                        depth_exceeded: false,
                    });
                }
                _ => return Ok(Some(c)),
            }
        }
        Ok(None)
    }

    fn char_at(&self, at: usize) -> char {
        self.src[at..].chars().next().unwrap_or('\0')
    }

    /// Jackson's `_reportUnexpectedChar`: the location is the character itself.
    fn unexpected_char(&mut self, at: usize, comment: &str) -> SyntaxError {
        let ch = self.char_at(at);
        let end = at + ch.len_utf8();
        self.pos = end;
        SyntaxError {
            message: format!("Unexpected character ({}): {comment}", char_desc(ch)),
            jackson_pos: self.pos_at(at),
            span: Span::new(at, end),
            depth_exceeded: false,
        }
    }

    fn error_here(&self, message: String, start: usize) -> SyntaxError {
        SyntaxError {
            message,
            jackson_pos: self.pos_at(self.pos),
            span: Span::new(start, self.pos),
            depth_exceeded: false,
        }
    }

    fn error_at_end(&self, message: String) -> SyntaxError {
        let end = self.bytes.len();
        SyntaxError {
            message,
            jackson_pos: self.pos_at(end),
            span: Span::new(end, end),
            depth_exceeded: false,
        }
    }

    /// Line and 1-based column (in UTF-16 units, as Java counts) of the character at `offset`.
    pub fn pos_at(&self, offset: usize) -> TextPos {
        TextPos::of(self.src, offset)
    }

    /// Jackson's `[Source: (String)"…"; line: L, column: C]`.
    pub fn location_desc(&self, pos: TextPos) -> String {
        format!(
            "[Source: {}; line: {}, column: {}]",
            source_description(self.src),
            pos.line,
            pos.column
        )
    }
}

/// Java's `Character.isJavaIdentifierPart`, close enough for error messages.
fn is_identifier_part(ch: char) -> bool {
    ch.is_alphanumeric() || ch == '_' || ch == '$'
}

/// Jackson's `_getCharDesc`.
fn char_desc(ch: char) -> String {
    let code = ch as u32;
    if ch.is_control() {
        format!("(CTRL-CHAR, code {code})")
    } else if code > 255 {
        format!("'{ch}' (code {code} / 0x{code:x})")
    } else {
        format!("'{ch}' (code {code})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(src: &str) -> Result<Vec<Token>, SyntaxError> {
        let mut r = TokenReader::new(src, 100);
        let mut out = vec![];
        while let Some(t) = r.next_token()? {
            if t == Token::String {
                r.string_value()?;
            }
            out.push(t);
        }
        Ok(out)
    }

    #[test]
    fn reads_nested_tokens() {
        let t = tokens(r#"{"a": [1, "x", true, null, {"b": false}]}"#).unwrap();
        assert_eq!(t.len(), 13);
        assert_eq!(t[1], Token::FieldName("a".into()));
        assert_eq!(t[3], Token::Number);
    }

    #[test]
    fn jackson_messages_and_columns() {
        let e = tokens("this is valid json but not a dict").unwrap_err();
        assert!(
            e.message.starts_with("Unrecognized token 'this'"),
            "{}",
            e.message
        );
        assert_eq!(e.jackson_pos.column, 5);
        let e = tokens("{'bad': 'quotation'}").unwrap_err();
        assert_eq!(
            e.message,
            "Unexpected character (''' (code 39)): was expecting double-quote to start field name"
        );
        assert_eq!(e.jackson_pos.column, 2);
        let e = tokens(r#"{"a": [1, 2 3]}"#).unwrap_err();
        assert_eq!(
            e.message,
            "Unexpected character ('3' (code 51)): was expecting comma to separate Array entries"
        );
    }

    #[test]
    fn decodes_escapes_and_surrogates() {
        let mut r = TokenReader::new(r#""a\u00e9\ud83d\ude80\ud800x""#, 10);
        r.next_token().unwrap();
        assert_eq!(r.string_value().unwrap(), "aé🚀?x");
    }

    #[test]
    fn depth_limit_is_an_error() {
        let deep = "[".repeat(50) + &"]".repeat(50);
        let mut r = TokenReader::new(&deep, 10);
        let err = loop {
            match r.next_token() {
                Ok(Some(_)) => continue,
                Ok(None) => panic!("depth limit not enforced"),
                Err(e) => break e,
            }
        };
        assert!(err.message.contains("Nesting depth"));
    }
}
