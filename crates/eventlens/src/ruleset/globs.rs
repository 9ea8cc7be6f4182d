//! The `wildcard` matchers of one path, filed by the byte a matching text must start with, or
//! else end with, so that a string is tried only against the globs it may match (most texts
//! differ from most globs in their first or last byte).

use super::byte_set::ByteSet;
use super::values::{FieldId, Hits};
use crate::pattern::wildcard::Glob;

/// Globs by an end byte, sorted by it.
#[derive(Debug, Default)]
struct ByByte {
    globs: Vec<(u8, Glob, FieldId)>,
    bytes: ByteSet,
}

impl ByByte {
    fn insert(&mut self, byte: u8, glob: &Glob, field: FieldId) {
        let at = self.globs.partition_point(|(b, ..)| *b <= byte);
        self.globs.insert(at, (byte, glob.clone(), field));
        self.bytes.insert(byte);
    }

    /// The globs filed under `byte`.
    #[inline]
    fn under(&self, byte: u8) -> &[(u8, Glob, FieldId)] {
        if !self.bytes.contains(byte) {
            return &[];
        }
        let start = self.globs.partition_point(|(b, ..)| *b < byte);
        let len = self.globs[start..].partition_point(|(b, ..)| *b == byte);
        &self.globs[start..start + len]
    }
}

/// The globs of one path.
#[derive(Debug, Default)]
pub(crate) struct Globs {
    /// Globs that start with a literal, by its first byte.
    by_first: ByByte,
    /// Globs that start with a star and end with a literal, by its last byte.
    by_last: ByByte,
    /// Globs that start and end with a star.
    others: Vec<(Glob, FieldId)>,
}

impl Globs {
    /// Adds the glob of a `wildcard` matcher of `field`.
    pub fn insert(&mut self, glob: &Glob, field: FieldId) {
        match (glob.first_byte(), glob.last_byte()) {
            (Some(first), _) => self.by_first.insert(first, glob, field),
            (None, Some(last)) => self.by_last.insert(last, glob, field),
            (None, None) => self.others.push((glob.clone(), field)),
        }
    }

    /// Records in `hits` the fields one of whose globs matches `text` (fields the event
    /// already satisfied are not tried again).
    #[inline]
    pub fn find(&self, text: &str, hits: &mut Hits) {
        let bytes = text.as_bytes();
        let (filed_first, filed_last): (&[_], &[_]) = match (bytes.first(), bytes.last()) {
            (Some(&first), Some(&last)) => (self.by_first.under(first), self.by_last.under(last)),
            _ => (&[], &[]),
        };
        let filed = filed_first.iter().chain(filed_last).map(|(_, g, f)| (g, f));
        for (glob, &field) in filed.chain(self.others.iter().map(|(g, f)| (g, f))) {
            if hits.wants(field) && glob.matches(text) {
                hits.hit(field);
            }
        }
    }
}
