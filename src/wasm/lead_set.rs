//! The JavaScript binding of the resident lead set: leads read once into this Wasm instance, and
//! where every lead stands under a model answered in typed arrays (one copy out, no JSON), the
//! cheapest exact way the core finds.

use super::compact_standings::compact_columns;
use super::{as_of_option, bag, check_options, input_error, json_text, parse_json, Scorer};
use crate::engine::{
    change_ranks, flags, Baseline, CompactStandings, LeadSet as CoreLeadSet, Scorer as CoreScorer,
    Standings, NO_BAND,
};
use crate::error::InputError;
use crate::time::Timestamp;
use js_sys::{Float64Array, Int32Array, Object, Uint8Array};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// The lead set's precise types (merged into the generated class declaration).
#[wasm_bindgen(typescript_custom_section)]
const LEAD_SET_TYPES: &'static str = include_str!("lead_set.d.ts");

/// Leads read once and kept in this Wasm instance, for answering many models about them.
#[wasm_bindgen]
pub struct LeadSet {
    set: RefCell<CoreLeadSet>,
}

#[wasm_bindgen]
impl LeadSet {
    /// Reads leads (an array, or JSON text of one) once. Throws an `InputError` whose path
    /// starts with the bad lead's index.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Lead[] | string")] leads: JsValue,
    ) -> Result<LeadSet, JsValue> {
        let text =
            json_text(&leads).map_err(|message| input_error(&InputError::new("", message)))?;
        let set = CoreLeadSet::from_json(text).map_err(|err| input_error(&err))?;
        Ok(LeadSet {
            set: RefCell::new(set),
        })
    }

    /// How many leads the set holds.
    #[wasm_bindgen(getter, skip_typescript)]
    pub fn size(&self) -> u32 {
        self.set.borrow().len() as u32
    }

    /// The bits of `Standings.flags`, by name.
    #[wasm_bindgen(unchecked_return_type = "StandingFlags")]
    pub fn flags() -> JsValue {
        let bit = |value: u8| JsValue::from_f64(f64::from(value));
        bag(&[
            ("mql", &bit(flags::MQL)),
            ("handRaiser", &bit(flags::HAND_RAISER)),
            ("disqualified", &bit(flags::DISQUALIFIED)),
            ("threshold", &bit(flags::THRESHOLD)),
            ("instant", &bit(flags::INSTANT)),
        ])
    }

    /// Where every lead stands under `scorer`'s model as of `options.asOf` (default: now).
    #[wasm_bindgen(skip_typescript)]
    pub fn standings(&self, scorer: &Scorer, options: Option<Object>) -> Result<JsValue, JsValue> {
        let as_of = only_as_of(options.as_ref())?;
        let (standings, work) = self.set.borrow_mut().standings(&scorer.core, as_of);
        Ok(columns(&standings, work.name()))
    }

    /// As `standings`, matching the resident leads against the model afresh.
    #[wasm_bindgen(skip_typescript)]
    pub fn rescore(&self, scorer: &Scorer, options: Option<Object>) -> Result<JsValue, JsValue> {
        let as_of = only_as_of(options.as_ref())?;
        let standings = self.set.borrow_mut().rescore(&scorer.core, as_of);
        Ok(columns(&standings, "rescore"))
    }

    /// Where every lead stands under `scorer`'s model from the newest rule table of its shape.
    #[wasm_bindgen(skip_typescript)]
    pub fn reweigh(&self, scorer: &Scorer) -> Result<JsValue, JsValue> {
        let standings = self.set.borrow_mut().reweigh(&scorer.core).ok_or_else(|| {
            input_error(&InputError::new(
                "scorer",
                "no rule table of this model's shape yet: ask `standings` or `rescore` first",
            ))
        })?;
        Ok(columns(&standings, "reweigh"))
    }

    /// The rule table of `scorer`'s model as of `options.asOf` in bytes: what
    /// `LeadSet.reweighTable` answers models of its shape from in another Wasm instance (a
    /// page's main thread, while a worker holds the leads).
    #[wasm_bindgen(js_name = ruleTable, skip_typescript)]
    pub fn rule_table(&self, scorer: &Scorer, options: Option<Object>) -> Result<Vec<u8>, JsValue> {
        let as_of = only_as_of(options.as_ref())?;
        Ok(self.set.borrow_mut().carry(&scorer.core, as_of))
    }

    /// Where every lead of a rule table (`ruleTable`'s bytes, made for `tabulated`'s model)
    /// stands under `scorer`'s model: exactly what `standings` gives in the set that made it
    /// (`work` is "reweigh"), or null when the model is not of the table's shape (a rescore,
    /// which needs the leads). Bytes that are not such a table throw an `InputError`.
    #[wasm_bindgen(js_name = reweighTable, unchecked_return_type = "Standings | null")]
    pub fn reweigh_table(
        table: &[u8],
        tabulated: &Scorer,
        scorer: &Scorer,
    ) -> Result<JsValue, JsValue> {
        reweighed(table, &tabulated.core, &scorer.core)
    }

    /// A rule table (`ruleTable`'s bytes, made for `tabulated`'s model) checked once and kept in
    /// this instance: its `reweigh` answers each model of its shape without the table's bytes
    /// copied in again. Bytes that are not such a table throw an `InputError`.
    #[wasm_bindgen(js_name = keepTable)]
    pub fn keep_table(table: Vec<u8>, tabulated: &Scorer) -> Result<KeptRuleTable, JsValue> {
        CoreLeadSet::check_carried(&table, &tabulated.core).map_err(|err| input_error(&err))?;
        Ok(KeptRuleTable {
            table,
            tabulated: tabulated.core.clone(),
            last: RefCell::new(None),
            compact: RefCell::new(CompactStandings::default()),
            baseline: RefCell::new(None),
            ranks: RefCell::new(Vec::new()),
        })
    }

    /// The warnings about the leads' input under `scorer`'s model as of `options.asOf`, one
    /// entry per code: how many leads have it, and the first such lead's (index, path, message).
    #[wasm_bindgen(skip_typescript)]
    pub fn warnings(&self, scorer: &Scorer, options: Option<Object>) -> Result<JsValue, JsValue> {
        let as_of = only_as_of(options.as_ref())?;
        let mut set = self.set.borrow_mut();
        let mut by_code: Vec<(String, u32, JsValue)> = Vec::new();
        for (index, row) in set.rows(&scorer.core, as_of).iter().enumerate() {
            for warning in row.warnings() {
                let code = serde_json::to_value(warning.code)
                    .ok()
                    .and_then(|code| code.as_str().map(str::to_owned))
                    .unwrap_or_default();
                match by_code.iter_mut().find(|(seen, _, _)| *seen == code) {
                    Some((_, leads, _)) => *leads += 1,
                    None => {
                        let first = bag(&[
                            ("index", &JsValue::from_f64(index as f64)),
                            ("leadId", &JsValue::from_str(row.lead_id())),
                            ("path", &JsValue::from_str(&warning.path)),
                            ("message", &JsValue::from_str(&warning.message)),
                        ]);
                        by_code.push((code, 1, first));
                    }
                }
            }
        }
        let entries = by_code.into_iter().map(|(code, leads, first)| {
            bag(&[
                ("code", &JsValue::from_str(&code)),
                ("leads", &JsValue::from_f64(f64::from(leads))),
                ("first", &first),
            ])
        });
        Ok(entries.collect::<js_sys::Array>().into())
    }

    /// Lead `index`'s full result as of `options.asOf`, its events replayed (the crossing too).
    #[wasm_bindgen(skip_typescript)]
    pub fn result(
        &self,
        index: u32,
        scorer: &Scorer,
        options: Option<Object>,
    ) -> Result<JsValue, JsValue> {
        let as_of = only_as_of(options.as_ref())?;
        let mut set = self.set.borrow_mut();
        let result = (set.result(index as usize, &scorer.core, as_of))
            .ok_or_else(|| no_lead(index, set.len()))?;
        parse_json(&serde_json::to_string(&result).unwrap_or_default())
    }

    /// Lead `index` told in full as of `options.asOf`: its result, attributes, events with the
    /// rules each met, score as of each moment, and each contribution from raw to awarded.
    #[wasm_bindgen(skip_typescript)]
    pub fn story(
        &self,
        index: u32,
        scorer: &Scorer,
        options: Option<Object>,
    ) -> Result<JsValue, JsValue> {
        let as_of = only_as_of(options.as_ref())?;
        let mut set = self.set.borrow_mut();
        let size = set.len();
        let story =
            (set.story(index as usize, &scorer.core, as_of)).ok_or_else(|| no_lead(index, size))?;
        parse_json(&serde_json::to_string(&story).unwrap_or_default())
    }
}

