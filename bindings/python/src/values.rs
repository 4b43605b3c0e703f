//! Python values crossing into the core: objects become the JSON text the core reads (as the
//! JavaScript binding uses `JSON.stringify`), text passes as it is, and times become
//! [`Timestamp`]s. Every value that cannot cross is an [`InputError`] naming where it is.

use leadscore::{InputError, Timestamp};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};
use std::borrow::Cow;
use std::io::Write;

/// Where a value sits in the document being written, kept as a chain of borrowed steps and
/// spelt out as a JSON path (`events[2].at`) only when something is wrong.
#[derive(Clone, Copy)]
pub(crate) enum Place<'a> {
    Root(&'a str),
    Key(&'a Place<'a>, &'a str),
    Index(&'a Place<'a>, usize),
}

impl Place<'_> {
    pub(crate) fn path(&self) -> String {
        match self {
            Place::Root(path) => path.to_string(),
            Place::Key(parent, key) => leadscore::error::join_path(&parent.path(), key),
            Place::Index(parent, index) => format!("{}[{index}]", parent.path()),
        }
    }

    pub(crate) fn error(&self, message: impl Into<String>) -> InputError {
        InputError::new(self.path(), message)
    }
}

/// A model, lead or batch as JSON text: `str` (or UTF-8 `bytes`) as it is, anything else
/// written as JSON. Errors name `root` and the path below it.
pub(crate) fn json_text<'v>(
    value: &'v Bound<'_, PyAny>,
    root: &str,
) -> Result<Cow<'v, str>, InputError> {
    let place = Place::Root(root);
    if let Ok(text) = value.cast::<PyString>() {
        return text.to_cow().map_err(|err| place.error(err.to_string()));
    }
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return std::str::from_utf8(bytes.as_bytes())
            .map(|text| Cow::Owned(text.to_string()))
            .map_err(|_| place.error("the bytes are not valid UTF-8"));
    }
    if value.is_none() {
        return Err(place.error("expected a dict or JSON text, got None"));
    }
    let mut out = Vec::new();
    write_json(value, place, &mut out)?;
    // Everything written is UTF-8: text comes from Python strings, the rest is ASCII.
    String::from_utf8(out)
        .map(Cow::Owned)
        .map_err(|_| place.error("the value is not valid UTF-8"))
}

/// Writes a Python value as JSON: dicts with text keys, lists and tuples, text, whole and
/// decimal numbers (NaN and infinities as `null`, as `JSON.stringify` writes them), booleans,
/// None, dates and time-zone-aware datetimes (as ISO 8601 text).
pub(crate) fn write_json(
    value: &Bound<'_, PyAny>,
    place: Place<'_>,
    out: &mut Vec<u8>,
) -> Result<(), InputError> {
    let failed = |err: PyErr| place.error(err.to_string());
    if value.is_none() {
        out.extend_from_slice(b"null");
    } else if let Ok(text) = value.cast::<PyString>() {
        write_str(&text.to_cow().map_err(failed)?, out);
    } else if let Ok(flag) = value.cast::<PyBool>() {
        out.extend_from_slice(if flag.is_true() { b"true" } else { b"false" });
    } else if let Ok(number) = value.cast::<PyInt>() {
        match number.extract::<i64>() {
            Ok(n) => write_int(n, out),
            Err(_) => {
                let digits = number.str().map_err(failed)?;
                out.extend_from_slice(digits.to_cow().map_err(failed)?.as_bytes());
            }
        }
    } else if let Ok(number) = value.cast::<PyFloat>() {
        write_float(number.value(), out);
    } else if let Ok(dict) = value.cast::<PyDict>() {
        out.push(b'{');
        for (index, (key, member)) in dict.iter().enumerate() {
            let Ok(key) = key.cast::<PyString>() else {
                let kind = type_name(&key);
                return Err(place.error(format!("has a key that is not text: a {kind}")));
            };
            let key = key.to_cow().map_err(failed)?;
            if index > 0 {
                out.push(b',');
            }
            write_str(&key, out);
            out.push(b':');
            write_json(&member, Place::Key(&place, &key), out)?;
        }
        out.push(b'}');
    } else if let Ok(list) = value.cast::<PyList>() {
        write_items(list.iter(), place, out)?;
    } else if let Ok(tuple) = value.cast::<PyTuple>() {
        write_items(tuple.iter(), place, out)?;
    } else if let Some(text) = date_text(value, place)? {
        write_str(&text, out);
    } else {
        return Err(place.error(format!(
            "cannot be written as JSON: a {} (expected a dict, list, text, number, boolean, \
             None, date or datetime)",
            type_name(value)
        )));
    }
    Ok(())
}

fn write_items<'py>(
    items: impl Iterator<Item = Bound<'py, PyAny>>,
    place: Place<'_>,
    out: &mut Vec<u8>,
) -> Result<(), InputError> {
    out.push(b'[');
    for (index, item) in items.enumerate() {
        if index > 0 {
            out.push(b',');
        }
        write_json(&item, Place::Index(&place, index), out)?;
    }
    out.push(b']');
    Ok(())
}

