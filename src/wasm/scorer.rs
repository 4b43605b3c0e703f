//! The JavaScript binding of the scorer: compile a model once, then score leads one by one, in
//! batches, or incrementally from a saved state.

use super::compact_batch::CompactResults;
use super::compact_result::{self, read_result, read_results, read_summary, ModelStrings};
use super::limits::{compile_model_within, limits_option};
use super::{
    as_of_option, bag, check_options, choice_option, given_option, input_error, json_text, objects,
    parse_json,
};
use crate::engine::{Detail, LeadState, OnError, Scorer as CoreScorer, Scratch};
use crate::error::InputError;
use crate::lead::compact::{read_batch, read_events, read_lead};
use crate::lead::{Lead, Schema};
use crate::time::Timestamp;
use js_sys::{Array, Object, Uint8Array};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// The scoring methods' precise types (merged into the generated class declarations).
#[wasm_bindgen(typescript_custom_section)]
const SCORER_TYPES: &'static str = include_str!("scorer.d.ts");

/// A compiled scoring model. Compile once, then score many leads.
#[wasm_bindgen]
pub struct Scorer {
    pub(crate) core: Rc<CoreScorer>,
    scratch: RefCell<Scratch>,
    /// What the objects path keeps of a lead (see `objects.rs`).
    pub(crate) plan: JsValue,
    /// The strings the plan names by index, for the reader of the leads it writes.
    pub(crate) schema: Rc<Schema>,
    /// The objects path's results cross compactly (`compact_result.rs`), naming the model's
    /// strings by their index in this table.
    strings: ModelStrings,
    table: Array,
    /// The compact results' bytes, reused from call to call.
    out: RefCell<Vec<u8>>,
}

