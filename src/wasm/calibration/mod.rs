//! The JavaScript binding of calibration (feature `calibration`): a `Calibration` takes leads in
//! batches, each with its outcome (given beside the batch, or looked up by lead id among the
//! outcomes set before), tabulates each as of its decision time and keeps only its rule-table
//! row, then runs the calibration; `checkScores` (`check.rs`) checks a table of scores the
//! caller already has.

mod check;
mod options;

pub use check::check_scores_js;

use crate::calibration::render::{calibration_report, Format};
use crate::calibration::{
    assign, calibrate, CalibrationLead, CalibrationReport, Gate, LeadTable, Part,
};
use crate::engine::{Scorer, Scratch};
use crate::lead::{parse_lead_batch, Lead};
use crate::limits::Limits;
use crate::time::Timestamp;
use crate::wasm::limits::{compile_model_within, limits_option};
use crate::wasm::{
    check_options, given_option, input_error, instant_option, instant_value, json_text, parse_json,
};
use js_sys::{Array, Object};
use options::{bad, calibration_options};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("types.d.ts");

/// A lead's known outcome and, when given, its decision time.
type Known = (bool, Option<Timestamp>);

/// Leads with known outcomes, tabulated, ready to calibrate their model.
#[wasm_bindgen]
pub struct Calibration {
    table: LeadTable,
    /// What the model and each added batch and lead may hold.
    limits: Limits,
    document: serde_json::Value,
    leads: Vec<CalibrationLead>,
    ids: FxHashSet<String>,
    outcomes: FxHashMap<String, Known>,
    used: FxHashSet<String>,
    skipped: Vec<String>,
    scratch: Scratch,
    last: Option<CalibrationReport>,
}

/// An outcome: a boolean (or 1 or 0), or `null`/`undefined` for none.
fn outcome_of(value: &JsValue, path: &str) -> Result<Option<bool>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    match (value.as_bool(), value.as_f64()) {
        (Some(b), _) => Ok(Some(b)),
        (None, Some(n)) if n == 0.0 || n == 1.0 => Ok(Some(n == 1.0)),
        _ => Err(bad(path, "must be true or false (or 1 or 0)")),
    }
}

/// Outcomes beside a batch: an array (booleans, 1 or 0, null for none) or a Uint8Array.
fn batch_outcomes(value: &JsValue, count: usize) -> Result<Vec<Option<bool>>, JsValue> {
    let outcomes: Vec<Option<bool>> = if let Some(bytes) = value.dyn_ref::<js_sys::Uint8Array>() {
        bytes.to_vec().into_iter().map(|b| Some(b != 0)).collect()
    } else if Array::is_array(value) {
        let mut read = Vec::new();
        for (at, item) in Array::from(value).iter().enumerate() {
            read.push(outcome_of(&item, &format!("outcomes[{at}]"))?);
        }
        read
    } else {
        return Err(bad(
            "outcomes",
            "must be an array of booleans or a Uint8Array, one per lead",
        ));
    };
    if outcomes.len() != count {
        return Err(bad(
            "outcomes",
            format!(
                "has {} outcomes for {count} leads: one each",
                outcomes.len()
            ),
        ));
    }
    Ok(outcomes)
}

/// Each lead's decision time from `options.decidedAt` (one per lead, null for the default).
fn decision_times(
    options: Option<&Object>,
    count: usize,
) -> Result<Vec<Option<Timestamp>>, JsValue> {
    let Some(list) = given_option(options, "decidedAt") else {
        return Ok(vec![None; count]);
    };
    if !Array::is_array(&list) || Array::from(&list).length() as usize != count {
        return Err(bad(
            "decidedAt",
            format!("must be an array of {count} times, one per lead (null for asOf)"),
        ));
    }
    let mut times = Vec::with_capacity(count);
    for item in Array::from(&list).iter() {
        times.push(match item.is_undefined() || item.is_null() {
            true => None,
            false => Some(instant_value(&item, "decidedAt")?),
        });
    }
    Ok(times)
}

