//! A quick crossing for `LeadStore.push` of event objects: JavaScript (store-push.js) keeps each
//! lead's handle in a `Map`, writes the events' compact bytes straight into bytes this store
//! lends it in Wasm memory, and gets the total back as a plain number. Nothing crosses as a
//! JavaScript value per push: no id text, no bytes copied out of a call, no return area. Where
//! anything is wrong, the quick path answers NaN having changed nothing, and the JavaScript side
//! pushes again through `push`, which names the problem as it always does.

use super::store::LeadStore;
use crate::engine::LeadHandle;
use crate::lead::compact::read_events;
use crate::time::Timestamp;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/store-push.js")]
extern "C" {
    /// Never called from Rust: declared so that wasm-bindgen ships store-push.js, which
    /// pkg-config/build.sh has the glue call with the `LeadStore` class.
    #[allow(dead_code)]
    #[wasm_bindgen(js_name = installPush)]
    fn install_push(class: &JsValue);
}

#[wasm_bindgen]
impl LeadStore {
    /// The lead's handle (a whole number from 1), or 0 if the store does not hold it (or the id
    /// is not one). For store-push.js.
    #[wasm_bindgen(js_name = leadHandle, skip_typescript)]
    pub fn lead_handle(&self, lead_id: JsValue) -> f64 {
        let Ok(lead_id) = super::lead_id_of(&lead_id) else {
            return 0.0;
        };
        self.store
            .borrow()
            .handle(&lead_id)
            .map_or(0.0, |handle| handle.get() as f64)
    }

    /// Where the lent bytes start in Wasm memory, with room for at least `length` of them. For
    /// store-push.js, which writes there and then calls `pushLent`.
    #[wasm_bindgen(skip_typescript)]
    pub fn lend(&self, length: u32) -> u32 {
        let mut lent = self.lent.borrow_mut();
        if lent.len() < length as usize {
            lent.resize(length as usize, 0);
        }
        lent.as_ptr() as u32
    }

    /// The Wasm memory the lent bytes are in, and the plan the events are written by. For
    /// store-push.js.
    #[wasm_bindgen(js_name = lentMemory, skip_typescript)]
    pub fn lent_memory(&self) -> JsValue {
        wasm_bindgen::memory()
    }

    #[wasm_bindgen(js_name = pushPlan, skip_typescript)]
    pub fn push_plan(&self) -> JsValue {
        self.plan.clone()
    }

    /// `push` of the events in the first `length` lent bytes (compact-usual.js's
    /// `compactEvents`) to the lead with this handle, as of `as_of` epoch milliseconds: its
    /// total, or NaN, with nothing changed, where `push` would throw (or the handle is gone).
    #[wasm_bindgen(js_name = pushLent, skip_typescript)]
    pub fn push_lent(&self, handle: f64, length: u32, as_of: f64) -> f64 {
        self.try_push_lent(handle, length as usize, as_of)
            .unwrap_or(f64::NAN)
    }
}

impl LeadStore {
    fn try_push_lent(&self, handle: f64, length: usize, as_of: f64) -> Option<f64> {
        if !(handle >= 1.0 && handle.fract() == 0.0) {
            return None;
        }
        let as_of = Timestamp::from_epoch_number(as_of).ok()?;
        let lent = self.lent.borrow();
        let events = read_events(lent.get(..length)?, &self.schema).ok()?;
        self.scorer
            .limits()
            .check_events(&events, "events", 1)
            .ok()?;
        let summary = self
            .store
            .borrow_mut()
            .push_by(
                &self.scorer,
                LeadHandle::from_number(handle as u64),
                &events,
                as_of,
            )
            .ok()?;
        Some(summary.total as f64)
    }
}
