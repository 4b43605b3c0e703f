//! The core's errors as Python exceptions: `ModelError` and `InputError`, both subclasses of
//! `ValueError`, carrying `.path` (the JSON path of the first problem) and `.errors` (every
//! problem, each a dict of `path` and `message`), with the same messages as the JavaScript ones.

use leadscore::{InputError as CoreInputError, Issue, ModelError as CoreModelError};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use pyo3::{create_exception, PyErr};

create_exception!(
    leadscore,
    ModelError,
    PyValueError,
    "A model that cannot be compiled. `.errors` lists every problem, each with its JSON path; \
     `.path` is the first one's."
);

create_exception!(
    leadscore,
    InputError,
    PyValueError,
    "A lead, a batch, a time or an option that cannot be read. `.path` says where, such as \
     `[3].events[2].at`; `.errors` holds the one problem."
);

pub(crate) fn model_error(py: Python<'_>, err: &CoreModelError) -> PyErr {
    with_details::<ModelError>(py, err.to_string(), err.path(), &err.issues)
}

pub(crate) fn input_error(py: Python<'_>, err: &CoreInputError) -> PyErr {
    let issue = Issue::new(err.path.clone(), err.message.clone());
    with_details::<InputError>(py, err.to_string(), &err.path, &[issue])
}

/// An exception of type `T` with the message, `.path` and `.errors` set on it.
fn with_details<T: pyo3::PyTypeInfo>(
    py: Python<'_>,
    message: String,
    path: &str,
    issues: &[Issue],
) -> PyErr {
    let err = PyErr::new::<T, _>(message);
    let value = err.value(py);
    let details = value
        .setattr("path", path)
        .and_then(|()| value.setattr("errors", issue_list(py, issues)?));
    // Setting attributes on a fresh exception cannot fail short of running out of memory, and
    // then that error is the one to raise.
    match details {
        Ok(()) => err,
        Err(failed) => failed,
    }
}

/// Problems as a list of `{"path": ..., "message": ...}` dicts.
pub(crate) fn issue_list<'py>(py: Python<'py>, issues: &[Issue]) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for issue in issues {
        let entry = PyDict::new(py);
        entry.set_item("path", &issue.path)?;
        entry.set_item("message", &issue.message)?;
        list.append(entry)?;
    }
    Ok(list)
}
