//! `checkScores`: conversion tables, separation and threshold advice for a table of scores the
//! caller already has (the simulator's, after every edit), as typed arrays or plain arrays.

use super::options::{advice_options, bad, number, ADVICE_OPTIONS};
use crate::calibration::{check_scores, Gate, LeadScore, Part};
use crate::model::Band;
use crate::wasm::{check_options, given_option, input_error, json_text, parse_json};
use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;

/// Numbers (or booleans, as 1 and 0) from an array or a typed array, one per lead.
fn numbers_of(value: Option<JsValue>, path: &str) -> Result<Vec<f64>, JsValue> {
    let value = value.unwrap_or(JsValue::UNDEFINED);
    if !(Array::is_array(&value) || js_sys::ArrayBuffer::is_view(&value)) {
        return Err(bad(
            path,
            "must be an array or a typed array, one value per lead",
        ));
    }
    let list = Array::from(&value);
    let mut numbers = Vec::with_capacity(list.length() as usize);
    for (at, item) in list.iter().enumerate() {
        let n = item
            .as_f64()
            .or_else(|| item.as_bool().map(|b| f64::from(u8::from(b))));
        numbers.push(
            n.filter(|n| n.is_finite())
                .ok_or_else(|| bad(&format!("{path}[{at}]"), "must be a number"))?,
        );
    }
    Ok(numbers)
}

/// Each lead's gate: given (0 scored, 1 hand-raiser, 2 blocked), or read off the MQL flags (an
/// MQL below the line raised its hand; a lead at or above it that is no MQL is blocked).
fn gates_of(table: &Object, totals: &[f64], threshold: f64) -> Result<Vec<Gate>, JsValue> {
    let gates: Vec<Gate> = match (
        given_option(Some(table), "gates"),
        given_option(Some(table), "mql"),
    ) {
        (Some(gates), _) => (numbers_of(Some(gates), "gates")?.into_iter())
            .map(|g| match g as u8 {
                1 => Gate::Instant,
                2 => Gate::Blocked,
                _ => Gate::Scored,
            })
            .collect(),
        (None, Some(mql)) => (numbers_of(Some(mql), "mql")?.into_iter().zip(totals))
            .map(|(mql, &total)| match (mql != 0.0, total >= threshold) {
                (true, false) => Gate::Instant,
                (false, true) => Gate::Blocked,
                _ => Gate::Scored,
            })
            .collect(),
        (None, None) => vec![Gate::Scored; totals.len()],
    };
    if gates.len() != totals.len() {
        return Err(bad(
            "gates",
            format!("has {} values for {} totals", gates.len(), totals.len()),
        ));
    }
    Ok(gates)
}

/// The model's bands, `[{ name, min? }]`, lowest first.
fn read_bands(value: &JsValue) -> Result<Vec<Band>, JsValue> {
    let text = json_text(value).map_err(|m| bad("bands", m))?;
    let shape = "must be an array of { name, min? }";
    let doc: serde_json::Value =
        serde_json::from_str(&text).map_err(|err| bad("bands", format!("{shape}: {err}")))?;
    let items = doc.as_array().ok_or_else(|| bad("bands", shape))?;
    let mut bands = Vec::with_capacity(items.len());
    for (at, item) in items.iter().enumerate() {
        let name = item
            .get("name")
            .and_then(|n| n.as_str())
            .ok_or_else(|| bad(&format!("bands[{at}].name"), "must be text"))?;
        let min = item.get("min").and_then(|m| m.as_f64());
        bands.push(Band {
            name: name.to_string(),
            min,
        });
    }
    Ok(bands)
}

/// Conversion tables, separation and threshold advice for `{ totals, outcomes, gates?, mql? }`
/// under a model's `threshold` and `bands`.
#[wasm_bindgen(js_name = checkScores, skip_typescript)]
pub fn check_scores_js(table: JsValue, options: Option<Object>) -> Result<JsValue, JsValue> {
    let known: Vec<&str> = ["threshold", "bands"]
        .into_iter()
        .chain(ADVICE_OPTIONS.iter().copied())
        .collect();
    check_options(options.as_ref(), &known)?;
    let table: Object = table
        .dyn_into()
        .map_err(|_| bad("table", "must be { totals, outcomes, gates?, mql? }"))?;
    let threshold = number(options.as_ref(), "threshold", (-1e9, 1e9))?
        .ok_or_else(|| bad("threshold", "is required: the model's MQL threshold"))?;
    let totals = numbers_of(given_option(Some(&table), "totals"), "totals")?;
    let outcomes: Vec<bool> = (numbers_of(given_option(Some(&table), "outcomes"), "outcomes")?
        .into_iter())
    .map(|n| n != 0.0)
    .collect();
    let gates = gates_of(&table, &totals, threshold)?;
    let scores: Vec<LeadScore> = (totals.iter().zip(gates))
        .map(|(&total, gate)| LeadScore {
            total: total as i64,
            gate,
        })
        .collect();
    let bands = match given_option(options.as_ref(), "bands") {
        Some(bands) => read_bands(&bands)?,
        None => Vec::new(),
    };
    let advice = advice_options(options.as_ref())?;
    let check = check_scores(&scores, &outcomes, &bands, threshold, &advice, Part::All)
        .map_err(|err| input_error(&err))?;
    parse_json(&serde_json::to_string(&check).map_err(|err| bad("", err.to_string()))?)
}
