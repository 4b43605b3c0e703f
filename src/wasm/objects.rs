//! Leads and events given as JavaScript objects: `compact-usual.js` and `compact-lead.js` write
//! them in the compact form (only what the model reads), one copy crosses into Wasm, and
//! `crate::lead::compact` reads them. No JSON text is made or parsed on the way.

use super::{bag, error_message, input_error};
use crate::error::InputError;
use crate::limits::Limits;
use crate::model::Model;
use js_sys::{Array, Map};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/compact-lead.js")]
extern "C" {
    /// Declared in every build, though only the small engine calls it: wasm-bindgen ships a
    /// module only where Rust imports from it, and compact-usual.js imports compact-lead.js.
    #[cfg_attr(feature = "json", allow(dead_code))]
    #[wasm_bindgen(catch, js_name = compactTaggedLead)]
    fn compact_tagged_lead(lead: &JsValue, plan: &JsValue) -> Result<Vec<u8>, JsValue>;
}

#[cfg(feature = "json")]
#[wasm_bindgen(module = "/src/wasm/compact-usual.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = compactLead)]
    fn compact_lead(lead: &JsValue, plan: &JsValue) -> Result<Vec<u8>, JsValue>;

    #[wasm_bindgen(catch, js_name = compactLeads)]
    fn compact_leads(leads: &JsValue, plan: &JsValue) -> Result<Vec<u8>, JsValue>;

    #[wasm_bindgen(catch, js_name = compactEvents)]
    fn compact_events(events: &JsValue, plan: &JsValue, one: bool) -> Result<Vec<u8>, JsValue>;
}

/// What the writer keeps of a lead, from what the model reads, and the limits it checks what it
/// leaves out against: `{ attributes: string[], events: Map<type, string[]>, limits: {
/// stringLength, nestingDepth } }`.
pub(crate) fn plan(model: &Model, limits: &Limits) -> JsValue {
    let reads = model.reads();
    let names =
        |names: &[&str]| -> Array { names.iter().map(|name| JsValue::from_str(name)).collect() };
    let events = Map::new();
    for (kind, props) in &reads.events {
        events.set(&JsValue::from_str(kind), &names(props));
    }
    let limits = bag(&[
        (
            "stringLength",
            &JsValue::from_f64(limits.string_length as f64),
        ),
        (
            "nestingDepth",
            &JsValue::from_f64(limits.nesting_depth as f64),
        ),
    ]);
    bag(&[
        ("attributes", &names(&reads.attributes).into()),
        ("events", &events.into()),
        ("limits", &limits),
    ])
}

/// A value the writer could not write (a BigInt, a cycle: what JSON.stringify refuses), as the
/// JSON path reports it.
fn unwritable(err: JsValue, path: &str) -> JsValue {
    input_error(&InputError::new(
        path,
        format!(
            "the value cannot be written as JSON: {}",
            error_message(&err)
        ),
    ))
}

/// One lead's compact bytes, in the schema-shaped form where it fits (see `crate::lead::fast`).
#[cfg(feature = "json")]
pub(crate) fn lead_bytes(lead: &JsValue, plan: &JsValue) -> Result<Vec<u8>, JsValue> {
    compact_lead(lead, plan).map_err(|err| unwritable(err, ""))
}

/// One lead's compact bytes, only in the tagged form: for the small engine, whose size counts
/// more than the speed of one visitor's lead (it then links no reader of the schema-shaped form,
/// and its script, which imports only `compactTaggedLead`, no writer of it).
#[cfg(not(feature = "json"))]
pub(crate) fn tagged_lead_bytes(lead: &JsValue, plan: &JsValue) -> Result<Vec<u8>, JsValue> {
    compact_tagged_lead(lead, plan).map_err(|err| unwritable(err, ""))
}

/// A batch's compact bytes (an array of leads).
#[cfg(feature = "json")]
pub(crate) fn leads_bytes(leads: &JsValue, plan: &JsValue) -> Result<Vec<u8>, JsValue> {
    compact_leads(leads, plan).map_err(|err| unwritable(err, ""))
}

/// New events' compact bytes: an array, or (when `one` may be given) one event as a list of
/// one, as the JSON readers take them.
#[cfg(feature = "json")]
pub(crate) fn events_bytes(
    events: &JsValue,
    plan: &JsValue,
    one: bool,
) -> Result<Vec<u8>, JsValue> {
    compact_events(events, plan, one).map_err(|err| unwritable(err, "events"))
}
