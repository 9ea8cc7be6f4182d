//! `equals-ignore-case` as event-ruler implements it: for every UTF-16 unit of the pattern, the
//! event must hold the UTF-8 bytes of that unit's lower-case or upper-case form. The event itself is
//! not case-folded, so the mapping is asymmetric (`"straße"` matches `"STRASSE"`, not the reverse),
//! and supplementary characters become `?` per surrogate, as Java's UTF-8 encoder writes them.

/// Whether `value` (an event string) equals `operand` (an `equals-ignore-case` pattern string)
/// as EventBridge compares them.
///
/// ```
/// assert!(eventlens::equals_ignore_case("straße", "STRASSE"));
/// assert!(!eventlens::equals_ignore_case("STRASSE", "straße"));
/// ```
pub fn equals_ignore_case(operand: &str, value: &str) -> bool {
    Caseless::new(operand).equals(value)
}

/// A case-insensitive string: per pattern unit, the byte strings the event may hold there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caseless {
    /// The string as written in the pattern.
    pub source: String,
    units: Vec<Vec<Vec<u8>>>,
}

impl Caseless {
    /// Builds the per-unit alternatives of `source`.
    pub fn new(source: &str) -> Caseless {
        let mut units = Vec::new();
        for ch in source.chars() {
            if ch.len_utf16() == 2 {
                units.push(vec![b"?".to_vec()]);
                units.push(vec![b"?".to_vec()]);
                continue;
            }
            let lower: String = ch.to_lowercase().collect();
            let upper: String = ch.to_uppercase().collect();
            let mut alts = vec![lower.into_bytes()];
            if upper.as_bytes() != alts[0].as_slice() {
                alts.push(upper.into_bytes());
            }
            units.push(alts);
        }
        Caseless {
            source: source.to_string(),
            units,
        }
    }

    /// Whether `text` equals the pattern ignoring case.
    pub fn equals(&self, text: &str) -> bool {
        self.reach(text.as_bytes(), false).contains(&text.len())
    }

    /// Whether `text` starts with the pattern ignoring case.
    pub fn is_prefix_of(&self, text: &str) -> bool {
        !self.reach(text.as_bytes(), false).is_empty()
    }

    /// Whether `text` ends with the pattern ignoring case.
    pub fn is_suffix_of(&self, text: &str) -> bool {
        !self.reach(text.as_bytes(), true).is_empty()
    }

    /// The lengths of the event prefixes (or suffixes) that spell the whole pattern.
    fn reach(&self, text: &[u8], from_end: bool) -> Vec<usize> {
        let mut reached = vec![0usize];
        let units: Box<dyn Iterator<Item = &Vec<Vec<u8>>>> = if from_end {
            Box::new(self.units.iter().rev())
        } else {
            Box::new(self.units.iter())
        };
        for alts in units {
            let mut next = Vec::new();
            for &n in &reached {
                for alt in alts {
                    let fits = if from_end {
                        text.len() >= n + alt.len()
                            && &text[text.len() - n - alt.len()..text.len() - n] == alt.as_slice()
                    } else {
                        text.get(n..n + alt.len()) == Some(alt.as_slice())
                    };
                    if fits && !next.contains(&(n + alt.len())) {
                        next.push(n + alt.len());
                    }
                }
            }
            if next.is_empty() {
                return next;
            }
            reached = next;
        }
        reached
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_case_mapping_quirks() {
        assert!(Caseless::new("ab").equals("aB"));
        assert!(Caseless::new("straße").equals("STRASSE"));
        assert!(!Caseless::new("STRASSE").equals("straße"));
        assert!(Caseless::new("ς").equals("Σ"));
        assert!(!Caseless::new("Σ").equals("ς"));
        assert!(Caseless::new("🚀").equals("??"));
        assert!(!Caseless::new("🚀").equals("🚀"));
        assert!(Caseless::new("").equals(""));
        assert!(Caseless::new("EC2").is_prefix_of("ec2 instance"));
        assert!(Caseless::new(".PNG").is_suffix_of("photo.png"));
        assert!(!Caseless::new(".PNG").is_suffix_of("png"));
    }
}
