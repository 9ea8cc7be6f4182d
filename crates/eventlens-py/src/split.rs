//! `split_events`: the events of a file, inflated when it is gzip and cut as `eventlens replay`
//! cuts it (the engine's splitter), for engines that read whole files (Spark's `binaryFile`)
//! rather than lines.

use arrow_array::builder::StringBuilder;
use arrow_array::Array;
use arrow_pyarrow::ToPyArrow;
use engine::split::Splitter;
use flate2::read::MultiGzDecoder;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use std::io::Read;

/// The events of `data`, a file's bytes: gzip (by its first bytes; every member) or plain text
/// holding events one per line, concatenated, or in a JSON array (what `eventlens replay` reads).
/// In order, as a pyarrow string array; null for a piece that is not UTF-8. Inflated and cut
/// without the GIL; a gzip stream that cannot be inflated raises `ValueError`.
#[pyfunction]
pub fn split_events<'py>(py: Python<'py>, data: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    let array = py
        .detach(|| -> std::io::Result<_> {
            let inflated;
            let text = if data.starts_with(&[0x1f, 0x8b]) {
                let mut out = Vec::new();
                MultiGzDecoder::new(data).read_to_end(&mut out)?;
                inflated = out;
                &inflated[..]
            } else {
                data
            };
            let mut ranges = Vec::new();
            let mut splitter = Splitter::default();
            splitter.feed(text, &mut ranges);
            ranges.extend(splitter.finish(text.len()));
            let bytes = ranges.iter().map(|r| r.len()).sum();
            let mut out = StringBuilder::with_capacity(ranges.len(), bytes);
            for r in ranges {
                out.append_option(std::str::from_utf8(&text[r]).ok());
            }
            Ok(out.finish().into_data())
        })
        .map_err(|e| PyValueError::new_err(format!("the gzip data cannot be inflated: {e}")))?;
    array.to_pyarrow(py)
}
