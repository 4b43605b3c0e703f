//! The JavaScript binding of the resident lead store: lead states kept inside the Wasm instance,
//! so a process that sees a stream of events pays a fold step per event, not a state round trip.

use super::scorer::is_object;
use super::{
    as_of_option, bag, check_options, input_error, instant_value, json_text, lead_id_of, objects,
    parse_json, Scorer,
};
use crate::engine::{self, LastPush, LeadState, LeadStore as CoreStore, Scorer as CoreScorer};
use crate::error::InputError;
use crate::lead::compact::read_events;
use crate::lead::{parse_event_list, Schema};
use crate::value::Value;
use js_sys::{Object, Uint8Array};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// Lead states held in this Wasm instance, by lead id.
#[wasm_bindgen]
pub struct LeadStore {
    pub(super) scorer: Rc<CoreScorer>,
    pub(super) plan: JsValue,
    pub(super) schema: Rc<Schema>,
    pub(super) store: RefCell<CoreStore>,
    /// Bytes lent to JavaScript, where a quick push writes its events (see `store_push.rs`).
    pub(super) lent: RefCell<Vec<u8>>,
}

#[wasm_bindgen]
impl LeadStore {
    /// An empty store for leads scored with `scorer`'s model.
    #[wasm_bindgen(constructor)]
    pub fn new(scorer: &Scorer) -> LeadStore {
        LeadStore {
            scorer: Rc::clone(&scorer.core),
            plan: scorer.plan.clone(),
            schema: Rc::clone(&scorer.schema),
            store: RefCell::new(CoreStore::new()),
            lent: RefCell::default(),
        }
    }

    /// Adds a lead, `{ id, attributes }` (or JSON text of it), or a state saved from `state()`
    /// or `Scorer.update`. A lead already in the store is replaced.
    #[wasm_bindgen(skip_typescript)]
    pub fn add(&self, lead: JsValue) -> Result<(), JsValue> {
        let state = if let Some(bytes) = lead.dyn_ref::<Uint8Array>() {
            let state = LeadState::from_bytes(&bytes.to_vec()).map_err(|err| input_error(&err))?;
            self.scorer
                .check_model(&state)
                .map_err(|err| input_error(&err))?;
            state
        } else {
            let text =
                json_text(&lead).map_err(|message| input_error(&InputError::new("", message)))?;
            let lead = self
                .scorer
                .read_lead(&text)
                .map_err(|err| input_error(&err))?;
            self.scorer
                .init_state(&lead)
                .map_err(|err| input_error(&err))?
        };
        self.store.borrow_mut().insert(state);
        Ok(())
    }

    /// Takes new events for a lead (an event, an array of events, or JSON text of either) and
    /// returns its total as of `asOf` (epoch milliseconds, RFC 3339 text or a `Date`; default:
    /// now). `mql()` and `summary()` tell the rest of what this push found. (In the package,
    /// store-push.js puts a quicker path in front of this one, which it takes for anything the
    /// quick path does not, errors included.)
    #[wasm_bindgen(skip_typescript)]
    pub fn push(&self, lead_id: JsValue, events: JsValue, as_of: JsValue) -> Result<f64, JsValue> {
        let lead_id = lead_id_of(&lead_id)?;
        let as_of = instant_value(&as_of, "asOf")?;
        // An event object crosses in the compact form; JSON text is taken as it is (a push's
        // events are short, so one copy into Wasm is all it costs).
        let (text, bytes);
        let events = if is_object(&events) {
            bytes = objects::events_bytes(&events, &self.plan, true)?;
            read_events(&bytes, &self.schema)
        } else {
            text = json_text(&events)
                .map_err(|message| input_error(&InputError::new("events", message)))?;
            parse_event_list(&text)
        };
        let events = events.map_err(|err| input_error(&err.within("events")))?;
        let limits = self.scorer.limits();
        limits
            .check_events(&events, "events", 1)
            .map_err(|err| input_error(&err))?;
        let summary = self
            .store
            .borrow_mut()
            .push(&self.scorer, &lead_id, &events, as_of)
            .map_err(|err| input_error(&err))?;
        Ok(summary.total as f64)
    }

