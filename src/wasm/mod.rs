//! The JavaScript binding, and the only module that knows JavaScript exists: it converts
//! values and times at the edge, reads the clock when the caller gives no `asOf`, and turns
//! errors into real `Error` objects with a stable `name` and a `path`. This module holds what
//! the classes share; `scorer.rs` and `store.rs` hold the scoring engine's, `lead_set.rs` (feature
//! `lead-set`) the resident lead set's, `accounts.rs` (feature `accounts`) the accounts', `lifecycle.rs` (feature
//! `lifecycle`) the lifecycle's, `objects.rs` the way leads given as objects cross, and without
//! the `json` feature `small.rs` holds the small engine's (the visitor scorer's).

#[cfg(feature = "json")]
use crate::document::unknown_key_hint;
#[cfg(feature = "json")]
use crate::error::join_path;
use crate::error::{DocumentError, InputError, Issue};
#[cfg(feature = "lifecycle")]
use crate::model::Model;
#[cfg(feature = "json")]
use crate::time::Timestamp;
#[cfg(feature = "json")]
use crate::value::Identifier;
use js_sys::{Array, Object, Reflect};
#[cfg(feature = "json")]
use js_sys::{Date, JSON};
use wasm_bindgen::prelude::*;

#[cfg(all(feature = "lifecycle", feature = "accounts"))]
mod account_lifecycle;
#[cfg(feature = "accounts")]
mod accounts;
#[cfg(feature = "calibration")]
mod calibration;
#[cfg(feature = "json")]
mod compact_batch;
mod compact_result;
#[cfg(feature = "lead-set")]
mod compact_standings;
#[cfg(all(feature = "lifecycle", feature = "calibration"))]
mod funnel;
#[cfg(feature = "lead-set")]
mod lead_set;
#[cfg(feature = "lifecycle")]
mod lifecycle;
#[cfg(feature = "json")]
mod limits;
mod objects;
#[cfg(feature = "json")]
mod scorer;
#[cfg(not(feature = "json"))]
mod small;
#[cfg(feature = "json")]
mod store;
#[cfg(feature = "json")]
mod store_push;

#[cfg(feature = "accounts")]
pub use accounts::{AccountScorer, AccountStore};
#[cfg(feature = "calibration")]
pub use calibration::{check_scores_js, Calibration};
#[cfg(all(feature = "lifecycle", feature = "calibration"))]
pub use funnel::funnel_js;
#[cfg(feature = "lead-set")]
pub use lead_set::LeadSet;
#[cfg(feature = "lifecycle")]
pub use lifecycle::{playbook_version, validate_playbook, Lifecycle};
#[cfg(feature = "json")]
pub use scorer::Scorer;
#[cfg(not(feature = "json"))]
pub use small::Scorer;
#[cfg(feature = "json")]
pub use store::LeadStore;

/// The shapes every entry point shares: the model, leads and results.
#[cfg(feature = "json")]
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("types.d.ts");

/// Every problem in a model (an object or JSON text), each with its path; empty when valid.
#[cfg(feature = "json")]
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

/// A property name as a JavaScript string, made once: decoding a fresh string from Wasm memory
/// costs more than many a scoring step. (Interning comes with `json`: the small engine, built for
/// size, makes it afresh.)
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

#[cfg(feature = "json")]
/// The property `name` of an options object.
pub(crate) fn option(options: &Object, name: &'static str) -> JsValue {
    options.unchecked_ref::<Bag>().get(&key(name))
}

#[cfg(feature = "json")]
/// The option `name` when it is given: `None` when there are no options or it is absent,
/// `undefined` or `null`.
pub(crate) fn given_option(options: Option<&Object>, name: &'static str) -> Option<JsValue> {
    let value = option(options?, name);
    (!value.is_undefined() && !value.is_null()).then_some(value)
}

#[cfg(feature = "json")]
/// An options argument is an object of the options the call knows, or left out. Anything else
/// is an `InputError`: a time passed where `{ asOf }` belongs, or a misspelt option
/// (`{ asof }`), would otherwise read as no option, and the call would quietly run as of now.
pub(crate) fn check_options(options: Option<&Object>, known: &[&str]) -> Result<(), JsValue> {
    let Some(options) = options else {
        return Ok(());
    };
    let value: &JsValue = options.as_ref();
    let given = if !value.is_object() {
        Some(if value.is_string() {
            "text"
        } else if value.as_f64().is_some() {
            "a number"
        } else if value.as_bool().is_some() {
            "a boolean"
        } else {
            "not an object"
        })
    } else if Array::is_array(value) {
        Some("an array")
    } else if value.is_instance_of::<Date>() {
        Some("a Date")
    } else {
        None
    };
    if let Some(given) = given {
        let example = known.first().copied().unwrap_or("asOf");
        return Err(input_error(&InputError::new(
            "options",
            format!("must be an object such as {{ {example}: ... }}, got {given}"),
        )));
    }
    for key in Object::keys(options).iter() {
        let Some(key) = key.as_string() else {
            continue;
        };
        if !known.contains(&key.as_str()) {
            return Err(input_error(&InputError::new(
                join_path("options", &key),
                format!("unknown option `{key}`{}", unknown_key_hint(&key, known)),
            )));
        }
    }
    Ok(())
}

#[cfg(feature = "json")]
/// A text option with a fixed set of values; the first is the default.
pub(crate) fn choice_option<T: Copy>(
    options: Option<&Object>,
    name: &'static str,
    choices: &[(&str, T)],
) -> Result<T, JsValue> {
    let Some(value) = given_option(options, name) else {
        return Ok(choices[0].1);
    };
    let text = value.as_string();
    choices
        .iter()
        .find(|(word, _)| text.as_deref() == Some(*word))
        .map(|(_, choice)| *choice)
        .ok_or_else(|| {
            let words: Vec<String> = choices
                .iter()
                .map(|(word, _)| format!("{word:?}"))
                .collect();
            input_error(&InputError::new(
                name,
                format!("must be {}", words.join(" or ")),
            ))
        })
}

