//! The JavaScript binding, and the only module that knows JavaScript exists: it converts
//! values and times at the edge, reads the clock when the caller gives no `asOf`, and turns
//! errors into real `Error` objects with a stable `name` and a `path`.

use crate::engine::{OnError, Scorer as CoreScorer, Scratch};
use crate::error::{InputError, Issue, ModelError};
use crate::lead::parse_lead;
use crate::time::Timestamp;
use js_sys::{Array, Date, Object, Reflect, Uint8Array, JSON};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

mod lifecycle;
mod store;

pub use lifecycle::{playbook_version, validate_playbook, Lifecycle};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("types.d.ts");

/// A compiled scoring model. Compile once, then score many leads.
#[wasm_bindgen]
pub struct Scorer {
    core: Rc<CoreScorer>,
    scratch: RefCell<Scratch>,
}

#[wasm_bindgen]
impl Scorer {
    /// Validates and compiles a model (an object or JSON text). Throws a `ModelError` that
    /// lists every problem, each with the JSON path of the bad value.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Model | string")] model: JsValue,
    ) -> Result<Scorer, JsValue> {
        let text = json_text(&model).map_err(|message| {
            model_error(&ModelError {
                issues: vec![Issue::new("", message)],
            })
        })?;
        let core = CoreScorer::from_json(&text).map_err(|err| model_error(&err))?;
        Ok(Scorer {
            core: Rc::new(core),
            scratch: RefCell::new(Scratch::default()),
        })
    }

    /// Scores one lead (an object or JSON text) as of `options.asOf` (default: now).
    /// Throws an `InputError` with the path of the bad value.
    #[wasm_bindgen(skip_typescript)]
    pub fn score(&self, lead: JsValue, options: Option<Object>) -> Result<JsValue, JsValue> {
        let as_of = as_of_option(options.as_ref())?;
        let text =
            json_text(&lead).map_err(|message| input_error(&InputError::new("", message)))?;
        let lead = parse_lead(&text).map_err(|err| input_error(&err))?;
        let mut scratch = self.scratch.borrow_mut();
        let result = self.core.score_with(&lead, as_of, &mut scratch);
        let json = serde_json::to_string(&result).unwrap_or_default();
        parse_json(&json)
    }

    /// Scores many leads (an array or JSON text of one) in one call: the fast path. With
    /// `onError: "collect"`, a lead that cannot be read yields `{ leadId, error }` in its place
    /// instead of failing the batch.
    #[wasm_bindgen(js_name = scoreBatch, skip_typescript)]
    pub fn score_batch(&self, leads: JsValue, options: Option<Object>) -> Result<JsValue, JsValue> {
        let as_of = as_of_option(options.as_ref())?;
        let on_error = on_error_option(options.as_ref())?;
        let text =
            json_text(&leads).map_err(|message| input_error(&InputError::new("", message)))?;
        let json = self
            .core
            .score_batch_json(&text, as_of, on_error)
            .map_err(|err| input_error(&err))?;
        parse_json(&json)
    }

    /// A new incremental-scoring state for a lead (its id and attributes, no events yet).
    #[wasm_bindgen(js_name = initState, skip_typescript)]
    pub fn init_state(&self, lead: JsValue) -> Result<Vec<u8>, JsValue> {
        let text =
            json_text(&lead).map_err(|message| input_error(&InputError::new("", message)))?;
        let lead = parse_lead(&text).map_err(|err| input_error(&err))?;
        let state = self
            .core
            .init_state(&lead)
            .map_err(|err| input_error(&err))?;
        Ok(state.to_bytes())
    }

    /// Takes a lead's new events into its state: `{ state, result }`, the result being exactly
    /// what scoring the whole history would give.
    #[wasm_bindgen(skip_typescript)]
    pub fn update(
        &self,
        state: JsValue,
        events: JsValue,
        options: Option<Object>,
    ) -> Result<JsValue, JsValue> {
        let Some(bytes) = state.dyn_ref::<Uint8Array>() else {
            return Err(input_error(&InputError::new(
                "state",
                "must be the Uint8Array that initState or update returned",
            )));
        };
        let as_of = as_of_option(options.as_ref())?;
        let events = json_text(&events)
            .map_err(|message| input_error(&InputError::new("events", message)))?;
        let attributes =
            match &options {
                Some(options) => {
                    let value = option(options, "attributes");
                    if value.is_undefined() || value.is_null() {
                        None
                    } else {
                        Some(json_text(&value).map_err(|message| {
                            input_error(&InputError::new("attributes", message))
                        })?)
                    }
                }
                None => None,
            };
        let mut scratch = self.scratch.borrow_mut();
        let (state, result) = self
            .core
            .update_json(
                &bytes.to_vec(),
                &events,
                as_of,
                attributes.as_deref(),
                &mut scratch,
            )
            .map_err(|err| input_error(&err))?;
        let state: JsValue = Uint8Array::from(state.as_slice()).into();
        Ok(bag(&[("state", &state), ("result", &parse_json(&result)?)]))
    }

    /// The model's name, if it has one.
    #[wasm_bindgen(getter, js_name = modelName)]
    pub fn model_name(&self) -> Option<String> {
        self.core.model().name.clone()
    }

    /// Every rule id in the model, fit rules first.
    #[wasm_bindgen(js_name = ruleIds)]
    pub fn rule_ids(&self) -> Vec<String> {
        self.core.model().rule_ids().map(str::to_string).collect()
    }
}

