//! `--out DIR`: each rule's matching events in `DIR/<rule>.jsonl`, written under a temporary name
//! and renamed when the whole replay is done, so that no file is ever half-written.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// The files of one replay's matches.
pub struct MatchFiles {
    /// Per rule: the temporary file being written, and its final name.
    files: Vec<(BufWriter<File>, PathBuf, PathBuf)>,
}

impl MatchFiles {
    /// Creates `dir` if needed and a temporary file per rule.
    pub fn create<'a>(dir: &Path, names: impl Iterator<Item = &'a str>) -> Result<Self, String> {
        std::fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
        let mut files = Vec::new();
        for name in names {
            let file_name = format!("{}.jsonl", file_name(name));
            let done = dir.join(&file_name);
            let temp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
            let file =
                File::create(&temp).map_err(|e| format!("creating {}: {e}", temp.display()))?;
            files.push((BufWriter::new(file), temp, done));
        }
        Ok(MatchFiles { files })
    }

    /// Appends each rule's matching events.
    pub fn write(&mut self, matched: &[Vec<u8>]) -> Result<(), String> {
        for ((out, temp, _), bytes) in self.files.iter_mut().zip(matched) {
            out.write_all(bytes)
                .map_err(|e| format!("writing {}: {e}", temp.display()))?;
        }
        Ok(())
    }

    /// Flushes every file and gives each its final name.
    pub fn finish(self) -> Result<(), String> {
        for (out, temp, done) in self.files {
            let file = out
                .into_inner()
                .map_err(|e| format!("writing {}: {}", temp.display(), e.error()))?;
            file.sync_all()
                .map_err(|e| format!("writing {}: {e}", temp.display()))?;
            std::fs::rename(&temp, &done)
                .map_err(|e| format!("renaming {} to {}: {e}", temp.display(), done.display()))?;
        }
        Ok(())
    }

    /// Removes the temporary files (after a failure).
    pub fn discard(self) {
        for (_, temp, _) in self.files {
            let _ = std::fs::remove_file(temp);
        }
    }
}

/// A rule name as a file name: letters, digits, `-`, `_` and `.` (not leading) as they are, every
/// other byte as `%XX`, so that distinct names give distinct files.
pub fn file_name(rule: &str) -> String {
    let mut out = String::with_capacity(rule.len());
    for (i, b) in rule.bytes().enumerate() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || (b == b'.' && i > 0) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if out.is_empty() {
        out.push('%');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_become_distinct_safe_file_names() {
        assert_eq!(file_name("orders-rule_1.v2"), "orders-rule_1.v2");
        assert_eq!(file_name("orders/on"), "orders%2Fon");
        assert_eq!(file_name("../x"), "%2E.%2Fx");
        assert_eq!(file_name("a%2Fb"), "a%252Fb");
        assert_eq!(file_name("é"), "%C3%A9");
        assert_eq!(file_name(""), "%");
    }
}