#[wasm_bindgen]
impl Calibration {
    /// A calibration of a model (an object or JSON text) within `options.limits` (as a
    /// `Scorer`'s: the model's rules and strings, each added batch and its leads); throws a
    /// `ModelError`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Model | string")] model: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ScorerOptions")] options: Option<Object>,
    ) -> Result<Calibration, JsValue> {
        check_options(options.as_ref(), &["limits"])?;
        let limits = limits_option(options.as_ref())?;
        let compiled = compile_model_within(&model, &limits)?;
        let text = json_text(&model).map_err(|message| bad("model", message))?;
        let document = serde_json::from_str(&text).map_err(|err| bad("model", err.to_string()))?;
        Ok(Calibration {
            table: LeadTable::new(Scorer::new(compiled)),
            limits,
            document,
            leads: Vec::new(),
            ids: FxHashSet::default(),
            outcomes: FxHashMap::default(),
            used: FxHashSet::default(),
            skipped: Vec::new(),
            scratch: Scratch::default(),
            last: None,
        })
    }

    /// Sets the outcomes that `add` looks leads up in when no outcomes come beside a batch:
    /// `{ leadId: boolean | { converted, decidedAt? } }`.
    #[wasm_bindgen(js_name = setOutcomes, skip_typescript)]
    pub fn set_outcomes(&mut self, outcomes: Object) -> Result<(), JsValue> {
        let mut known = FxHashMap::default();
        for entry in Object::entries(&outcomes).iter() {
            let entry = Array::from(&entry);
            let id = entry.get(0).as_string().unwrap_or_default();
            let value = entry.get(1);
            let path = format!("outcomes.{id}");
            let (converted, decided) = match value.is_object() {
                true => {
                    let value: &Object = value.unchecked_ref();
                    let converted = outcome_of(
                        &given_option(Some(value), "converted").unwrap_or(JsValue::NULL),
                        &format!("{path}.converted"),
                    )?;
                    let decided = given_option(Some(value), "decidedAt")
                        .map(|at| instant_value(&at, "decidedAt"))
                        .transpose()?;
                    (converted, decided)
                }
                false => (outcome_of(&value, &path)?, None),
            };
            if let Some(converted) = converted {
                known.insert(id, (converted, decided));
            }
        }
        self.outcomes = known;
        Ok(())
    }

    /// Adds leads (an array or JSON text of one), each with its outcome: `outcomes[i]` when
    /// given, else the one set for its id; a lead without one is skipped (and counted in
    /// `skipped`). Each is tabulated as of its decision time: `options.decidedAt[i]`, the time
    /// set with its outcome, else `options.asOf`, else now. Returns how many leads the
    /// calibration holds. A lead that cannot be read, or an id already added, throws an
    /// `InputError` with its index in the batch, and nothing of the batch is added.
    #[wasm_bindgen(skip_typescript)]
    pub fn add(
        &mut self,
        leads: JsValue,
        outcomes: JsValue,
        options: Option<Object>,
    ) -> Result<u32, JsValue> {
        check_options(options.as_ref(), &["asOf", "decidedAt"])?;
        let as_of = instant_option(options.as_ref(), "asOf")?;
        let text = json_text(&leads).map_err(|message| bad("leads", message))?;
        let batch = parse_lead_batch(&text).map_err(|err| input_error(&err.within("leads")))?;
        let limits = self.limits;
        limits
            .check_batch_size(batch.len())
            .map_err(|err| input_error(&err.within("leads")))?;
        let mut parsed: Vec<Lead> = Vec::with_capacity(batch.len());
        let mut fresh = FxHashSet::default();
        for (at, lead) in batch.into_iter().enumerate() {
            let lead = lead.map_err(|bad| input_error(&bad.error.within("leads")))?;
            limits
                .check_lead(&lead)
                .map_err(|err| input_error(&err.within(&format!("leads[{at}]"))))?;
            if self.ids.contains(lead.id()) || !fresh.insert(lead.id().to_string()) {
                return Err(bad(
                    &format!("leads[{at}].id"),
                    format!(
                        "lead {:?} was already added: each lead has one outcome",
                        lead.id()
                    ),
                ));
            }
            parsed.push(lead);
        }
        let beside = match outcomes.is_undefined() || outcomes.is_null() {
            true => None,
            false => Some(batch_outcomes(&outcomes, parsed.len())?),
        };
        let times = decision_times(options.as_ref(), parsed.len())?;
        for (at, lead) in parsed.iter().enumerate() {
            let id = lead.id();
            let known = match &beside {
                Some(list) => list[at].map(|converted| (converted, None)),
                None => self.outcomes.get(id).copied(),
            };
            let Some((converted, decided)) = known else {
                self.skipped.push(id.to_string());
                continue;
            };
            if beside.is_none() {
                self.used.insert(id.to_string());
            }
            let at_time = times[at].or(decided).unwrap_or(as_of);
            self.ids.insert(id.to_string());
            let lead = self.table.add(lead, converted, at_time, &mut self.scratch);
            self.leads.push(lead);
        }
        Ok(self.leads.len() as u32)
    }

    /// How many leads the calibration holds.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> u32 {
        self.leads.len() as u32
    }

    /// The ids of the leads added without an outcome (left out), in the order they came.
    #[wasm_bindgen(getter)]
    pub fn skipped(&self) -> Vec<String> {
        self.skipped.clone()
    }

    /// The ids among the outcomes set that no added lead had.
    #[wasm_bindgen(getter)]
    pub fn unmatched(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .outcomes
            .keys()
            .filter(|id| !self.used.contains(*id))
            .cloned()
            .collect();
        crate::sort::sort_by(&mut ids, |a, b| a < b);
        ids
    }

    /// Runs the calibration: the report (JSON-shaped), also kept for `render`.
    #[wasm_bindgen(skip_typescript)]
    pub fn run(&mut self, options: Option<Object>) -> Result<JsValue, JsValue> {
        let options = calibration_options(options.as_ref())?;
        let report = calibrate(
            self.table.model(),
            &self.document,
            &self.leads,
            &self.table,
            &options,
        )
        .map_err(|err| input_error(&err))?;
        let json = to_json(&report)?;
        self.last = Some(report);
        parse_json(&json)
    }

    /// The last report as aligned text (`"text"`) or Markdown (`"markdown"`).
    #[wasm_bindgen(skip_typescript)]
    pub fn render(&self, format: JsValue) -> Result<String, JsValue> {
        let report = self
            .last
            .as_ref()
            .ok_or_else(|| bad("", "no report yet: call run() first"))?;
        let format = match format.as_string().as_deref() {
            Some("text") => Format::Text,
            Some("markdown") => Format::Markdown,
            _ => return Err(bad("format", "must be \"text\" or \"markdown\"")),
        };
        Ok(calibration_report(report, format))
    }

    /// Each lead's id, outcome, part (for the split in `options`), gate and feature row, with the
    /// rule ids: the table the regression fits, for checking it elsewhere.
    #[wasm_bindgen(skip_typescript)]
    pub fn features(&self, options: Option<Object>) -> Result<JsValue, JsValue> {
        let options = calibration_options(options.as_ref())?;
        let parts = assign(&self.leads, options.split, u64::from(options.seed))
            .map_err(|err| input_error(&err))?;
        let leads: Vec<FeatureRow> = (self.leads.iter().zip(parts))
            .map(|(lead, part)| FeatureRow {
                id: &lead.id,
                converted: lead.converted,
                part,
                gate: lead.score.gate,
                features: &lead.features,
            })
            .collect();
        let rules: Vec<&str> = self.table.model().rule_ids().collect();
        parse_json(&to_json(&FeatureTable { rules, leads })?)
    }
}

#[derive(Serialize)]
struct FeatureRow<'a> {
    id: &'a str,
    converted: bool,
    part: Part,
    gate: Gate,
    features: &'a [f64],
}

#[derive(Serialize)]
struct FeatureTable<'a> {
    rules: Vec<&'a str>,
    leads: Vec<FeatureRow<'a>>,
}

fn to_json<T: Serialize>(value: &T) -> Result<String, JsValue> {
    serde_json::to_string(value).map_err(|err| bad("", err.to_string()))
}
