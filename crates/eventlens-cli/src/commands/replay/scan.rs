//! One unit of work: its bytes read (decompressed), cut into events, each event matched; the
//! counts, the first bad events and, for `--out`, each rule's matching events.

use super::firehose;
use super::sources::{sniff, Encoding, Source, Unit};
use eventlens::split::Splitter;
use eventlens::RuleSet;
use flate2::read::MultiGzDecoder;
use indicatif::ProgressBar;
use rustc_hash::FxHashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

/// Bytes read before the events found in them are matched.
const BLOCK_BYTES: usize = 1 << 20;

/// How many bad events are kept, with where they are.
pub const BAD_KEPT: usize = 5;

/// An event the engine refused, or a file that could not be read to its end.
#[derive(Debug, Clone)]
pub struct Fault {
    /// The file.
    pub file: String,
    /// Where: the event's first byte, or where reading stopped (in the decompressed text).
    pub offset: u64,
    /// Why.
    pub message: String,
}

/// What one unit (or, merged, all of them) found.
#[derive(Debug, Default)]
pub struct Tally {
    /// Events read (valid or not).
    pub events: u64,
    /// Events refused.
    pub invalid: u64,
    /// Matches per rule, in the order of the rule set's names.
    pub counts: Vec<u64>,
    /// The first [`BAD_KEPT`] refused events.
    pub bad: Vec<Fault>,
    /// Files that could not be read to their end.
    pub unreadable: Vec<Fault>,
    /// Per rule, its matching events, one per line (only with `--out`).
    pub matched: Vec<Vec<u8>>,
}

impl Tally {
    /// Adds `other`'s counts (of the same rules) and faults; its matched events are the
    /// caller's to write.
    pub fn absorb(&mut self, other: &Tally) {
        self.events += other.events;
        self.invalid += other.invalid;
        for (c, o) in self.counts.iter_mut().zip(&other.counts) {
            *c += o;
        }
        let room = BAD_KEPT.saturating_sub(self.bad.len());
        self.bad.extend(other.bad.iter().take(room).cloned());
        self.unreadable.extend(other.unreadable.iter().cloned());
    }
}

/// The rule set and what a unit's scan needs alongside it.
pub struct Matcher<'r> {
    rules: &'r RuleSet,
    /// A rule's position among the names.
    position: FxHashMap<&'r str, usize>,
    /// Whether matching events are kept (`--out`).
    keep: bool,
    progress: ProgressBar,
    /// Events read by every unit so far, for the progress bar.
    seen: AtomicU64,
    /// What marks a possible Firehose record.
    data_key: memchr::memmem::Finder<'static>,
    /// Whether units are only read (decompressed), for the benchmark's baseline.
    read_only: bool,
}

impl<'r> Matcher<'r> {
    /// A matcher of `rules`; `keep`: keep each rule's matching events; `read_only`: read
    /// (decompress) the units and nothing more.
    pub fn new(rules: &'r RuleSet, keep: bool, read_only: bool, progress: ProgressBar) -> Self {
        let position = rules.names().enumerate().map(|(i, n)| (n, i)).collect();
        Matcher {
            rules,
            position,
            keep,
            progress,
            seen: AtomicU64::new(0),
            data_key: firehose::data_key(),
            read_only,
        }
    }

    /// Reads and matches one unit.
    pub fn scan(&self, unit: &Unit, source: &Source) -> Tally {
        let file = source.path.display().to_string();
        let mut tally = Tally {
            counts: vec![0; self.position.len()],
            matched: vec![Vec::new(); if self.keep { self.position.len() } else { 0 }],
            ..Tally::default()
        };
        let (start, reader) = match self.open(unit, source) {
            Ok(opened) => opened,
            Err(e) => {
                tally.unreadable.push(Fault {
                    file,
                    offset: 0,
                    message: e.to_string(),
                });
                return tally;
            }
        };
        if let Err((offset, e)) = self.read(reader, start, &file, &mut tally) {
            tally.unreadable.push(Fault {
                file,
                offset,
                message: e.to_string(),
            });
        }
        tally
    }

    /// The unit's reader (decompressing) and the offset its text starts at.
    fn open(&self, unit: &Unit, source: &Source) -> std::io::Result<(u64, Box<dyn Read>)> {
        let encoding = match unit.range {
            Some(_) => Encoding::Plain,
            None => sniff(&source.path)?,
        };
        let mut file = File::open(&source.path)?;
        let (start, len) = unit.range.map_or((0, u64::MAX), |(s, e)| (s, e - s));
        file.seek(SeekFrom::Start(start))?;
        let counted = Counted {
            inner: file,
            progress: self.progress.clone(),
        };
        Ok((
            start,
            match encoding {
                Encoding::Gzip => Box::new(MultiGzDecoder::new(counted)),
                Encoding::Zstd => Box::new(zstd::stream::read::Decoder::new(counted)?),
                Encoding::Plain => Box::new(counted.take(len)),
            },
        ))
    }

