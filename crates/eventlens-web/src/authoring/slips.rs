//! Help for invalid input: for the commonest slips in a pattern or an event, one line in plain
//! words, where the fault really is, and one-click fixes. AWS's own message stays as the engine
//! gives it; this adds to it. Also [`warnings`] for valid patterns that will not do what they
//! seem to (CloudFormation left in them).

use super::lexemes::{lexemes, LexKind, Lexeme};
use super::splice::splice;
use crate::layers::floor_boundary;
use crate::syntax::TokenKind;
use crate::workspace::Side;
use eventlens::json::{Document, NodeId, NodeKind};
use eventlens::{Limits, Span};

/// Help for one slip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Help {
    /// One line in plain words.
    pub summary: String,
    /// Where the underline belongs (byte offsets); may differ from where the parser stopped.
    pub fault: Span,
    /// One-click fixes, the likeliest first.
    pub fixes: Vec<Fix>,
}

/// A one-click fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// A stable name for the fix (for the button's `data-fix`).
    pub id: &'static str,
    /// The button's label.
    pub label: String,
    /// The whole corrected text; `None` for an action the UI performs instead (see [`OPEN_BUS`]).
    pub text: Option<String>,
}

/// The id of the action that opens the Bus view, which reads CloudFormation templates.
pub const OPEN_BUS: &str = "open-bus";

/// Help for the engine's error `reason` (a pattern error's bare reason, or an event error's
/// message) at `error_span` of `text`. `None` when the error is not one of the slips known here.
/// Never panics, whatever the span.
pub fn diagnose(text: &str, side: Side, error_span: Span, reason: &str) -> Option<Help> {
    let lex = lexemes(text);
    let at = floor_boundary(text, error_span.start.min(text.len()));
    let cx = Context {
        text,
        lex: &lex,
        at,
        reason,
    };
    let pattern = side == Side::Pattern;
    (pattern.then(|| cx.cloudformation_at_fault()).flatten())
        .or_else(|| cx.json_slip())
        .or_else(|| pattern.then(|| cx.unbracketed()).flatten())
        .or_else(|| pattern.then(|| cloudformation(text, &lex)).flatten())
}

/// Warnings for a pattern, valid or not: CloudFormation left in it (such a pattern may be valid
/// and never match).
pub fn warnings(text: &str) -> Vec<Help> {
    cloudformation(text, &lexemes(text)).into_iter().collect()
}

struct Context<'a> {
    text: &'a str,
    lex: &'a [Lexeme],
    /// Where the parser stopped.
    at: usize,
    reason: &'a str,
}