#[cfg(feature = "json")]
/// A lead id from JavaScript, read as ids in leads are: a string that is not blank, or a whole
/// number (`660737` and `"660737"` are the same lead). Anything else is an `InputError`.
pub(crate) fn lead_id_of(value: &JsValue) -> Result<String, JsValue> {
    let id = match value.as_string() {
        Some(text) => Identifier::check_text(&text).map(|()| text),
        None => match value.as_f64() {
            Some(n) => Identifier::from_number(n).map(|id| id.0.into_owned()),
            None => Err("must be a string or a whole number".to_string()),
        },
    };
    id.map_err(|message| input_error(&InputError::new("leadId", message)))
}

/// A new plain object with these properties.
pub(crate) fn bag(properties: &[(&'static str, &JsValue)]) -> JsValue {
    let bag: Bag = Object::new().unchecked_into();
    for (name, value) in properties {
        bag.set(&key(name), value);
    }
    bag.into()
}

#[cfg(feature = "json")]
#[wasm_bindgen]
extern "C" {
    /// The platform's UTF-8 encoder: native code, several times faster on long text than
    /// wasm-bindgen's string passing, which copies ASCII a character at a time.
    #[wasm_bindgen(js_name = TextEncoder)]
    type Encoder;

    #[wasm_bindgen(constructor, js_class = "TextEncoder")]
    fn new() -> Encoder;

    #[wasm_bindgen(method, js_class = "TextEncoder", js_name = encode)]
    fn encode(this: &Encoder, text: &JsValue) -> js_sys::Uint8Array;
}

#[cfg(feature = "json")]
thread_local! {
    static ENCODER: Encoder = Encoder::new();
}

#[cfg(feature = "json")]
/// A JavaScript string as Rust text: a long one through the platform's encoder, a short one the
/// usual way (fewer calls across the boundary).
fn text_from_js(text: &JsValue) -> Result<String, String> {
    let long = text.unchecked_ref::<js_sys::JsString>().length() > 4096;
    if !long {
        if let Some(text) = text.as_string() {
            return Ok(text);
        }
    }
    let bytes = ENCODER.with(|encoder| encoder.encode(text)).to_vec();
    String::from_utf8(bytes).map_err(|_| "the text is not valid UTF-8".to_string())
}

#[cfg(feature = "json")]
/// Text as is; anything else through `JSON.stringify` (which also turns a `Date` into text).
pub(crate) fn json_text(value: &JsValue) -> Result<String, String> {
    if value.is_string() {
        return text_from_js(value);
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
    if !text.is_string() {
        return Err("the value cannot be written as JSON".to_string());
    }
    text_from_js(&text)
}

#[cfg(feature = "json")]
pub(crate) fn parse_json(json: &str) -> Result<JsValue, JsValue> {
    JSON::parse(json)
}

/// A value (an object or JSON text) as JSON text; anything else is an `InputError` at `path`.
#[cfg(any(feature = "lifecycle", feature = "accounts"))]
pub(crate) fn text_of(value: &JsValue, path: &str) -> Result<String, JsValue> {
    json_text(value).map_err(|message| input_error(&InputError::new(path, message)))
}

/// A Rust value as the JavaScript value `JSON.parse` makes of its JSON.
#[cfg(any(feature = "lifecycle", feature = "accounts"))]
pub(crate) fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let json = serde_json::to_string(value)
        .map_err(|err| input_error(&InputError::new("", err.to_string())))?;
    parse_json(&json)
}

pub(crate) fn error_message(err: &JsValue) -> String {
    err.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| err.as_string())
        .unwrap_or_else(|| "unknown error".to_string())
}

#[cfg(feature = "json")]
/// `asOf` as a `Date`, RFC 3339 text or epoch milliseconds; the current time when absent.
pub(crate) fn as_of_option(options: Option<&Object>) -> Result<Timestamp, JsValue> {
    instant_option(options, "asOf")
}

#[cfg(feature = "json")]
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

#[cfg(feature = "json")]
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

pub(crate) fn named_error(name: &str, message: &str, path: &str) -> js_sys::Error {
    let error = js_sys::Error::new(message);
    error.set_name(name);
    // Setting a property on a fresh Error object cannot fail.
    let _ = Reflect::set(&error, &"path".into(), &path.into());
    error
}

/// A `ModelError` or `PlaybookError` as a JavaScript `Error` of that name, its path the first
/// problem's, with every problem in `errors`.
pub(crate) fn document_error<E: DocumentError>(err: &E) -> JsValue {
    let path = err.issues().first().map_or("", |issue| issue.path.as_str());
    let error = named_error(E::NAME, &err.to_string(), path);
    let _ = Reflect::set(&error, &"errors".into(), &issues_array(err.issues()));
    error.into()
}

#[cfg(feature = "json")]
/// A document (an object or JSON text) as JSON text; a value that is neither is the document's
/// error.
pub(crate) fn document_text<E: DocumentError>(value: &JsValue) -> Result<String, JsValue> {
    json_text(value)
        .map_err(|message| document_error(&E::from_issues(vec![Issue::new("", message)])))
}

/// Compiles a model given as an object or JSON text, within the default limits (a scorer has
/// its own); throws a `ModelError`.
#[cfg(feature = "lifecycle")]
pub(crate) fn compile_model(model: &JsValue) -> Result<Model, JsValue> {
    limits::compile_model_within(model, &crate::Limits::default())
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
