//! `wildcard` globs: `*` matches any run of bytes (also none), `\*` and `\\` are literals.

use crate::short_bytes::same;

/// A parsed glob: literal byte runs separated by stars.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glob {
    /// The glob as written in the pattern (escapes included).
    pub source: String,
    parts: Vec<Part>,
    /// The bytes of the literals: no shorter text matches.
    min_len: usize,
    /// The first byte of a glob that starts with a literal, and the last of one that ends
    /// with one: checked before the parts, as most texts that fail fail there.
    first: Option<u8>,
    last: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Literal(Vec<u8>),
    Star,
}

impl Glob {
    /// Parses a glob with event-ruler's checks; positions in messages are 1-based byte indexes
    /// into the value (event-ruler counts in the quoted string).
    pub fn parse(source: &str) -> Result<Glob, String> {
        let bytes = source.as_bytes();
        let mut parts = Vec::new();
        let mut lit = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'*' => {
                    if bytes.get(i + 1) == Some(&b'*') {
                        return Err(format!("Consecutive wildcard characters at pos {}", i + 1));
                    }
                    if !lit.is_empty() {
                        parts.push(Part::Literal(std::mem::take(&mut lit)));
                    }
                    parts.push(Part::Star);
                }
                b'\\' => match bytes.get(i + 1) {
                    Some(&n @ (b'*' | b'\\')) => {
                        lit.push(n);
                        i += 1;
                    }
                    _ => return Err(format!("Invalid escape character at pos {}", i + 1)),
                },
                b => lit.push(b),
            }
            i += 1;
        }
        if !lit.is_empty() {
            parts.push(Part::Literal(lit));
        }
        let first = match parts.first() {
            Some(Part::Literal(l)) => l.first().copied(),
            _ => None,
        };
        let last = match parts.last() {
            Some(Part::Literal(l)) => l.last().copied(),
            _ => None,
        };
        let min_len = parts
            .iter()
            .map(|p| match p {
                Part::Literal(l) => l.len(),
                Part::Star => 0,
            })
            .sum();
        Ok(Glob {
            source: source.to_string(),
            parts,
            min_len,
            first,
            last,
        })
    }

    /// The byte every matching text starts with: the first of a glob that starts with a
    /// literal.
    pub(crate) fn first_byte(&self) -> Option<u8> {
        self.first
    }

    /// The byte every matching text ends with: the last of a glob that ends with a literal.
    pub(crate) fn last_byte(&self) -> Option<u8> {
        self.last
    }

    /// Whether `text` matches the whole glob. Greedy with one backtrack point per star, so the
    /// cost is at most (text length × glob length), never exponential.
    pub fn matches(&self, text: &str) -> bool {
        let t = text.as_bytes();
        if t.len() < self.min_len
            || self.first.is_some_and(|b| t.first() != Some(&b))
            || self.last.is_some_and(|b| t.last() != Some(&b))
        {
            return false;
        }
        let mut parts = self.parts.as_slice();
        let mut pos = 0;
        // Leading literal must be at the start (the text is long enough for every literal).
        if let Some(Part::Literal(l)) = parts.first() {
            if !same(&t[..l.len()], l) {
                return false;
            }
            pos = l.len();
            parts = &parts[1..];
        }
        if parts.is_empty() {
            return pos == t.len();
        }
        // Trailing literal must be at the end.
        let mut end = t.len();
        if let Some(Part::Literal(l)) = parts.last() {
            if t.len() < pos + l.len() || !same(&t[t.len() - l.len()..], l) {
                return false;
            }
            end = t.len() - l.len();
            parts = &parts[..parts.len() - 1];
        }
        // What is left is `* lit * lit … *`: find each literal leftmost, in order.
        for part in parts {
            if let Part::Literal(l) = part {
                match find(&t[pos..end], l) {
                    Some(i) => pos += i + l.len(),
                    None => return false,
                }
            }
        }
        pos <= end
    }

    /// The glob as bytes and stars (`None`), escapes resolved: the byte chain event-ruler's
    /// automaton is built from (see [`super::complexity`]).
    pub fn tokens(&self) -> Vec<Option<u8>> {
        self.parts
            .iter()
            .flat_map(|p| match p {
                Part::Star => vec![None],
                Part::Literal(l) => l.iter().map(|&b| Some(b)).collect(),
            })
            .collect()
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack.windows(needle.len()).position(|w| same(w, needle))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The glob's definition, position by position: `None` for a star, else a literal byte.
    fn reference(glob: &str, text: &[u8]) -> bool {
        let mut tokens = Vec::new();
        let mut bytes = glob.bytes();
        while let Some(b) = bytes.next() {
            tokens.push(match b {
                b'*' => None,
                b'\\' => bytes.next(),
                b => Some(b),
            });
        }
        // `ends[j]`: the tokens so far can match exactly `text[..j]`.
        let mut ends = vec![false; text.len() + 1];
        ends[0] = true;
        for token in tokens {
            ends = match token {
                None => ends
                    .iter()
                    .scan(false, |any, &e| {
                        *any |= e;
                        Some(*any)
                    })
                    .collect(),
                Some(b) => (0..=text.len())
                    .map(|j| j > 0 && ends[j - 1] && text[j - 1] == b)
                    .collect(),
            };
        }
        ends[text.len()]
    }

    proptest! {
        #[test]
        fn globs_match_as_defined(glob in r"([ab*]|\\\*|\\\\){0,7}", text in "[ab*\\\\]{0,9}") {
            let Ok(g) = Glob::parse(&glob) else {
                // Consecutive stars: refused, nothing to match.
                return Ok(());
            };
            prop_assert_eq!(g.matches(&text), reference(&glob, text.as_bytes()), "{} {}", glob, text);
        }
    }

    fn m(g: &str, t: &str) -> bool {
        Glob::parse(g).unwrap().matches(t)
    }

    #[test]
    fn matching() {
        assert!(m("*", ""));
        assert!(m("dir/*.png", "dir/a.png"));
        assert!(m("dir/*.png", "dir/.png"));
        assert!(!m("dir/*.png", "dir/a.jpg"));
        assert!(m("a*b*c", "abc"));
        assert!(m("a*b*c", "axxbyyc"));
        assert!(!m("a*b*c", "axxcyyb"));
        assert!(m(r"a\*b", "a*b"));
        assert!(!m(r"a\*b", "axb"));
        assert!(!m("", "x"));
        assert!(m("", ""));
        assert!(m("*ab*ab", "abab"));
        assert!(!m("ab*ba", "aba"));
    }

    #[test]
    fn parse_errors() {
        assert_eq!(
            Glob::parse("arn:aws:events:us-east-1:**:event-bus/*").unwrap_err(),
            "Consecutive wildcard characters at pos 26"
        );
        assert_eq!(
            Glob::parse(r"a\d").unwrap_err(),
            "Invalid escape character at pos 2"
        );
        assert!(Glob::parse(r"\**").is_ok());
    }
}
