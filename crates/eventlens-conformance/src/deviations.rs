//! The engine's known deviations from the corpus: `[{"id": …, "reason": …}, …]`.

use crate::error::LoadError;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// Reads the list at `path`: case id to reason.
pub(crate) fn read(path: &Path) -> Result<BTreeMap<String, String>, LoadError> {
    let text = std::fs::read_to_string(path).map_err(|e| LoadError::at(path, e.to_string()))?;
    let value: Value = serde_json::from_str(&text)
        .map_err(|e| LoadError::at_line(path, e.line(), e.to_string()))?;
    let Value::Array(items) = value else {
        return Err(LoadError::at(
            path,
            "not a JSON array of {\"id\", \"reason\"} objects",
        ));
    };
    let mut list = BTreeMap::new();
    for (i, item) in items.iter().enumerate() {
        let field = |name: &str| item.get(name).and_then(Value::as_str).map(str::to_string);
        let (Some(id), Some(reason)) = (field("id"), field("reason")) else {
            return Err(LoadError::at(
                path,
                format!("item {i} lacks a string `id` or `reason`"),
            ));
        };
        if list.insert(id.clone(), reason).is_some() {
            return Err(LoadError::at(path, format!("{id:?} is listed twice")));
        }
    }
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_lists_are_refused() {
        let path =
            std::env::temp_dir().join(format!("eventlens-deviations-{}.json", std::process::id()));
        for (text, why) in [
            ("[\n{", "EOF while parsing"),
            ("{}", "not a JSON array"),
            (r#"[{"id": "a"}]"#, "item 0 lacks"),
            (
                r#"[{"id": "a", "reason": "r"}, {"id": "a", "reason": "s"}]"#,
                "\"a\" is listed twice",
            ),
        ] {
            std::fs::write(&path, text).unwrap();
            let err = read(&path).unwrap_err();
            assert!(err.reason.starts_with(why), "{text}: {err}");
        }
        std::fs::write(&path, r#"[{"id": "a", "reason": "r"}]"#).unwrap();
        assert_eq!(read(&path).unwrap()["a"], "r");
        std::fs::remove_file(&path).unwrap();
    }
}
