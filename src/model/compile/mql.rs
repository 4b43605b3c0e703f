//! Reading how a score is judged: the MQL policy (threshold, recency, required fields, minimum
//! fit and intent), the bands and the fit-by-intent grid.

use super::fields::read_dotted;
use crate::decay::{days_to_ms, positive_days};
use crate::document::{child, item, Reader};
use crate::model::{Band, Grid, MqlPolicy};
use serde_json::Value as Json;

const SCORE: (f64, f64) = (-1_000_000_000.0, 1_000_000_000.0);

pub(super) fn read_mql(reader: &mut Reader, value: Option<&Json>) -> Option<MqlPolicy> {
    const KEYS: &[&str] = &[
        "threshold",
        "recencyDays",
        "requiredFields",
        "minFit",
        "minIntent",
    ];
    let why = "at least {\"threshold\": <points>}";
    let map = reader.required_object(value, "mql", KEYS, why)?;
    let before = reader.issues.len();
    let threshold = reader.number(map, "threshold", "mql", true, SCORE);
    let recency_ms = map
        .get("recencyDays")
        .filter(|v| !v.is_null())
        .and_then(|_| positive_days(reader, map, "recencyDays", "mql"))
        .map(days_to_ms);
    let min_fit = reader.number(map, "minFit", "mql", false, SCORE);
    let min_intent = reader.number(map, "minIntent", "mql", false, SCORE);
    let mut required_fields = Vec::new();
    if let Some(fields) = reader.array(map, "requiredFields", "mql", false) {
        for (i, field) in fields.iter().enumerate() {
            let p = item("mql.requiredFields", i);
            if let Some(name) = reader.expect(field, &p, "an attribute name", Json::as_str) {
                required_fields.extend(read_dotted(reader, name, &p));
            }
        }
    }
    if reader.issues.len() != before {
        return None;
    }
    Some(MqlPolicy {
        threshold: threshold?,
        recency_ms,
        required_fields,
        min_fit,
        min_intent,
    })
}

pub(super) fn read_bands(reader: &mut Reader, value: &Json, path: &str) -> Option<Vec<Band>> {
    let items = reader.expect(value, path, "an array of bands", Json::as_array)?;
    let before = reader.issues.len();
    let mut bands: Vec<Band> = Vec::with_capacity(items.len());
    for (i, value) in items.iter().enumerate() {
        let band_path = item(path, i);
        let Some(map) = reader.object(value, &band_path, &["name", "min"]) else {
            continue;
        };
        let name = reader.text(map, "name", &band_path, true);
        let min = reader.number(map, "min", &band_path, false, SCORE);
        if i > 0 && min.is_none() && map.get("min").is_none_or(Json::is_null) {
            reader.error(
                &child(&band_path, "min"),
                "is required for every band after the first (bands run upward from their min)",
            );
        }
        let Some(name) = name else { continue };
        if bands.iter().any(|band| band.name == name) {
            reader.error(
                &child(&band_path, "name"),
                format!("duplicate band name {name:?}"),
            );
        }
        if let (Some(previous), Some(min)) = (bands.last().and_then(|b| b.min), min) {
            if min <= previous {
                reader.error(
                    &child(&band_path, "min"),
                    format!("bands must be listed from low to high without overlap: {min} is not above the previous band's min {previous}"),
                );
            }
        }
        bands.push(Band {
            name: name.to_string(),
            min,
        });
    }
    (reader.issues.len() == before).then_some(bands)
}

pub(super) fn read_grid(reader: &mut Reader, value: Option<&Json>) -> Option<Option<Grid>> {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Some(None);
    };
    let map = reader.object(value, "grid", &["fit", "intent"])?;
    let mut axis = |key: &str| match map.get(key) {
        Some(bands) if !bands.is_null() => {
            let bands = read_bands(reader, bands, &child("grid", key))?;
            if bands.is_empty() {
                reader.error(&child("grid", key), "must list at least one band");
                return None;
            }
            Some(bands)
        }
        _ => {
            reader.error(&child("grid", key), "is required: the bands of this axis");
            None
        }
    };
    let fit = axis("fit");
    let intent = axis("intent");
    Some(Some(Grid {
        fit: fit?,
        intent: intent?,
    }))
}
