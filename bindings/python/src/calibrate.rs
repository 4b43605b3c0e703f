//! `leadscore.calibrate`: leads and their outcomes through the core's calibration (each lead
//! scored as of its decision time), the report as a dict, or as text or Markdown for people.

use crate::batch_text::batch_array_text;
use crate::errors::{input_error, model_error};
use crate::limits::limits_of;
use crate::values::{as_of, choice, json_text};
use leadscore::calibration::render::{calibration_report, Format};
use leadscore::calibration::{calibrate as run, CalibrationOptions, LeadTable, SplitPlan};
use leadscore::{parse_lead_batch, InputError, Issue, Lead, Model, ModelError, Scorer, Scratch};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt, PyList, PyString};
use std::collections::HashSet;

/// An outcome: True or False (or 1 or 0); None for none.
fn outcome_of(value: &Bound<'_, PyAny>, path: &str) -> Result<Option<bool>, InputError> {
    if value.is_none() {
        return Ok(None);
    }
    if let Ok(flag) = value.cast::<PyBool>() {
        return Ok(Some(flag.is_true()));
    }
    if value.cast::<PyInt>().is_ok() {
        match value.extract::<i64>() {
            Ok(0) => return Ok(Some(false)),
            Ok(1) => return Ok(Some(true)),
            _ => {}
        }
    }
    Err(InputError::new(
        path,
        "must be True or False (or 1 or 0), or None for no outcome",
    ))
}

