//! Where the corpus is, and reading all of it.

use crate::case::Case;
use crate::deviations;
use crate::error::LoadError;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// The corpus files by authority, highest first: LocalStack's cases (validated against AWS), then
/// the AWS documentation's, then event-ruler's test suite. Other files follow, by name.
pub const AUTHORITY: [&str; 3] = ["localstack", "aws-docs", "event-ruler"];

/// One corpus file and its cases.
#[derive(Debug, Clone)]
pub struct CorpusFile {
    /// The file name without `.jsonl`.
    pub name: String,
    /// Where it was read.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    /// One case per non-blank line, in file order.
    pub cases: Vec<Case>,
}

/// Every corpus file, and the engine's known deviations from it.
#[derive(Debug, Clone)]
pub struct Corpus {
    /// The directory read.
    pub dir: PathBuf,
    /// Every `*.jsonl` file of it, in [`AUTHORITY`] order.
    pub files: Vec<CorpusFile>,
    /// Case id to the reason the engine's answer differs, from
    /// `tests/conformance/known-deviations.json`.
    pub deviations: BTreeMap<String, String>,
}

/// The workspace's root (this crate is `crates/eventlens-conformance` in it).
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

impl Corpus {
    /// The corpus directory: `EVENTLENS_CONFORMANCE_DIR` when set, else `../shared/conformance`
    /// beside the workspace.
    pub fn dir() -> PathBuf {
        match std::env::var_os("EVENTLENS_CONFORMANCE_DIR") {
            Some(dir) => PathBuf::from(dir),
            None => workspace_root().join("../shared/conformance"),
        }
    }

    /// Reads the corpus from [`Corpus::dir`] and the workspace's list of known deviations;
    /// panics with the file and line at fault (a test that loads the corpus fails loudly).
    pub fn load() -> Corpus {
        let deviations = workspace_root().join("tests/conformance/known-deviations.json");
        Corpus::read(&Corpus::dir(), &deviations).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Reads every `*.jsonl` file of `dir`, and the known deviations from `deviations`.
    pub fn read(dir: &Path, deviations: &Path) -> Result<Corpus, LoadError> {
        let listing = std::fs::read_dir(dir).map_err(|e| {
            LoadError::at(
                dir,
                format!("cannot read the corpus directory ({e}); set EVENTLENS_CONFORMANCE_DIR"),
            )
        })?;
        let mut paths = Vec::new();
        for entry in listing {
            let path = entry.map_err(|e| LoadError::at(dir, e.to_string()))?.path();
            if path.extension().is_some_and(|x| x == "jsonl") {
                paths.push(path);
            }
        }
        let rank = |p: &PathBuf| {
            let name = stem(p);
            (
                AUTHORITY
                    .iter()
                    .position(|a| *a == name)
                    .unwrap_or(AUTHORITY.len()),
                name,
            )
        };
        paths.sort_by_key(rank);
        if paths.is_empty() {
            return Err(LoadError::at(dir, "no *.jsonl corpus files"));
        }
        let mut seen: HashMap<String, (PathBuf, usize)> = HashMap::new();
        let mut files = Vec::new();
        for path in paths {
            let file = read_file(&path)?;
            for case in &file.cases {
                if let Some((at, line)) = seen.insert(case.id.clone(), (path.clone(), case.line)) {
                    let why = format!("id {:?} is also the id of {}:{line}", case.id, at.display());
                    return Err(LoadError::at_line(&path, case.line, why));
                }
            }
            files.push(file);
        }
        Ok(Corpus {
            dir: dir.to_path_buf(),
            files,
            deviations: deviations::read(deviations)?,
        })
    }

    /// Every case, file after file.
    pub fn cases(&self) -> impl Iterator<Item = &Case> {
        self.files.iter().flat_map(|f| &f.cases)
    }
}

/// A path's file name without its extension.
fn stem(path: &Path) -> String {
    path.file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

/// Reads one corpus file: a case per non-blank line.
fn read_file(path: &Path) -> Result<CorpusFile, LoadError> {
    let text = std::fs::read_to_string(path).map_err(|e| LoadError::at(path, e.to_string()))?;
    let name = stem(path);
    let mut cases = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let case =
            Case::parse(&name, i + 1, line).map_err(|why| LoadError::at_line(path, i + 1, why))?;
        cases.push(case);
    }
    Ok(CorpusFile {
        name,
        path: path.to_path_buf(),
        text,
        cases,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::Outcome;

    /// A fresh directory for one test.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "eventlens-conformance-{}-{name}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    const CASE: &str =
        r#"{"id": "ID", "pattern": {"a": ["x"]}, "event": {"a": "x"}, "expect": "match"}"#;

    fn write(dir: &Path, name: &str, ids: &[&str]) {
        let lines: Vec<String> = ids.iter().map(|id| CASE.replace("ID", id)).collect();
        std::fs::write(dir.join(name), lines.join("\n\n") + "\n").unwrap();
    }

    #[test]
    fn files_come_in_authority_order_with_their_lines() {
        let dir = scratch("order");
        write(&dir, "zeta.jsonl", &["z1"]);
        write(&dir, "event-ruler.jsonl", &["e1", "e2"]);
        write(&dir, "localstack.jsonl", &["l1"]);
        std::fs::write(dir.join("README.md"), "not a corpus file").unwrap();
        let deviations = dir.join("deviations.json");
        std::fs::write(&deviations, r#"[{"id": "e2", "reason": "why"}]"#).unwrap();
        let corpus = Corpus::read(&dir, &deviations).unwrap();
        let names: Vec<&str> = corpus.files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["localstack", "event-ruler", "zeta"]);
        let ids: Vec<(&str, usize)> = corpus.cases().map(|c| (c.id.as_str(), c.line)).collect();
        assert_eq!(ids, [("l1", 1), ("e1", 1), ("e2", 3), ("z1", 1)]);
        assert!(corpus.cases().all(|c| c.expect == Outcome::Match));
        assert_eq!(corpus.deviations["e2"], "why");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn faults_name_the_file_and_line() {
        let dir = scratch("faults");
        let deviations = dir.join("deviations.json");
        std::fs::write(&deviations, "[]").unwrap();
        let missing = Corpus::read(&dir.join("absent"), &deviations).unwrap_err();
        assert!(
            missing
                .to_string()
                .contains("absent: cannot read the corpus directory"),
            "{missing}"
        );
        let empty = Corpus::read(&dir, &deviations).unwrap_err();
        assert_eq!(empty.reason, "no *.jsonl corpus files");

        std::fs::write(
            dir.join("aws-docs.jsonl"),
            format!("{}\n\n{{\"id\": \"b\"}}\n", CASE.replace("ID", "a")),
        )
        .unwrap();
        let bad = Corpus::read(&dir, &deviations).unwrap_err();
        assert_eq!(
            (bad.path.clone(), bad.line),
            (dir.join("aws-docs.jsonl"), Some(3))
        );
        assert!(
            bad.to_string().ends_with("aws-docs.jsonl:3: no `expect`"),
            "{bad}"
        );

        write(&dir, "aws-docs.jsonl", &["a"]);
        write(&dir, "localstack.jsonl", &["a"]);
        let twice = Corpus::read(&dir, &deviations).unwrap_err();
        assert_eq!(
            (twice.path.clone(), twice.line),
            (dir.join("aws-docs.jsonl"), Some(1))
        );
        assert!(twice.reason.contains("localstack.jsonl:1"), "{twice}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