impl Context<'_> {
    /// The index of the lexeme at the error, if one starts or lies there.
    fn here(&self) -> Option<usize> {
        let k = self.lex.partition_point(|l| l.span.end <= self.at);
        (k < self.lex.len() && self.lex[k].span.start <= self.at).then_some(k)
    }

    fn json_slip(&self) -> Option<Help> {
        let k = self.here();
        let here = k.map(|k| self.lex[k]);
        match here.map(|l| l.kind) {
            Some(LexKind::Comment) => return Some(comments(self.text, self.lex, here?.span)),
            Some(LexKind::SingleQuoted) => {
                return Some(single_quotes(self.text, self.lex, here?.span))
            }
            _ => {}
        }
        if let Some(k) = k.filter(|&k| k > 0) {
            let (prev, cur) = (self.lex[k - 1], self.lex[k]);
            let closes = cur.is(self.text, "}") || cur.is(self.text, "]");
            if closes && prev.is(self.text, ",") {
                return Some(trailing_comma(self.text, prev.span));
            }
            if self.reason.contains("was expecting comma to separate") {
                return Some(missing_comma(self.text, prev, cur));
            }
        }
        if self.reason.contains("double-quote to start field name") {
            if let Some(key) = here.and_then(|_| unquoted_key_at(self.text, self.lex, k?)) {
                return Some(unquoted_keys(self.text, self.lex, key));
            }
        }
        if self
            .reason
            .starts_with("Unexpected end-of-input: expected close marker")
            || self
                .reason
                .starts_with("Unexpected end-of-input within/between")
        {
            return unclosed(self.text, self.lex);
        }
        None
    }

    /// A value where the pattern language wants an array or an object.
    fn unbracketed(&self) -> Option<Help> {
        if !self.reason.ends_with("must be an object or an array") {
            return None;
        }
        let value = self.lex[self.here()?];
        if !value.ends_value(self.text) || !matches!(value.kind, LexKind::Json(_)) {
            return None;
        }
        let mut values = Vec::new();
        if let Ok(doc) = Document::parse(self.text, Limits::default().max_depth) {
            bare_values(&doc, doc.root(), &mut values);
        }
        if !values.contains(&value.span) {
            values = vec![value.span];
        }
        let edits: Vec<(Span, String)> = values
            .iter()
            .flat_map(|s| {
                [
                    (Span::new(s.start, s.start), "[".to_string()),
                    (Span::new(s.end, s.end), "]".to_string()),
                ]
            })
            .collect();
        let label = if values.len() == 1 {
            "Wrap the value in [ ]".to_string()
        } else {
            format!("Wrap all {} values in [ ]", values.len())
        };
        Some(Help {
            summary: "EventBridge matches against a list: wrap the value in [ ]".to_string(),
            fault: value.span,
            fixes: vec![Fix {
                id: "wrap-in-array",
                label,
                text: Some(splice(self.text, &edits)),
            }],
        })
    }

    /// CloudFormation at the error itself: an intrinsic where the parser stopped, or the key
    /// whose value it stopped at (`{"Ref": "AWS::AccountId"}` in place of a list).
    fn cloudformation_at_fault(&self) -> Option<Help> {
        let markers = markers(self.text, self.lex);
        let k = self.here()?;
        let key_before = self.lex[..k]
            .iter()
            .rev()
            .take(2)
            .find(|l| l.kind == LexKind::Json(TokenKind::Key))
            .map(|l| l.span);
        let hit = markers.iter().find(|m| {
            (m.span.start <= self.at && self.at < m.span.end) || Some(m.span) == key_before
        })?;
        Some(cloudformation_help(hit))
    }
}

/// The scalar values that stand where a pattern wants an array or object: member values of the
/// objects reached from the root through objects and `$or` lists.
fn bare_values(doc: &Document, id: NodeId, out: &mut Vec<Span>) {
    let NodeKind::Object(members) = &doc.node(id).kind else {
        return;
    };
    for m in members {
        let value = doc.node(m.value);
        match &value.kind {
            NodeKind::Object(_) => bare_values(doc, m.value, out),
            NodeKind::Array(items) if m.key == "$or" => {
                for &item in items {
                    bare_values(doc, item, out);
                }
            }
            NodeKind::Array(_) => {}
            _ => out.push(value.span),
        }
    }
}

fn trailing_comma(text: &str, comma: Span) -> Help {
    Help {
        summary: "JSON allows no comma after the last entry: remove it".to_string(),
        fault: comma,
        fixes: vec![Fix {
            id: "remove-comma",
            label: "Remove the comma".to_string(),
            text: Some(splice(text, &[(comma, String::new())])),
        }],
    }
}

fn missing_comma(text: &str, prev: Lexeme, cur: Lexeme) -> Help {
    let starts_value = matches!(
        cur.kind,
        LexKind::Json(TokenKind::Key | TokenKind::String | TokenKind::Number | TokenKind::Literal)
    ) || cur.is(text, "{")
        || cur.is(text, "[");
    let fault = if prev.span.end < cur.span.start {
        Span::new(prev.span.end, cur.span.start)
    } else {
        cur.span
    };
    let fixes = (prev.ends_value(text) && starts_value)
        .then(|| Fix {
            id: "insert-comma",
            label: "Add the comma".to_string(),
            text: Some(splice(
                text,
                &[(Span::new(prev.span.end, prev.span.end), ",".to_string())],
            )),
        })
        .into_iter()
        .collect();
    Help {
        summary: "A comma is missing between two entries: JSON separates them with `,`".to_string(),
        fault,
        fixes,
    }
}

