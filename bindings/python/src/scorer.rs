//! The Python `Scorer`: compile a model once, then score leads one by one (`score`), in
//! batches of dicts or JSON text (`score_batch`), or as Arrow record batches (`score_arrow`).
//! Dicts and text cross as JSON text and results come back through `json.loads`, as the
//! JavaScript binding uses `JSON.stringify` and `JSON.parse`; Arrow batches cross through the
//! Arrow C data interface without a copy.

use crate::arrow_batch::score_record_batch;
use crate::batch_text::batch_array_text;
use crate::errors::{input_error, model_error};
use crate::limits::{limits_dict, limits_of};
use crate::values::{as_of, choice, json_text};
use arrow_array::RecordBatch;
use arrow_pyarrow::PyArrowType;
use leadscore::{
    Detail, InputError, Issue, Model, ModelError, OnError, Scorer as CoreScorer, Scratch,
};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};

/// A compiled scoring model. Compile once, then score many leads; safe to share between
/// threads, and scoring a batch releases the GIL.
#[pyclass(frozen, module = "leadscore")]
pub struct Scorer {
    core: CoreScorer,
}

#[pymethods]
impl Scorer {
    /// Validates and compiles a model (a dict or JSON text) within `limits` (a dict by the
    /// limits' names, `{"eventsPerLead": 10000}`; any left out at its default), which also
    /// bound every lead this scorer reads. Raises `ModelError` listing every problem, each with
    /// the JSON path of the bad value, or `InputError` for bad limits.
    #[new]
    #[pyo3(signature = (model, *, limits=None))]
    fn new(
        py: Python<'_>,
        model: &Bound<'_, PyAny>,
        limits: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let limits = limits_of(limits).map_err(|err| input_error(py, &err))?;
        let text = json_text(model, "").map_err(|err| {
            let issues = vec![Issue::new(err.path, err.message)];
            model_error(py, &ModelError { issues })
        })?;
        let model = Model::from_json_within(&text, &limits).map_err(|err| model_error(py, &err))?;
        Ok(Scorer {
            core: CoreScorer::new(model).with_limits(limits),
        })
    }

    /// The limits this scorer reads leads within, as a dict by name.
    #[getter]
    fn limits<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        limits_dict(py, self.core.limits())
    }

    /// Scores one lead (a dict or JSON text) as of `as_of` (default: now). Raises
    /// `InputError` with the path of the bad value.
    #[pyo3(signature = (lead, *, as_of=None, detail="full"))]
    fn score(
        &self,
        py: Python<'_>,
        lead: &Bound<'_, PyAny>,
        as_of: Option<&Bound<'_, PyAny>>,
        detail: &str,
    ) -> PyResult<Py<PyAny>> {
        let json = self
            .score_text(lead, as_of, detail)
            .map_err(|err| input_error(py, &err))?;
        json_loads(py, &json)
    }

    /// Scores many leads (a list of dicts, or JSON text: an array or JSON Lines) as of one
    /// time, in order. With `on_error="collect"`, a lead that cannot be read yields
    /// `{"leadId", "error": {"name", "message", "path"}}` in its place.
    #[pyo3(signature = (leads, *, as_of=None, on_error="throw", detail="full"))]
    fn score_batch(
        &self,
        py: Python<'_>,
        leads: &Bound<'_, PyAny>,
        as_of: Option<&Bound<'_, PyAny>>,
        on_error: &str,
        detail: &str,
    ) -> PyResult<Py<PyAny>> {
        let read = || -> Result<(String, _, _, _), InputError> {
            let as_of = crate::values::as_of(as_of)?;
            let on_error = on_error_choice(on_error)?;
            let detail = detail_choice(detail)?;
            Ok((batch_text(leads)?, as_of, on_error, detail))
        };
        let (text, as_of, on_error, detail) = read().map_err(|err| input_error(py, &err))?;
        let json = py
            .detach(|| {
                self.core
                    .score_batch_json_with(&text, as_of, on_error, detail)
            })
            .map_err(|err| input_error(py, &err))?;
        json_loads(py, &json)
    }

    /// Scores a `pyarrow.RecordBatch` of leads (`id`; `attributes` a struct or JSON text;
    /// `events` a list of structs or JSON text) into a `pyarrow.RecordBatch` of results, one
    /// row per lead in the same order. With `on_error="collect"`, a lead that cannot be read
    /// gets a row with `error` and `errorPath`; `contributions=True` adds them as JSON text.
    #[pyo3(signature = (batch, *, as_of=None, on_error="throw", contributions=false))]
    fn score_arrow(
        &self,
        py: Python<'_>,
        batch: PyArrowType<RecordBatch>,
        as_of: Option<&Bound<'_, PyAny>>,
        on_error: &str,
        contributions: bool,
    ) -> PyResult<PyArrowType<RecordBatch>> {
        let as_of = crate::values::as_of(as_of).map_err(|err| input_error(py, &err))?;
        let on_error = on_error_choice(on_error).map_err(|err| input_error(py, &err))?;
        let batch = batch.0;
        let results = py
            .detach(|| score_record_batch(&self.core, &batch, as_of, on_error, contributions))
            .map_err(|err| input_error(py, &err))?;
        Ok(PyArrowType(results))
    }

    /// The model's name, if it has one.
    #[getter]
    fn model_name(&self) -> Option<String> {
        self.core.model().name.clone()
    }

    /// Every rule id in the model, fit rules first.
    fn rule_ids(&self) -> Vec<String> {
        self.core.model().rule_ids().map(str::to_string).collect()
    }
}