    /// Reads the text block by block, matching the events each block completes (or, for
    /// [`Matcher::read_only`], nothing). An error gives the offset in the text where reading
    /// stopped.
    fn read(
        &self,
        mut reader: Box<dyn Read>,
        start: u64,
        file: &str,
        tally: &mut Tally,
    ) -> Result<(), (u64, std::io::Error)> {
        let mut splitter = Splitter::default();
        let mut window = Window::default();
        let mut ranges = Vec::new();
        // The text offset of the window's first byte.
        let mut base = start;
        loop {
            let filled = window
                .fill(&mut reader, BLOCK_BYTES)
                .map_err(|e| (base + window.len as u64, e))?;
            let text = window.text();
            if self.read_only {
                base += text.len() as u64;
                window.drop_front(text.len());
            } else {
                ranges.clear();
                splitter.feed(text, &mut ranges);
                if filled == 0 {
                    ranges.extend(splitter.finish(text.len()));
                }
                self.match_block(text, &ranges, base, file, tally);
                let settled = splitter.settled();
                window.drop_front(settled);
                splitter.shift(settled);
                base += settled as u64;
            }
            if filled == 0 {
                return Ok(());
            }
        }
    }

    /// Matches the events at `ranges` of `buf` (whose first byte is at text offset `base`).
    fn match_block(
        &self,
        buf: &[u8],
        ranges: &[Range<usize>],
        base: u64,
        file: &str,
        tally: &mut Tally,
    ) {
        let Some(end) = ranges.last().map(|r| r.end) else {
            return;
        };
        // Checked as a whole once; the events' ends are characters' ends (ASCII bytes, or the
        // end of the text), so an event's text is then a slice of it.
        let whole = std::str::from_utf8(&buf[..end]).ok();
        // Events that are Firehose records are replaced by their records' events; only those
        // holding the records' key are parsed.
        let mut keys = self.data_key.find_iter(&buf[..end]).peekable();
        let mut unwrapped: Vec<(usize, Vec<String>)> = Vec::new();
        let mut texts: Vec<(u64, Result<&str, String>)> = Vec::with_capacity(ranges.len());
        for (i, r) in ranges.iter().enumerate() {
            let text = match whole.and_then(|w| w.get(r.clone())) {
                Some(t) => Ok(t),
                None => std::str::from_utf8(&buf[r.clone()]).map_err(|e| {
                    format!(
                        "the event is not valid UTF-8 (first bad byte at offset {})",
                        e.valid_up_to()
                    )
                }),
            };
            while keys.next_if(|&k| k < r.start).is_some() {}
            let holds_key = keys.peek().is_some_and(|&k| k < r.end);
            if let Some(records) = text
                .as_ref()
                .ok()
                .filter(|_| holds_key)
                .and_then(|t| firehose::events(t))
            {
                unwrapped.push((i, records));
            }
            texts.push((base + r.start as u64, text));
        }
        let mut events: Vec<(u64, Result<&str, String>)> = Vec::with_capacity(texts.len());
        let mut records = unwrapped.iter().peekable();
        for (i, (offset, text)) in texts.into_iter().enumerate() {
            match records.next_if(|(at, _)| *at == i) {
                Some((_, inner)) => events.extend(inner.iter().map(|t| (offset, Ok(t.as_str())))),
                None => events.push((offset, text)),
            }
        }
        let events_len = events.len() as u64;
        tally.events += events_len;
        let refuse = |offset: u64, message: String, tally: &mut Tally| {
            tally.invalid += 1;
            if tally.bad.len() < BAD_KEPT {
                tally.bad.push(Fault {
                    file: file.to_string(),
                    offset,
                    message,
                });
            }
        };
        let valid: Vec<(u64, &str)> = events
            .into_iter()
            .filter_map(|(offset, text)| match text {
                Ok(t) => Some((offset, t)),
                Err(message) => {
                    refuse(offset, message, tally);
                    None
                }
            })
            .collect();
        let mut at = valid.iter();
        self.rules
            .matches_each(valid.iter().map(|(_, t)| *t), |event, result| {
                let offset = at.next().map_or(base, |(o, _)| *o);
                match result {
                    Ok(names) => {
                        for name in names {
                            let k = self.position[name];
                            tally.counts[k] += 1;
                            if self.keep {
                                tally.matched[k].extend_from_slice(event.as_bytes());
                                tally.matched[k].push(b'\n');
                            }
                        }
                    }
                    Err(e) => refuse(offset, e.to_string(), tally),
                }
            });
        if !self.progress.is_hidden() {
            let seen = self.seen.fetch_add(events_len, Ordering::Relaxed) + events_len;
            self.progress.set_message(format!("{seen} events"));
        }
    }
}

/// The text being cut into events: its unsettled bytes and the block read after them, in a
/// buffer zeroed once (reading into a `Vec`'s spare room zeroes it on every call).
#[derive(Default)]
struct Window {
    buf: Vec<u8>,
    /// How many bytes of `buf` are text.
    len: usize,
}

impl Window {
    /// Reads until `want` more bytes are held or the input ends; the count read.
    fn fill(&mut self, reader: &mut dyn Read, want: usize) -> std::io::Result<usize> {
        let end = self.len + want;
        if self.buf.len() < end {
            self.buf.resize(end, 0);
        }
        let before = self.len;
        while self.len < end {
            match reader.read(&mut self.buf[self.len..end]) {
                Ok(0) => break,
                Ok(n) => self.len += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(self.len - before)
    }

    fn text(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    /// Forgets the first `n` bytes of the text.
    fn drop_front(&mut self, n: usize) {
        self.buf.copy_within(n..self.len, 0);
        self.len -= n;
    }
}

/// A file whose reads advance the progress bar.
struct Counted {
    inner: File,
    progress: ProgressBar,
}

impl Read for Counted {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.inc(n as u64);
        Ok(n)
    }
}
