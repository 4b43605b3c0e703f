//! The `limits` keyword of `Scorer` and `calibrate`: a dict of whole numbers by the limits'
//! names, as the JavaScript package's option and the messages name them
//! (`{"eventsPerLead": 10000}`), any left out at its default.

use leadscore::{InputError, Limits};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt, PyString};

/// The limits a `limits` keyword gives: the defaults when it is None or left out.
pub(crate) fn limits_of(value: Option<&Bound<'_, PyAny>>) -> Result<Limits, InputError> {
    let mut limits = Limits::default();
    let Some(value) = value.filter(|value| !value.is_none()) else {
        return Ok(limits);
    };
    let given = value.cast::<PyDict>().map_err(|_| {
        InputError::new(
            "limits",
            r#"must be a dict such as {"eventsPerLead": 10000}"#,
        )
    })?;
    for (key, number) in given.iter() {
        let name = key
            .cast::<PyString>()
            .ok()
            .and_then(|key| key.extract::<String>().ok());
        let field = name.and_then(|name| {
            limits
                .named_mut()
                .into_iter()
                .find(|(known, _)| *known == name)
        });
        let Some((name, field)) = field else {
            let message = format!(
                "may only name the limits {}; {} is not one",
                Limits::NAMES.join(", "),
                key.repr()
                    .map_or_else(|_| "a key".to_string(), |repr| repr.to_string())
            );
            return Err(InputError::new("limits", message));
        };
        *field = whole_number(&number).ok_or_else(|| {
            InputError::new(
                format!("limits.{name}"),
                "must be a whole number of at least 1",
            )
        })?;
    }
    Ok(limits)
}

/// An `int` (not a `bool`) of at least 1 that fits the platform's sizes.
fn whole_number(value: &Bound<'_, PyAny>) -> Option<usize> {
    if value.is_instance_of::<PyBool>() || !value.is_instance_of::<PyInt>() {
        return None;
    }
    let number = value.extract::<u64>().ok()?;
    usize::try_from(number).ok().filter(|&number| number >= 1)
}

/// The limits as a dict by name, as `limits_of` takes them.
pub(crate) fn limits_dict<'py>(py: Python<'py>, limits: &Limits) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    let mut limits = *limits;
    for (name, value) in limits.named_mut() {
        dict.set_item(name, *value)?;
    }
    Ok(dict)
}
