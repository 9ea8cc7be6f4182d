//! What `replay` reads: the files its paths name (directories walked, globs expanded), opened by
//! their content (gzip, zstd or plain text), and cut into units of work: a compressed file is one
//! unit (it cannot be entered in the middle), a large plain file of objects one unit per chunk.

use eventlens::split::next_boundary;
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// Plain files are cut into chunks of about this many bytes.
pub const CHUNK_BYTES: u64 = 16 << 20;

/// How far past a chunk's nominal start its boundary is looked for, per read.
const PROBE_BYTES: usize = 64 << 10;

/// A file the paths named, or a path that named nothing readable.
#[derive(Debug)]
pub struct Source {
    /// The path, as named or found.
    pub path: PathBuf,
    /// Its size on disk.
    pub size: u64,
}

/// A file, or one chunk of a plain one: the events that start in `range` (`None`: the whole
/// file, whatever its encoding).
#[derive(Debug)]
pub struct Unit {
    /// Index into the sources.
    pub source: usize,
    /// The bytes of a plain file this unit covers.
    pub range: Option<(u64, u64)>,
}

/// The files `paths` name, in order: a file as it is, a directory's files recursively in name
/// order, a pattern (`*`, `?`, `[...]`) its matches in name order; each file once. A path that
/// names nothing is an error message in `missing`.
pub fn expand(paths: &[String], missing: &mut Vec<(String, String)>) -> Vec<Source> {
    let mut found = Vec::new();
    for path in paths {
        let p = Path::new(path);
        if p.exists() {
            walk(p, &mut found, missing);
        } else if path.contains(['*', '?', '[']) {
            let before = found.len();
            match glob::glob(path) {
                Ok(matches) => {
                    for entry in matches {
                        match entry {
                            Ok(p) => walk(&p, &mut found, missing),
                            Err(e) => missing.push((e.path().display().to_string(), e.to_string())),
                        }
                    }
                    if found.len() == before {
                        missing.push((path.clone(), "no file matches the pattern".to_string()));
                    }
                }
                Err(e) => missing.push((path.clone(), format!("not a valid pattern: {e}"))),
            }
        } else {
            missing.push((path.clone(), "no such file or directory".to_string()));
        }
    }
    let mut seen = std::collections::HashSet::new();
    found.retain(|s: &Source| seen.insert(s.path.clone()));
    found
}

fn walk(path: &Path, found: &mut Vec<Source>, missing: &mut Vec<(String, String)>) {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => return missing.push((path.display().to_string(), e.to_string())),
    };
    if !meta.is_dir() {
        found.push(Source {
            path: path.to_path_buf(),
            size: meta.len(),
        });
        return;
    }
    let entries = match std::fs::read_dir(path) {
        Ok(entries) => entries,
        Err(e) => return missing.push((path.display().to_string(), e.to_string())),
    };
    let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    children.sort();
    for child in children {
        walk(&child, found, missing);
    }
}

/// How a file's bytes are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// gzip (one member or several).
    Gzip,
    /// zstd (one frame or several).
    Zstd,
    /// Plain text.
    Plain,
}

/// The encoding the first bytes of a file show.
pub fn sniff(path: &Path) -> std::io::Result<Encoding> {
    let mut magic = [0u8; 4];
    let mut file = File::open(path)?;
    let mut n = 0;
    while n < magic.len() {
        match file.read(&mut magic[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(match &magic[..n] {
        [0x1f, 0x8b, ..] => Encoding::Gzip,
        [0x28, 0xb5, 0x2f, 0xfd] => Encoding::Zstd,
        _ => Encoding::Plain,
    })
}

/// The units of work of the sources: chunks for plain files larger than `chunk` that start with
/// an object, one unit for any other.
pub fn plan(sources: &[Source], chunk: u64) -> Vec<Unit> {
    let mut units = Vec::new();
    for (i, source) in sources.iter().enumerate() {
        let cuts = match source.size > chunk {
            true => chunk_starts(&source.path, source.size, chunk).unwrap_or_default(),
            false => Vec::new(),
        };
        if cuts.is_empty() {
            units.push(Unit {
                source: i,
                range: None,
            });
            continue;
        }
        let ends = cuts.iter().skip(1).copied().chain([source.size]);
        for (start, end) in cuts.iter().copied().zip(ends) {
            units.push(Unit {
                source: i,
                range: Some((start, end)),
            });
        }
    }
    units
}

/// Where the chunks of a large plain file start (at lines starting with `{`), or nothing for a
/// file that is not plain or does not start with an object.
fn chunk_starts(path: &Path, size: u64, chunk: u64) -> std::io::Result<Vec<u64>> {
    if sniff(path)? != Encoding::Plain {
        return Ok(Vec::new());
    }
    let mut file = BufReader::new(File::open(path)?);
    let mut head = Vec::new();
    (&mut file)
        .take(PROBE_BYTES as u64)
        .read_to_end(&mut head)?;
    if head.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Ok(Vec::new());
    }
    let mut starts = vec![0];
    let mut nominal = chunk;
    while nominal < size {
        let Some(at) = find_boundary(&mut file, nominal)? else {
            break;
        };
        if at > *starts.last().expect("starts with 0") {
            starts.push(at);
        }
        nominal = at.max(nominal) + chunk;
    }
    Ok(starts)
}

/// The first boundary ([`next_boundary`]) at or after `from`.
fn find_boundary(file: &mut BufReader<File>, from: u64) -> std::io::Result<Option<u64>> {
    // Read from one byte before, to see whether `from` itself starts a line.
    let mut at = from - 1;
    file.seek(SeekFrom::Start(at))?;
    let mut window = Vec::with_capacity(PROBE_BYTES + 1);
    loop {
        window.clear();
        let n = (&mut *file)
            .take(PROBE_BYTES as u64 + 1)
            .read_to_end(&mut window)?;
        if n < 2 {
            return Ok(None);
        }
        if let Some(k) = next_boundary(&window, 1) {
            return Ok(Some(at + k as u64));
        }
        // The window's last byte may be a line break before the next window's `{`.
        at += n as u64 - 1;
        file.seek(SeekFrom::Start(at))?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_start_at_line_starting_objects() {
        let dir = std::env::temp_dir().join(format!("eventlens-chunks-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("events.jsonl");
        let text = "{\"a\": 1}\n  {\"b\": \"x\"}\n{\"c\": 2}\n{\"d\": 3}\n";
        std::fs::write(&path, text).unwrap();
        let sources = expand(&[dir.display().to_string()], &mut Vec::new());
        assert_eq!(sources.len(), 1);
        let units = plan(&sources, 5);
        let ranges: Vec<_> = units.iter().map(|u| u.range.unwrap()).collect();
        // Cuts at the `{` of lines 3 and 4: line 2 starts with spaces.
        assert_eq!(ranges, vec![(0, 22), (22, 31), (31, text.len() as u64)]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