/// A rule table kept in this Wasm instance (from `LeadSet.keepTable`), to reweigh from, with
/// its last answer: an edit of the decision only (threshold, MQL minimums, bands, grid) keeps
/// that answer's points.
#[wasm_bindgen]
pub struct KeptRuleTable {
    table: Vec<u8>,
    tabulated: Rc<CoreScorer>,
    last: RefCell<Option<(Rc<CoreScorer>, Standings)>>,
    /// The compact columns' memory, reused from answer to answer.
    compact: RefCell<CompactStandings>,
    /// The baseline the compact answers are compared with (`compareWith`), and the ranks'
    /// memory.
    baseline: RefCell<Option<Baseline>>,
    ranks: RefCell<Vec<u8>>,
}

#[wasm_bindgen]
impl KeptRuleTable {
    /// Where every lead of the table stands under `scorer`'s model: what
    /// `LeadSet.reweighTable` gives with the table's bytes, or null when the model is not of the
    /// table's shape. When only the decision changed since the last answer, its points are kept
    /// (exactly what a reweigh gives, without the points added up again).
    #[wasm_bindgen(unchecked_return_type = "Standings | null")]
    pub fn reweigh(&self, scorer: &Scorer) -> Result<JsValue, JsValue> {
        let answered = self.answer(scorer)?;
        let last = self.last.borrow();
        Ok(match (answered, last.as_ref()) {
            (Some(_), Some((_, standings))) => columns(standings, "reweigh"),
            _ => JsValue::NULL,
        })
    }

