//! The Python package `leadscore`: the Rust core's scorer and calibration, for Python. This crate is the only
//! part of leadscore that knows Python exists (as `src/wasm/` is the only part that knows
//! JavaScript): it converts values and times at the edge, reads the clock when no `as_of` is
//! given, and raises the core's errors as Python exceptions with their paths.

mod arrow_batch;
mod arrow_leads;
mod arrow_results;
mod arrow_values;
mod batch_text;
mod calibrate;
mod errors;
mod limits;
mod scorer;
mod values;

use pyo3::prelude::*;

/// Every problem in a model (a dict or JSON text), each a dict of `path` and `message`; empty
/// when the model is valid.
#[pyfunction]
fn validate_model<'py>(
    py: Python<'py>,
    model: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, pyo3::types::PyList>> {
    let issues = match values::json_text(model, "") {
        Ok(text) => leadscore::validate_model(&text),
        Err(err) => vec![leadscore::Issue::new(err.path, err.message)],
    };
    errors::issue_list(py, &issues)
}

#[pymodule(name = "leadscore")]
fn python_module(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = module.py();
    module.add_class::<scorer::Scorer>()?;
    module.add("ModelError", py.get_type::<errors::ModelError>())?;
    module.add("InputError", py.get_type::<errors::InputError>())?;
    module.add_function(wrap_pyfunction!(validate_model, module)?)?;
    module.add_function(wrap_pyfunction!(calibrate::calibrate, module)?)?;
    module.add("MODEL_VERSION", leadscore::MODEL_VERSION)?;
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