impl Scorer {
    fn score_text(
        &self,
        lead: &Bound<'_, PyAny>,
        as_of_value: Option<&Bound<'_, PyAny>>,
        detail: &str,
    ) -> Result<String, InputError> {
        let as_of = as_of(as_of_value)?;
        let detail = detail_choice(detail)?;
        let text = json_text(lead, "")?;
        let lead = self.core.read_lead(&text)?;
        let result = self.core.score_with(&lead, as_of, &mut Scratch::default());
        let json = match detail {
            Detail::Full => serde_json::to_string(&result),
            Detail::Summary => serde_json::to_string(&result.summary()),
        };
        json.map_err(|err| InputError::new("", format!("the result could not be written: {err}")))
    }
}

/// A batch as JSON array text: a list or tuple of leads written as JSON, or text (a JSON array,
/// or JSON Lines) as it is.
fn batch_text(leads: &Bound<'_, PyAny>) -> Result<String, InputError> {
    if leads.is_instance_of::<PyList>() || leads.is_instance_of::<PyTuple>() {
        return Ok(json_text(leads, "")?.into_owned());
    }
    if !leads.is_instance_of::<PyString>() && !leads.is_instance_of::<PyBytes>() {
        let kind = leads.get_type().name().map(|name| name.to_string());
        return Err(InputError::new(
            "",
            format!(
                "expected a list of leads or JSON text (an array or JSON Lines), got a {}",
                kind.unwrap_or_else(|_| "value".to_string())
            ),
        ));
    }
    Ok(batch_array_text(&json_text(leads, "")?)?.into_owned())
}

fn on_error_choice(value: &str) -> Result<OnError, InputError> {
    choice(
        value,
        "on_error",
        &[("throw", OnError::Throw), ("collect", OnError::Collect)],
    )
}

fn detail_choice(value: &str) -> Result<Detail, InputError> {
    choice(
        value,
        "detail",
        &[("full", Detail::Full), ("summary", Detail::Summary)],
    )
}

/// Python objects from JSON text, by the standard library's `json.loads`.
fn json_loads(py: Python<'_>, json: &str) -> PyResult<Py<PyAny>> {
    static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let loads = LOADS.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
        Ok(py.import("json")?.getattr("loads")?.unbind())
    })?;
    Ok(loads.bind(py).call1((json,))?.unbind())
}