    /// As `reweigh`, in the compact columns a view of many leads stores (32-bit points, a byte
    /// for the band and the MQL decision, 16-bit grid bands) with the counts it takes from them
    /// and the model's band names: the same figures, without a pass over the leads in
    /// JavaScript. `pointsKept`: the points are the last answer's (an edit of the decision only).
    #[wasm_bindgen(js_name = reweighCompact, unchecked_return_type = "CompactStandings | null")]
    pub fn reweigh_compact(&self, scorer: &Scorer) -> Result<JsValue, JsValue> {
        let Some(points_kept) = self.answer(scorer)? else {
            return Ok(JsValue::NULL);
        };
        let last = self.last.borrow();
        let Some((_, standings)) = last.as_ref() else {
            return Ok(JsValue::NULL);
        };
        let mut compact = self.compact.borrow_mut();
        compact.fill(standings);
        let bands = &scorer.core.model().bands;
        let names: Vec<&str> = bands.iter().map(|band| band.name.as_str()).collect();
        let mut ranks = self.ranks.borrow_mut();
        let baseline = self.baseline.borrow();
        let changes = (baseline.as_ref())
            .and_then(|baseline| change_ranks(baseline, &compact, &names, &mut ranks))
            .map(|counts| (ranks.as_slice(), counts));
        Ok(compact_columns(
            &compact,
            standings.as_of,
            &names,
            points_kept,
            changes,
        ))
    }

