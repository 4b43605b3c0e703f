//! Results written compactly for `compact-result.js` to read into the same objects `JSON.parse`
//! makes of their JSON: the small engine has no JSON writer. The model's strings (rule ids,
//! labels, band names) cross once, as a table; a result names them by index.

#[cfg(feature = "json")]
use crate::lead::BadLead;
use crate::model::Model;
use crate::result::{Contribution, EventRef, ScoreResult, Warning};
use crate::time::Timestamp;
use js_sys::Array;
use rustc_hash::FxHashMap;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/compact-result.js")]
extern "C" {
    /// The result that [`write`] wrote, as an object.
    #[wasm_bindgen(js_name = readResult)]
    pub(crate) fn read_result(bytes: &[u8], strings: &Array) -> JsValue;

    /// The summary that [`write_summary`] wrote, as an object.
    #[cfg(feature = "json")]
    #[wasm_bindgen(js_name = readSummary)]
    pub(crate) fn read_summary(bytes: &[u8], strings: &Array) -> JsValue;

    /// A batch's results (`compact_batch.rs`), as an array, with the event ids that the batch's
    /// bytes left out put back (compact-usual.js keeps them on the writer's `plan`).
    #[cfg(feature = "json")]
    #[wasm_bindgen(js_name = readResults)]
    pub(crate) fn read_results(bytes: &[u8], strings: &Array, plan: &JsValue) -> JsValue;
}

/// The model's strings by index, in the order the reader's table has them.
pub(crate) struct ModelStrings {
    index: FxHashMap<String, u32>,
    table: Vec<String>,
}

impl ModelStrings {
    pub(crate) fn of(model: &Model) -> Self {
        let mut strings = ModelStrings {
            index: FxHashMap::default(),
            table: Vec::new(),
        };
        for rule in &model.fit.rules {
            strings.add(&rule.id);
            rule.label.iter().for_each(|label| strings.add(label));
        }
        for rule in &model.intent.rules {
            strings.add(&rule.id);
            rule.label.iter().for_each(|label| strings.add(label));
        }
        let grids = model
            .grid
            .iter()
            .flat_map(|grid| grid.fit.iter().chain(&grid.intent));
        for band in model.bands.iter().chain(grids) {
            strings.add(&band.name);
        }
        strings
    }

    /// The table, for the reader.
    pub(crate) fn to_js(&self) -> Array {
        self.table
            .iter()
            .map(|text| JsValue::from_str(text))
            .collect()
    }

    fn add(&mut self, text: &str) {
        if !self.index.contains_key(text) {
            self.index.insert(text.to_string(), self.table.len() as u32);
            self.table.push(text.to_string());
        }
    }
}

/// Writes `result` for `readResult` in compact-result.js (the field order is the reader's).
pub(crate) fn write(result: &ScoreResult, strings: &ModelStrings, out: &mut Vec<u8>) {
    let mut w = Writer { out, strings };
    w.scores(result);
    w.model_text(result.band);
    w.model_text(result.fit_band);
    w.model_text(result.intent_band);
    w.optional_text(result.grid.as_deref());
    w.out.push(flags(result));
    match &result.trigger {
        Some(trigger) => {
            w.out.push(1);
            w.model_text(Some(trigger.rule_id));
            w.event(&trigger.event);
        }
        None => w.out.push(0),
    }
    w.count(result.blocked_by.len());
    w.out
        .extend(result.blocked_by.iter().map(|blocker| *blocker as u8));
    w.count(result.disqualified_by.len());
    result
        .disqualified_by
        .iter()
        .for_each(|id| w.model_text(Some(id)));
    w.count(result.missing_fields.len());
    result.missing_fields.iter().for_each(|field| w.text(field));
    w.time(result.last_engagement_at);
    w.time(result.crossed_at);
    match &result.crossing_event {
        Some(event) => {
            w.out.push(1);
            w.event(event);
        }
        None => w.out.push(0),
    }
    w.count(result.contributions.len());
    result.contributions.iter().for_each(|c| w.contribution(c));
    w.count(result.warnings.len());
    result
        .warnings
        .iter()
        .for_each(|warning| w.warning(warning));
}

