//! Where the events of a stream of JSON text begin and end: one per line, concatenated (`}{`, as
//! Firehose writes them), or the elements of a JSON array, fed a block at a time.
//!
//! Only the boundaries are found here (brackets and strings are followed, nothing is validated);
//! the engine checks each event. So that a broken event cannot swallow the rest of a file, an
//! event also ends at a line break inside a string (never valid JSON) and before a `{` that starts
//! a line (where the next event of a file of lines or of pretty-printed events begins). Both rules
//! make a line break followed by `{` a boundary whatever came before, which is what lets a large
//! file be cut there into chunks matched apart ([`next_boundary`]).
//!
//! `eventlens replay` and the Python package's `split_events` read archives with it. Written here
//! rather than taken from a JSON streaming parser because those stop at the first broken event
//! (and parse values, which the engine does again); this scan only follows brackets and strings,
//! 64 bytes at a time where no backslash or line break interrupts it ([`masks`]).

mod masks;

use masks::Masks;
use std::ops::Range;

/// The bytes of the fast path through an event's structure.
const BLOCK: usize = masks::BLOCK;

/// What a byte means to the scan outside strings.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Other,
    Space,
    Newline,
    Quote,
    Open,
    Close,
    Comma,
}

const fn classes() -> [Class; 256] {
    let mut table = [Class::Other; 256];
    table[b' ' as usize] = Class::Space;
    table[b'\t' as usize] = Class::Space;
    table[b'\r' as usize] = Class::Space;
    table[b'\n' as usize] = Class::Newline;
    table[b'"' as usize] = Class::Quote;
    table[b'{' as usize] = Class::Open;
    table[b'[' as usize] = Class::Open;
    table[b'}' as usize] = Class::Close;
    table[b']' as usize] = Class::Close;
    table[b',' as usize] = Class::Comma;
    table
}

static CLASS: [Class; 256] = classes();

/// Where the scan is between two calls.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
    /// Between events.
    Between,
    /// Inside an event, outside its strings.
    Event,
    /// Inside a string of an event.
    Text,
    /// After a backslash in a string.
    Escape,
    /// Inside something that is not an object, up to the end of its line (or, in an array, to
    /// the next comma or closing bracket): passed on whole for the engine to refuse.
    Stray,
}

/// Finds events in a growing buffer. Offsets are the buffer's; after the caller drops the first
/// [`settled`](Self::settled) bytes it calls [`shift`](Self::shift) with that count.
#[derive(Debug)]
pub struct Splitter {
    state: State,
    /// Nesting inside the current event.
    depth: u32,
    /// Whether the stream is inside a top-level JSON array (whose elements are the events).
    in_array: bool,
    /// Where the current event (or stray text) starts.
    start: usize,
    /// How far the buffer was scanned.
    pos: usize,
    /// Whether the last byte scanned was a line break.
    after_newline: bool,
}

impl Default for Splitter {
    fn default() -> Self {
        Splitter {
            state: State::Between,
            depth: 0,
            in_array: false,
            start: 0,
            pos: 0,
            after_newline: true,
        }
    }
}

impl Splitter {
    /// Scans `buf` from where the last call stopped, pushing the ranges of the events it
    /// completes (stray text included) onto `events`.
    pub fn feed(&mut self, buf: &[u8], events: &mut Vec<Range<usize>>) {
        let mut i = self.pos;
        while i < buf.len() {
            let b = buf[i];
            match self.state {
                State::Text => {
                    // Jump to the next byte that matters inside a string.
                    match memchr::memchr3(b'"', b'\\', b'\n', &buf[i..]) {
                        None => i = buf.len(),
                        Some(k) => {
                            i += k;
                            match buf[i] {
                                b'"' => self.state = State::Event,
                                b'\\' => self.state = State::Escape,
                                _ => {
                                    // A line break ends a broken event.
                                    events.push(self.start..i);
                                    self.state = State::Between;
                                    self.after_newline = true;
                                }
                            }
                            i += 1;
                        }
                    }
                    continue;
                }
                // A line break ends a broken event even after a backslash.
                State::Escape if b == b'\n' => {
                    events.push(self.start..i);
                    self.state = State::Between;
                }
                State::Escape => self.state = State::Text,
                State::Event if !(self.after_newline && b == b'{') => {
                    if let Some(block) = buf.get(i..i + BLOCK) {
                        if let Some(step) = self.skim(block, i, events) {
                            i += step;
                            continue;
                        }
                    }
                    self.event_byte(b, i, events);
                }
                State::Event => {
                    // A `{` starting a line starts the next event.
                    events.push(self.start..i);
                    self.start = i;
                    self.depth = 1;
                }
                State::Between => match (CLASS[b as usize], b) {
                    (Class::Space | Class::Newline, _) => {}
                    (Class::Comma, _) | (Class::Close, b']') if self.in_array => {
                        self.in_array = b == b',';
                    }
                    (_, b'{') => {
                        self.state = State::Event;
                        self.start = i;
                        self.depth = 1;
                    }
                    (_, b'[') if !self.in_array => self.in_array = true,
                    _ => {
                        self.state = State::Stray;
                        self.start = i;
                    }
                },
                State::Stray => {
                    let end = match CLASS[b as usize] {
                        Class::Newline => true,
                        Class::Comma | Class::Close => self.in_array,
                        _ => false,
                    };
                    if end {
                        events.push(self.start..i);
                        self.state = State::Between;
                        if b == b']' {
                            self.in_array = false;
                        }
                    }
                }
            }
            self.after_newline = b == b'\n';
            i += 1;
        }
        self.pos = i;
    }