    /// Whether the lead was an MQL at its last push.
    #[wasm_bindgen(skip_typescript)]
    pub fn mql(&self, lead_id: JsValue) -> Result<bool, JsValue> {
        Ok(self.last_push(&lead_id_of(&lead_id)?)?.mql)
    }

    /// `{ total, mql, band, asOf }` at the lead's last push.
    #[wasm_bindgen(skip_typescript)]
    pub fn summary(&self, lead_id: JsValue) -> Result<JsValue, JsValue> {
        let last = self.last_push(&lead_id_of(&lead_id)?)?;
        let band = last
            .band
            .and_then(|index| self.scorer.model().bands.get(index))
            .map_or(JsValue::NULL, |band| JsValue::from_str(&band.name));
        Ok(bag(&[
            ("total", &JsValue::from_f64(last.total as f64)),
            ("mql", &JsValue::from_bool(last.mql)),
            ("band", &band),
            ("asOf", &JsValue::from_str(&last.as_of.to_rfc3339())),
        ]))
    }

    /// The lead's full result as of `options.asOf` (default: now).
    #[wasm_bindgen(skip_typescript)]
    pub fn result(&self, lead_id: JsValue, options: Option<Object>) -> Result<JsValue, JsValue> {
        let lead_id = lead_id_of(&lead_id)?;
        check_options(options.as_ref(), &["asOf"])?;
        let as_of = as_of_option(options.as_ref())?;
        let result = self
            .store
            .borrow_mut()
            .result(&self.scorer, &lead_id, as_of)
            .map_err(|err| input_error(&err))?;
        parse_json(&serde_json::to_string(&result).unwrap_or_default())
    }

    /// The lead's state, to save and `add` later (or to use with `Scorer.update`).
    #[wasm_bindgen(skip_typescript)]
    pub fn state(&self, lead_id: JsValue) -> Result<Vec<u8>, JsValue> {
        let lead_id = lead_id_of(&lead_id)?;
        self.store
            .borrow()
            .state(&lead_id)
            .map(LeadState::to_bytes)
            .ok_or_else(|| no_lead(&lead_id))
    }

    /// Replaces a lead's attributes.
    #[wasm_bindgen(js_name = setAttributes, skip_typescript)]
    pub fn set_attributes(&self, lead_id: JsValue, attributes: JsValue) -> Result<(), JsValue> {
        let lead_id = lead_id_of(&lead_id)?;
        let text = json_text(&attributes)
            .map_err(|message| input_error(&InputError::new("attributes", message)))?;
        let attributes: Value = serde_json::from_str(&text)
            .map_err(|err| input_error(&InputError::new("attributes", err.to_string())))?;
        self.store
            .borrow_mut()
            .set_attributes(&lead_id, &attributes)
            .map_err(|err| input_error(&err))
    }

    /// Removes a lead; true if it was there.
    #[wasm_bindgen(skip_typescript)]
    pub fn delete(&self, lead_id: JsValue) -> Result<bool, JsValue> {
        let lead_id = lead_id_of(&lead_id)?;
        Ok(self.store.borrow_mut().remove(&lead_id).is_some())
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn has(&self, lead_id: JsValue) -> Result<bool, JsValue> {
        let lead_id = lead_id_of(&lead_id)?;
        Ok(self.store.borrow().contains(&lead_id))
    }

    /// How many leads the store holds.
    #[wasm_bindgen(getter, skip_typescript)]
    pub fn size(&self) -> u32 {
        self.store.borrow().len() as u32
    }
}

impl LeadStore {
    fn last_push(&self, lead_id: &str) -> Result<LastPush, JsValue> {
        let store = self.store.borrow();
        if !store.contains(lead_id) {
            return Err(no_lead(lead_id));
        }
        store.last(lead_id).ok_or_else(|| {
            input_error(&InputError::new(
                "leadId",
                format!("lead {lead_id:?} has had no push yet"),
            ))
        })
    }
}

fn no_lead(lead_id: &str) -> JsValue {
    input_error(&engine::no_lead(lead_id))
}
