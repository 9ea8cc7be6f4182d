//! Why the corpus could not be read, and where.

use std::fmt;
use std::path::PathBuf;

/// A file or directory of the corpus that cannot be used: its path, the 1-based line when one
/// line is at fault, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The file or directory at fault.
    pub path: PathBuf,
    /// The 1-based line of the file, when the fault is in one line.
    pub line: Option<usize>,
    /// What is wrong.
    pub reason: String,
}

impl LoadError {
    /// A fault in the whole of `path`.
    pub(crate) fn at(path: impl Into<PathBuf>, reason: impl Into<String>) -> Self {
        LoadError {
            path: path.into(),
            line: None,
            reason: reason.into(),
        }
    }

    /// A fault in line `line` (1-based) of `path`.
    pub(crate) fn at_line(
        path: impl Into<PathBuf>,
        line: usize,
        reason: impl Into<String>,
    ) -> Self {
        LoadError {
            line: Some(line),
            ..LoadError::at(path, reason)
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path.display(), self.reason),
            None => write!(f, "{}: {}", self.path.display(), self.reason),
        }
    }
}

impl std::error::Error for LoadError {}