    /// One byte of an event outside its strings.
    fn event_byte(&mut self, b: u8, i: usize, events: &mut Vec<Range<usize>>) {
        match CLASS[b as usize] {
            Class::Quote => self.state = State::Text,
            Class::Open => self.depth += 1,
            Class::Close => {
                self.depth -= 1;
                if self.depth == 0 {
                    events.push(self.start..i + 1);
                    self.state = State::Between;
                }
            }
            _ => {}
        }
    }

    /// The fast path through an event (outside its strings, at `block`, which starts at `at` in
    /// the buffer): follows strings and brackets up to the first backslash or line break,
    /// pushing the event if it ends there; the bytes passed, `None` when the first byte needs
    /// the byte-by-byte scan. Equivalent to that scan, which sees no `{` after a line break
    /// before the first line break.
    fn skim(&mut self, block: &[u8], at: usize, events: &mut Vec<Range<usize>>) -> Option<usize> {
        let m = Masks::of(block.try_into().ok()?);
        let stop = (m.backslash | m.newline).trailing_zeros() as usize;
        if stop == 0 {
            return None;
        }
        let before_stop = u64::MAX >> (BLOCK - stop);
        // Bit k: byte k is inside a string (its opening quote included, its closing one not).
        let inside = masks::prefix_xor(m.quote);
        let mut brackets = (m.open | m.close) & !inside & before_stop;
        while brackets != 0 {
            let k = brackets.trailing_zeros() as usize;
            if m.open >> k & 1 == 1 {
                self.depth += 1;
            } else {
                self.depth -= 1;
                if self.depth == 0 {
                    events.push(self.start..at + k + 1);
                    self.state = State::Between;
                    self.after_newline = false;
                    return Some(k + 1);
                }
            }
            brackets &= brackets - 1;
        }
        if inside >> (stop - 1) & 1 == 1 {
            self.state = State::Text;
        }
        self.after_newline = false;
        Some(stop)
    }

    /// At the end of the stream: the range of an unfinished event, if any (for the engine to
    /// refuse).
    pub fn finish(&mut self, len: usize) -> Option<Range<usize>> {
        let state = std::mem::replace(&mut self.state, State::Between);
        (state != State::Between && self.start < len).then_some(self.start..len)
    }

    /// How many bytes at the front of the buffer no later event needs.
    pub fn settled(&self) -> usize {
        match self.state {
            State::Between => self.pos,
            _ => self.start,
        }
    }

    /// The caller dropped the first `n` bytes of the buffer (at most [`settled`](Self::settled)).
    pub fn shift(&mut self, n: usize) {
        self.pos -= n;
        self.start = self.start.saturating_sub(n);
    }
}

