//! The JavaScript binding of the funnel metrics (features `lifecycle` and `calibration`):
//! lifecycle records in (an array, or JSON text: an array or JSON Lines), the report out, or
//! its text for people.

use super::{
    check_options, choice_option, given_option, input_error, instant_option, json_text, parse_json,
};
use crate::calibration::funnel::{
    carried_over, funnel as core_funnel, CohortPeriod, FunnelOptions, LeadFacts,
};
use crate::calibration::render::{funnel_report, Format};
use crate::engine::Scorer;
use crate::error::InputError;
use crate::lead::parse_lead_batch;
use crate::lifecycle::{parse_record, Lifecycle, LifecycleRecord};
use js_sys::{Array, Object};
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("funnel.d.ts");

fn bad(path: &str, message: impl Into<String>) -> JsValue {
    input_error(&InputError::new(path, message))
}

/// Records from an array of objects (or texts), or text: a JSON array or JSON Lines. A bad one
/// is an `InputError` at `[index]` or `line N`.
fn read_records(value: &JsValue) -> Result<Vec<LifecycleRecord>, JsValue> {
    let mut records = Vec::new();
    if Array::is_array(value) {
        for (at, item) in Array::from(value).iter().enumerate() {
            let text = json_text(&item).map_err(|m| bad(&format!("[{at}]"), m))?;
            records.push(
                parse_record(&text).map_err(|err| input_error(&err.within(&format!("[{at}]"))))?,
            );
        }
        return Ok(records);
    }
    let text = json_text(value).map_err(|m| bad("records", m))?;
    if text.trim_start().starts_with('[') {
        let items: Vec<&serde_json::value::RawValue> =
            serde_json::from_str(&text).map_err(|err| bad("records", err.to_string()))?;
        for (at, item) in items.iter().enumerate() {
            records.push(
                parse_record(item.get())
                    .map_err(|err| input_error(&err.within(&format!("[{at}]"))))?,
            );
        }
        return Ok(records);
    }
    for (at, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let record = parse_record(line).map_err(|err| {
            let place = if err.path.is_empty() {
                String::new()
            } else {
                format!(" at {}", err.path)
            };
            bad(
                &format!("line {}", at + 1),
                format!("{}{place}", err.message),
            )
        })?;
        records.push(record);
    }
    Ok(records)
}

/// Attribute values by lead id: `{ id: { attribute: value } }`, values as text.
fn read_attributes(value: &JsValue) -> Result<BTreeMap<String, BTreeMap<String, String>>, JsValue> {
    let text = json_text(value).map_err(|m| bad("attributes", m))?;
    let shape = "must be { leadId: { attribute: value } }";
    let doc: serde_json::Value =
        serde_json::from_str(&text).map_err(|err| bad("attributes", format!("{shape}: {err}")))?;
    let leads = doc.as_object().ok_or_else(|| bad("attributes", shape))?;
    let mut attributes = BTreeMap::new();
    for (id, values) in leads {
        let values = values
            .as_object()
            .ok_or_else(|| bad(&format!("attributes.{id}"), "must be an object"))?;
        let text_of =
            |v: &serde_json::Value| v.as_str().map_or_else(|| v.to_string(), str::to_string);
        let values = values
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| (k.clone(), text_of(v)))
            .collect();
        attributes.insert(id.clone(), values);
    }
    Ok(attributes)
}

const OPTIONS: &[&str] = &[
    "now",
    "cohort",
    "segments",
    "model",
    "playbook",
    "leads",
    "attributes",
    "format",
];

/// Funnel metrics from lifecycle records. With `model` and `leads`, each MQL's carrying rules
/// are found by scoring its lead as of the MQL; with `playbook` (and `model`), speed to lead is
/// also measured in business time. `format: "text"` or `"markdown"` returns the report written
/// for people instead of the object.
#[wasm_bindgen(js_name = funnel, skip_typescript)]
pub fn funnel_js(records: JsValue, options: Option<Object>) -> Result<JsValue, JsValue> {
    check_options(options.as_ref(), OPTIONS)?;
    let records = read_records(&records)?;
    let mut funnel_options = FunnelOptions::at(instant_option(options.as_ref(), "now")?);
    funnel_options.cohort = choice_option(
        options.as_ref(),
        "cohort",
        &[("month", CohortPeriod::Month), ("week", CohortPeriod::Week)],
    )?;
    if let Some(segments) = given_option(options.as_ref(), "segments") {
        if !Array::is_array(&segments) {
            return Err(bad("segments", "must be an array of attribute names"));
        }
        for (at, name) in Array::from(&segments).iter().enumerate() {
            funnel_options.segments.push(
                name.as_string()
                    .ok_or_else(|| bad(&format!("segments[{at}]"), "must be text"))?,
            );
        }
    }
    let model = given_option(options.as_ref(), "model")
        .map(|m| super::compile_model(&m))
        .transpose()?;
    let scorer = model.map(Scorer::new);
    let lifecycle = match (given_option(options.as_ref(), "playbook"), &scorer) {
        (Some(playbook), Some(scorer)) => {
            let text = json_text(&playbook).map_err(|m| bad("playbook", m))?;
            Some(
                Lifecycle::from_json(&text, scorer.model())
                    .map_err(|err| super::document_error(&err))?,
            )
        }
        (Some(_), None) => {
            return Err(bad(
                "playbook",
                "needs the model it was written for (options.model)",
            ))
        }
        (None, _) => None,
    };
    let mut facts = LeadFacts::default();
    if let Some(attributes) = given_option(options.as_ref(), "attributes") {
        facts.attributes = read_attributes(&attributes)?;
    }
    if let Some(leads) = given_option(options.as_ref(), "leads") {
        let scorer = scorer
            .as_ref()
            .ok_or_else(|| bad("leads", "needs the model that scored them (options.model)"))?;
        let text = json_text(&leads).map_err(|m| bad("leads", m))?;
        let mut parsed = Vec::new();
        for lead in parse_lead_batch(&text).map_err(|err| input_error(&err.within("leads")))? {
            parsed.push(lead.map_err(|bad| input_error(&bad.error.within("leads")))?);
        }
        facts.carried = carried_over(scorer, &parsed, &records);
        // The segments' attributes from the leads, for those not given in `attributes`.
        for lead in &parsed {
            let values = facts.attributes.entry(lead.id().to_string()).or_default();
            for name in &funnel_options.segments {
                let keys: Vec<String> = name.split('.').map(str::to_string).collect();
                if let Some(value) = lead.attributes.at_path(&keys).filter(|v| v.is_present()) {
                    values
                        .entry(name.clone())
                        .or_insert_with(|| value.to_plain_string());
                }
            }
        }
    }
    let report = core_funnel(&records, &facts, lifecycle.as_ref(), &funnel_options);
    match choice_option(
        options.as_ref(),
        "format",
        &[
            ("json", None),
            ("text", Some(Format::Text)),
            ("markdown", Some(Format::Markdown)),
        ],
    )? {
        Some(format) => Ok(JsValue::from_str(&funnel_report(&report, format))),
        None => {
            parse_json(&serde_json::to_string(&report).map_err(|err| bad("", err.to_string()))?)
        }
    }
}