fn comments(text: &str, lex: &[Lexeme], fault: Span) -> Help {
    let bytes = text.as_bytes();
    let edits: Vec<(Span, String)> = lex
        .iter()
        .filter(|l| l.kind == LexKind::Comment)
        .map(|l| {
            // The comment goes with the blanks before it on its line, and with its whole line
            // when nothing else is on it.
            let mut start = l.span.start;
            while start > 0 && matches!(bytes[start - 1], b' ' | b'\t') {
                start -= 1;
            }
            let mut end = l.span.end;
            while end < bytes.len() && matches!(bytes[end], b' ' | b'\t') {
                end += 1;
            }
            let line_start = start == 0 || matches!(bytes[start - 1], b'\n' | b'\r');
            if line_start && bytes[end..].starts_with(b"\r\n") {
                end += 2;
            } else if line_start && matches!(bytes.get(end), Some(b'\n' | b'\r')) {
                end += 1;
            } else {
                end = l.span.end;
            }
            (Span::new(start, end), String::new())
        })
        .collect();
    Help {
        summary: "JSON has no comments: remove them".to_string(),
        fault,
        fixes: vec![Fix {
            id: "remove-comments",
            label: "Remove the comments".to_string(),
            text: Some(splice(text, &edits)),
        }],
    }
}

fn single_quotes(text: &str, lex: &[Lexeme], fault: Span) -> Help {
    let edits: Vec<(Span, String)> = lex
        .iter()
        .filter(|l| l.kind == LexKind::SingleQuoted && closed(l.span.slice(text)))
        .map(|l| {
            let quoted = l.span.slice(text);
            (l.span, double_quoted(&quoted[1..quoted.len() - 1]))
        })
        .collect();
    let closed = edits.iter().any(|(s, _)| *s == fault);
    Help {
        summary: "JSON strings take double quotes: \"like this\", not 'like this'".to_string(),
        fault,
        fixes: closed
            .then(|| Fix {
                id: "double-quotes",
                label: "Use double quotes".to_string(),
                text: Some(splice(text, &edits)),
            })
            .into_iter()
            .collect(),
    }
}

/// The body of a single-quoted string as a double-quoted JSON string: `\'` becomes `'`, a bare
/// `"` is escaped, other escapes stay as written.
fn double_quoted(body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 2);
    out.push('"');
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('\'') => out.push('\''),
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                None => out.push_str("\\\\"),
            },
            '"' => out.push_str("\\\""),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The unquoted key starting at lexeme `k`: the lexemes up to the `:` after it, when they are
/// all stray words, numbers or literals and the key stands where an object's key goes.
fn unquoted_key_at(text: &str, lex: &[Lexeme], k: usize) -> Option<Span> {
    let bare = |l: &Lexeme| {
        matches!(
            l.kind,
            LexKind::Json(TokenKind::Invalid | TokenKind::Number | TokenKind::Literal)
        )
    };
    let run = lex[k..].iter().take_while(|l| bare(l)).count();
    let after = lex.get(k + run)?;
    (run > 0 && after.is(text, ":"))
        .then(|| Span::new(lex[k].span.start, lex[k + run - 1].span.end))
}

fn unquoted_keys(text: &str, lex: &[Lexeme], fault: Span) -> Help {
    // Keys stand after `{`, or after `,` inside an object.
    let mut open: Vec<bool> = Vec::new();
    let mut edits = Vec::new();
    let mut k = 0;
    while k < lex.len() {
        let l = lex[k];
        let key_place = k > 0
            && (lex[k - 1].is(text, "{")
                || (lex[k - 1].is(text, ",") && open.last() == Some(&true)));
        if key_place {
            if let Some(key) = unquoted_key_at(text, lex, k) {
                edits.push((key, quoted(key.slice(text))));
                k = lex.partition_point(|l| l.span.end <= key.end);
                continue;
            }
        }
        match l.span.slice(text) {
            "{" | "[" if matches!(l.kind, LexKind::Json(_)) => open.push(l.is(text, "{")),
            "}" | "]" if matches!(l.kind, LexKind::Json(_)) => {
                open.pop();
            }
            _ => {}
        }
        k += 1;
    }
    Help {
        summary: "JSON keys take double quotes: {\"source\": …}, not {source: …}".to_string(),
        fault,
        fixes: vec![Fix {
            id: "quote-keys",
            label: "Quote the keys".to_string(),
            text: Some(splice(text, &edits)),
        }],
    }
}