/// Each lead's outcome: from a list (one per lead) or a dict by lead id. Returns the outcomes
/// and how many ids of a dict no lead had.
fn outcomes_of(
    value: &Bound<'_, PyAny>,
    leads: &[Lead<'_>],
) -> Result<(Vec<Option<bool>>, usize), InputError> {
    if let Ok(by_id) = value.cast::<PyDict>() {
        let mut found = Vec::with_capacity(leads.len());
        let mut used = 0;
        for lead in leads {
            let outcome = match by_id.get_item(lead.id()).ok().flatten() {
                Some(item) => {
                    used += 1;
                    outcome_of(&item, &format!("outcomes[{:?}]", lead.id()))?
                }
                None => None,
            };
            found.push(outcome);
        }
        return Ok((found, by_id.len() - used));
    }
    let list = value.cast::<PyList>().map_err(|_| {
        InputError::new(
            "outcomes",
            "must be a list (one per lead) or a dict by lead id",
        )
    })?;
    if list.len() != leads.len() {
        let message = format!(
            "has {} outcomes for {} leads: one each",
            list.len(),
            leads.len()
        );
        return Err(InputError::new("outcomes", message));
    }
    let mut found = Vec::with_capacity(list.len());
    for (at, item) in list.iter().enumerate() {
        found.push(outcome_of(&item, &format!("outcomes[{at}]"))?);
    }
    Ok((found, 0))
}

/// How the leads are split: a random share held out, or those decided from a moment on.
fn split_of(
    holdout_share: Option<f64>,
    holdout_from: Option<&Bound<'_, PyAny>>,
) -> Result<SplitPlan, InputError> {
    match (holdout_share, holdout_from.filter(|from| !from.is_none())) {
        (Some(_), Some(_)) => Err(InputError::new(
            "holdout_from",
            "goes with a split by time; holdout_share with a random split: give one",
        )),
        (_, Some(from)) => {
            let holdout_from =
                as_of(Some(from)).map_err(|err| InputError::new("holdout_from", err.message))?;
            Ok(SplitPlan::ByTime { holdout_from })
        }
        (Some(holdout_share), None) => Ok(SplitPlan::Random { holdout_share }),
        (None, None) => Ok(SplitPlan::default()),
    }
}

/// Calibrates a model (a dict or JSON text) against leads (a list of dicts, or JSON text: an
/// array or JSON Lines) and their outcomes (a list, one per lead, or a dict by lead id; None or
/// a missing id leaves the lead out, with a warning that counts them). Each lead is scored as of
/// `as_of` (default: now): no event after it is seen. Returns the report as a dict, or with
/// `format="text"` or `"markdown"` the report written for people. The model and the leads are
/// read within `limits`, as `Scorer` takes them. Raises `ModelError` or `InputError` (with
/// `.path`) for bad input, one class only and fewer leads than folds.
#[pyfunction]
#[pyo3(signature = (model, leads, outcomes, *, as_of=None, seed=0, holdout_share=None, holdout_from=None, folds=5, format="json", limits=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn calibrate<'py>(
    py: Python<'py>,
    model: &Bound<'py, PyAny>,
    leads: &Bound<'py, PyAny>,
    outcomes: &Bound<'py, PyAny>,
    as_of: Option<&Bound<'py, PyAny>>,
    seed: u32,
    holdout_share: Option<f64>,
    holdout_from: Option<&Bound<'py, PyAny>>,
    folds: usize,
    format: &str,
    limits: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let limits = limits_of(limits).map_err(|err| input_error(py, &err))?;
    let model_text = json_text(model, "").map_err(|err| {
        model_error(
            py,
            &ModelError {
                issues: vec![Issue::new(err.path, err.message)],
            },
        )
    })?;
    let model =
        Model::from_json_within(&model_text, &limits).map_err(|err| model_error(py, &err))?;
    let scorer = Scorer::new(model).with_limits(limits);
    let document: serde_json::Value = serde_json::from_str(&model_text)
        .map_err(|err| input_error(py, &InputError::new("model", err.to_string())))?;
    let bad = |err: InputError| input_error(py, &err);
    let format = choice(
        format,
        "format",
        &[
            ("json", None),
            ("text", Some(Format::Text)),
            ("markdown", Some(Format::Markdown)),
        ],
    )
    .map_err(bad)?;
    let decided_at = crate::values::as_of(as_of).map_err(bad)?;
    let mut options = CalibrationOptions {
        split: split_of(holdout_share, holdout_from).map_err(bad)?,
        seed,
        ..CalibrationOptions::default()
    };
    options.fit.folds = folds;

    let leads_text = json_text(leads, "leads").map_err(bad)?;
    let array = batch_array_text(&leads_text).map_err(bad)?;
    let mut parsed = Vec::new();
    for lead in parse_lead_batch(&array).map_err(bad)? {
        parsed.push(lead.map_err(|lead| bad(lead.error))?);
    }
    scorer.limits().check_leads(&parsed).map_err(bad)?;
    let (known, unknown_ids) = outcomes_of(outcomes, &parsed).map_err(bad)?;

    let mut table = LeadTable::new(scorer);
    let mut scratch = Scratch::default();
    let mut calibration_leads = Vec::with_capacity(parsed.len());
    let mut ids = HashSet::new();
    let mut skipped = 0;
    for (at, (lead, outcome)) in parsed.iter().zip(&known).enumerate() {
        if !ids.insert(lead.id()) {
            let message = format!(
                "lead {:?} appears more than once: each lead has one outcome",
                lead.id()
            );
            return Err(bad(InputError::new(format!("[{at}].id"), message)));
        }
        match outcome {
            Some(converted) => {
                calibration_leads.push(table.add(lead, *converted, decided_at, &mut scratch))
            }
            None => skipped += 1,
        }
    }
    let warn = |message: String| -> PyResult<()> {
        let warnings = py.import("warnings")?;
        warnings.call_method1("warn", (message,))?;
        Ok(())
    };
    if skipped > 0 {
        warn(format!(
            "{skipped} of {} leads have no outcome: left out of calibration",
            parsed.len()
        ))?;
    }
    if unknown_ids > 0 {
        warn(format!(
            "{unknown_ids} outcomes are for leads not given: ignored"
        ))?;
    }
    let report = run(
        table.model(),
        &document,
        &calibration_leads,
        &table,
        &options,
    )
    .map_err(bad)?;
    match format {
        Some(format) => Ok(PyString::new(py, &calibration_report(&report, format)).into_any()),
        None => {
            let json = serde_json::to_string(&report)
                .map_err(|err| bad(InputError::new("", err.to_string())))?;
            py.import("json")?.call_method1("loads", (json,))
        }
    }
}