/// Every problem in a model (an object or JSON text), each with its path; empty when valid.
#[wasm_bindgen(js_name = validateModel, unchecked_return_type = "ModelIssue[]")]
pub fn validate_model(
    #[wasm_bindgen(unchecked_param_type = "Model | string")] model: JsValue,
) -> Array {
    let issues = match json_text(&model) {
        Ok(text) => crate::validate_model(&text),
        Err(message) => vec![Issue::new("", message)],
    };
    issues_array(&issues)
}

/// The model format version this build reads.
#[wasm_bindgen(js_name = modelVersion)]
pub fn model_version() -> u32 {
    crate::MODEL_VERSION as u32
}

/// Text as is; anything else through `JSON.stringify` (which also turns a `Date` into text).
/// A property name as a JavaScript string, made once: decoding a fresh string from Wasm memory
/// costs more than many a scoring step.
pub(crate) fn key(name: &'static str) -> JsValue {
    JsValue::from_str(wasm_bindgen::intern(name))
}

#[wasm_bindgen]
extern "C" {
    /// A plain object read and written with `o[k]` (js-sys's `Reflect` wraps every call in a
    /// try/catch that costs more than the work on the hot paths).
    #[wasm_bindgen(extends = Object, typescript_type = "object")]
    pub(crate) type Bag;

    #[wasm_bindgen(method, structural, indexing_getter)]
    pub(crate) fn get(this: &Bag, key: &JsValue) -> JsValue;

    #[wasm_bindgen(method, structural, indexing_setter)]
    pub(crate) fn set(this: &Bag, key: &JsValue, value: &JsValue);
}

/// The property `name` of an options object.
pub(crate) fn option(options: &Object, name: &'static str) -> JsValue {
    options.unchecked_ref::<Bag>().get(&key(name))
}

