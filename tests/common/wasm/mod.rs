//! What the Wasm runners share: JavaScript values from JSON and back, options objects, and (with
//! the lifecycle) the scenario driver that runs lifecycle scenarios through the binding.

#[cfg(feature = "lifecycle")]
pub mod scenario;

use js_sys::{Reflect, JSON};
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};

/// A JavaScript value from JSON text.
pub fn js(json: &str) -> JsValue {
    JSON::parse(json).unwrap_or_else(|e| panic!("not JSON: {json}: {e:?}"))
}

/// A JavaScript value as JSON, as `JSON.stringify` writes it.
pub fn to_json(value: &JsValue) -> Value {
    serde_json::from_str(&String::from(JSON::stringify(value).unwrap())).unwrap()
}

/// An options object, as a caller passes one.
pub fn options(value: Value) -> Option<js_sys::Object> {
    Some(js(&value.to_string()).unchecked_into())
}

pub fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}
