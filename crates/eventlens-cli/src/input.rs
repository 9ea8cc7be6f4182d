//! Reading inputs: a file path, or `-` for standard input.

use std::io::Read;

/// Reads the whole of `path` (or stdin for `-`) as UTF-8 text.
pub fn read_text(path: &str) -> Result<String, String> {
    let bytes = if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| format!("reading standard input: {e}"))?;
        buf
    } else {
        std::fs::read(path).map_err(|e| format!("reading {path}: {e}"))?
    };
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{path} is not valid UTF-8 (first bad byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}