/// The offset of the first `{` at or after `from` that starts a line, where a file of events can
/// be cut; `None` when there is none.
pub fn next_boundary(text: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    if at > 0 && text.get(at - 1) == Some(&b'\n') && text.get(at) == Some(&b'{') {
        return Some(at);
    }
    while let Some(k) = memchr::memchr(b'\n', &text[at..]) {
        at += k + 1;
        if text.get(at) == Some(&b'{') {
            return Some(at);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The events of `text`, fed in blocks of `block` bytes, dropping settled bytes as a caller
    /// does.
    fn split(text: &str, block: usize) -> Vec<String> {
        let mut s = Splitter::default();
        let mut buf = Vec::new();
        let mut dropped = 0;
        let mut found = Vec::new();
        let mut ranges = Vec::new();
        for piece in text.as_bytes().chunks(block) {
            buf.extend_from_slice(piece);
            ranges.clear();
            s.feed(&buf, &mut ranges);
            for r in &ranges {
                found.push(String::from_utf8(buf[r.clone()].to_vec()).unwrap());
            }
            let n = s.settled();
            buf.drain(..n);
            dropped += n;
            s.shift(n);
        }
        if let Some(r) = s.finish(buf.len()) {
            found.push(String::from_utf8(buf[r].to_vec()).unwrap());
        }
        assert!(dropped <= text.len());
        found
    }

    fn every_block_size(text: &str) -> Vec<String> {
        let whole = split(text, text.len().max(1));
        for block in 1..text.len() {
            assert_eq!(split(text, block), whole, "block size {block}");
        }
        whole
    }

    #[test]
    fn lines_concatenations_and_arrays() {
        let want = vec![r#"{"a":"}{"}"#, r#"{"b":[{"c":"\"]"}]}"#];
        assert_eq!(every_block_size(&want.join("\n")), want);
        assert_eq!(every_block_size(&want.join("")), want);
        assert_eq!(every_block_size(&format!("[{}]", want.join(",\n "))), want);
        assert_eq!(
            every_block_size(&format!("[{}]\n[{}]", want[0], want[1])),
            want
        );
        let pretty = "{\n  \"a\": {\n    \"b\": 1\n  }\n}\n{\n  \"c\": 2\n}\n";
        assert_eq!(
            every_block_size(pretty),
            vec!["{\n  \"a\": {\n    \"b\": 1\n  }\n}", "{\n  \"c\": 2\n}"]
        );
    }

    #[test]
    fn broken_events_end_at_the_line() {
        // An unclosed string, an unclosed object, stray text: each stops at its line.
        let text = "{\"a\": \"open\n{\"b\": 1\n{\"c\": 2}\n42 x\n{\"d\": 3}\n{\"e\": \"\\\n{}";
        assert_eq!(
            every_block_size(text),
            vec![
                "{\"a\": \"open",
                "{\"b\": 1\n",
                "{\"c\": 2}",
                "42 x",
                "{\"d\": 3}",
                "{\"e\": \"\\",
                "{}"
            ]
        );
        assert_eq!(every_block_size("[1, {\"a\": 1}]"), vec!["1", "{\"a\": 1}"]);
        assert_eq!(every_block_size("{\"a\": [1,"), vec!["{\"a\": [1,"]);
    }

    #[test]
    fn long_events_take_the_fast_path_to_the_same_ends() {
        // Events longer than a block: strings holding brackets and quotes, nesting, escapes, a
        // string across a block's end, concatenated and one per line, a broken one. The whole
        // text goes the 64-byte way; blocks shorter than 64 bytes go byte by byte.
        let long = "x".repeat(70);
        let events = [
            format!(r#"{{"id":"{long}","detail":{{"a":["}}{{",{{"b":"]"}}],"c":{{}}}},"z":1}}"#),
            format!(r#"{{"k":"a\"}}{{\\","l":[[[]]],"m":"{long}","n":{{"o":{{"p":"q"}}}}}}"#),
            format!(r#"{{"s":"{long}\u0041{long}","t":"[{{"}}"#),
            format!(r#"[{{"nested":"{long}"}},"{long}"]"#),
        ];
        let wrapped: Vec<String> = events.iter().map(|e| format!("{{\"e\":{e}}}")).collect();
        let want: Vec<&str> = wrapped.iter().map(String::as_str).collect();
        assert_eq!(every_block_size(&wrapped.concat()), want);
        assert_eq!(every_block_size(&wrapped.join("\n")), want);
        assert_eq!(every_block_size(&format!("[{}]", wrapped.join(","))), want);
        // A line break inside a string, or a line starting with `{` inside an event, ends it.
        let broken = format!(
            "{{\"a\":\"{long}\n{}\n{{\"b\":[{long}\n{}",
            wrapped[0], wrapped[1]
        );
        assert_eq!(
            every_block_size(&broken),
            vec![
                format!("{{\"a\":\"{long}"),
                wrapped[0].clone(),
                format!("{{\"b\":[{long}\n"),
                wrapped[1].clone()
            ]
        );
    }

    #[test]
    fn boundaries_are_line_starting_braces() {
        let text = b"{\"a\": 1}\n{\"b\": \"{\"}\n  {\"c\": 1}\n{}";
        assert_eq!(next_boundary(text, 0), Some(9));
        assert_eq!(next_boundary(text, 9), Some(9));
        assert_eq!(next_boundary(text, 10), Some(31));
        assert_eq!(next_boundary(text, 32), None);
    }
}