    /// The baseline's compact columns (its `mql` and `band`, and its band names) that
    /// `reweighCompact` compares each answer with: each lead's change, ranked as the page ranks
    /// them (0 it became an MQL, 1 it is no longer one, 2 its band's name changed, 3 neither),
    /// and how many leads have each.
    #[wasm_bindgen(js_name = compareWith)]
    pub fn compare_with(&self, mql: Vec<u8>, band: Vec<u8>, bands: Vec<String>) {
        *self.baseline.borrow_mut() = Some(Baseline { mql, band, bands });
    }
}

impl KeptRuleTable {
    /// Answers `scorer`'s model into `last`: Some(whether the last answer's points were kept),
    /// or None when the model is not of the table's shape.
    fn answer(&self, scorer: &Scorer) -> Result<Option<bool>, JsValue> {
        let mut last = self.last.borrow_mut();
        let redecided = match last.as_ref() {
            Some((before, points)) => CoreLeadSet::redecide_carried(
                &self.table,
                &self.tabulated,
                (before, points),
                &scorer.core,
            )
            .map_err(|err| input_error(&err))?,
            None => None,
        };
        let points_kept = redecided.is_some();
        let standings = match redecided {
            Some(standings) => Some(standings),
            None => CoreLeadSet::reweigh_carried(&self.table, &self.tabulated, &scorer.core)
                .map_err(|err| input_error(&err))?,
        };
        let Some(standings) = standings else {
            return Ok(None);
        };
        *last = Some((scorer.core.clone(), standings));
        Ok(Some(points_kept))
    }
}

/// The standings of a carried table under `scorer`'s model, or null (another shape).
fn reweighed(
    table: &[u8],
    tabulated: &CoreScorer,
    scorer: &CoreScorer,
) -> Result<JsValue, JsValue> {
    let standings =
        CoreLeadSet::reweigh_carried(table, tabulated, scorer).map_err(|err| input_error(&err))?;
    Ok(standings.map_or(JsValue::NULL, |s| columns(&s, "reweigh")))
}

/// The options of a question about the set: `{ asOf }` only (default: now).
fn only_as_of(options: Option<&Object>) -> Result<Timestamp, JsValue> {
    check_options(options, &["asOf"])?;
    as_of_option(options)
}

fn no_lead(index: u32, size: usize) -> JsValue {
    input_error(&InputError::new(
        "index",
        format!("no lead {index} in a set of {size}"),
    ))
}

/// The standings as `{ work, asOf, fit, intent, total, band, fitBand, intentBand, flags }`.
fn columns(standings: &Standings, work: &str) -> JsValue {
    let points = |column: &[i64]| -> JsValue {
        let values: Vec<f64> = column.iter().map(|&p| p as f64).collect();
        Float64Array::from(values.as_slice()).into()
    };
    let positions = |column: &[u32]| -> JsValue {
        let values: Vec<i32> = (column.iter())
            .map(|&p| {
                if p == NO_BAND {
                    -1
                } else {
                    i32::try_from(p).unwrap_or(-1)
                }
            })
            .collect();
        Int32Array::from(values.as_slice()).into()
    };
    let as_of = standings
        .as_of
        .map_or(JsValue::NULL, |t| JsValue::from_str(&t.to_rfc3339()));
    bag(&[
        ("work", &JsValue::from_str(work)),
        ("asOf", &as_of),
        ("fit", &points(&standings.fit)),
        ("intent", &points(&standings.intent)),
        ("total", &points(&standings.total)),
        ("band", &positions(&standings.band)),
        ("fitBand", &positions(&standings.fit_band)),
        ("intentBand", &positions(&standings.intent_band)),
        (
            "flags",
            &Uint8Array::from(standings.flags.as_slice()).into(),
        ),
    ])
}
