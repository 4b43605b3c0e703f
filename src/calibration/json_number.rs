//! Report numbers written as JavaScript's `JSON.stringify` writes them (`1`, not `1.0`), so a
//! report is the same text natively, in Wasm and in Python.

use serde::Serializer;

/// A number: whole values without a fraction.
pub fn plain<S: Serializer>(n: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        serializer.serialize_i64(*n as i64)
    } else {
        serializer.serialize_f64(*n)
    }
}

/// A number or null.
pub fn optional<S: Serializer>(n: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
    match n {
        Some(n) => plain(n, serializer),
        None => serializer.serialize_none(),
    }
}
