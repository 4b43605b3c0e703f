//! The small engine's binding (the build without JSON, behind the visitor scorer): a model
//! compiled ahead, leads as objects (written compactly by `compact-lead.js`, in the tagged form
//! only: the schema-shaped form's reader would add its code to a build made for size, for one
//! visitor's lead at a time), results written compactly and read back by `compact-result.js`.
//! The scoring is the same core's.

use super::compact_result::{self, read_result, ModelStrings};
use super::{document_error, input_error, objects};
use crate::engine::{Scorer as CoreScorer, Scratch};
use crate::error::InputError;
use crate::lead::compact::read_tagged_lead;
use crate::limits::Limits;
use crate::model::Model;
use crate::time::Timestamp;
use js_sys::Array;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

/// A model compiled ahead (`leadscore compile`), ready to score leads given as objects.
#[wasm_bindgen]
pub struct Scorer {
    core: CoreScorer,
    scratch: RefCell<Scratch>,
    plan: JsValue,
    strings: ModelStrings,
    table: Array,
    out: RefCell<Vec<u8>>,
}

#[wasm_bindgen]
impl Scorer {
    /// Loads a compiled model (the bytes `leadscore compile` writes, base64-decoded). Throws a
    /// `ModelError` for anything else.
    #[wasm_bindgen(constructor)]
    pub fn new(compiled: &[u8]) -> Result<Scorer, JsValue> {
        let model = Model::from_compiled(compiled).map_err(|err| document_error(&err))?;
        let strings = ModelStrings::of(&model);
        let table = strings.to_js();
        Ok(Scorer {
            plan: objects::plan(&model, &Limits::default()),
            core: CoreScorer::new(model),
            scratch: RefCell::new(Scratch::default()),
            strings,
            table,
            out: RefCell::new(Vec::new()),
        })
    }

    /// Scores a lead given as an object as of `asOf` (epoch milliseconds): the same result as
    /// the full engine's `score`. Throws an `InputError` with the path of a bad value.
    pub fn score(&self, lead: JsValue, as_of: f64) -> Result<JsValue, JsValue> {
        let as_of = Timestamp::from_epoch_number(as_of)
            .map_err(|message| input_error(&InputError::new("asOf", message)))?;
        let bytes = objects::tagged_lead_bytes(&lead, &self.plan)?;
        let lead = read_tagged_lead(&bytes).map_err(|err| input_error(&err))?;
        self.core
            .limits()
            .check_lead(&lead)
            .map_err(|err| input_error(&err))?;
        let result = self
            .core
            .score_with(&lead, as_of, &mut self.scratch.borrow_mut());
        let mut out = self.out.borrow_mut();
        out.clear();
        compact_result::write(&result, &self.strings, &mut out);
        Ok(read_result(&out, &self.table))
    }

    /// What the model reads: `{ attributes, events, limits }`, `events` a `Map` from each event
    /// type a rule listens to onto the properties its rules read (the visitor keeps only these),
    /// `limits` the string length and nesting depth past which the writer hands a value over whole.
    pub fn reads(&self) -> JsValue {
        self.plan.clone()
    }

    /// The model's name, if it has one.
    #[wasm_bindgen(getter, js_name = modelName)]
    pub fn model_name(&self) -> Option<String> {
        self.core.model().name.clone()
    }
}
