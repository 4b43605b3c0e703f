//! The benchmark's serde-wasm-bindgen candidate (bench/js/serde-wasm-bindgen.mjs): leads given
//! as JavaScript objects read into Rust by `serde_wasm_bindgen::from_value`, against the same
//! leads in the compact form (`compactLeads` in JavaScript, then `leadscore::compact` in Wasm).
//! Only the crossing is timed: the core's `Lead` borrows its strings from its input and keeps an
//! event's properties as they came (JSON text or compact bytes) until a rule reads them, which
//! serde-wasm-bindgen, building owned values from JavaScript ones, cannot give it.

use leadscore::compact::split_array;
use leadscore::lead::compact::read_batch_lead;
use serde::de::IgnoredAny;
use serde::Deserialize;
use wasm_bindgen::prelude::*;

/// A lead as serde-wasm-bindgen reads it, everything owned: the nearest it gets to `Lead`.
#[derive(Deserialize)]
#[allow(dead_code)]
struct OwnedLead {
    id: serde_json::Value,
    #[serde(default)]
    attributes: serde_json::Value,
    #[serde(default)]
    events: Vec<OwnedEvent>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct OwnedEvent {
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(rename = "type")]
    kind: String,
    at: serde_json::Value,
    #[serde(default)]
    props: serde_json::Value,
}

/// The least serde-wasm-bindgen can read of a lead: its id and each event's type and time,
/// skipping attributes and properties (a lower bound, not a usable reader).
#[derive(Deserialize)]
#[allow(dead_code)]
struct Skeleton {
    id: IgnoredAny,
    #[serde(default)]
    attributes: IgnoredAny,
    #[serde(default)]
    events: Vec<SkeletonEvent>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct SkeletonEvent {
    #[serde(rename = "type")]
    kind: String,
    at: String,
    #[serde(default)]
    props: IgnoredAny,
}

/// serde-wasm-bindgen: the leads, whole, into owned Rust values; how many were read.
#[wasm_bindgen(js_name = readOwned)]
pub fn read_owned(leads: JsValue) -> Result<usize, JsError> {
    let leads: Vec<OwnedLead> = serde_wasm_bindgen::from_value(leads)?;
    Ok(leads.len())
}

/// serde-wasm-bindgen's lower bound: ids, event types and times only.
#[wasm_bindgen(js_name = readSkeleton)]
pub fn read_skeleton(leads: JsValue) -> Result<usize, JsError> {
    let leads: Vec<Skeleton> = serde_wasm_bindgen::from_value(leads)?;
    Ok(leads.len())
}

/// The compact form: a batch's bytes (written by `compactLeads`) read into the core's leads, as
/// `scoreBatch` reads them; how many were read.
#[wasm_bindgen(js_name = readCompact)]
pub fn read_compact(bytes: &[u8]) -> Result<usize, JsError> {
    let leads = split_array(bytes).map_err(|err| JsError::new(&err.to_string()))?;
    for (index, lead) in leads.iter().enumerate() {
        read_batch_lead(lead, index).map_err(|bad| JsError::new(&bad.error.to_string()))?;
    }
    Ok(leads.len())
}
