//! The kept rule table's answer in compact columns (`KeptRuleTable.reweighCompact`): the
//! columns a view of many leads stores, copied out of Wasm memory once each, with the counts it
//! takes from them and the model's band names, so that the page makes no pass over the leads.

use super::bag;
use crate::engine::CompactStandings;
use crate::time::Timestamp;
use js_sys::{Array, Int16Array, Int32Array, Uint32Array, Uint8Array};
use wasm_bindgen::prelude::*;

/// `{ work, asOf, totals, fit, intent, band, mql, fitBand, intentBand, bands, mqlCount,
/// bandCounts, range, pointsKept, ranks, changeCounts }` (see `CompactStandings` in
/// `lead_set.d.ts`).
pub(super) fn compact_columns(
    compact: &CompactStandings,
    as_of: Option<Timestamp>,
    bands: &[&str],
    points_kept: bool,
    changes: Option<(&[u8], [u32; 4])>,
) -> JsValue {
    let as_of = as_of.map_or(JsValue::NULL, |t| JsValue::from_str(&t.to_rfc3339()));
    let names: Array = bands.iter().map(|name| JsValue::from_str(name)).collect();
    let (ranks, change_counts) =
        changes.map_or((JsValue::NULL, JsValue::NULL), |(ranks, counts)| {
            let counts: Array = counts.iter().map(|&count| JsValue::from(count)).collect();
            (Uint8Array::from(ranks).into(), counts.into())
        });
    let range = compact.range.map_or(JsValue::NULL, |(low, high)| {
        Array::of2(&JsValue::from(low), &JsValue::from(high)).into()
    });
    bag(&[
        ("work", &JsValue::from_str("reweigh")),
        ("asOf", &as_of),
        (
            "totals",
            &Int32Array::from(compact.totals.as_slice()).into(),
        ),
        ("fit", &Int32Array::from(compact.fit.as_slice()).into()),
        (
            "intent",
            &Int32Array::from(compact.intent.as_slice()).into(),
        ),
        ("band", &Uint8Array::from(compact.band.as_slice()).into()),
        ("mql", &Uint8Array::from(compact.mql.as_slice()).into()),
        (
            "fitBand",
            &Int16Array::from(compact.fit_band.as_slice()).into(),
        ),
        (
            "intentBand",
            &Int16Array::from(compact.intent_band.as_slice()).into(),
        ),
        ("bands", &names.into()),
        ("mqlCount", &JsValue::from(compact.mqls)),
        (
            "bandCounts",
            &Uint32Array::from(compact.band_counts.as_slice()).into(),
        ),
        ("range", &range),
        ("pointsKept", &JsValue::from_bool(points_kept)),
        ("ranks", &ranks),
        ("changeCounts", &change_counts),
    ])
}
