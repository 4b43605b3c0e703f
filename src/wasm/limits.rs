//! The `limits` option of `new Scorer(model, { limits })`: each limit a whole number, any left
//! out at its default (see `Limits` in the core and `ScorerLimits` in `scorer.d.ts`).

use super::{check_options, document_error, document_text, given_option, input_error, option};
use crate::error::{InputError, ModelError};
use crate::limits::Limits;
use crate::model::Model;
use js_sys::Object;
use wasm_bindgen::prelude::*;

/// The `limits` of a scorer's options: the defaults, with any given replacing theirs.
pub(crate) fn limits_option(options: Option<&Object>) -> Result<Limits, JsValue> {
    let mut limits = Limits::default();
    let Some(value) = given_option(options, "limits") else {
        return Ok(limits);
    };
    let not_an_object = || {
        input_error(&InputError::new(
            "options.limits",
            "must be an object such as { eventsPerLead: 10000 }",
        ))
    };
    let object = value.dyn_into::<Object>().map_err(|_| not_an_object())?;
    if js_sys::Array::is_array(&object) {
        return Err(not_an_object());
    }
    check_options(Some(&object), &Limits::NAMES).map_err(|_| {
        input_error(&InputError::new(
            "options.limits",
            format!("may only name the limits {}", Limits::NAMES.join(", ")),
        ))
    })?;
    for (name, field) in limits.named_mut() {
        let given = option(&object, name);
        if given.is_undefined() {
            continue;
        }
        match given.as_f64() {
            Some(n) if n.fract() == 0.0 && (1.0..=9_007_199_254_740_991.0).contains(&n) => {
                *field = n as usize;
            }
            _ => {
                return Err(input_error(&InputError::new(
                    format!("options.limits.{name}"),
                    "must be a whole number of at least 1",
                )))
            }
        }
    }
    Ok(limits)
}

/// Compiles a model (an object or JSON text) within `limits`.
pub(crate) fn compile_model_within(model: &JsValue, limits: &Limits) -> Result<Model, JsValue> {
    let text = document_text::<ModelError>(model)?;
    Model::from_json_within(&text, limits).map_err(|err| document_error(&err))
}
