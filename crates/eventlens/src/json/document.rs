//! Reading one whole JSON document into a representation of the caller's choice: the token loop,
//! the nesting bookkeeping and the errors for an empty input and for content after the value,
//! shared by the tree ([`super::tree::Document`]) and the compact tape ([`super::tape::Tape`]).

use super::reader::{SyntaxError, Token, TokenReader};
use crate::Span;

/// What a document is built from, in source order.
pub trait DocumentSink {
    /// An object key: its decoded text and the span of the quoted key.
    fn key(&mut self, name: String, span: Span);
    /// A scalar value: its token, its span (quotes included), and for a string its decoded text.
    fn scalar(&mut self, token: Token, span: Span, string: Option<String>);
    /// The opening `{` (`object`) or `[` of a container; its span is that one byte.
    fn open(&mut self, object: bool, span: Span);
    /// The marker closing the innermost open container, with the marker's span.
    fn close(&mut self, span: Span);
}

/// Reads one JSON value filling the whole of `src` (white space around it allowed) into `sink`.
/// Nesting deeper than `max_depth` is an error; the reader never recurses.
pub fn read_document(
    src: &str,
    max_depth: usize,
    sink: &mut impl DocumentSink,
) -> Result<(), SyntaxError> {
    let mut reader = TokenReader::new(src, max_depth);
    let mut depth = 0usize;
    let mut complete = false;
    while let Some(tok) = reader.next_token()? {
        let span = reader.span();
        match tok {
            Token::FieldName(name) => {
                sink.key(name, span);
                continue;
            }
            Token::EndArray | Token::EndObject => {
                sink.close(span);
                depth -= 1;
            }
            Token::StartArray | Token::StartObject => {
                sink.open(tok == Token::StartObject, span);
                depth += 1;
                continue;
            }
            Token::String => {
                let text = reader.string_value()?;
                sink.scalar(tok, reader.span(), Some(text));
            }
            _ => sink.scalar(tok, span, None),
        }
        if depth == 0 {
            complete = true;
            break;
        }
    }
    if !complete {
        let end = src.len();
        return Err(SyntaxError {
            message: "No content to map due to end-of-input".to_string(),
            jackson_pos: reader.pos_at(end),
            span: Span::new(end, end),
            depth_exceeded: false,
        });
    }
    // Anything but white space after the value is an error.
    let rest_start = reader.offset();
    let rest = &src[rest_start..];
    if let Some(i) = rest.find(|c: char| !matches!(c, ' ' | '\t' | '\n' | '\r')) {
        let at = rest_start + i;
        let ch = src[at..].chars().next().unwrap_or(' ');
        return Err(SyntaxError {
            message: format!("Unexpected content after the JSON value: '{ch}'"),
            jackson_pos: reader.pos_at(at),
            span: Span::new(at, at + ch.len_utf8()),
            depth_exceeded: false,
        });
    }
    Ok(())
}