/// `raw` as a JSON string.
fn quoted(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 2);
    out.push('"');
    for c in raw.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The text ends inside brackets: the closing ones it needs, added after its last value.
fn unclosed(text: &str, lex: &[Lexeme]) -> Option<Help> {
    let mut open: Vec<Lexeme> = Vec::new();
    for l in lex
        .iter()
        .filter(|l| l.kind == LexKind::Json(TokenKind::Bracket))
    {
        match l.span.slice(text) {
            "{" | "[" => open.push(*l),
            close => {
                let opener = open.pop()?;
                let pair = (opener.span.slice(text), close);
                if !matches!(pair, ("{", "}") | ("[", "]")) {
                    return None;
                }
            }
        }
    }
    let innermost = *open.last()?;
    let closers: String = open
        .iter()
        .rev()
        .map(|l| if l.is(text, "{") { '}' } else { ']' })
        .collect();
    let last = *lex.last()?;
    let complete = last.kind != LexKind::Json(TokenKind::String) || closed(last.span.slice(text));
    let edit = if last.ends_value(text) && complete {
        Some((Span::new(last.span.end, last.span.end), closers.clone()))
    } else if last.is(text, ",") && lex.len() > 1 && lex[lex.len() - 2].ends_value(text) {
        Some((last.span, closers.clone()))
    } else {
        None
    };
    Some(Help {
        summary: format!("The text ends before every bracket is closed: it needs `{closers}`"),
        fault: innermost.span,
        fixes: edit
            .map(|e| Fix {
                id: "close-brackets",
                label: format!("Add `{closers}` at the end"),
                text: Some(splice(text, &[e])),
            })
            .into_iter()
            .collect(),
    })
}

/// Whether a quoted string (in `"` or `'`) has its closing quote.
fn closed(quoted: &str) -> bool {
    let s = quoted.as_bytes();
    let backslashes = s[..s.len().saturating_sub(1)]
        .iter()
        .rev()
        .take_while(|&&b| b == b'\\')
        .count();
    s.len() >= 2 && s[s.len() - 1] == s[0] && backslashes % 2 == 0
}

/// CloudFormation's intrinsic functions in their YAML short form (`!Sub`).
const SHORT_FORMS: &[&str] = &[
    "Ref",
    "Sub",
    "GetAtt",
    "Join",
    "Select",
    "Split",
    "If",
    "ImportValue",
    "FindInMap",
    "Base64",
    "Cidr",
    "GetAZs",
    "Equals",
    "Not",
    "And",
    "Or",
    "Condition",
    "Transform",
];

/// Something CloudFormation resolves before EventBridge sees the pattern.
struct Marker {
    span: Span,
    /// As written (`Fn::Sub`, `!Ref`, `${AWS::AccountId}`).
    name: String,
    /// A `${…}` substitution inside a string value: valid, and matched literally.
    literal: bool,
}

fn markers(text: &str, lex: &[Lexeme]) -> Vec<Marker> {
    let mut out = Vec::new();
    for (k, l) in lex.iter().enumerate() {
        let raw = l.span.slice(text);
        let inner = raw
            .strip_prefix('"')
            .map(|s| s.strip_suffix('"').unwrap_or(s))
            .unwrap_or(raw);
        match l.kind {
            LexKind::Json(TokenKind::Key) if inner == "Ref" || inner.starts_with("Fn::") => out
                .push(Marker {
                    span: l.span,
                    name: inner.to_string(),
                    literal: false,
                }),
            LexKind::Json(TokenKind::String) => {
                if let Some(sub) = substitution(inner) {
                    out.push(Marker {
                        span: l.span,
                        name: sub.to_string(),
                        literal: true,
                    })
                }
            }
            LexKind::Json(TokenKind::Invalid) if raw == "!" => {
                let word = lex.get(k + 1).filter(|w| {
                    w.span.start == l.span.end && SHORT_FORMS.contains(&w.span.slice(text))
                });
                if let Some(w) = word {
                    out.push(Marker {
                        span: l.span.cover(w.span),
                        name: format!("!{}", w.span.slice(text)),
                        literal: false,
                    })
                }
            }
            _ => {}
        }
    }
    out
}