/// Text as a JSON string: copied as it is when nothing in it needs escaping (the common case),
/// else escaped by serde_json.
pub(crate) fn write_str(text: &str, out: &mut Vec<u8>) {
    let plain = text
        .bytes()
        .all(|byte| byte >= 0x20 && byte != b'"' && byte != b'\\');
    if plain {
        out.reserve(text.len() + 2);
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
    } else {
        // Writing into a Vec cannot fail.
        let _ = serde_json::to_writer(out, text);
    }
}

pub(crate) fn write_int(number: impl Into<i128>, out: &mut Vec<u8>) {
    let _ = write!(out, "{}", number.into());
}

/// A finite number as serde_json writes it; NaN and the infinities as `null`.
pub(crate) fn write_float(number: f64, out: &mut Vec<u8>) {
    if number.is_finite() {
        let _ = serde_json::to_writer(out, &number);
    } else {
        out.extend_from_slice(b"null");
    }
}

/// A `datetime` (with a time zone) or a `date` as ISO 8601 text; `None` for anything else.
fn date_text(value: &Bound<'_, PyAny>, place: Place<'_>) -> Result<Option<String>, InputError> {
    let failed = |err: PyErr| place.error(err.to_string());
    let is_date = value
        .is_instance(date_class(value.py(), "date").map_err(failed)?)
        .map_err(failed)?;
    if !is_date {
        return Ok(None);
    }
    if is_datetime(value, place)? {
        check_time_zone(value, place)?;
    }
    let text = value.call_method0("isoformat").map_err(failed)?;
    let text = text.cast::<PyString>().map_err(|err| failed(err.into()))?;
    Ok(Some(text.to_cow().map_err(failed)?.into_owned()))
}

fn is_datetime(value: &Bound<'_, PyAny>, place: Place<'_>) -> Result<bool, InputError> {
    let failed = |err: PyErr| place.error(err.to_string());
    value
        .is_instance(date_class(value.py(), "datetime").map_err(failed)?)
        .map_err(failed)
}

/// A datetime without a time zone could be any instant: an error, not a guess.
fn check_time_zone(value: &Bound<'_, PyAny>, place: Place<'_>) -> Result<(), InputError> {
    let offset = value
        .call_method0("utcoffset")
        .map_err(|err| place.error(err.to_string()))?;
    if offset.is_none() {
        return Err(place.error(
            "is a datetime without a time zone, which could be any instant: give it one \
             (tzinfo=timezone.utc) or pass RFC 3339 text",
        ));
    }
    Ok(())
}

/// `datetime.date` or `datetime.datetime`, imported once.
fn date_class<'py>(py: Python<'py>, name: &str) -> PyResult<&'py Bound<'py, PyType>> {
    static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    let cell = if name == "datetime" { &DATETIME } else { &DATE };
    cell.import(py, "datetime", name)
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map(|name| name.to_string())
        .unwrap_or_else(|_| "value".to_string())
}

/// `as_of` as a time-zone-aware `datetime`, RFC 3339 text or epoch milliseconds; the current
/// time when it is None (the only place the Python package reads a clock).
pub(crate) fn as_of(value: Option<&Bound<'_, PyAny>>) -> Result<Timestamp, InputError> {
    let place = Place::Root("as_of");
    let bad = |message: String| place.error(message);
    let Some(value) = value.filter(|value| !value.is_none()) else {
        return now().map_err(bad);
    };
    if let Ok(text) = value.cast::<PyString>() {
        let text = text.to_cow().map_err(|err| bad(err.to_string()))?;
        return Timestamp::parse(&text).map_err(bad);
    }
    let is_number = value.cast::<PyInt>().is_ok() || value.cast::<PyFloat>().is_ok();
    if is_number && value.cast::<PyBool>().is_err() {
        // Every valid instant is well within the integers a float holds exactly.
        let ms = value.extract::<f64>().map_err(|err| bad(err.to_string()))?;
        return Timestamp::from_epoch_number(ms).map_err(bad);
    }
    if !is_datetime(value, place)? {
        return Err(bad(format!(
            "must be a datetime with a time zone, RFC 3339 text or epoch milliseconds, got a {}",
            type_name(value)
        )));
    }
    let text = date_text(value, place)?.unwrap_or_default();
    Timestamp::parse(&text).map_err(bad)
}

fn now() -> Result<Timestamp, String> {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|_| "the system clock is before 1970".to_string())?;
    Timestamp::from_epoch_number(since_epoch.as_millis() as f64)
}

/// A text option with a fixed set of values (`on_error`, `detail`).
pub(crate) fn choice<T: Copy>(
    value: &str,
    name: &str,
    choices: &[(&str, T)],
) -> Result<T, InputError> {
    choices
        .iter()
        .find(|(word, _)| *word == value)
        .map(|(_, choice)| *choice)
        .ok_or_else(|| {
            let words: Vec<String> = choices
                .iter()
                .map(|(word, _)| format!("{word:?}"))
                .collect();
            InputError::new(
                name,
                format!("must be {}, got {value:?}", words.join(" or ")),
            )
        })
}
