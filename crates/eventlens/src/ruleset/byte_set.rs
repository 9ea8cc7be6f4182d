//! A set of byte values, one bit each: the screens that turn most keys and values away before
//! a map is looked up.

/// A set of byte values.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct ByteSet([u64; 4]);

impl ByteSet {
    /// Adds `b`.
    pub fn insert(&mut self, b: u8) {
        self.0[(b >> 6) as usize] |= 1 << (b & 63);
    }

    /// Whether `b` was added.
    #[inline(always)]
    pub fn contains(&self, b: u8) -> bool {
        self.0[(b >> 6) as usize] >> (b & 63) & 1 == 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_what_was_added() {
        let mut set = ByteSet::default();
        for b in [0, 63, 64, 127, 128, 255, b'a'] {
            set.insert(b);
        }
        for b in 0..=255u8 {
            assert_eq!(
                set.contains(b),
                [0, 63, 64, 127, 128, 255, b'a'].contains(&b),
                "{b}"
            );
        }
    }
}