/// A new plain object with these properties.
pub(crate) fn bag(properties: &[(&'static str, &JsValue)]) -> JsValue {
    let bag: Bag = Object::new().unchecked_into();
    for (name, value) in properties {
        bag.set(&key(name), value);
    }
    bag.into()
}

pub(crate) fn json_text(value: &JsValue) -> Result<String, String> {
    if let Some(text) = value.as_string() {
        return Ok(text);
    }
    if value.is_undefined() || value.is_null() {
        return Err("expected an object or JSON text, got nothing".to_string());
    }
    let text = JSON::stringify(value).map_err(|err| {
        format!(
            "the value cannot be written as JSON: {}",
            error_message(&err)
        )
    })?;
    text.as_string()
        .ok_or_else(|| "the value cannot be written as JSON".to_string())
}

pub(crate) fn parse_json(json: &str) -> Result<JsValue, JsValue> {
    JSON::parse(json)
}

pub(crate) fn error_message(err: &JsValue) -> String {
    err.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| err.as_string())
        .unwrap_or_else(|| "unknown error".to_string())
}

/// `asOf` as a `Date`, RFC 3339 text or epoch milliseconds; the current time when absent.
pub(crate) fn as_of_option(options: Option<&Object>) -> Result<Timestamp, JsValue> {
    instant_option(options, "asOf")
}

/// The option `key` as a `Date`, RFC 3339 text or epoch milliseconds; the current time when
/// absent (the only place leadscore reads a clock).
pub(crate) fn instant_option(
    options: Option<&Object>,
    key: &'static str,
) -> Result<Timestamp, JsValue> {
    match options {
        Some(options) => instant_value(&option(options, key), key),
        None => instant_value(&JsValue::UNDEFINED, key),
    }
}

/// A moment given as epoch milliseconds (checked first: the fast path), RFC 3339 text or a
/// `Date`; the current time when undefined or null. Errors name `path`.
pub(crate) fn instant_value(value: &JsValue, path: &'static str) -> Result<Timestamp, JsValue> {
    let bad = |message: String| input_error(&InputError::new(path, message));
    if let Some(ms) = value.as_f64() {
        return Timestamp::from_epoch_number(ms).map_err(bad);
    }
    if let Some(text) = value.as_string() {
        return Timestamp::parse(&text).map_err(bad);
    }
    if let Some(date) = value.dyn_ref::<Date>() {
        let ms = date.get_time();
        if ms.is_nan() {
            return Err(bad("is an invalid Date (its time is NaN)".to_string()));
        }
        return Timestamp::from_epoch_number(ms).map_err(bad);
    }
    if value.is_undefined() || value.is_null() {
        return Timestamp::from_epoch_number(Date::now()).map_err(bad);
    }
    Err(bad(
        "must be a Date, RFC 3339 text or epoch milliseconds".to_string()
    ))
}

fn on_error_option(options: Option<&Object>) -> Result<OnError, JsValue> {
    let Some(options) = options else {
        return Ok(OnError::Throw);
    };
    let value = option(options, "onError");
    if value.is_undefined() || value.is_null() {
        return Ok(OnError::Throw);
    }
    match value.as_string().as_deref() {
        Some("throw") => Ok(OnError::Throw),
        Some("collect") => Ok(OnError::Collect),
        _ => Err(input_error(&InputError::new(
            "onError",
            "must be \"throw\" or \"collect\"",
        ))),
    }
}

pub(crate) fn named_error(name: &str, message: &str, path: &str) -> js_sys::Error {
    let error = js_sys::Error::new(message);
    error.set_name(name);
    // Setting a property on a fresh Error object cannot fail.
    let _ = Reflect::set(&error, &"path".into(), &path.into());
    error
}

pub(crate) fn model_error(err: &ModelError) -> JsValue {
    let error = named_error("ModelError", &err.to_string(), err.path());
    let _ = Reflect::set(&error, &"errors".into(), &issues_array(&err.issues));
    error.into()
}

pub(crate) fn input_error(err: &InputError) -> JsValue {
    named_error("InputError", &err.to_string(), &err.path).into()
}

pub(crate) fn issues_array(issues: &[Issue]) -> Array {
    issues
        .iter()
        .map(|issue| {
            let entry = Object::new();
            let _ = Reflect::set(&entry, &"path".into(), &issue.path.as_str().into());
            let _ = Reflect::set(&entry, &"message".into(), &issue.message.as_str().into());
            JsValue::from(entry)
        })
        .collect()
}