/// Writes `result`'s summary (`ScoreResult::summary`) for `readSummary` in compact-result.js.
#[cfg(feature = "json")]
pub(crate) fn write_summary(result: &ScoreResult, strings: &ModelStrings, out: &mut Vec<u8>) {
    let mut w = Writer { out, strings };
    w.scores(result);
    w.model_text(result.band);
    w.optional_text(result.grid.as_deref());
    w.out.push(flags(result));
    w.time(result.crossed_at);
}

/// Writes a lead of a batch that could not be read (its id if it has one, its error's message
/// and path) for `readFailed` in compact-result.js.
#[cfg(feature = "json")]
pub(crate) fn write_failed(lead: &BadLead, strings: &ModelStrings, out: &mut Vec<u8>) {
    let mut w = Writer { out, strings };
    w.optional_text(lead.lead_id.as_deref());
    w.text(&lead.error.to_string());
    w.text(&lead.error.path);
}

/// The decision's flags in one byte: MQL, the reason (0 for none), hand-raiser, disqualified.
fn flags(result: &ScoreResult) -> u8 {
    u8::from(result.mql)
        | (result.mql_reason.map_or(0, |reason| reason as u8 + 1) << 1)
        | (u8::from(result.hand_raiser) << 3)
        | (u8::from(result.disqualified) << 4)
}

struct Writer<'a> {
    out: &'a mut Vec<u8>,
    strings: &'a ModelStrings,
}

impl Writer<'_> {
    /// What every result and summary starts with: the lead id, the as-of time and the scores.
    fn scores(&mut self, result: &ScoreResult) {
        self.text(&result.lead_id);
        self.time(Some(result.as_of));
        self.int(result.fit);
        self.int(result.intent);
        self.int(result.total);
    }

    fn count(&mut self, mut n: usize) {
        while n >= 0x80 {
            self.out.push((n as u8) | 0x80);
            n >>= 7;
        }
        self.out.push(n as u8);
    }

    /// A number's bits; -0 as 0, as JSON text writes it.
    fn number(&mut self, value: f64) {
        self.out.extend_from_slice(&(value + 0.0).to_le_bytes());
    }

    /// Whole points as a number (exact: they are far below 2^53).
    fn int(&mut self, value: i64) {
        self.number(value as f64);
    }

    fn text(&mut self, text: &str) {
        self.count(text.len());
        self.out.extend_from_slice(text.as_bytes());
    }

    fn optional_text(&mut self, text: Option<&str>) {
        match text {
            Some(text) => {
                self.out.push(1);
                self.text(text);
            }
            None => self.out.push(0),
        }
    }

    /// A string of the model, by its index in the table plus one (0: none).
    fn model_text(&mut self, text: Option<&str>) {
        let index = text.and_then(|text| self.strings.index.get(text));
        self.count(index.map_or(0, |&index| index as usize + 1));
    }

    /// Epoch milliseconds, NaN for none.
    fn time(&mut self, time: Option<Timestamp>) {
        self.number(time.map_or(f64::NAN, |time| time.millis() as f64));
    }

    fn event(&mut self, event: &EventRef) {
        self.count(event.index);
        self.optional_text(event.id.as_deref());
        self.text(&event.kind);
        self.time(Some(event.at));
    }

    fn contribution(&mut self, c: &Contribution) {
        self.model_text(Some(c.rule_id));
        self.out.push(c.group as u8);
        self.model_text(c.label);
        self.int(c.points);
        self.number(c.raw_points);
        self.number(c.decay_factor);
        self.count(c.matched as usize);
        self.count(c.counted as usize);
        self.time(c.last_at);
    }

    fn warning(&mut self, warning: &Warning) {
        self.out.push(warning.code as u8);
        self.text(&warning.message);
        self.text(&warning.path);
        self.count(warning.count as usize);
    }
}
