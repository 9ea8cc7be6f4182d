//! Rule sets over Arrow arrays of event text, through the Arrow C data interface: pyarrow's
//! buffers are read in place and the GIL is released while the events are matched.

use arrow_array::builder::{BooleanBuilder, ListBuilder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::{make_array, Array, ArrayRef};
use arrow_data::ArrayData;
use arrow_pyarrow::{FromPyArrow, ToPyArrow};
use arrow_schema::DataType;
use engine::RuleSet;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;

/// The arrays of a pyarrow `Array` or `ChunkedArray` (DuckDB hands the latter).
fn chunks(array: &Bound<'_, PyAny>) -> PyResult<Vec<ArrayRef>> {
    let parts: Vec<ArrayData> = match array.getattr("chunks") {
        Ok(list) => Vec::from_pyarrow_bound(&list)?,
        Err(_) => vec![ArrayData::from_pyarrow_bound(array)?],
    };
    parts
        .into_iter()
        .map(|data| match data.data_type() {
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => Ok(make_array(data)),
            other => Err(PyTypeError::new_err(format!(
                "expected an array of strings (events as JSON text), not {other}"
            ))),
        })
        .collect()
}

/// Calls `each` with every event of the arrays, in order (`None` for a null).
fn for_each_event(arrays: &[ArrayRef], mut each: impl FnMut(Option<&str>)) {
    for array in arrays {
        match array.data_type() {
            DataType::Utf8 => array.as_string::<i32>().iter().for_each(&mut each),
            DataType::LargeUtf8 => array.as_string::<i64>().iter().for_each(&mut each),
            _ => array.as_string_view().iter().for_each(&mut each),
        }
    }
}

/// Matches every event of `array` without the GIL, `push`ing each answer (the names, or `None`
/// for a null or invalid event) onto `out`; returns what `finish` makes of it, in pyarrow.
fn answer<'py, B: Send>(
    rules: &RuleSet,
    array: &Bound<'py, PyAny>,
    mut out: B,
    push: impl Fn(&mut B, Option<&[&str]>) + Send + Sync,
    finish: impl FnOnce(B) -> ArrayData + Send,
) -> PyResult<Bound<'py, PyAny>> {
    let py = array.py();
    let arrays = chunks(array)?;
    let data = py.detach(move || {
        let mut names = Vec::new();
        for_each_event(&arrays, |event| {
            match event.map(|e| rules.matches_into(e, &mut names)) {
                Some(Ok(())) => push(&mut out, Some(&names)),
                _ => push(&mut out, None),
            }
        });
        finish(out)
    });
    data.to_pyarrow(py)
}

/// The matching rule names of each event, as a pyarrow `ListArray` of strings.
pub fn match_lists<'py>(rules: &RuleSet, array: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let push = |out: &mut ListBuilder<StringBuilder>, names: Option<&[&str]>| match names {
        Some(names) => {
            for name in names {
                out.values().append_value(name);
            }
            out.append(true);
        }
        None => out.append_null(),
    };
    let builder = ListBuilder::new(StringBuilder::new());
    answer(rules, array, builder, push, |mut b| b.finish().into_data())
}

/// Whether each event matches any rule, as a pyarrow `BooleanArray`.
pub fn match_any<'py>(rules: &RuleSet, array: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let push = |out: &mut BooleanBuilder, names: Option<&[&str]>| {
        out.append_option(names.map(|n| !n.is_empty()))
    };
    answer(rules, array, BooleanBuilder::new(), push, |mut b| {
        b.finish().into_data()
    })
}