/// The first `${…}` in a string that names what Fn::Sub fills in: a parameter, a pseudo
/// parameter (`AWS::AccountId`) or an attribute (`Queue.Arn`).
fn substitution(s: &str) -> Option<&str> {
    s.match_indices("${").find_map(|(start, _)| {
        let len = s[start..].find('}')?;
        let name = &s[start + 2..start + len];
        let named = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '.' | '_'));
        named.then(|| &s[start..=start + len])
    })
}

/// Help for the first CloudFormation marker.
fn cloudformation(text: &str, lex: &[Lexeme]) -> Option<Help> {
    Some(cloudformation_help(markers(text, lex).first()?))
}

fn cloudformation_help(m: &Marker) -> Help {
    let name = &m.name;
    let what = if m.literal {
        format!("`{name}` is a CloudFormation substitution: as written here it is matched literally, so it never matches")
    } else {
        format!("`{name}` is a CloudFormation intrinsic function, not part of the pattern language")
    };
    Help {
        summary: format!(
            "{what}. EventBridge gets the pattern CloudFormation sends after resolving intrinsics: paste the resolved pattern, or use the Bus view, which reads templates and takes parameters"
        ),
        fault: m.span,
        fixes: vec![Fix {
            id: OPEN_BUS,
            label: "Open in the Bus view".to_string(),
            text: None,
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use eventlens::{Event, Pattern, PatternError};

    fn pattern_help(text: &str) -> (PatternError, Help) {
        let err = Pattern::compile(text).unwrap_err();
        let help = diagnose(text, Side::Pattern, err.span, &err.reason)
            .unwrap_or_else(|| panic!("no help for {text}: {}", err.reason));
        (err, help)
    }

    fn event_help(text: &str) -> Help {
        let err = Event::parse(text).unwrap_err();
        diagnose(text, Side::Event, err.span, &err.message)
            .unwrap_or_else(|| panic!("no help for {text}: {}", err.message))
    }

    /// The text of the fix `id`, which must be the only fix.
    fn fixed(help: &Help, id: &str) -> String {
        assert_eq!(help.fixes.len(), 1, "{help:?}");
        assert_eq!(help.fixes[0].id, id);
        help.fixes[0].text.clone().expect("a fix with text")
    }

    /// The fixed pattern compiles, or fails later on with another error.
    fn progresses(before: &PatternError, fixed: &str) {
        if let Err(after) = Pattern::compile(fixed) {
            assert!(
                after.reason != before.reason || after.span.start > before.span.start,
                "{fixed}: {}",
                after.reason
            );
        }
    }

    #[test]
    fn values_without_brackets_are_wrapped() {
        let text = r#"{"region": "us-east-1"}"#;
        let (err, help) = pattern_help(text);
        assert!(err.reason.ends_with("must be an object or an array"));
        assert_eq!(
            help.summary,
            "EventBridge matches against a list: wrap the value in [ ]"
        );
        assert_eq!(help.fault.slice(text), "\"us-east-1\"");
        assert_eq!(
            fixed(&help, "wrap-in-array"),
            r#"{"region": ["us-east-1"]}"#
        );

        // Every such value at once, through nested objects and `$or`, and nothing inside lists.
        let text = r#"{"detail": {"size": 5, "ok": true, "none": null, "n": {"état": "é"}},
 "$or": [{"a": "ü"}, {"b": [{"prefix": "x"}]}], "c": ["d"]}"#;
        let (err, help) = pattern_help(text);
        assert_eq!(help.fault.slice(text), "5");
        assert_eq!(help.fixes[0].label, "Wrap all 5 values in [ ]");
        let fix = fixed(&help, "wrap-in-array");
        assert_eq!(
            fix,
            r#"{"detail": {"size": [5], "ok": [true], "none": [null], "n": {"état": ["é"]}},
 "$or": [{"a": ["ü"]}, {"b": [{"prefix": "x"}]}], "c": ["d"]}"#
        );
        Pattern::compile(&fix).unwrap();
        progresses(&err, &fix);

        // Invalid JSON further on: the reported value alone.
        let text = r#"{"a": true, "b": "c",}"#;
        let (err, help) = pattern_help(text);
        let fix = fixed(&help, "wrap-in-array");
        assert_eq!(fix, r#"{"a": [true], "b": "c",}"#);
        progresses(&err, &fix);
    }

    #[test]
    fn trailing_commas_are_found_where_they_are() {
        for (text, want) in [
            (r#"{"a": ["x",]}"#, r#"{"a": ["x"]}"#),
            (r#"{"a": ["b"],}"#, r#"{"a": ["b"]}"#),
            (
                "{\n  \"é\": [\"ü\"],\n  \"b\": {\"c\": [1],\n  },\n}",
                "{\n  \"é\": [\"ü\"],\n  \"b\": {\"c\": [1]\n  },\n}",
            ),
        ] {
            let (err, help) = pattern_help(text);
            assert!(err.reason.starts_with("Unexpected character"));
            assert_eq!(help.fault.slice(text), ",");
            assert!(help.fault.start < err.span.start);
            assert_eq!(
                help.summary,
                "JSON allows no comma after the last entry: remove it"
            );
            let fix = fixed(&help, "remove-comma");
            assert_eq!(fix, want);
            progresses(&err, &fix);
        }
    }

    #[test]
    fn single_quotes_become_double_quotes() {
        let text = r#"{'a': ['b "c"', 'it\'s', "é", 'ü\n']}"#;
        let (err, help) = pattern_help(text);
        assert!(err.reason.contains("code 39"));
        assert_eq!(help.fault.slice(text), "'a'");
        let fix = fixed(&help, "double-quotes");
        assert_eq!(fix, r#"{"a": ["b \"c\"", "it's", "é", "ü\n"]}"#);
        let pattern = Pattern::compile(&fix).unwrap();
        let event = Event::parse(r#"{"a": "b \"c\""}"#).unwrap();
        assert!(pattern.matches(&event));
        // An unclosed one: plain words only.
        for text in ["{\"a\": ['b]}", "{\"a\": ['b\\']}\n"] {
            let (_, help) = pattern_help(text);
            assert!(help.summary.contains("double quotes"));
            assert!(help.fixes.is_empty(), "{text}");
        }
    }

    #[test]
    fn unquoted_keys_are_quoted() {
        let text = "{source: [\"x\"], detail-type: [\"y\"], detail: {état: [1], \"b\": [{prefix: \"p\"}]}}";
        let (err, help) = pattern_help(text);
        assert!(err
            .reason
            .contains("was expecting double-quote to start field name"));
        assert_eq!(help.fault.slice(text), "source");
        let fix = fixed(&help, "quote-keys");
        assert_eq!(
            fix,
            "{\"source\": [\"x\"], \"detail-type\": [\"y\"], \"detail\": {\"état\": [1], \"b\": [{\"prefix\": \"p\"}]}}"
        );
        Pattern::compile(&fix).unwrap();
    }

    #[test]
    fn missing_commas_are_added() {
        for (text, want) in [
            (r#"{"a": ["b"] "c": ["d"]}"#, r#"{"a": ["b"], "c": ["d"]}"#),
            ("{\"a\": [\"é\"\n  \"d\"]}", "{\"a\": [\"é\",\n  \"d\"]}"),
        ] {
            let (err, help) = pattern_help(text);
            assert!(err.reason.contains("was expecting comma"));
            assert!(help.summary.starts_with("A comma is missing"));
            let fix = fixed(&help, "insert-comma");
            assert_eq!(fix, want);
            Pattern::compile(&fix).unwrap();
        }
    }

    #[test]
    fn unclosed_brackets_are_closed() {
        for (text, want) in [
            (r#"{"a": {"b": ["c"]"#, r#"{"a": {"b": ["c"]}}"#),
            ("{\"a\": [\"é\"\n", "{\"a\": [\"é\"]}\n"),
            (r#"{"a": ["b"],"#, r#"{"a": ["b"]}"#),
        ] {
            let (err, help) = pattern_help(text);
            assert!(err.reason.starts_with("Unexpected end-of-input"));
            assert!(help.summary.starts_with("The text ends before"), "{help:?}");
            let fix = fixed(&help, "close-brackets");
            assert_eq!(fix, want);
            Pattern::compile(&fix).unwrap();
        }
        let text = r#"{"a": {"b": ["c"]"#;
        let (_, help) = pattern_help(text);
        assert_eq!(help.fault.slice(text), "{");
        assert_eq!(help.fault.start, 6);
        // Ends after a key: no fix to guess.
        let (_, help) = pattern_help(r#"{"a": "#);
        assert!(help.fixes.is_empty());
    }

    #[test]
    fn comments_are_removed() {
        let text = "{\n  // the source\n  \"source\": [\"é\"], // trailing\n  /* block\n */ \"b\": [\"c\"] /* x */\n}";
        let (err, help) = pattern_help(text);
        assert!(err.reason.contains("'/'"));
        assert_eq!(help.fault.slice(text), "// the source");
        assert_eq!(help.summary, "JSON has no comments: remove them");
        let fix = fixed(&help, "remove-comments");
        assert_eq!(fix, "{\n  \"source\": [\"é\"],\n \"b\": [\"c\"]\n}");
        Pattern::compile(&fix).unwrap();
    }

    #[test]
    fn cloudformation_is_explained_not_fixed() {
        for (text, name) in [
            (r#"{"account": [{"Ref": "AWS::AccountId"}]}"#, "\"Ref\""),
            (r#"{"account": {"Ref": "AWS::AccountId"}}"#, "\"Ref\""),
            (r#"{"a": [{"Fn::Sub": "x-${AWS::Region}"}]}"#, "\"Fn::Sub\""),
            (r#"{"a": [{"Fn::GetAtt": ["Q", "Arn"]}]}"#, "\"Fn::GetAtt\""),
            (r#"{"a": [{"Fn::Join": ["", ["a"]]}]}"#, "\"Fn::Join\""),
            (r#"{"account": [!Ref AWS::AccountId]}"#, "!Ref"),
            (r#"{"a": [!Sub "${AWS::AccountId}"]}"#, "!Sub"),
        ] {
            let (_, help) = pattern_help(text);
            assert_eq!(help.fault.slice(text), name, "{text}");
            assert!(
                help.summary
                    .contains("is a CloudFormation intrinsic function"),
                "{}",
                help.summary
            );
            assert!(help.summary.contains("use the Bus view"));
            assert_eq!(
                help.fixes,
                vec![Fix {
                    id: OPEN_BUS,
                    label: "Open in the Bus view".to_string(),
                    text: None
                }]
            );
            assert_eq!(warnings(text).len(), 1);
        }
        // Valid, and never matches: a warning.
        let text = r#"{"account": ["${AWS::AccountId}"], "source": ["é"]}"#;
        Pattern::compile(text).unwrap();
        let w = warnings(text);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].fault.slice(text), "\"${AWS::AccountId}\"");
        assert!(w[0]
            .summary
            .contains("`${AWS::AccountId}` is a CloudFormation substitution"));
        assert!(w[0].summary.contains("never matches"));
        assert_eq!(w[0].fixes[0].id, OPEN_BUS);
        assert!(warnings(r#"{"a": ["$", "${}", "{x}", "${a b}", "Ref"], "Fn": ["b"]}"#).is_empty());
        let w = warnings(r#"{"a": ["${1 2} and ${Queue.Arn}"]}"#);
        assert!(
            w[0].summary.starts_with("`${Queue.Arn}` is"),
            "{}",
            w[0].summary
        );
    }

    #[test]
    fn json_slips_in_events() {
        let help = event_help(r#"{"source": "é", "detail": {"a": 1,},}"#);
        let fix = fixed(&help, "remove-comma");
        assert_eq!(fix, r#"{"source": "é", "detail": {"a": 1},}"#);
        let fix = fixed(&event_help(&fix), "remove-comma");
        Event::parse(&fix).unwrap();

        let help = event_help(r#"{'source': 'é', 'detail': {'say': 'a "b"'}}"#);
        let fix = fixed(&help, "double-quotes");
        let event = Event::parse(&fix).unwrap();
        let p = Pattern::compile(r#"{"detail": {"say": ["a \"b\""]}}"#).unwrap();
        assert!(p.matches(&event));

        let help = event_help(r#"{source: "é", detail: {n: 1}}"#);
        let fix = fixed(&help, "quote-keys");
        assert_eq!(fix, r#"{"source": "é", "detail": {"n": 1}}"#);
        Event::parse(&fix).unwrap();

        // The pattern language's help is for patterns only.
        let text = r#"{"account": [{"Ref": "x"}],}"#;
        let err = Event::parse(text).unwrap_err();
        let help = diagnose(text, Side::Event, err.span, &err.message).unwrap();
        assert_eq!(help.fixes[0].id, "remove-comma");
    }

    #[test]
    fn other_errors_get_no_help() {
        for text in [r#"{"a": []}"#, r#"{"a": [{"numeric": [">"]}]}"#, "[1]", ""] {
            let err = Pattern::compile(text).unwrap_err();
            assert_eq!(
                diagnose(text, Side::Pattern, err.span, &err.reason),
                None,
                "{text}"
            );
        }
    }

    #[test]
    fn never_panics_on_cut_texts_or_odd_spans() {
        let samples = [
            "{\n  // c\n  'é': ['ü', \"x\" \"y\"], source: \"s\",\n  \"n\": {\"Ref\": \"AWS::Region\"}, /* b */ \"d\": [!Sub '${X}'],\n}",
            r#"{"detail": {"size": 5, "$or": [{"a": "b"}, {"c": ["d"]}]}, "e": ["f",]}"#,
            "{\"a\": [\"\\\"\", '\\'', \"ünï\\u00e9\"], \"b\": {\"c\": [1e5, -0.5, true, null]}}",
        ];
        for sample in samples {
            for cut in (0..=sample.len()).filter(|&i| sample.is_char_boundary(i)) {
                let text = &sample[..cut];
                warnings(text);
                if let Err(e) = Pattern::compile(text) {
                    let help = diagnose(text, Side::Pattern, e.span, &e.reason);
                    check_help(text, help);
                }
                if let Err(e) = Event::parse(text) {
                    check_help(text, diagnose(text, Side::Event, e.span, &e.message));
                }
                for at in [0, cut / 2, cut + 1, usize::MAX] {
                    for reason in [
                        "must be an object or an array",
                        "Unexpected end-of-input: expected close marker",
                        "was expecting comma to separate",
                        "double-quote to start field name",
                    ] {
                        let span = Span::new(at, at);
                        check_help(text, diagnose(text, Side::Pattern, span, reason));
                        check_help(text, diagnose(text, Side::Event, span, reason));
                    }
                }
            }
        }
    }

    /// A help's spans lie in the text, and its fixes change it.
    fn check_help(text: &str, help: Option<Help>) {
        let Some(help) = help else { return };
        assert!(help.fault.start <= help.fault.end && help.fault.end <= text.len());
        assert!(text.is_char_boundary(help.fault.start) && text.is_char_boundary(help.fault.end));
        for fix in &help.fixes {
            if let Some(t) = &fix.text {
                assert_ne!(t, text, "{fix:?}");
            }
        }
    }
}
