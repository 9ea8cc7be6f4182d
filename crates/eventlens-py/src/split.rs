//! `split_events`: the events of a file's text, cut as `eventlens replay` cuts them (the engine's
//! splitter), for engines that read whole files (Spark's `binaryFile`) rather than lines.

use arrow_array::builder::StringBuilder;
use arrow_array::Array;
use arrow_pyarrow::ToPyArrow;
use engine::split::Splitter;
use pyo3::prelude::*;

/// The events of `data` (one per line, concatenated, or in a JSON array: what `eventlens replay`
/// reads once decompressed), in order, as a pyarrow string array; null for a piece that is not
/// UTF-8. Cut without the GIL.
#[pyfunction]
pub fn split_events<'py>(py: Python<'py>, data: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    let array = py.detach(|| {
        let mut ranges = Vec::new();
        let mut splitter = Splitter::default();
        splitter.feed(data, &mut ranges);
        ranges.extend(splitter.finish(data.len()));
        let bytes = ranges.iter().map(|r| r.len()).sum();
        let mut out = StringBuilder::with_capacity(ranges.len(), bytes);
        for r in ranges {
            out.append_option(std::str::from_utf8(&data[r]).ok());
        }
        out.finish().into_data()
    });
    array.to_pyarrow(py)
}