#[wasm_bindgen]
impl Scorer {
    /// Validates and compiles a model (an object or JSON text) within `options.limits` (each
    /// left out at its default). Throws a `ModelError` that lists every problem, each with the
    /// JSON path of the bad value.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Model | string")] model: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ScorerOptions")] options: Option<Object>,
    ) -> Result<Scorer, JsValue> {
        check_options(options.as_ref(), &["limits"])?;
        let limits = limits_option(options.as_ref())?;
        let model = compile_model_within(&model, &limits)?;
        let strings = ModelStrings::of(&model);
        Ok(Scorer {
            plan: objects::plan(&model, &limits),
            schema: Rc::new(Schema::of(&model)),
            table: strings.to_js(),
            strings,
            out: RefCell::new(Vec::new()),
            core: Rc::new(CoreScorer::new(model).with_limits(limits)),
            scratch: RefCell::new(Scratch::default()),
        })
    }

    /// Scores one lead (an object or JSON text) as of `options.asOf` (default: now).
    /// Throws an `InputError` with the path of the bad value.
    #[wasm_bindgen(skip_typescript)]
    pub fn score(&self, lead: JsValue, options: Option<Object>) -> Result<JsValue, JsValue> {
        check_options(options.as_ref(), &["asOf", "detail"])?;
        let as_of = as_of_option(options.as_ref())?;
        let detail = detail_option(options.as_ref())?;
        if is_object(&lead) {
            let bytes = objects::lead_bytes(&lead, &self.plan)?;
            let lead = read_lead(&bytes, &self.schema).map_err(|err| input_error(&err))?;
            return self.score_compactly(&lead, as_of, detail);
        }
        let text =
            json_text(&lead).map_err(|message| input_error(&InputError::new("", message)))?;
        let lead = self
            .core
            .read_lead(&text)
            .map_err(|err| input_error(&err))?;
        let mut scratch = self.scratch.borrow_mut();
        let result = self.core.score_with(&lead, as_of, &mut scratch);
        let json = match detail {
            Detail::Full => serde_json::to_string(&result),
            Detail::Summary => serde_json::to_string(&result.summary()),
        };
        parse_json(&json.unwrap_or_default())
    }

    /// Scores many leads (an array or JSON text of one) in one call: the fast path. With
    /// `onError: "collect"`, a lead that cannot be read yields `{ leadId, error }` in its place
    /// instead of failing the batch.
    #[wasm_bindgen(js_name = scoreBatch, skip_typescript)]
    pub fn score_batch(&self, leads: JsValue, options: Option<Object>) -> Result<JsValue, JsValue> {
        check_options(options.as_ref(), &["asOf", "onError", "detail"])?;
        let as_of = as_of_option(options.as_ref())?;
        let on_error = on_error_option(options.as_ref())?;
        let detail = detail_option(options.as_ref())?;
        if is_object(&leads) {
            let bytes = objects::leads_bytes(&leads, &self.plan)?;
            let mut results = CompactResults::new(self.out.take(), &self.strings);
            let scored = read_batch(&bytes, &self.schema).and_then(|(count, leads)| {
                self.core.limits().check_batch_size(count)?;
                let mut scratch = self.scratch.borrow_mut();
                self.core
                    .write_each(leads, as_of, on_error, detail, &mut results, &mut scratch)
            });
            let answer = scored.map(|()| read_results(&results.out, &self.table, &self.plan));
            self.out.replace(results.out);
            return answer.map_err(|err| input_error(&err));
        }
        let text =
            json_text(&leads).map_err(|message| input_error(&InputError::new("", message)))?;
        let json = self
            .core
            .score_batch_json_with(&text, as_of, on_error, detail);
        parse_json(&json.map_err(|err| input_error(&err))?)
    }

    /// A new incremental-scoring state for a lead (its id and attributes, no events yet).
    #[wasm_bindgen(js_name = initState, skip_typescript)]
    pub fn init_state(&self, lead: JsValue) -> Result<Vec<u8>, JsValue> {
        let text =
            json_text(&lead).map_err(|message| input_error(&InputError::new("", message)))?;
        let lead = self
            .core
            .read_lead(&text)
            .map_err(|err| input_error(&err))?;
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
        check_options(options.as_ref(), &["asOf", "attributes"])?;
        let as_of = as_of_option(options.as_ref())?;
        let attributes = given_option(options.as_ref(), "attributes")
            .map(|value| {
                json_text(&value)
                    .map_err(|message| input_error(&InputError::new("attributes", message)))
            })
            .transpose()?;
        let mut scratch = self.scratch.borrow_mut();
        let updated = if is_object(&events) {
            let state = LeadState::from_bytes(&bytes.to_vec()).map_err(|err| input_error(&err))?;
            let compact = objects::events_bytes(&events, &self.plan, false)?;
            let events = read_events(&compact, &self.schema)
                .map_err(|err| input_error(&err.within("events")))?;
            self.core
                .update_events_json(state, &events, as_of, attributes.as_deref(), &mut scratch)
        } else {
            let events = json_text(&events)
                .map_err(|message| input_error(&InputError::new("events", message)))?;
            self.core.update_json(
                &bytes.to_vec(),
                &events,
                as_of,
                attributes.as_deref(),
                &mut scratch,
            )
        };
        let (state, result) = updated.map_err(|err| input_error(&err))?;
        let state: JsValue = Uint8Array::from(state.as_slice()).into();
        Ok(bag(&[("state", &state), ("result", &parse_json(&result)?)]))
    }

    /// The model compiled ahead, for the visitor scorer's small engine (what `leadscore compile`
    /// writes, as base64): it loads this instead of reading and validating the document. Only in
    /// `leadscore/full` (feature `compile-ahead`): a build step, not scoring.
    #[cfg(feature = "compile-ahead")]
    pub fn compiled(&self) -> Vec<u8> {
        self.core.model().to_compiled()
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

impl Scorer {
    /// A lead read from objects, scored and written compactly for `compact-result.js` to read:
    /// the same object that `JSON.parse` makes of the result's JSON.
    fn score_compactly(
        &self,
        lead: &Lead,
        as_of: Timestamp,
        detail: Detail,
    ) -> Result<JsValue, JsValue> {
        self.core
            .limits()
            .check_lead(lead)
            .map_err(|err| input_error(&err))?;
        let result = self
            .core
            .score_with(lead, as_of, &mut self.scratch.borrow_mut());
        let mut out = self.out.borrow_mut();
        out.clear();
        Ok(match detail {
            Detail::Full => {
                compact_result::write(&result, &self.strings, &mut out);
                read_result(&out, &self.table)
            }
            Detail::Summary => {
                compact_result::write_summary(&result, &self.strings, &mut out);
                read_summary(&out, &self.table)
            }
        })
    }
}

/// A JavaScript object (or array) takes the objects path; text, and anything else, the JSON path
/// (which also turns a `Date` and other values into JSON text, and names what it refuses).
pub(crate) fn is_object(value: &JsValue) -> bool {
    value.is_object() && !value.is_instance_of::<js_sys::Date>()
}

fn on_error_option(options: Option<&Object>) -> Result<OnError, JsValue> {
    choice_option(
        options,
        "onError",
        &[("throw", OnError::Throw), ("collect", OnError::Collect)],
    )
}

/// `detail`: "full" (the default) or "summary".
fn detail_option(options: Option<&Object>) -> Result<Detail, JsValue> {
    choice_option(
        options,
        "detail",
        &[("full", Detail::Full), ("summary", Detail::Summary)],
    )
}
