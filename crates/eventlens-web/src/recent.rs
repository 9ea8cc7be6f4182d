//! "Recent": the last workspaces the page replaced or was left with, kept in local storage so
//! that an earlier state can be reopened after a sample, a link or an import took its place.

use serde::{Deserialize, Serialize};

/// How many workspaces are kept.
pub const MAX_RECENT: usize = 12;
/// Largest code kept (a workspace's compressed form); larger ones are not kept, so that the
/// list stays well within the browser's storage quota.
const MAX_CODE_BYTES: usize = 512 * 1024;

/// One earlier workspace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// When it was put aside (milliseconds since 1970).
    #[serde(rename = "t")]
    pub time: f64,
    /// What it held, in a few words (its patterns' and events' names).
    #[serde(rename = "l")]
    pub label: String,
    /// The workspace, as a link code.
    #[serde(rename = "c")]
    pub code: String,
}

/// The list, newest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Recent {
    /// The entries, newest first.
    pub entries: Vec<Entry>,
}

impl Recent {
    /// Reads a stored list; anything unreadable is an empty list.
    pub fn read(json: Option<&str>) -> Recent {
        json.and_then(|j| serde_json::from_str(j).ok())
            .unwrap_or_default()
    }

    /// The list as stored.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a list of strings always serializes")
    }

    /// Puts `entry` first (an entry with the same code moves up rather than repeating), keeping
    /// at most [`MAX_RECENT`]; whether the list changed.
    pub fn push(&mut self, entry: Entry) -> bool {
        if entry.code.len() > MAX_CODE_BYTES {
            return false;
        }
        if self.entries.first().is_some_and(|e| e.code == entry.code) {
            return false;
        }
        self.entries.retain(|e| e.code != entry.code);
        self.entries.insert(0, entry);
        self.entries.truncate(MAX_RECENT);
        true
    }
}

/// A few words on a workspace: its patterns' and events' names.
pub fn label(patterns: &[&str], events: &[&str]) -> String {
    let list = |names: &[&str]| {
        let mut s = names.iter().take(3).copied().collect::<Vec<_>>().join(", ");
        if names.len() > 3 {
            s.push_str(&format!(" +{}", names.len() - 3));
        }
        s
    };
    format!("{} · {}", list(patterns), list(events))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(code: &str) -> Entry {
        Entry {
            time: 1.0,
            label: "l".into(),
            code: code.into(),
        }
    }

    #[test]
    fn newest_first_without_repeats_and_bounded() {
        let mut r = Recent::default();
        assert!(r.push(entry("a")));
        assert!(!r.push(entry("a")), "the same workspace twice in a row");
        assert!(r.push(entry("b")));
        assert!(r.push(entry("a")), "an older one moves up");
        assert_eq!(
            r.entries.iter().map(|e| &*e.code).collect::<Vec<_>>(),
            ["a", "b"]
        );
        for i in 0..20 {
            r.push(entry(&i.to_string()));
        }
        assert_eq!(r.entries.len(), MAX_RECENT);
        assert_eq!(r.entries[0].code, "19");
        assert!(!r.push(entry(&"x".repeat(MAX_CODE_BYTES + 1))));
    }

    #[test]
    fn stored_lists_round_trip_and_damage_is_an_empty_list() {
        let mut r = Recent::default();
        r.push(entry("a"));
        assert_eq!(Recent::read(Some(&r.to_json())), r);
        assert_eq!(Recent::read(Some("{not json")), Recent::default());
        assert_eq!(Recent::read(None), Recent::default());
    }

    #[test]
    fn labels_name_a_few_docs() {
        assert_eq!(label(&["a"], &["x", "y"]), "a · x, y");
        assert_eq!(label(&["a", "b", "c", "d", "e"], &["x"]), "a, b, c +2 · x");
    }
}
